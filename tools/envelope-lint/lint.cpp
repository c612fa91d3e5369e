#include "lint.hpp"

#include <envelope/deprecation.hpp>
#include <envelope/hal.hpp>
#include <envelope/hal_forms.hpp>
#include <envelope/http_status.hpp>
#include <envelope/media_type.hpp>
#include <envelope/problem.hpp>
#include <envelope/rate_limit.hpp>
#include <envelope/response.hpp>
#include <envelope/web_linking.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace envelope::lint {

namespace {

using nlohmann::json;

void add(std::vector<finding>& out, severity level, std::string pointer, std::string message) {
  out.push_back(finding{level, std::move(pointer), std::move(message)});
}

std::string code_text(int code) {
  return std::to_string(code);
}

// The members RFC 9457 §3.1 defines, with the JSON type it gives each.
bool has_problem_member(const json& document) {
  for (const char* name : {"type", "title", "detail", "instance"}) {
    const auto it = document.find(name);
    if (it != document.end() && it->is_string()) return true;
  }
  const auto status = document.find("status");
  return status != document.end() && status->is_number();
}

// A document with _links, _embedded or _templates (HAL-FORMS) is HAL whatever else it
// holds; without them, one RFC 9457 member of the right type makes it problem details.
document_kind detect_kind(const json& document) {
  if (document.contains("_links") || document.contains("_embedded") ||
      document.contains("_templates")) {
    return document_kind::hal;
  }
  return has_problem_member(document) ? document_kind::problem : document_kind::hal;
}

// JSON text read as parse_response reads a body, with the depth limit it applies
// for the default HAL nesting limit (8 * 64 levels).
std::optional<json> parse_json(std::string_view text, std::string_view what,
                               std::vector<finding>& out) {
  try {
    return detail::parse_json_text<json>(text, 512, what);
  } catch (const response_parse_error& e) {
    add(out, severity::error, "", e.what());
  }
  return std::nullopt;
}

std::vector<finding> validate(const json& document, document_kind kind) {
  return kind == document_kind::hal ? validate_hal_forms(document) : validate_problem(document);
}

void append(std::vector<finding>& out, std::vector<finding> more) {
  for (finding& f : more)
    out.push_back(std::move(f));
}

// RFC 9457 §3.1.2: status is advisory, but a different code than the response's
// means one of them is wrong. A non-number is left to validate_problem.
void check_problem_status(const json& document, int code, std::vector<finding>& out) {
  const auto status = document.find("status");
  if (status == document.end() || !status->is_number()) return;
  if (status->get<double>() != static_cast<double>(code)) {
    const std::string text = status->dump();
    add(out, severity::error, "/status",
        detail::rule_message(response_rule::problem_status_mismatch, {code, {}, text, 0}));
  }
}

// The rules on the status, the header fields and the body's presence, from the
// library's one list of them. A response to HEAD has no content (RFC 9110 §9.3.2),
// so there an error without a body is no finding.
void check_message(const response& r, bool head, std::vector<finding>& out) {
  for (response_finding& f : response_findings(r, rule_set::conventions)) {
    if (head && f.rule == response_rule::error_without_body) continue;
    add(out, f.level, std::move(f.where), std::move(f.message));
  }
}

// Every field line of that name, joined as one value (RFC 9110 §5.3); nullopt when none.
std::optional<std::string> joined_field(const response& r, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [field, value] : r.headers) {
    if (!detail::iequals(field, name)) continue;
    if (joined) {
      *joined += ", ";
      *joined += value;
    } else {
      joined = value;
    }
  }
  return joined;
}

// Deprecation (RFC 9745), Sunset (RFC 8594), Link (RFC 8288) and the RateLimit
// fields (draft-ietf-httpapi-ratelimit-headers), read with the library's parsers.
void check_fields(const response& r, std::vector<finding>& out) {
  const auto deprecation = r.header("Deprecation");
  std::optional<std::chrono::system_clock::time_point> deprecated;
  if (deprecation) {
    deprecated = parse_deprecation(*deprecation);
    if (!deprecated) {
      add(out, severity::error, "Deprecation",
          "\"" + std::string(*deprecation) +
              "\" is not a Structured Fields Date such as @1735689600 (RFC 9745 §2)");
    }
  }
  if (const auto sunset = r.header("Sunset")) {
    const auto retired = parse_http_date(*sunset);
    if (!retired) {
      add(out, severity::error, "Sunset",
          "\"" + std::string(*sunset) + "\" is not an HTTP-date (RFC 8594 §3)");
    } else if (deprecated && *retired < *deprecated) {
      add(out, severity::warning, "Sunset",
          "the Sunset is earlier than the Deprecation (RFC 9745 §4)");
    }
  }
  if (const auto link = joined_field(r, "Link")) {
    try {
      (void)parse_link_header(*link);
    } catch (const link_header_error& e) {
      add(out, severity::error, "Link", std::string(e.what()) + " (RFC 8288 §3)");
    }
  }
  if (const auto policy = joined_field(r, "RateLimit-Policy")) {
    try {
      (void)parse_rate_limit_policy(*policy);
    } catch (const error& e) {
      add(out, severity::error, "RateLimit-Policy", e.what());
    }
  }
  const auto rate = joined_field(r, "RateLimit");
  if (!rate) return;
  std::vector<service_limit> limits;
  try {
    limits = parse_rate_limit(*rate);
  } catch (const error& e) {
    add(out, severity::error, "RateLimit", e.what());
    return;
  }
  const service_limit* exhausted = nullptr;
  for (const auto& l : limits) {
    if (l.remaining == 0 && exhausted == nullptr) exhausted = &l;
  }
  if (r.status == 429 && !limits.empty() && exhausted == nullptr) {
    add(out, severity::error, "RateLimit",
        "a 429 refuses the request, but RateLimit leaves quota in every policy (r > 0)");
  }
  if (is_success(r.status) && exhausted != nullptr) {
    add(out, severity::warning, "RateLimit",
        "the request succeeded, but policy \"" + exhausted->name + "\" has no quota left (r=0)");
  }
  const auto retry = r.header("Retry-After");
  if (retry && exhausted != nullptr && exhausted->reset && !retry->empty() &&
      retry->find_first_not_of("0123456789") == std::string_view::npos && retry->size() < 16) {
    const long long delay = std::stoll(std::string(*retry));
    if (delay < *exhausted->reset) {
      add(out, severity::warning, "RateLimit",
          "Retry-After says " + std::string(*retry) + " s, but policy \"" + exhausted->name +
              "\" resets in " + std::to_string(*exhausted->reset) + " s (t)");
    }
  }
}

// Decides how to read the body: as the type it declares when that is HAL or
// problem details (a mismatch with the status is its own finding), else as the
// status's convention; nullopt when the body cannot be checked (not JSON, or
// problem+xml).
std::optional<document_kind> body_kind(const response& r, std::string_view accept,
                                       std::vector<finding>& out) {
  const int code = r.status;
  const std::string n = code_text(code);
  const std::string_view expected = default_content_type(code);
  const document_kind by_status = is_error(code) ? document_kind::problem : document_kind::hal;
  const auto type = r.header("Content-Type");
  if (!type) {
    add(out, severity::error, "Content-Type",
        "the body has no Content-Type; a " + n + " response carries " + std::string(expected));
    return by_status;
  }
  const auto media = media_type::parse_detailed(*type);
  if (!media) {
    add(out, severity::error, "Content-Type",
        "\"" + std::string(*type) + "\" is malformed at offset " + std::to_string(media.offset) +
            ": " + std::string(media.message()) + "; a " + n + " response carries " +
            std::string(expected));
    return by_status;
  }
  const std::string essence = media.value->essence();
  if (essence == expected) return by_status;
  // A resource with templates, negotiated as HAL-FORMS, is HAL.
  if (essence == media_type::hal_forms_json && !is_error(code)) return by_status;
  if (essence == media_type::problem_json) {
    add(out, severity::error, "Content-Type",
        "problem details on a " + n + " response; the conventions answer a success with " +
            std::string(expected));
    return document_kind::problem;
  }
  if (essence == media_type::hal_json) {
    add(out, severity::error, "Content-Type",
        "a HAL resource on a " + n + " response; the conventions answer an error with " +
            std::string(expected));
    return document_kind::hal;
  }
  if (essence == media_type::problem_xml && is_error(code)) {
    add(out, severity::warning, "Content-Type",
        "application/problem+xml is not checked; the conventions use " + std::string(expected));
    return std::nullopt;
  }
  // A client that prefers JSON to HAL, or accepts JSON but not HAL, is rightly
  // answered with JSON: what negotiate() picks between the two (RFC 9110 §12.5.1).
  const bool negotiated = !accept.empty() && !is_error(code) && essence == media_type::json &&
                          negotiate(accept, {expected, media_type::json}) == media_type::json;
  if (negotiated) return by_status;
  if (media.value->is_json()) {
    // Plain JSON parses, but a client negotiating on the type cannot tell HAL from it.
    add(out, severity::warning, "Content-Type",
        essence + " is JSON, but the conventions use " + std::string(expected) + " for a " + n +
            " response");
    return by_status;
  }
  add(out, severity::error, "Content-Type",
      essence + " is not " + std::string(expected) + ", the convention for a " + n +
          " response; the body is not checked");
  return std::nullopt;
}

}  // namespace

std::optional<document_kind> parse_kind(std::string_view name) noexcept {
  if (name == "hal") return document_kind::hal;
  if (name == "problem") return document_kind::problem;
  return std::nullopt;
}

std::vector<finding> lint_document(std::string_view text, std::optional<document_kind> forced) {
  std::vector<finding> out;
  const std::optional<json> document = parse_json(text, "the document", out);
  if (!document) return out;
  if (!forced && !document->is_object()) {
    add(out, severity::error, "",
        std::string("the document is a JSON ") + document->type_name() +
            "; a HAL resource and problem details are both JSON objects");
    return out;
  }
  return validate(*document, forced ? *forced : detect_kind(*document));
}

std::vector<finding> lint_response(const response& r, std::string_view accept,
                                   std::string_view method) {
  std::vector<finding> out;
  const int code = r.status;
  const bool head = method == "HEAD";
  check_message(r, head, out);
  check_fields(r, out);
  if (!is_valid_status(code) || !allows_body(code) || (r.body.empty() && !head)) return out;
  if (head) {
    // RFC 9110 §9.3.2: no content, but the header fields a GET would send.
    if (!r.body.empty()) {
      add(out, severity::error, "", "a response to HEAD has no content, but a body came");
    }
    (void)body_kind(r, accept, out);
    return out;
  }
  const std::optional<document_kind> kind = body_kind(r, accept, out);
  if (!kind) return out;
  const std::optional<json> document = parse_json(r.body, "the body", out);
  if (!document) return out;
  append(out, validate(*document, *kind));
  if (*kind == document_kind::problem && document->is_object()) {
    check_problem_status(*document, code, out);
  }
  return out;
}

}  // namespace envelope::lint

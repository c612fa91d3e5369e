#include "lint.hpp"

#include <envelope/hal.hpp>
#include <envelope/http_status.hpp>
#include <envelope/media_type.hpp>
#include <envelope/problem.hpp>
#include <envelope/response.hpp>

#include <nlohmann/json.hpp>

#include <string>
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

// A document with _links or _embedded is HAL whatever else it holds; without
// them, one RFC 9457 member of the right type makes it problem details.
document_kind detect_kind(const json& document) {
  if (document.contains("_links") || document.contains("_embedded")) return document_kind::hal;
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
  return kind == document_kind::hal ? validate_hal(document) : validate_problem(document);
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

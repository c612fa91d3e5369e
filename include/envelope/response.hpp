#ifndef ENVELOPE_RESPONSE_HPP
#define ENVELOPE_RESPONSE_HPP

// From a resource or a problem to status, header fields and body, following the
// API conventions: HAL for successes, problem details for failures, and the
// header fields RFC 9110, RFC 6585 and RFC 6750 require of each status.

#include <envelope/detail/config.hpp>
#include <envelope/hal.hpp>
#include <envelope/media_type.hpp>
#include <envelope/message.hpp>
#include <envelope/problem.hpp>
#include <envelope/status_registry.hpp>
#include <envelope/uri_template.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace envelope {

// A service's choices, in one copyable value.
struct response_options {
  status_registry registry;       // its own codes and content types
  bool write_about_blank = true;  // write "type": "about:blank" (see docs/problem.md)
  bool pretty = false;            // indent bodies by two spaces
  std::string base_uri;           // makes a relative Location absolute, e.g. "https://api.example"

  // The defaults, built once; an immutable value, not state.
  static const response_options& defaults();
};

// A HAL resource as the body of a 2xx or 3xx response.
[[nodiscard]] response make_response(
    int status, const resource& body,
    const response_options& options = response_options::defaults());

// The detail of a 500 built by internal_server_error().
inline constexpr std::string_view internal_error_detail =
    "The server could not complete the request.";

// Problem details as the body of the response with the given status. A 401 or
// 405 needs a header field as well: build those with unauthorized() and
// method_not_allowed(), which take a problem too.
[[nodiscard]] response make_response(
    int status, const problem& body,
    const response_options& options = response_options::defaults());

[[nodiscard]] response make_response(
    const problem& body, const response_options& options = response_options::defaults());

// A response without a body, e.g. 204, 304, or a 2xx whose resource is not shown.
[[nodiscard]] response make_response(int status);

// 200 OK.
[[nodiscard]] response ok(const resource& body,
                          const response_options& options = response_options::defaults());

// 201 Created. Location is the given URI, else the resource's self link (RFC
// 9110 §15.3.2: the primary resource created).
[[nodiscard]] response created(const resource& body, std::string_view location = {},
                               const response_options& options = response_options::defaults());

// The conventions' rule for creates: 201 when this request created the
// resource, 200 with the existing one when an earlier execution already had.
[[nodiscard]] response created_or_ok(
    bool created_now, const resource& body,
    const response_options& options = response_options::defaults());

// 202 Accepted: the body is a status monitor (RFC 9110 §15.3.3) with a
// "monitor" or "self" link, which also becomes Location.
[[nodiscard]] response accepted(const resource& monitor,
                                const response_options& options = response_options::defaults());

// 204 No Content: no body and no Content-Type.
[[nodiscard]] response no_content();

// Any 4xx or 5xx from the registry's title and an occurrence-specific detail
// (without one, a generic detail for the status). For 401 and 405, which need
// header fields, use unauthorized() and method_not_allowed().
[[nodiscard]] response error_response(
    int status, std::string detail = {},
    const response_options& options = response_options::defaults());

// 400 with the failed checks in "errors", as the conventions show.
[[nodiscard]] response bad_request(std::vector<validation_error> errors,
                                   std::string detail = "Request failed validation",
                                   const response_options& options = response_options::defaults());

// 401 with its challenge (RFC 9110 §15.5.2, RFC 6750 §3), for a problem of the
// service's own (its status member, when set, must be 401) or the generic one.
[[nodiscard]] response unauthorized(const challenge& how, const problem& body,
                                    const response_options& options = response_options::defaults());

[[nodiscard]] response unauthorized(const challenge& how, std::string detail = {},
                                    const response_options& options = response_options::defaults());

// 403. Valid credentials without the permission; no challenge needed.
[[nodiscard]] response forbidden(std::string detail = {},
                                 const response_options& options = response_options::defaults());

// 403 for a Bearer token that lacks a scope: RFC 6750 §3.1 names the scope
// needed in the challenge.
[[nodiscard]] response insufficient_scope(
    std::string scope, std::string realm = {}, std::string detail = {},
    const response_options& options = response_options::defaults());

[[nodiscard]] response not_found(std::string detail = {},
                                 const response_options& options = response_options::defaults());

// 405 with Allow, which RFC 9110 §15.5.6 requires (an empty list is allowed:
// nothing may be done to the resource), for a problem of the service's own (its
// status member, when set, must be 405) or the generic one.
[[nodiscard]] response method_not_allowed(
    const std::vector<std::string>& allowed, const problem& body,
    const response_options& options = response_options::defaults());

[[nodiscard]] response method_not_allowed(
    const std::vector<std::string>& allowed, std::string detail = {},
    const response_options& options = response_options::defaults());

[[nodiscard]] response not_acceptable(
    std::string detail = {}, const response_options& options = response_options::defaults());

[[nodiscard]] response conflict(std::string detail = {},
                                const response_options& options = response_options::defaults());

// 413; Retry-After when the condition is temporary (RFC 9110 §15.5.14).
[[nodiscard]] response content_too_large(
    std::string detail = {}, std::optional<retry_after> when = std::nullopt,
    const response_options& options = response_options::defaults());

// 415. RFC 9110 §15.5.16 suggests naming what is accepted; Accept is the field for it.
[[nodiscard]] response unsupported_media_type(
    std::string detail = {}, std::string_view accepted = {},
    const response_options& options = response_options::defaults());

[[nodiscard]] response unprocessable_content(
    std::string detail = {}, std::vector<validation_error> errors = {},
    const response_options& options = response_options::defaults());

// 429 with Retry-After (RFC 6585 §4).
[[nodiscard]] response too_many_requests(
    const retry_after& when, std::string detail = {},
    const response_options& options = response_options::defaults());

// 500 that says nothing of its cause: internals never reach the body. The
// conventions give every problem a detail, so a generic one is written.
[[nodiscard]] response internal_server_error(
    const response_options& options = response_options::defaults());

[[nodiscard]] response not_implemented(
    std::string detail = {}, const response_options& options = response_options::defaults());

// 503; Retry-After when the end of the outage is known (RFC 9110 §15.6.4).
[[nodiscard]] response service_unavailable(
    std::optional<retry_after> when = std::nullopt, std::string detail = {},
    const response_options& options = response_options::defaults());

// Content negotiation (RFC 9110 §12.5.1) for a built response. A success with
// a body is offered as its own type (HAL by default) or as application/json,
// the same bytes either way; when the client accepts neither, the answer is a
// 406 problem. Problems keep application/problem+json whatever Accept says, as
// RFC 9457 §3 permits, and responses without a body pass through.
// The 406 a success offered as `offered` (or as application/json) would become
// for this Accept, or nullopt when the client takes it. A handler that changes
// state calls it first, so that it never does the work and then refuses the answer.
[[nodiscard]] std::optional<response> check_acceptable(
    std::string_view accept, std::string_view offered = media_type::hal_json,
    const response_options& options = response_options::defaults());

[[nodiscard]] response negotiate(response r, std::string_view accept,
                                 const response_options& options = response_options::defaults());

// One page of a collection, as Spring HATEOAS's PagedModel: page numbers start
// at 0; "self", "first" and "last" always, "prev" and "next" where they exist.
struct page_request {
  std::size_t number = 0;
  std::size_t size = 20;
};

// The items go under _embedded[rel], an array even when empty; the template is
// expanded with "page" and "size" (and any other variables given).
[[nodiscard]] resource paged_resource(const uri_template& link_template, page_request page,
                                      std::size_t total_items, std::vector<resource> items,
                                      std::string_view rel = "items",
                                      nlohmann::json variables = nlohmann::json::object());

// A body that is not what its Content-Type says; offset() is the byte where
// JSON text went wrong, when that is the reason.
class response_parse_error : public std::runtime_error {
 public:
  explicit response_parse_error(const std::string& message, std::size_t offset = 0)
      : std::runtime_error(message), offset_(offset) {}
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

namespace detail {

// JSON text read with the limits every body needs, request or response: well
// formed, numbers a double can hold, at most depth_limit levels. nlohmann parses
// deep text without recursion, but copying, comparing and dumping the result
// recurse once per level, so depth is refused while parsing. Throws
// response_parse_error; its message quotes nothing of nlohmann's.
//
// This and the parsing functions below are templates on the JSON type only so
// that nlohmann's parser is compiled where something is parsed, not in every
// translation unit that builds a response (see docs/performance.md).
template <class Json = nlohmann::json>
[[nodiscard]] Json parse_json_text(std::string_view body, std::size_t depth_limit) {
  struct too_deep {};
  try {
    return Json::parse(body, [depth_limit](int depth, typename Json::parse_event_t, Json&) {
      if (static_cast<std::size_t>(depth) > depth_limit) throw too_deep{};
      return true;
    });
  } catch (const too_deep&) {
    throw response_parse_error("the body nests deeper than " + std::to_string(depth_limit) +
                               " levels");
  } catch (const typename Json::parse_error& e) {
    // nlohmann counts bytes from 1; every offset of this library counts from 0.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    throw response_parse_error(
        "the body is not JSON: syntax error at byte " + std::to_string(offset), offset);
  } catch (const typename Json::exception&) {
    // A number no double holds (1e309) is out_of_range.406, not a parse_error.
    throw response_parse_error(
        "the body is not usable JSON: it holds a number too large for a "
        "double");
  }
}

}  // namespace detail

// For services: a request body read as JSON, with the limits of parse_json_text
// (well formed, numbers a double holds, at most max_depth levels). Anything else
// throws problem_exception carrying the 400 to answer with: detail "The body is
// not well-formed JSON." and one error titled "invalid_json" that says what and,
// for a syntax error, at which byte (from 0).
template <class Json = nlohmann::json>
[[nodiscard]] Json parse_request_json(std::string_view body, std::size_t max_depth = 256) {
  try {
    return detail::parse_json_text<Json>(body, max_depth);
  } catch (const response_parse_error& e) {
    std::string what = e.what();  // "the body ...", a sentence once capitalized
    if (!what.empty() && what[0] >= 'a' && what[0] <= 'z')
      what[0] = static_cast<char>(what[0] - 'a' + 'A');
    throw problem_exception(
        problem::validation_failed({validation_error::titled("invalid_json", what + ".")})
            .with_detail("The body is not well-formed JSON."));
  }
}

// What a client received: a HAL resource, problem details, or no body.
struct parsed_response {
  int status = 0;
  std::variant<std::monostate, resource, problem> body;

  [[nodiscard]] bool has_resource() const noexcept {
    return std::holds_alternative<resource>(body);
  }
  [[nodiscard]] bool has_problem() const noexcept { return std::holds_alternative<problem>(body); }
  [[nodiscard]] bool empty() const noexcept { return std::holds_alternative<std::monostate>(body); }
  // Throw std::bad_variant_access when the body is of the other kind.
  [[nodiscard]] const resource& as_resource() const { return std::get<resource>(body); }
  [[nodiscard]] const problem& as_problem() const { return std::get<problem>(body); }

  friend bool operator==(const parsed_response& a, const parsed_response& b) {
    return equal_(a, b);
  }
  friend bool operator!=(const parsed_response& a, const parsed_response& b) { return !(a == b); }

 private:
  static bool equal_(const parsed_response& a, const parsed_response& b);
};

// For clients and tests. The Content-Type decides: application/problem+json is
// read tolerantly (RFC 9457 §3.1); application/hal+json, application/json and
// other +json types are read strictly as HAL for a success and as problem
// details for an error. Parameters (charset, profile) play no part in the choice.
template <class Json = nlohmann::json>
[[nodiscard]] parsed_response parse_response(int status, std::string_view content_type,
                                             std::string_view body,
                                             const parse_options& options = {}) {
  if (!is_valid_status(status)) {
    throw response_parse_error("status " + std::to_string(status) +
                               " is outside 100-599 (RFC 9110 Section 15)");
  }
  parsed_response out;
  out.status = status;
  if (body.empty()) return out;
  if (!allows_body(status)) {
    throw response_parse_error("a " + std::to_string(status) +
                               " response has no content (RFC 9110 Section 6.4.1), but " +
                               std::to_string(body.size()) + " bytes came");
  }
  if (content_type.empty()) {
    throw response_parse_error(
        "the body has no Content-Type, so it is neither HAL nor problem "
        "details");
  }
  const auto media = parse_media_type_detailed(content_type);
  if (!media) {
    throw response_parse_error("Content-Type \"" + std::string(content_type) +
                                   "\" is malformed: " + std::string(media.message()),
                               media.offset);
  }
  if (!media.value->is_json()) {
    throw response_parse_error("Content-Type " + media.value->essence() +
                               " is neither HAL nor problem details (a JSON type was expected)");
  }
  const std::size_t depth_limit = options.max_depth < 32 ? 256 : 8 * options.max_depth;
  Json document = detail::parse_json_text<Json>(body, depth_limit);
  const bool problem_type =
      media.value->type == "application" && media.value->subtype == "problem+json";
  if (problem_type || is_error(status)) {
    if (!document.is_object()) {
      throw response_parse_error("problem details must be a JSON object (RFC 9457 Section 3)");
    }
    out.body = problem::parse(std::move(document));
  } else {
    out.body = resource::parse(std::move(document), options);
  }
  return out;
}

}  // namespace envelope

#if ENVELOPE_DEFINITIONS
namespace envelope {

ENVELOPE_INLINE const response_options& response_options::defaults() {
  static const response_options instance;
  return instance;
}

namespace detail {

// The first link of a registered relation ("self", "monitor"), as stored. A
// registered name has no colon, so find_link would never expand a curie for it;
// looking it up directly keeps the builders from compiling the curie and URI
// Template machinery into every translation unit that makes a response.
[[nodiscard]] ENVELOPE_INLINE const link* registered_link(const resource& r,
                                                          std::string_view rel) noexcept {
  for (const resource::link_relation& relation : r.links()) {
    if (relation.rel == rel) return relation.links.empty() ? nullptr : &relation.links.front();
  }
  return nullptr;
}

[[nodiscard]] ENVELOPE_INLINE bool has_scheme(std::string_view uri) noexcept {
  // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  if (uri.empty() || !((uri[0] >= 'a' && uri[0] <= 'z') || (uri[0] >= 'A' && uri[0] <= 'Z'))) {
    return false;
  }
  for (std::size_t i = 1; i < uri.size(); ++i) {
    const char c = uri[i];
    if (c == ':') return true;
    const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!scheme_char) return false;
  }
  return false;
}

// Joins an absolute-path reference to the base's scheme and authority; other
// relative forms are joined to the base as a prefix. Absolute URIs stay as they are.
ENVELOPE_INLINE std::string resolve_against(std::string_view base, std::string_view reference) {
  if (base.empty() || has_scheme(reference)) return std::string(reference);
  if (reference.substr(0, 2) == "//") {
    const auto colon = base.find(':');
    return std::string(base.substr(0, colon + 1)) + std::string(reference);
  }
  if (!reference.empty() && reference.front() == '/') {
    const auto authority = base.find("//");
    const auto path =
        authority == std::string_view::npos ? base.find('/') : base.find('/', authority + 2);
    const auto origin = path == std::string_view::npos ? base : base.substr(0, path);
    return std::string(origin) + std::string(reference);
  }
  std::string joined(base);
  if (joined.back() != '/') joined += '/';
  joined += reference;
  return joined;
}

ENVELOPE_INLINE response_error builder_error(const std::string& message) {
  return response_error(response_rule::invalid_argument, message);
}

}  // namespace detail

ENVELOPE_INLINE response make_response(int status, const resource& body,
                                       const response_options& options) {
  detail::check_status(status);
  if (!allows_body(status)) {
    throw response_error(response_rule::body_not_allowed,
                         "a " + std::to_string(status) +
                             " response has no content (RFC 9110 Section 6.4.1); use "
                             "make_response(status) instead");
  }
  if (is_error(status)) {
    throw detail::builder_error("a " + std::to_string(status) +
                                " response carries problem details, not a HAL resource");
  }
  response r;
  r.status = status;
  r.body = dump(body, options.pretty ? 2 : -1);
  r.headers.emplace_back("Content-Type", std::string(options.registry.content_type(status)));
  return r;
}

namespace detail {

// make_response(status, problem) without the rules on headers that the caller
// has not had a chance to add yet; unauthorized and method_not_allowed add them.
[[nodiscard]] ENVELOPE_INLINE response problem_response(int status, const envelope::problem& body,
                                                        const response_options& options) {
  detail::check_status(status);
  if (!is_error(status)) {
    throw detail::builder_error("problem details describe a 4xx or 5xx response, not a " +
                                std::to_string(status));
  }
  if (body.status && *body.status != status) {
    throw response_error(response_rule::problem_status_mismatch,
                         "the problem's status member is " + std::to_string(*body.status) +
                             " but the response status is " + std::to_string(status) +
                             " (RFC 9457 Section 3.1.2)");
  }
  response r;
  r.status = status;
  r.body = dump(body, problem_options{options.write_about_blank}, options.pretty ? 2 : -1);
  r.headers.emplace_back("Content-Type", std::string(options.registry.content_type(status)));
  return r;
}

// The conventions give every problem a detail ("all responses contain a title
// and detail"); where the caller has none, the conventions' own description of
// the status stands in, and a sentence built from the title for other codes.
[[nodiscard]] ENVELOPE_INLINE std::string default_detail(int status, std::string_view title) {
  switch (status) {
    case 400:
      return "The request is not well-formed, syntactically incorrect, or violates schema.";
    case 401:
      return "The request lacks valid credentials for the target resource.";
    case 403:
      return "The credentials given do not permit this request.";
    case 404:
      return "The specified resource does not exist.";
    case 405:
      return "The target resource does not support this method.";
    case 406:
      return "None of the representations the request accepts can be offered.";
    case 409:
      return "The request conflicts with the current state of the resource.";
    case 413:
      return "The request content is larger than the server accepts.";
    case 415:
      return "The request content is in a format the target resource does not support.";
    case 422:
      return "The request is well formed but fails a business rule.";
    case 429:
      return "Too many requests have been sent in a given amount of time.";
    case 500:
      return std::string(internal_error_detail);
    case 501:
      return "The server does not support the functionality the request needs.";
    case 503:
      return "The service is unavailable at the moment.";
    default:
      return "The request failed: " + std::string(title) + ".";
  }
}

// A problem for status from the registry's title (the options' own registry
// first) and the detail, or the default detail when none is given.
[[nodiscard]] ENVELOPE_INLINE envelope::problem status_problem(int status, std::string detail,
                                                               const response_options& options) {
  envelope::problem p = envelope::problem::from_status(status);
  if (const status_info* own = options.registry.find(status)) p.title = std::string(own->title);
  p.detail = detail.empty() ? default_detail(status, p.title.value_or("")) : std::move(detail);
  return p;
}

}  // namespace detail

ENVELOPE_INLINE response make_response(int status, const problem& body,
                                       const response_options& options) {
  response r = detail::problem_response(status, body, options);
  check_response(r);
  return r;
}

ENVELOPE_INLINE response make_response(const problem& body, const response_options& options) {
  if (!body.status) {
    throw detail::builder_error(
        "the problem has no status member: give one, or call make_response(status, problem)");
  }
  return make_response(*body.status, body, options);
}

ENVELOPE_INLINE response make_response(int status) {
  response r;
  r.status = status;
  check_response(r);
  return r;
}

ENVELOPE_INLINE response ok(const resource& body, const response_options& options) {
  return make_response(200, body, options);
}

ENVELOPE_INLINE response created(const resource& body, std::string_view location,
                                 const response_options& options) {
  std::string target(location);
  if (target.empty()) {
    const link* self = detail::registered_link(body, "self");
    if (self == nullptr || self->href.empty()) {
      throw detail::builder_error("201 Created needs a Location: give one or a self link");
    }
    if (self->templated) {
      throw detail::builder_error(
          "201 Created needs a Location URI, but the self link is a URI Template: give one");
    }
    target = self->href;
  }
  response r = make_response(201, body, options);
  r.add_header("Location", detail::resolve_against(options.base_uri, target));
  return r;
}

ENVELOPE_INLINE response created_or_ok(bool created_now, const resource& body,
                                       const response_options& options) {
  return created_now ? created(body, {}, options) : ok(body, options);
}

ENVELOPE_INLINE response accepted(const resource& monitor, const response_options& options) {
  const link* target = detail::registered_link(monitor, "monitor");
  if (target == nullptr) target = detail::registered_link(monitor, "self");
  if (target == nullptr || target->href.empty()) {
    throw detail::builder_error(
        "202 Accepted needs a status monitor: the resource has no "
        "\"monitor\" or \"self\" link");
  }
  if (target->templated) {
    throw detail::builder_error(
        "202 Accepted needs a Location URI, but the \"" +
        std::string(target == detail::registered_link(monitor, "monitor") ? "monitor" : "self") +
        "\" link is a URI Template");
  }
  response r = make_response(202, monitor, options);
  r.add_header("Location", detail::resolve_against(options.base_uri, target->href));
  return r;
}

ENVELOPE_INLINE response no_content() {
  return make_response(204);
}

ENVELOPE_INLINE response error_response(int status, std::string detail,
                                        const response_options& options) {
  return make_response(status, detail::status_problem(status, std::move(detail), options), options);
}

ENVELOPE_INLINE response bad_request(std::vector<validation_error> errors, std::string detail,
                                     const response_options& options) {
  problem p = problem::from_status(400);
  p.detail = std::move(detail);
  p.errors = std::move(errors);
  return make_response(400, p, options);
}

ENVELOPE_INLINE response unauthorized(const challenge& how, const problem& body,
                                      const response_options& options) {
  response r = detail::problem_response(401, body, options);
  r.add_header("WWW-Authenticate", how.to_string());
  return r;
}

ENVELOPE_INLINE response unauthorized(const challenge& how, std::string detail,
                                      const response_options& options) {
  return unauthorized(how, detail::status_problem(401, std::move(detail), options), options);
}

ENVELOPE_INLINE response forbidden(std::string detail, const response_options& options) {
  return error_response(403, std::move(detail), options);
}

ENVELOPE_INLINE response insufficient_scope(std::string scope, std::string realm,
                                            std::string detail, const response_options& options) {
  response r = error_response(403, std::move(detail), options);
  r.add_header("WWW-Authenticate", challenge::bearer(std::move(realm))
                                       .with_error("insufficient_scope")
                                       .with("scope", std::move(scope))
                                       .to_string());
  return r;
}

ENVELOPE_INLINE response not_found(std::string detail, const response_options& options) {
  return error_response(404, std::move(detail), options);
}

ENVELOPE_INLINE response method_not_allowed(const std::vector<std::string>& allowed,
                                            const problem& body, const response_options& options) {
  std::string allow;
  for (const auto& method : allowed) {
    if (!is_token(method)) {
      throw detail::builder_error("Allow: \"" + method + "\" is not a method token");
    }
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  response r = detail::problem_response(405, body, options);
  r.add_header("Allow", allow);
  return r;
}

ENVELOPE_INLINE response method_not_allowed(const std::vector<std::string>& allowed,
                                            std::string detail, const response_options& options) {
  return method_not_allowed(allowed, detail::status_problem(405, std::move(detail), options),
                            options);
}

ENVELOPE_INLINE response not_acceptable(std::string detail, const response_options& options) {
  return error_response(406, std::move(detail), options);
}

ENVELOPE_INLINE response conflict(std::string detail, const response_options& options) {
  return error_response(409, std::move(detail), options);
}

ENVELOPE_INLINE response content_too_large(std::string detail, std::optional<retry_after> when,
                                           const response_options& options) {
  response r = error_response(413, std::move(detail), options);
  if (when) r.add_header("Retry-After", when->value());
  return r;
}

ENVELOPE_INLINE response unsupported_media_type(std::string detail, std::string_view accepted,
                                                const response_options& options) {
  response r = error_response(415, std::move(detail), options);
  if (!accepted.empty()) r.add_header("Accept", std::string(accepted));
  return r;
}

ENVELOPE_INLINE response unprocessable_content(std::string detail,
                                               std::vector<validation_error> errors,
                                               const response_options& options) {
  problem p = detail::status_problem(422, std::move(detail), options);
  p.errors = std::move(errors);
  return make_response(422, p, options);
}

ENVELOPE_INLINE response too_many_requests(const retry_after& when, std::string detail,
                                           const response_options& options) {
  response r = error_response(429, std::move(detail), options);
  r.add_header("Retry-After", when.value());
  return r;
}

ENVELOPE_INLINE response internal_server_error(const response_options& options) {
  return error_response(500, {}, options);  // default_detail(500): internal_error_detail
}

ENVELOPE_INLINE response not_implemented(std::string detail, const response_options& options) {
  return error_response(501, std::move(detail), options);
}

ENVELOPE_INLINE response service_unavailable(std::optional<retry_after> when, std::string detail,
                                             const response_options& options) {
  response r = error_response(503, std::move(detail), options);
  if (when) r.add_header("Retry-After", when->value());
  return r;
}

ENVELOPE_INLINE std::optional<response> check_acceptable(std::string_view accept,
                                                         std::string_view offered,
                                                         const response_options& options) {
  if (envelope::negotiate(accept, {offered, media_type::json})) return std::nullopt;
  response refusal = not_acceptable("This resource is available as " + std::string(offered) +
                                        " or " + std::string(media_type::json) + ".",
                                    options);
  refusal.add_header("Vary", "Accept");
  return refusal;
}

ENVELOPE_INLINE response negotiate(response r, std::string_view accept,
                                   const response_options& options) {
  if (is_error(r.status) || r.body.empty()) return r;
  const auto own = r.header("Content-Type");
  if (!own) return r;
  const std::string offered(*own);
  const auto chosen = envelope::negotiate(accept, {std::string_view(offered), media_type::json});
  if (!chosen) return *check_acceptable(accept, offered, options);
  r.set_header("Content-Type", std::string(*chosen));
  r.add_header("Vary", "Accept");
  return r;
}

ENVELOPE_INLINE resource paged_resource(const uri_template& link_template, page_request page,
                                        std::size_t total_items, std::vector<resource> items,
                                        std::string_view rel, nlohmann::json variables) {
  if (page.size == 0) throw detail::builder_error("paged_resource: the page size must be positive");
  if (!variables.is_object()) {
    throw detail::builder_error("paged_resource: variables must be a JSON object");
  }
  const std::size_t total_pages = total_items / page.size + (total_items % page.size != 0 ? 1 : 0);
  const std::size_t last = total_pages == 0 ? 0 : total_pages - 1;
  const auto href = [&](std::size_t number) {
    variables["page"] = number;
    variables["size"] = page.size;
    return link_template.expand(variables);
  };
  resource r;
  r.set_link("self", link(href(page.number)));
  r.set_link("first", link(href(0)));
  if (page.number > 0)
    r.set_link("prev", link(href(page.number - 1 < last ? page.number - 1 : last)));
  if (page.number < last) r.set_link("next", link(href(page.number + 1)));
  r.set_link("last", link(href(last)));
  r.state()["page"] = {{"size", page.size},
                       {"totalElements", total_items},
                       {"totalPages", total_pages},
                       {"number", page.number}};
  r.set_embedded(std::string(rel), std::move(items));
  return r;
}

ENVELOPE_INLINE bool parsed_response::equal_(const parsed_response& a, const parsed_response& b) {
  return a.status == b.status && a.body == b.body;
}

}  // namespace envelope
#endif  // ENVELOPE_DEFINITIONS

#endif  // ENVELOPE_RESPONSE_HPP

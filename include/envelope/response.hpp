#ifndef ENVELOPE_RESPONSE_HPP
#define ENVELOPE_RESPONSE_HPP

// From a resource or a problem to status, header fields and body, following the
// API conventions: HAL for successes, problem details for failures, and the
// header fields RFC 9110, RFC 6585 and RFC 6750 require of each status.
//
// Every builder takes its arguments in one order: what is specific to the
// status (errors, allowed methods, challenge, retry time, accepted types), then
// the detail, optional, then the response_options. So one-argument calls read
// naturally: too_many_requests(30s), bad_request(errors), not_found(detail).

#include <envelope/authentication.hpp>
#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>
#include <envelope/hal.hpp>
#include <envelope/http_date.hpp>
#include <envelope/media_type.hpp>
#include <envelope/message.hpp>
#include <envelope/problem.hpp>
#include <envelope/status_registry.hpp>
#include <envelope/uri_template.hpp>
#include <envelope/web_linking.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
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

// The response a problem_exception stands for: its problem, with the problem's
// status (500 when it has none), and the header fields it carries.
[[nodiscard]] response make_response(
    const problem_exception& thrown,
    const response_options& options = response_options::defaults());

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
    std::optional<retry_after> when = std::nullopt, std::string detail = {},
    const response_options& options = response_options::defaults());

// 415. RFC 9110 §15.5.16 suggests naming what is accepted: the media types in
// `accepted` become one Accept field, written when the list is not empty.
[[nodiscard]] response unsupported_media_type(
    const std::vector<std::string>& accepted = {}, std::string detail = {},
    const response_options& options = response_options::defaults());

// 422, with the rules the request broke in "errors" when there are any.
[[nodiscard]] response unprocessable_content(
    std::vector<validation_error> errors = {}, std::string detail = {},
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

// Content negotiation (RFC 9110 §12.5.1) of a built response: the response as
// this Accept takes it. A success with a body is offered as its own type (HAL by
// default) or as application/json, the same bytes either way; when the client
// accepts neither, the answer is a 406 problem. Problems keep
// application/problem+json whatever Accept says, as RFC 9457 §3 permits, and
// responses without a body pass through. (negotiate(accept, offers), in
// media_type.hpp, only picks a media type.)
[[nodiscard]] response negotiate_response(
    response r, std::string_view accept,
    const response_options& options = response_options::defaults());

// The 406 a success offered as `offered` (or as application/json) would become
// for this Accept, or nullopt when the client takes it. A handler that changes
// state calls it first, so that it never does the work and then refuses the answer.
[[nodiscard]] std::optional<response> check_acceptable(
    std::string_view accept, std::string_view offered = media_type::hal_json,
    const response_options& options = response_options::defaults());

// One page of a collection, as Spring HATEOAS's PagedModel: "self", "first" and
// "last" always, "prev" and "next" where they exist, and the page metadata
// number, size, totalElements, totalPages. docs/paging.md has it all.
//
// The page number and size as the client asked for them. Built from any integer
// type ({page, size} from int variables does not narrow); a negative value is the
// client's error: problem_exception, 400, with `errors` naming `query.page` or
// `query.size` in the validation vocabulary (validation.hpp).
struct page_request {
  std::size_t number = 0;
  std::size_t size = 20;

  page_request() = default;
  template <class Number, class Size,
            std::enable_if_t<std::is_integral_v<Number> && std::is_integral_v<Size> &&
                                 !std::is_same_v<Number, bool> && !std::is_same_v<Size, bool>,
                             int> = 0>
  page_request(Number page_number, Size page_size)
      : number(checked_("page", page_number)), size(checked_("size", page_size)) {}

  friend bool operator==(const page_request& a, const page_request& b) {
    return a.number == b.number && a.size == b.size;
  }
  friend bool operator!=(const page_request& a, const page_request& b) { return !(a == b); }

 private:
  template <class Int>
  static std::size_t checked_(std::string_view name, Int value) {
    if constexpr (std::is_signed_v<Int>) {
      if (value < 0) negative_(name, static_cast<long long>(value));
    }
    return static_cast<std::size_t>(value);
  }
  [[noreturn]] static void negative_(std::string_view name, long long value);
};

// How a service numbers and bounds its pages.
struct paging_options {
  // The number of the first page: 0 (the default, as Spring's PagedModel and
  // most HAL services, so that offset = number * size) or 1 (as GitHub's API and
  // what a person reading "?page=" expects). Anything else is an argument_error.
  std::size_t first_page = 0;
  // The largest size a client may ask for; larger is its error (400), as is 0.
  std::size_t max_size = 1000;

  friend bool operator==(const paging_options& a, const paging_options& b) {
    return a.first_page == b.first_page && a.max_size == b.max_size;
  }
  friend bool operator!=(const paging_options& a, const paging_options& b) { return !(a == b); }
};

// The items go under _embedded[rel], an array even when empty; the template is
// expanded with "page" and "size" (and any other variables given). A size of 0
// or above options.max_size, a page before the first or past the last (the first
// page of an empty collection exists) throw problem_exception with 400 and
// `errors` (too_small / too_big, naming `query.page` or `query.size`), which a
// service's boundary answers as it is.
[[nodiscard]] resource paged_resource(const uri_template& link_template, page_request page,
                                      std::size_t total_items, std::vector<resource> items,
                                      std::string_view rel = "items",
                                      nlohmann::json variables = nlohmann::json::object(),
                                      const paging_options& options = paging_options());

// The page's "first", "prev", "next" and "last" links (those it has) for a Link
// field (RFC 8288), so that clients reading headers page too, as GitHub's do:
// add_links(r, paging_links(page)). Templated links are left out.
[[nodiscard]] std::vector<web_link> paging_links(const resource& page);

// A body that is not what its Content-Type says; offset() is the byte (from 0)
// where JSON text went wrong, when that is the reason.
class response_parse_error : public detail::error_with<std::runtime_error> {
 public:
  explicit response_parse_error(const std::string& message, std::size_t offset = 0)
      : error_with(message), offset_(offset) {}
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

// For services: a request body read as JSON: well formed, numbers a double
// holds, at most max_depth levels. Anything else throws problem_exception
// carrying the 400 to answer with: detail "The body is not well-formed JSON."
// and one error titled "invalid_json" that says what and, for a syntax error,
// at which byte (from 0).
template <class Json = nlohmann::json>
[[nodiscard]] Json parse_request_json(std::string_view body, std::size_t max_depth = 256);

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
// Throws response_parse_error when the body is not what its Content-Type says,
// and document_error for a HAL body that breaks a MUST.
template <class Json = nlohmann::json>
[[nodiscard]] parsed_response parse_response(int status, std::string_view content_type,
                                             std::string_view body,
                                             const parse_options& options = {});

}  // namespace envelope

#include <envelope/impl/response.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/response.ipp>
#endif

#endif  // ENVELOPE_RESPONSE_HPP

#ifndef ENVELOPE_REQUEST_HPP
#define ENVELOPE_REQUEST_HPP

// What every service does with a request, whatever its HTTP framework: read a
// JSON body within limits, refuse an Accept it cannot serve before doing the
// work, and answer the errors the framework itself makes (no route, a method
// it does not know, a request too large or too slow) and the exceptions its
// handlers throw. The framework adapters (include/envelope/adapters/) are built
// on these, so a service on any of them answers such requests with the same
// status codes and the same sentences.

#include <envelope/detail/config.hpp>
#include <envelope/media_type.hpp>
#include <envelope/message.hpp>
#include <envelope/problem.hpp>
#include <envelope/response.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace envelope {

// How much of a request body a service reads.
struct request_limits {
  std::size_t body_limit = std::size_t{1} << 20;  // bytes; a larger body is a 413
  // JSON nesting: arrays and objects open at once in the text, the outermost
  // counting one; deeper is a 400. Counted as the text is read, so a member named
  // twice counts with its first value too, though nlohmann keeps only the last.
  std::size_t max_depth = 64;

  friend bool operator==(const request_limits& a, const request_limits& b) {
    return a.body_limit == b.body_limit && a.max_depth == b.max_depth;
  }
  friend bool operator!=(const request_limits& a, const request_limits& b) { return !(a == b); }
};

// The JSON body of a request, checked in the order a client fixes them:
// a Content-Type that is not application/json or a +json type (RFC 6839 §3.1)
// throws the 415 problem_exception, a body over limits.body_limit the 413, and
// text that is not JSON the 400 of parse_request_json (its error names the
// byte, from 0, where the text went wrong).
template <class Json = nlohmann::json>
[[nodiscard]] Json read_json_body(std::string_view content_type, std::string_view body,
                                  const request_limits& limits = {});

// Throws the 406 problem_exception unless the Accept field value takes
// `offered` or application/json: called before the work of a request that
// changes state, so that the work is never done for an answer the client refuses.
// (check_acceptable, in response.hpp, returns the 406 response instead.)
void require_acceptable(std::string_view accept, std::string_view offered = media_type::hal_json);

// The errors an HTTP framework finds before any handler runs.
enum class framework_failure {
  no_route,                 // 404: no resource at the path
  method_not_allowed,       // 405: the path exists for other methods (Allow lists them)
  unknown_method,           // 501: no resource supports the method
  malformed,                // 400: not a well-formed HTTP/1.1 request
  uri_too_long,             // 414: the request target is over the limit
  header_fields_too_large,  // 431: a header field, or all of them, over the limit (RFC 6585 §5)
  body_too_large,           // 413: the body is over the limit
  read_timeout,             // 408: the request did not arrive in full in time
};

// The problem response for a framework-made error: the status's title and a
// sentence saying what was wrong, the same from every adapter. `allowed` is the
// Allow list of a method_not_allowed (RFC 9110 §15.5.6 requires the field) and
// is ignored otherwise; `limit`, in bytes, is named in the detail of the three
// size failures when it is not 0. A read_timeout carries "Connection: close"
// (RFC 9110 §15.5.9); the adapter decides for the others.
[[nodiscard]] response framework_error(
    framework_failure kind, const std::vector<std::string>& allowed = {}, std::size_t limit = 0,
    const response_options& options = response_options::defaults());

// Told of every exception exception_response turns into a 500, with the
// request it broke ("POST /orders"), for the service's log. What the client
// receives says nothing of it.
using error_log = std::function<void(std::exception_ptr error, std::string_view request)>;

// The response for an exception a handler threw: a problem_exception's own
// problem; anything else (or a problem_exception without a usable status) a 500
// with the generic detail, after `log` was told. A log that throws is ignored:
// the client still gets its 500.
[[nodiscard]] response exception_response(
    std::exception_ptr error, const error_log& log = {}, std::string_view request = {},
    const response_options& options = response_options::defaults());

}  // namespace envelope

#include <envelope/impl/request.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/request.ipp>
#endif

#endif  // ENVELOPE_REQUEST_HPP

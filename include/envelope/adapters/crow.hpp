#ifndef ENVELOPE_ADAPTERS_CROW_HPP
#define ENVELOPE_ADAPTERS_CROW_HPP

// Crow (CrowCpp/Crow, header-only): to_crow turns an envelope::response into a
// crow::response, crow_conventions is a middleware that enforces the request
// limits, and install() puts the conventions on an app in one call: problems for
// Crow's own 404 and 405 (with Allow) and 501, for every exception a handler
// throws, and the defaults (threads, TCP_NODELAY, timeout). Inline throughout,
// with no impl/ files: an adapter is compiled where its framework is.
//
// What Crow (read and tested at master of 2026-08-20, commit 2366edb) does that
// no adapter can change, because it happens before any code of the service runs:
// a request its parser rejects (a malformed request line or field, an unknown
// method such as FOO, header fields over CROW_HTTP_MAX_HEADER_SIZE, 80 KiB by
// default) and a request that does not arrive within app.timeout() are answered
// by closing the connection, with no status at all; an HTTP/1.1 request without
// Host gets Crow's own 400 with the text "400 Bad Request". Crow reads a whole body
// before any handler or middleware sees it, so the body limit bounds what a
// handler gets, not what Crow buffers.

#include <envelope/detail/ascii.hpp>
#include <envelope/http_status.hpp>
#include <envelope/message.hpp>
#include <envelope/request.hpp>
#include <envelope/response.hpp>

#include <crow.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace envelope::adapters {

// Whether Crow can put `status` on its status line. Crow writes the status line
// from a fixed table and sends any code missing from it as 500; this is that
// table. The IANA codes it lacks: 102, 103, 208, 226, 305, 306, 402, 408, 411,
// 418, 421, 425, 426, 431, 505, 508, 510 and 511 (and every unassigned code).
[[nodiscard]] constexpr bool crow_sends(int status) noexcept {
  constexpr int table[] = {100, 101, 200, 201, 202, 203, 204, 205, 206, 207, 300, 301,
                           302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 406, 407,
                           409, 410, 412, 413, 414, 415, 416, 417, 422, 423, 424, 428,
                           429, 451, 500, 501, 502, 503, 504, 506, 507};
  for (int code : table) {
    if (code == status) return true;
  }
  return false;
}

// The code to_crow sends for `status`: the code itself where Crow can send it,
// else its class's x00, which is what RFC 9110 §15 tells a recipient that does
// not know a code to read it as (431 goes out as 400, 511 as 500).
[[nodiscard]] constexpr int crow_status(int status) noexcept {
  return crow_sends(status) ? status : status / 100 * 100;
}

namespace detail {

// A problem body's "status" (and an about:blank title that names the old status)
// follows the code actually sent: RFC 9457 §3.1.2 requires that they match.
inline std::string restate_problem_status(const std::string& body, int from, int to) {
  auto document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return body;
  const auto status = document.find("status");
  if (status != document.end() && *status == from) *status = to;
  const auto type = document.find("type");
  const bool blank = type == document.end() || *type == "about:blank";
  const auto title = document.find("title");
  if (blank && title != document.end() && *title == reason_phrase(from))
    *title = std::string(reason_phrase(to));
  return document.dump();
}

}  // namespace detail

// After check_response (so a value with CR or LF is refused, not sent): the
// status (see crow_status), every field in order through add_header, and the
// body. Crow adds Content-Length to every response, 204 and 304 included, and
// Connection and Server; the reason phrase is Crow's own ("422 Unprocessable
// Entity").
[[nodiscard]] inline crow::response to_crow(const response& from) {
  check_response(from);
  crow::response out(crow_status(from.status));
  for (const auto& field : from.headers)
    out.add_header(field.first, field.second);
  const auto type = from.header("Content-Type");
  auto essence = type ? type->substr(0, type->find(';')) : std::string_view();
  while (!essence.empty() && envelope::detail::is_ows(essence.back()))
    essence.remove_suffix(1);
  if (out.code != from.status && envelope::detail::iequals(essence, media_type::problem_json)) {
    out.body = detail::restate_problem_status(from.body, from.status, out.code);
  } else {
    out.body = from.body;
  }
  return out;
}

// The request's Accept fields as one list (RFC 9110 §5.3); "" when it sent none.
[[nodiscard]] inline std::string accept_header(const crow::request& request) {
  std::string joined;
  const auto range = request.headers.equal_range("Accept");
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += it->second;
  }
  return joined;
}

// The request's Content-Type, "" when it sent none.
[[nodiscard]] inline std::string_view content_type(const crow::request& request) {
  return request.get_header_value("Content-Type");
}

// The JSON body of a Crow request, read by read_json_body (request.hpp): the
// 415, 413 and 400 problem_exceptions come from there.
template <class Json = nlohmann::json>
[[nodiscard]] Json read_json_body(const crow::request& request, const request_limits& limits = {}) {
  return envelope::read_json_body<Json>(content_type(request), request.body, limits);
}

// envelope::require_acceptable on the request's Accept fields: the 406
// problem_exception unless the client takes `offered` or application/json.
inline void require_acceptable(const crow::request& request,
                               std::string_view offered = media_type::hal_json) {
  envelope::require_acceptable(accept_header(request), offered);
}

// The defaults install() applies, each overridable.
struct crow_options {
  // body_limit: a larger body is a 413.
  request_limits limits;
  // The request target, in bytes: a longer one is a 414.
  std::size_t target_limit = 8 * 1024;
  // All field names and values, in bytes: more is a 431, which Crow sends as 400.
  std::size_t header_limit = 16 * 1024;
  // Crow's fixed pool; 0: one per hardware thread. Crow runs at least 2.
  unsigned threads = 0;
  // Crow closes a connection idle or slow this long, without an answer.
  std::uint8_t timeout_seconds = 5;
  // Off (Crow's default), Nagle's algorithm and delayed ACKs cost 40 ms a response.
  bool tcp_nodelay = true;
  // Told of every exception that became a 500.
  error_log log;
};

namespace detail {

// The request line of the request this thread is handling, for the error log:
// Crow calls its exception handler without the request, on the thread that ran
// crow_conventions::before_handle and the handler.
inline std::string& crow_current_request() {
  thread_local std::string line;
  return line;
}

}  // namespace detail

// A Crow middleware (crow::App<envelope::adapters::crow_conventions, ...>) that
// answers a request over crow_options' target, header or body limit with its
// problem before any handler runs, gives an error Crow or a handler left without
// a body (Crow's 404 to OPTIONS, a handler's bare crow::response(403)) its
// problem, and names the request in the error log. install() gives it the options.
struct crow_conventions {
  struct context {};

  crow_options options;

  void before_handle(crow::request& request, crow::response& res, context&) {
    detail::crow_current_request() = crow::method_name(request.method) + " " + request.raw_url;
    std::optional<response> refusal;
    if (request.raw_url.size() > options.target_limit) {
      refusal = framework_error(framework_failure::uri_too_long, {}, options.target_limit);
    } else if (header_size(request) > options.header_limit) {
      refusal =
          framework_error(framework_failure::header_fields_too_large, {}, options.header_limit);
    } else if (request.body.size() > options.limits.body_limit) {
      refusal = framework_error(framework_failure::body_too_large, {}, options.limits.body_limit);
    }
    if (!refusal) return;
    refusal->set_header("Connection", "close");
    res = to_crow(*refusal);
    res.end();
  }

  void after_handle(crow::request& request, crow::response& res, context&) {
    detail::crow_current_request().clear();
    // A HEAD response has no content (RFC 9110 §9.3.2); 401 and 405 need fields
    // only their builder knows; a static file is no error body.
    if (res.code < 400 || res.code > 599 || !res.body.empty() || res.code == 401 ||
        res.code == 405 || request.method == crow::HTTPMethod::Head || res.is_static_type())
      return;
    crow::response replacement;
    try {
      replacement = to_crow(res.code == 404 ? framework_error(framework_failure::no_route)
                                            : error_response(res.code));
    } catch (const envelope::error&) {
      return;  // a status the builders refuse: Crow's own answer stays
    }
    for (const auto& field : res.headers) {
      if (!replacement.headers.count(field.first))
        replacement.add_header(field.first, field.second);
    }
    res = std::move(replacement);
  }

 private:
  static std::size_t header_size(const crow::request& request) {
    std::size_t size = 0;
    for (const auto& field : request.headers)
      size += field.first.size() + field.second.size();
    return size;
  }
};

namespace detail {

template <class T, class... List>
inline constexpr bool crow_has_middleware = (std::is_same_v<T, List> || ...);

inline std::vector<std::string> split_allow(const std::string& allow) {
  std::vector<std::string> methods;
  std::size_t start = 0;
  while (start < allow.size()) {
    auto end = allow.find(',', start);
    if (end == std::string::npos) end = allow.size();
    std::string method = allow.substr(start, end - start);
    method.erase(0, method.find_first_not_of(' '));
    method.erase(method.find_last_not_of(' ') + 1);
    if (!method.empty()) methods.push_back(std::move(method));
    start = end + 1;
  }
  return methods;
}

// The methods Crow's router serves at `url` ("/*": anywhere), as its own
// OPTIONS answer lists them, HEAD only where GET is served.
template <class App>
std::vector<std::string> crow_methods(App& app, const crow::request& request,
                                      const std::string& url) {
  crow::request probe;
  probe.method = crow::HTTPMethod::Options;
  probe.url = url;
  probe.raw_url = url;
  probe.headers = request.headers;
  crow::response scratch;
  (void)app.handle_initial(probe, scratch);
  auto methods = split_allow(scratch.get_header_value("Allow"));
  const bool get = std::find(methods.begin(), methods.end(), "GET") != methods.end();
  methods.erase(std::remove_if(methods.begin(), methods.end(),
                               [get](const std::string& m) {
                                 return m == "OPTIONS" || (m == "HEAD" && !get);
                               }),
                methods.end());
  return methods;
}

}  // namespace detail

// Puts the conventions on `app`, before app.run():
// - the catch-all route answers Crow's 404 with the no_route problem, a method
//   no route uses anywhere with the 501, and Crow's 405 with the problem and an
//   Allow field that lists the path's methods (Crow sends none);
// - the exception handler answers a problem_exception with its problem and any
//   other exception with exception_response's 500, after options.log was told
//   (with the request line when the app has the crow_conventions middleware);
// - concurrency, tcp_nodelay and timeout from options, and the crow_conventions
//   middleware's limits when the app has it.
// It replaces a catch-all route and an exception handler set before.
template <class... Middlewares>
void install(crow::Crow<Middlewares...>& app, crow_options options = {}) {
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  app.concurrency(std::max(threads, 2U));
  app.tcp_nodelay(options.tcp_nodelay);
  app.timeout(options.timeout_seconds);
  if constexpr (detail::crow_has_middleware<crow_conventions, Middlewares...>)
    app.template get_middleware<crow_conventions>().options = options;
  app.exception_handler([log = options.log](crow::response& res) {
    res =
        to_crow(exception_response(std::current_exception(), log, detail::crow_current_request()));
  });
  app.catchall_route()([&app](const crow::request& request, crow::response& res) {
    const auto name = crow::method_name(request.method);
    if (res.code == 405) {
      res = to_crow(framework_error(framework_failure::method_not_allowed,
                                    detail::crow_methods(app, request, request.url)));
      return;
    }
    const auto anywhere = detail::crow_methods(app, request, "/*");
    const bool known = std::find(anywhere.begin(), anywhere.end(), name) != anywhere.end();
    res = to_crow(
        framework_error(known ? framework_failure::no_route : framework_failure::unknown_method));
  });
}

}  // namespace envelope::adapters

#endif  // ENVELOPE_ADAPTERS_CROW_HPP

#ifndef ENVELOPE_ADAPTERS_HTTPLIB_HPP
#define ENVELOPE_ADAPTERS_HTTPLIB_HPP

// cpp-httplib (checked with 0.11.4) under the conventions. httplib_router
// installs them on an httplib::Server in one call: every 4xx and 5xx httplib
// makes on its own gets a problem+json body, handlers return an
// envelope::response and may throw, and the server gets sane defaults
// (httplib_options). Below it, the two translations it is built on:
// to_httplib (response to httplib::Response) and the request readers.
// Inline throughout, with no impl/ files: an adapter is compiled where its
// framework is, in both build modes. docs/adapters.md shows it in use.
//
// What cpp-httplib does on the wire regardless: it writes its own reason
// phrase (httplib::detail::status_message, e.g. "Unprocessable Entity" for 422;
// Response::reason is ignored), sorts the fields by name (fields of one name
// keep their order), adds Keep-Alive or Connection, and sends
// "Content-Length: 0" with every empty body, 204 and 304 included.

#include <envelope/detail/ascii.hpp>
#include <envelope/message.hpp>
#include <envelope/request.hpp>
#include <envelope/response.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope::adapters {

// Fills `out` from `from`, after check_response (so a hand-built response with
// CR or LF in a value is refused here rather than silently dropped or sent).
// Fields whose names the envelope carries replace `out`'s fields of those names;
// other fields already on `out` (set by a pre-routing handler, say) are kept.
inline void to_httplib(const response& from, httplib::Response& out) {
  check_response(from);
  for (const auto& field : from.headers)
    out.headers.erase(field.first);
  // Content-Type always goes through set_content, and is erased first: set_header
  // appends, and an empty Content-Type would make httplib add "text/plain".
  out.headers.erase("Content-Type");
  const auto content_type = from.header("Content-Type");
  for (const auto& field : from.headers) {
    if (!envelope::detail::iequals(field.first, "Content-Type")) out.headers.emplace(field);
  }
  out.status = from.status;
  if (content_type) {
    out.set_content(from.body, std::string(*content_type));
  } else {
    out.body = from.body;
  }
}

// The request's Accept fields as one list (RFC 9110 §5.3: several fields of one
// name are one comma-separated value); empty when the request sent none.
[[nodiscard]] inline std::string accept_header(const httplib::Request& request) {
  std::string joined;
  const auto [first, last] = request.headers.equal_range("Accept");
  for (auto it = first; it != last; ++it) {
    if (it->second.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += it->second;
  }
  return joined;
}

// The request's Content-Type field value; empty when it sent none.
[[nodiscard]] inline std::string content_type(const httplib::Request& request) {
  return request.get_header_value("Content-Type");
}

// envelope::read_json_body on the request: 415 unless its Content-Type is
// JSON, 413 over limits.body_limit, 400 (with the byte) for text that is not
// JSON, each thrown as problem_exception.
template <class Json = nlohmann::json>
[[nodiscard]] Json read_json_body(const httplib::Request& request,
                                  const request_limits& limits = {}) {
  return envelope::read_json_body<Json>(content_type(request), request.body, limits);
}

// envelope::require_acceptable on the request's Accept fields: the 406
// problem_exception unless the client takes `offered` or application/json.
inline void require_acceptable(const httplib::Request& request,
                               std::string_view offered = media_type::hal_json) {
  envelope::require_acceptable(accept_header(request), offered);
}

// The defaults httplib_router gives its server, each a member to override.
struct httplib_options {
  // The body limit (httplib answers 413 to a larger Content-Length before any
  // handler runs; a chunked body is read in full and then refused by
  // read_json_body) and the JSON nesting limit of read_json.
  request_limits limits;
  // Off, Nagle's algorithm and delayed ACKs hold each small response back about
  // 40 ms on a keep-alive connection.
  bool tcp_nodelay = true;
  // Requests one connection may carry (httplib's own default is 5, nginx's
  // 1000) and how long an idle one is kept. Each open connection holds a thread
  // of the pool.
  std::size_t keep_alive_max_count = 1000;
  std::chrono::seconds keep_alive_timeout{5};
  // How long the server waits for the next bytes of a request (then 408) and
  // for the client to take the response.
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  // The worker threads (httplib::ThreadPool): at most this many connections
  // are served at once, the others wait for one to close.
  std::size_t threads = 16;
  // How many connections the kernel queues before the server accepts them.
  // httplib 0.11 listens with 5 (a macro, compiled into Debian's libcpp-httplib):
  // in a burst of new connections the SYNs past it are dropped, and each such
  // client waits a second to retransmit. The router raises it once the server
  // listens, before the first accept; 0 leaves httplib's. The kernel caps it
  // (net.core.somaxconn). It takes over the server's socket options (httplib's
  // defaults stay); setting others after the router drops this one.
  int listen_backlog = 1024;
  // Before a handler of a method that changes state runs, refuse (406) an
  // Accept that takes neither HAL nor JSON; after any handler, negotiate its
  // success (negotiate_response). The check comes before the handler knows its
  // answer, so a DELETE that would be a 204 is refused too. Off for services
  // that serve other types, or that call require_acceptable themselves.
  bool negotiate = true;
  // Told of every exception that became a 500 (exception_response); called
  // from the worker threads, several at once.
  error_log log;
  response_options response;
};

// Routes handlers that return an envelope::response, and installs the
// conventions on the server it is given: constructing one is the one call.
//
//   httplib::Server server;
//   envelope::adapters::httplib_router router(server);
//   router.get(R"(/orders/(\d+))", [](const httplib::Request& req) { ... });
//   server.listen("0.0.0.0", 8080);
//
// Patterns are httplib's: ECMAScript regular expressions matched against the
// whole path, captures in request.matches. Add every route before listen().
// Handlers may throw: a problem_exception becomes its response, anything else
// a 500 that says nothing of it, after options.log was told. On the server it
// sets the options above, new_task_queue, and two handlers (set either again
// afterwards and that part of the conventions is gone):
// - the exception handler, for handlers registered on the server directly;
// - the error handler: every 4xx and 5xx without a body gets framework_error's
//   problem. What httplib 0.11.4 sends, and what the client gets instead:
//     no handler for the method and path: 404 -> 405 with Allow when routes
//       have the path, else 501 when no route uses the method, else 404
//     a method httplib does not know (FOO): 400 -> as above (405/501)
//     CONNECT, TRACE, PRI: 400 -> as above (405/501)
//     a malformed request line, an unsupported HTTP version: 400 -> 400
//     a request target over 8192 bytes: 414 -> 414
//     a header line over 8192 bytes: 400 -> 431
//     a Content-Length over limits.body_limit: 413 -> 413
//     a header section, or a body with a Content-Length, that stops arriving
//       for read_timeout: 400 -> 408 (a chunked body that stops: 400)
//   httplib reads no further after a failed request line or header section,
//   so those answers carry "Connection: close".
//
// Where httplib 0.11.4 leaves the adapter guessing: it fails a header line
// over 8192 bytes and a header section that stopped arriving the same way.
// The router answers 408 when the worker thread has waited read_timeout since
// it last answered on this connection (or since it opened), else 431; a
// handler registered on the server directly does not restart that clock, and
// a keep-alive connection idle that long before an over-long line gets a 408. A
// request line of four or more words and a good request line followed by an
// over-long first header line also look alike: both are a 431. A chunked body
// is read whole by httplib before read_json refuses it (413).
class httplib_router {
 public:
  using handler = std::function<response(const httplib::Request&)>;

  explicit httplib_router(httplib::Server& server, httplib_options options = {})
      : server_(&server), state_(std::make_shared<state>(std::move(options))) {
    const httplib_options& o = state_->options;
    server.set_payload_max_length(o.limits.body_limit);
    server.set_tcp_nodelay(o.tcp_nodelay);
    server.set_keep_alive_max_count(std::max<std::size_t>(o.keep_alive_max_count, 1));
    server.set_keep_alive_timeout(static_cast<time_t>(o.keep_alive_timeout.count()));
    server.set_read_timeout(o.read_timeout);
    server.set_write_timeout(o.write_timeout);
    const std::size_t threads = std::max<std::size_t>(o.threads, 1);
    if (o.listen_backlog > 0) {
      // httplib calls new_task_queue when it starts listening, after bind and
      // listen and before the first accept: the moment to raise the backlog of
      // the socket that socket_options was handed.
      auto listening = std::make_shared<std::atomic<socket_t>>(INVALID_SOCKET);
      server.set_socket_options([listening](socket_t sock) {
        httplib::default_socket_options(sock);
        listening->store(sock);
      });
      server.new_task_queue = [threads, listening, backlog = o.listen_backlog] {
        const socket_t sock = listening->load();
        if (sock != INVALID_SOCKET) ::listen(sock, backlog);
        return new reading_pool(threads);
      };
    } else {
      server.new_task_queue = [threads] { return new reading_pool(threads); };
    }

    std::shared_ptr<const state> s = state_;
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [s](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty() || res.content_provider_ || res.has_header("Content-Type")) {
            return httplib::Server::HandlerResponse::Unhandled;
          }
          // What follows a request httplib could not read is not a request.
          const bool close = res.status == 400;
          try {
            to_httplib(s->framework_response(req, res.status), res);
          } catch (...) {
            return httplib::Server::HandlerResponse::Unhandled;  // a 401 without its challenge
          }
          // httplib frames a handled error's body only through its range logic,
          // which would also apply the request's Range to the problem: frame it here.
          res.set_header("Content-Length", std::to_string(res.body.size()));
          if (close) res.set_header("Connection", "close");
          reading_since() = std::chrono::steady_clock::now();
          return httplib::Server::HandlerResponse::Unhandled;
        }));
    server.set_exception_handler([s](const httplib::Request& req, httplib::Response& res,
                                     std::exception_ptr e) {
      res.body.clear();
      to_httplib(
          exception_response(e, s->options.log, req.method + " " + req.path, s->options.response),
          res);
    });
  }

  // GET, and HEAD through it (httplib sends the fields without the body).
  httplib_router& get(const std::string& pattern, handler h) {
    add("GET", pattern, std::move(h));
    return *this;
  }
  httplib_router& post(const std::string& pattern, handler h) {
    add("POST", pattern, std::move(h));
    return *this;
  }
  httplib_router& put(const std::string& pattern, handler h) {
    add("PUT", pattern, std::move(h));
    return *this;
  }
  httplib_router& patch(const std::string& pattern, handler h) {
    add("PATCH", pattern, std::move(h));
    return *this;
  }
  httplib_router& delete_(const std::string& pattern, handler h) {
    add("DELETE", pattern, std::move(h));
    return *this;
  }
  httplib_router& options(const std::string& pattern, handler h) {
    add("OPTIONS", pattern, std::move(h));
    return *this;
  }

  // read_json_body with this router's limits.
  template <class Json = nlohmann::json>
  [[nodiscard]] Json read_json(const httplib::Request& request) const {
    return read_json_body<Json>(request, state_->options.limits);
  }

  [[nodiscard]] const httplib_options& settings() const noexcept { return state_->options; }

  // The methods the routes give this path, as the Allow field lists them: GET,
  // HEAD, POST, PUT, PATCH, DELETE, OPTIONS; empty for a path no route matches.
  [[nodiscard]] std::vector<std::string> allowed(const std::string& path) const {
    return state_->allowed(path);
  }

 private:
  // When this worker thread last began reading a request, as far as the router
  // can see: the connection's start, then the end of each response it built.
  static std::chrono::steady_clock::time_point& reading_since() {
    thread_local std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
    return since;
  }

  // Methods whose request line httplib 0.11 accepts (Server::parse_request_line).
  static bool parses_method(std::string_view method) {
    for (std::string_view known :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"}) {
      if (method == known) return true;
    }
    return false;
  }

  struct route {
    std::string method;
    std::regex pattern;
  };

  struct state {
    explicit state(httplib_options o) : options(std::move(o)) {}

    httplib_options options;
    std::vector<route> routes;  // written while routes are added, before listen()

    std::vector<std::string> allowed(const std::string& path) const {
      std::vector<std::string> methods;
      for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        const bool routed = std::any_of(routes.begin(), routes.end(), [&](const route& r) {
          return r.method == method && std::regex_match(path, r.pattern);
        });
        if (!routed) continue;
        methods.emplace_back(method);
        if (methods.back() == "GET") methods.emplace_back("HEAD");
      }
      return methods;
    }

    bool routes_method(const std::string& method) const {
      const std::string routed = method == "HEAD" ? "GET" : method;
      return std::any_of(routes.begin(), routes.end(),
                         [&](const route& r) { return r.method == routed; });
    }

    // No route for this method and path: 405 with Allow where the path has
    // routes (RFC 9110 §15.5.6), else 501 for a method no route uses (§15.6.2),
    // else 404.
    response unrouted(const std::string& method, const std::string& path) const {
      auto methods = allowed(path);
      if (!methods.empty()) {
        return framework_error(framework_failure::method_not_allowed, methods, 0, options.response);
      }
      if (!routes_method(method)) {
        return framework_error(framework_failure::unknown_method, {}, 0, options.response);
      }
      return framework_error(framework_failure::no_route, {}, 0, options.response);
    }

    response framework_response(const httplib::Request& req, int status) const {
      switch (status) {
        case 404:
          return unrouted(req.method, req.path);
        case 400:
          return bad_request(req);
        case 413: {
          const auto length = req.get_header_value<std::uint64_t>("Content-Length");
          return framework_error(framework_failure::body_too_large, {},
                                 length > options.limits.body_limit ? options.limits.body_limit : 0,
                                 options.response);
        }
        case 414:
          return framework_error(framework_failure::uri_too_long, {},
                                 CPPHTTPLIB_REQUEST_URI_MAX_LENGTH, options.response);
        default:
          return error_response(status, {}, options.response);
      }
    }

    // httplib answers 400 for most of what it cannot read; the request it
    // leaves behind says which.
    response bad_request(const httplib::Request& req) const {
      if (req.remote_addr.empty()) {
        // httplib fills remote_addr once the header section is read: it failed
        // on the request line or the header fields.
        const bool version_ok = req.version == "HTTP/1.1" || req.version == "HTTP/1.0";
        if (!parses_method(req.method)) {
          // A well-formed request line with a method httplib does not know: it
          // stopped before decoding the path, so decode it here.
          if (is_token(req.method) && req.version.rfind("HTTP/", 0) == 0 && !req.target.empty()) {
            const std::string target = req.target.substr(0, req.target.find_first_of("?#"));
            return unrouted(req.method, httplib::detail::decode_url(target, false));
          }
          return framework_error(framework_failure::malformed, {}, 0, options.response);
        }
        if (!version_ok || std::count(req.target.begin(), req.target.end(), '?') > 1) {
          return framework_error(framework_failure::malformed, {}, 0, options.response);
        }
        const auto waited = std::chrono::steady_clock::now() - reading_since();
        if (waited >= options.read_timeout) {
          return framework_error(framework_failure::read_timeout, {}, 0, options.response);
        }
        return framework_error(framework_failure::header_fields_too_large, {},
                               CPPHTTPLIB_HEADER_MAX_LENGTH, options.response);
      }
      // Methods httplib reads but cannot route (CONNECT, TRACE, PRI).
      if (req.method != "GET" && req.method != "HEAD" && req.method != "POST" &&
          req.method != "PUT" && req.method != "PATCH" && req.method != "DELETE" &&
          req.method != "OPTIONS") {
        return unrouted(req.method, req.path);
      }
      // A body shorter than its Content-Length: the client stopped sending.
      if (req.has_header("Content-Length") && !req.has_header("Transfer-Encoding") &&
          req.body.size() < req.get_header_value<std::uint64_t>("Content-Length")) {
        return framework_error(framework_failure::read_timeout, {}, 0, options.response);
      }
      return framework_error(framework_failure::malformed, {}, 0, options.response);
    }

    // A handler's bodiless error with the generic problem of its status and its
    // own fields. A 401 or 405 is left as it is: error_response needs their fields.
    response with_problem(response r) const {
      try {
        response filled = error_response(r.status, {}, options.response);
        for (auto& field : r.headers) {
          if (!envelope::detail::iequals(field.first, "Content-Type") &&
              !envelope::detail::iequals(field.first, "Content-Length")) {
            filled.headers.push_back(std::move(field));
          }
        }
        return filled;
      } catch (const envelope::error&) {
        return r;
      }
    }

    void dispatch(const handler& h, const httplib::Request& req, httplib::Response& res) const {
      // httplib cuts a routed body to the request's Range whatever the status, so a
      // 200 or a problem would arrive truncated. A server may ignore Range (RFC 9110
      // §14.2): the router answers in full. The Request is httplib's own non-const
      // object, handed to handlers as const, so clearing its ranges is defined.
      const_cast<httplib::Request&>(req).ranges.clear();
      const bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
      try {
        if (options.negotiate && !safe) require_acceptable(req);
        response r = h(req);
        if (options.negotiate) {
          r = negotiate_response(std::move(r), accept_header(req), options.response);
        }
        if (is_error(r.status) && r.body.empty()) r = with_problem(std::move(r));
        to_httplib(r, res);
      } catch (...) {
        res.body.clear();
        to_httplib(exception_response(std::current_exception(), options.log,
                                      req.method + " " + req.path, options.response),
                   res);
      }
      reading_since() = std::chrono::steady_clock::now();
    }
  };

  // httplib's ThreadPool, each connection starting the clock of its worker.
  class reading_pool : public httplib::ThreadPool {
   public:
    using httplib::ThreadPool::ThreadPool;
    void enqueue(std::function<void()> fn) override {
      httplib::ThreadPool::enqueue([fn = std::move(fn)] {
        reading_since() = std::chrono::steady_clock::now();
        fn();
      });
    }
  };

  void add(const char* method, const std::string& pattern, handler h) {
    state_->routes.push_back(route{method, std::regex(pattern)});
    std::shared_ptr<const state> s = state_;
    auto call = [s, h = std::move(h)](const httplib::Request& req, httplib::Response& res) {
      s->dispatch(h, req, res);
    };
    const std::string m(method);
    if (m == "GET") {
      server_->Get(pattern, std::move(call));
    } else if (m == "POST") {
      server_->Post(pattern, std::move(call));
    } else if (m == "PUT") {
      server_->Put(pattern, std::move(call));
    } else if (m == "PATCH") {
      server_->Patch(pattern, std::move(call));
    } else if (m == "DELETE") {
      server_->Delete(pattern, std::move(call));
    } else {
      server_->Options(pattern, std::move(call));
    }
  }

  httplib::Server* server_;
  std::shared_ptr<state> state_;
};

}  // namespace envelope::adapters

#endif  // ENVELOPE_ADAPTERS_HTTPLIB_HPP

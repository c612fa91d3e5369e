#ifndef ENVELOPE_ADAPTERS_BEAST_HPP
#define ENVELOPE_ADAPTERS_BEAST_HPP

// Boost.Beast has no router and no server loop, so this header gives the few
// pieces every Beast service writes: to_beast (an envelope::response as a Beast
// message), the problem for each read error Beast reports, a small router that
// answers 404, 405 with Allow and 501 itself, and serve(), an accept loop whose
// sessions read with limits and a timeout, run the handler (a throw becomes a
// problem) and keep connections alive. Inline throughout, with no impl/ files:
// an adapter is compiled where its framework is.

#include <envelope/detail/ascii.hpp>
#include <envelope/message.hpp>
#include <envelope/request.hpp>
#include <envelope/response.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope::adapters {

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;

// `version` is Beast's: 11 for HTTP/1.1, 10 for HTTP/1.0. Throws response_error
// when check_response does: Beast would otherwise send a value with CR or LF.
[[nodiscard]] inline boost::beast::http::response<boost::beast::http::string_body> to_beast(
    const response& from, unsigned version = 11) {
  check_response(from);
  const auto view = [](std::string_view text) noexcept {
    return boost::beast::string_view(text.data(), text.size());
  };
  boost::beast::http::response<boost::beast::http::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(from.status));
  // Beast's own phrases are RFC 7231's ("Unprocessable Entity" for 422); ours
  // are the IANA registry's. An unassigned code gets its class's x00 phrase.
  out.reason(view(from.reason()));
  // Fields of one name keep their order; Beast puts each after the last field of
  // its name, which RFC 9110 §5.3 allows.
  for (const auto& field : from.headers)
    out.insert(view(field.first), view(field.second));
  out.body() = from.body;
  // RFC 9110 §8.6: no Content-Length in a 1xx or 204, and in a 304 it would
  // describe the 200's content, which this message does not carry; Beast's
  // prepare_payload would write "Content-Length: 0" there. A 205 keeps it, since
  // RFC 9112 §6.3 frames a 205 like any other response.
  const bool framed_without_body =
      (from.status >= 100 && from.status < 200) || from.status == 204 || from.status == 304;
  if (!framed_without_body) out.prepare_payload();
  return out;
}

// The request's Accept fields as one list (RFC 9110 §5.3: several fields of one
// name are one comma-separated value); empty when the request sent none.
template <class Body, class Fields>
[[nodiscard]] std::string accept_header(const boost::beast::http::request<Body, Fields>& request) {
  std::string joined;
  const auto range = request.equal_range(boost::beast::http::field::accept);
  for (auto it = range.first; it != range.second; ++it) {
    const auto value = it->value();
    if (value.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined.append(value.data(), value.size());
  }
  return joined;
}

// The request's Content-Type, "" when it sent none.
template <class Body, class Fields>
[[nodiscard]] std::string_view content_type(
    const boost::beast::http::request<Body, Fields>& request) {
  const auto value = request[boost::beast::http::field::content_type];
  return std::string_view(value.data(), value.size());
}

// The JSON body of a Beast request, read by read_json_body (request.hpp): the
// 415, 413 and 400 problem_exceptions come from there.
template <class Json = nlohmann::json, class Fields>
[[nodiscard]] Json read_json_body(
    const boost::beast::http::request<boost::beast::http::string_body, Fields>& request,
    const request_limits& limits = {}) {
  return envelope::read_json_body<Json>(content_type(request), request.body(), limits);
}

// envelope::require_acceptable on the request's Accept fields: the 406
// problem_exception unless the client takes `offered` or application/json.
template <class Body, class Fields>
void require_acceptable(const boost::beast::http::request<Body, Fields>& request,
                        std::string_view offered = media_type::hal_json) {
  envelope::require_acceptable(accept_header(request), offered);
}

// "GET /orders/1", for the error log.
template <class Body, class Fields>
[[nodiscard]] std::string request_line(const boost::beast::http::request<Body, Fields>& request) {
  const auto method = request.method_string();
  const auto target = request.target();
  std::string line(method.data(), method.size());
  line += ' ';
  line.append(target.data(), target.size());
  return line;
}

// Calls handler() and returns its response; a throw becomes exception_response
// (request.hpp): a problem_exception its own problem, anything else a 500 that
// says nothing, after `log` was told with `request` ("POST /orders").
template <class Handler>
[[nodiscard]] response respond(Handler&& handler, const error_log& log = {},
                               std::string_view request = {}) {
  try {
    return std::forward<Handler>(handler)();
  } catch (...) {
    return exception_response(std::current_exception(), log, request);
  }
}

// The problem to answer a Beast read error with, or nullopt when there is no one
// to answer (the client closed or reset the connection, or the read was
// cancelled). header_limit is a 431: Beast counts the request line and the
// fields together, and serve() answers 414 instead when the line had not ended.
[[nodiscard]] inline std::optional<response> read_error_response(
    const boost::system::error_code& ec, std::size_t limit = 0) {
  namespace http = boost::beast::http;
  if (!ec) return std::nullopt;
  if (ec == boost::beast::error::timeout) return framework_error(framework_failure::read_timeout);
  if (ec.category() != http::make_error_code(http::error::header_limit).category())
    return std::nullopt;
  switch (static_cast<http::error>(ec.value())) {
    case http::error::header_limit:
    case http::error::buffer_overflow:
      return framework_error(framework_failure::header_fields_too_large, {}, limit);
    case http::error::body_limit:
      return framework_error(framework_failure::body_too_large, {}, limit);
    case http::error::bad_line_ending:
    case http::error::bad_method:
    case http::error::bad_target:
    case http::error::bad_version:
    case http::error::bad_field:
    case http::error::bad_value:
    case http::error::bad_content_length:
    case http::error::bad_transfer_encoding:
    case http::error::bad_chunk:
    case http::error::bad_chunk_extension:
    case http::error::bad_obs_fold:
      return framework_error(framework_failure::malformed);
    default:
      // end_of_stream and partial_message: the client went away.
      return std::nullopt;
  }
}

// Routes by method and path to handlers that return an envelope::response, and
// answers what no handler serves: 404 for a path no route matches, 405 with
// Allow for a method the path does not support, 501 for a method no route uses
// at all (FOO). HEAD is served by the GET route when there is no HEAD route.
// A pattern is matched segment by segment; a segment "{name}" matches any
// non-empty segment and is passed in the params (still percent-encoded). The
// query string plays no part.
class beast_router {
 public:
  using params = std::map<std::string, std::string, std::less<>>;
  using handler = std::function<response(const beast_request&, const params&)>;

  // Throws argument_error for a pattern that does not start with '/'.
  beast_router& add(boost::beast::http::verb method, std::string_view pattern, handler h) & {
    if (pattern.empty() || pattern.front() != '/')
      throw argument_error("beast_router: a route's pattern must start with '/', not \"" +
                           std::string(pattern) + "\"");
    routes_.push_back(route{method, split(pattern), std::move(h)});
    return *this;
  }
  beast_router add(boost::beast::http::verb method, std::string_view pattern, handler h) && {
    add(method, pattern, std::move(h));
    return std::move(*this);
  }
#define ENVELOPE_BEAST_ROUTER_VERB(name, value)                                          \
  beast_router& name(std::string_view pattern, handler h)& {                             \
    return add(boost::beast::http::verb::value, pattern, std::move(h));                  \
  }                                                                                      \
  beast_router name(std::string_view pattern, handler h)&& {                             \
    return std::move(*this).add(boost::beast::http::verb::value, pattern, std::move(h)); \
  }
  ENVELOPE_BEAST_ROUTER_VERB(get, get)
  ENVELOPE_BEAST_ROUTER_VERB(post, post)
  ENVELOPE_BEAST_ROUTER_VERB(put, put)
  ENVELOPE_BEAST_ROUTER_VERB(patch, patch)
  ENVELOPE_BEAST_ROUTER_VERB(delete_, delete_)
#undef ENVELOPE_BEAST_ROUTER_VERB

  // The route's response, or the framework_error for 404, 405 or 501. A
  // handler's exception propagates (serve() and respond() turn it into a problem).
  [[nodiscard]] response operator()(const beast_request& request) const {
    namespace http = boost::beast::http;
    const auto target = request.target();
    std::string_view path(target.data(), target.size());
    path = path.substr(0, path.find_first_of("?#"));
    const auto segments = split(path);
    const http::verb method = request.method();
    params found;
    const route* get_route = nullptr;
    std::vector<std::string> allowed;
    for (const auto& r : routes_) {
      params candidate;
      if (!matches(r.segments, segments, candidate)) continue;
      if (r.method == method && method != http::verb::unknown) return r.run(request, candidate);
      if (r.method == http::verb::get && !get_route) {
        get_route = &r;
        found = std::move(candidate);
      }
      add_allowed(allowed, r.method);
    }
    if (method == http::verb::head && get_route) return get_route->run(request, found);
    if (allowed.empty()) {
      return framework_error(uses(method) ? framework_failure::no_route
                                          : framework_failure::unknown_method);
    }
    if (get_route) add_allowed(allowed, http::verb::head);
    // One order whatever the order of the routes: httplib_router's.
    std::stable_sort(allowed.begin(), allowed.end(),
                     [](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    return framework_error(framework_failure::method_not_allowed, allowed);
  }

 private:
  struct route {
    boost::beast::http::verb method;
    std::vector<std::string> segments;
    handler run;
  };

  static std::vector<std::string> split(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
      const auto end = std::min(path.find('/', start), path.size());
      segments.emplace_back(path.substr(start, end - start));
      start = end + 1;
    }
    return segments;
  }

  static bool matches(const std::vector<std::string>& pattern,
                      const std::vector<std::string>& segments, params& out) {
    if (pattern.size() != segments.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const std::string& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (segments[i].empty()) return false;
        out[p.substr(1, p.size() - 2)] = segments[i];
      } else if (p != segments[i]) {
        return false;
      }
    }
    return true;
  }

  static std::size_t rank(std::string_view method) {
    constexpr std::string_view order[] = {"GET",   "HEAD",   "POST",   "PUT",
                                          "PATCH", "DELETE", "OPTIONS"};
    return static_cast<std::size_t>(std::find(std::begin(order), std::end(order), method) -
                                    std::begin(order));
  }

  static void add_allowed(std::vector<std::string>& allowed, boost::beast::http::verb method) {
    const auto name = boost::beast::http::to_string(method);
    std::string text(name.data(), name.size());
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end())
      allowed.push_back(std::move(text));
  }

  bool uses(boost::beast::http::verb method) const {
    if (method == boost::beast::http::verb::unknown) return false;
    const auto served =
        method == boost::beast::http::verb::head ? boost::beast::http::verb::get : method;
    return std::any_of(routes_.begin(), routes_.end(),
                       [served](const route& r) { return r.method == served; });
  }

  std::vector<route> routes_;
};

// The defaults of serve(), each overridable.
struct beast_options {
  request_limits limits;                 // body_limit: a larger body is a 413
  std::size_t header_limit = 16 * 1024;  // request line and fields, in bytes: a 431
  std::size_t target_limit = 8 * 1024;   // the request target, in bytes: a 414
  // How long a session waits for a whole request, from when it starts reading
  // (the connection opened, or the last response went out): then a 408 when
  // part of the request came, a silent close when none did (an idle connection).
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  bool tcp_nodelay = true;  // Nagle's algorithm and delayed ACKs cost 40 ms a response
  bool keep_alive = true;   // false: close after every response
  error_log log;            // told of every exception that became a 500
};

namespace detail {

template <class Handler>
class beast_session : public std::enable_shared_from_this<beast_session<Handler>> {
 public:
  beast_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Handler> handler,
                std::shared_ptr<const beast_options> options)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        handler_(std::move(handler)),
        options_(std::move(options)) {}

  void start() { read(); }

 private:
  void read() {
    namespace http = boost::beast::http;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options_->header_limit, std::uint32_t(-1))));
    parser_->body_limit(options_->limits.body_limit);
    timed_out_ = false;
    timer_.expires_after(options_->read_timeout);
    timer_.async_wait([weak = this->weak_from_this()](boost::system::error_code ec) {
      if (ec) return;
      if (auto self = weak.lock()) {
        self->timed_out_ = true;
        self->socket_.cancel(ec);
      }
    });
    http::async_read(socket_, buffer_, *parser_,
                     [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(boost::system::error_code ec) {
    timer_.cancel();
    if (timed_out_) {
      // An idle connection is closed in silence; a request cut short is answered.
      if (parser_->got_some() || buffer_.size() != 0)
        send(framework_error(framework_failure::read_timeout), 11, false);
      else
        close();
      return;
    }
    if (ec) {
      std::optional<response> answer;
      if (ec == boost::beast::http::error::header_limit && request_line_too_long()) {
        answer = framework_error(framework_failure::uri_too_long, {}, options_->target_limit);
      } else {
        const bool body = ec == boost::beast::http::error::body_limit;
        answer =
            read_error_response(ec, body ? options_->limits.body_limit : options_->header_limit);
      }
      if (answer)
        send(std::move(*answer), 11, false);
      else
        close();
      return;
    }
    const beast_request& request = parser_->get();
    const bool keep = options_->keep_alive && request.keep_alive();
    if (request.target().size() > options_->target_limit) {
      send(framework_error(framework_failure::uri_too_long, {}, options_->target_limit),
           request.version(), false);
      return;
    }
    response answer =
        respond([&] { return (*handler_)(request); }, options_->log, request_line(request));
    send(std::move(answer), request.version(), keep,
         request.method() == boost::beast::http::verb::head);
  }

  // Whether the header limit was reached before the request line ended: Beast
  // hands the target over only once the whole line has arrived.
  bool request_line_too_long() const { return parser_->get().target().empty(); }

  void send(response answer, unsigned version, bool keep, bool head = false) {
    namespace http = boost::beast::http;
    try {
      message_.emplace(to_beast(answer, version));
    } catch (...) {
      message_.emplace(to_beast(
          exception_response(std::current_exception(), options_->log, "writing a response"),
          version));
    }
    message_->keep_alive(keep);
    // RFC 9110 §9.3.2: a HEAD response has the GET response's fields, no content.
    if (head && message_->has_content_length()) {
      const auto size = message_->body().size();
      message_->body().clear();
      message_->content_length(size);
    }
    http::async_write(
        socket_, *message_,
        [self = this->shared_from_this(), keep](boost::system::error_code ec, std::size_t) {
          self->message_.reset();
          if (ec) {
            self->close();
          } else if (!keep) {
            self->drain();
          } else {
            self->read();
          }
        });
  }

  // Closes after reading what the client still sends, for at most a second:
  // closing with unread bytes would reset the connection, and the client could
  // lose the answer (a 413 while it is still sending its body, say).
  void drain() {
    boost::system::error_code ec;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) return close();
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([weak = this->weak_from_this()](boost::system::error_code wait_ec) {
      if (wait_ec) return;
      if (auto self = weak.lock()) self->close();
    });
    discard();
  }

  void discard() {
    socket_.async_read_some(
        boost::asio::buffer(sink_),
        [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
          if (ec) {
            self->timer_.cancel();
            self->close();
          } else {
            self->discard();
          }
        });
  }

  void close() {
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    socket_.close(ignored);
  }

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> message_;
  std::shared_ptr<const Handler> handler_;
  std::shared_ptr<const beast_options> options_;
  std::array<char, 4096> sink_{};
  bool timed_out_ = false;
};

template <class Handler>
void accept_loop(boost::asio::ip::tcp::acceptor& acceptor, std::shared_ptr<const Handler> handler,
                 std::shared_ptr<const beast_options> options) {
  // Each session on its own strand: its timer and its reads never run at once,
  // however many threads run the io_context.
  acceptor.async_accept(
      boost::asio::make_strand(acceptor.get_executor()),
      [&acceptor, handler, options](boost::system::error_code ec,
                                    boost::asio::ip::tcp::socket socket) {
        // The acceptor was closed or its io_context stopped: no more sessions.
        if (ec == boost::asio::error::operation_aborted || !acceptor.is_open()) return;
        if (!ec) {
          if (options->tcp_nodelay) socket.set_option(boost::asio::ip::tcp::no_delay(true), ec);
          std::make_shared<beast_session<Handler>>(std::move(socket), handler, options)->start();
        }
        accept_loop(acceptor, handler, options);
      });
}

}  // namespace detail

// Serves one accepted connection as serve() does (it sets no socket options).
// The socket's executor must be a strand, or its io_context run by one thread:
// the session's timer and reads must not run at once.
template <class Handler>
void serve_session(boost::asio::ip::tcp::socket socket, Handler handler,
                   beast_options options = {}) {
  std::make_shared<detail::beast_session<Handler>>(
      std::move(socket), std::make_shared<const Handler>(std::move(handler)),
      std::make_shared<const beast_options>(std::move(options)))
      ->start();
}

// Accepts connections on `acceptor` for as long as it is open and its
// io_context runs, each served by a session: requests are read within
// options' limits and timeout, `handler` (called as handler(const
// beast_request&) -> envelope::response, on the io_context's threads; a
// beast_router is one) answers each, and the connection is kept alive as the
// request and options allow. A throw from the handler becomes
// exception_response's problem; each read error its framework_error, after
// which the connection is closed. Returns at once: run the io_context (on as
// many threads as the service wants, each session is serialised by its socket's
// operations) to serve.
template <class Handler>
void serve(boost::asio::ip::tcp::acceptor& acceptor, Handler handler, beast_options options = {}) {
  detail::accept_loop(acceptor, std::make_shared<const Handler>(std::move(handler)),
                      std::make_shared<const beast_options>(std::move(options)));
}

}  // namespace envelope::adapters

#endif  // ENVELOPE_ADAPTERS_BEAST_HPP

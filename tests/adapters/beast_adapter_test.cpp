#include <envelope/adapters/beast.hpp>

#include "catch.hpp"
#include "sample_responses.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// A Beast server on 127.0.0.1 at a port the kernel picks: accepts on its own
// thread, answers one request per connection through the adapter, then closes.
// Stopped and joined on every way out of a test.
class loopback_server {
 public:
  explicit loopback_server(std::map<std::string, envelope::response> routes)
      : routes_(std::move(routes)),
        acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;
  ~loopback_server() {
    io_.stop();
    thread_.join();
  }

  [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      serve(socket);
      accept();
    });
  }

  // Synchronous on purpose: the client in this process always sends a whole
  // request or closes, so a read cannot wait forever.
  void serve(tcp::socket& socket) {
    boost::system::error_code ec;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::read(socket, buffer, request, ec);
    if (ec) return;
    const std::string target(request.target().data(), request.target().size());
    envelope::response r;
    if (target == "/accept") {
      r = envelope_test::with_fields(200, {{"Content-Type", "text/plain"}},
                                     envelope::adapters::accept_header(request));
    } else if (const auto found = routes_.find(target); found != routes_.end()) {
      r = found->second;
    } else {
      r = envelope_test::with_fields(404, {});
    }
    http::write(socket, envelope::adapters::to_beast(r, request.version()), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }

  std::map<std::string, envelope::response> routes_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

struct raw_reply {
  std::string status_line;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string bytes;
};

// Sends one request and reads until the server closes, within five seconds:
// the raw bytes show the status line and what follows the header section.
raw_reply fetch(unsigned short port, const std::string& request_head) {
  asio::io_context io;
  tcp::socket socket(io);
  std::string received;
  std::array<char, 4096> chunk{};
  bool closed = false;
  boost::system::error_code failure;
  std::function<void()> read_more = [&] {
    socket.async_read_some(asio::buffer(chunk), [&](boost::system::error_code ec, std::size_t n) {
      received.append(chunk.data(), n);
      if (ec == asio::error::eof) {
        closed = true;
      } else if (ec) {
        failure = ec;
      } else {
        read_more();
      }
    });
  };
  socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                       [&](boost::system::error_code ec) {
                         if (ec) {
                           failure = ec;
                           return;
                         }
                         asio::async_write(socket, asio::buffer(request_head),
                                           [&](boost::system::error_code wec, std::size_t) {
                                             if (wec) {
                                               failure = wec;
                                               return;
                                             }
                                             read_more();
                                           });
                       });
  io.run_for(std::chrono::seconds(5));
  INFO(failure.message());
  REQUIRE(closed);

  raw_reply reply;
  reply.bytes = received;
  const auto head_end = received.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  reply.body = received.substr(head_end + 4);
  std::size_t line_start = 0;
  while (line_start < head_end) {
    const auto line_end = received.find("\r\n", line_start);
    const std::string line = received.substr(line_start, line_end - line_start);
    line_start = line_end + 2;
    if (reply.status_line.empty()) {
      reply.status_line = line;
      continue;
    }
    const auto colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    const auto value_start = line.find_first_not_of(' ', colon + 1);
    reply.headers.emplace_back(line.substr(0, colon), value_start == std::string::npos
                                                          ? std::string()
                                                          : line.substr(value_start));
  }
  return reply;
}

raw_reply get(unsigned short port, const std::string& target, const std::string& extra = {}) {
  return fetch(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n");
}

// Beast inserts a field after the last field of the same name, so fields arrive
// grouped by name, the groups in order of first appearance (RFC 9110 §5.3 makes
// only the order within one name significant).
std::vector<std::pair<std::string, std::string>> grouped_by_name(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::pair<std::string, std::string>> grouped;
  for (const auto& field : fields) {
    auto at = grouped.end();
    for (auto it = grouped.begin(); it != grouped.end(); ++it) {
      if (envelope::detail::iequals(it->first, field.first)) at = it + 1;
    }
    grouped.insert(at, field);
  }
  return grouped;
}

std::map<std::string, envelope::response> sample_routes() {
  std::map<std::string, envelope::response> routes;
  for (auto& s : envelope_test::samples())
    routes.emplace(std::move(s.path), std::move(s.response));
  return routes;
}

}  // namespace

TEST_CASE("beast: each response arrives with its status line, fields and body") {
  loopback_server server(sample_routes());
  for (const auto& s : envelope_test::samples()) {
    INFO(s.path);
    const raw_reply got = get(server.port(), s.path);
    const envelope::response& built = s.response;
    CHECK(got.status_line ==
          "HTTP/1.1 " + std::to_string(built.status) + " " + std::string(built.reason()));
    CHECK(got.body == built.body);
    // Beast adds Content-Length, after the envelope's fields, and nothing else.
    auto expected = grouped_by_name(built.headers);
    if (built.status != 204)
      expected.emplace_back("Content-Length", std::to_string(built.body.size()));
    CHECK(got.headers == expected);
  }
}

TEST_CASE("beast: the status line carries the IANA reason phrase, not Beast's") {
  std::map<std::string, envelope::response> routes;
  routes["/422"] = envelope_test::with_fields(422, {});
  routes["/413"] = envelope_test::with_fields(413, {});
  routes["/299"] = envelope_test::with_fields(299, {});
  loopback_server server(std::move(routes));
  CHECK(get(server.port(), "/422").status_line == "HTTP/1.1 422 Unprocessable Content");
  CHECK(get(server.port(), "/413").status_line == "HTTP/1.1 413 Content Too Large");
  // RFC 9110 §15: an unassigned code is understood as its class's x00.
  CHECK(get(server.port(), "/299").status_line == "HTTP/1.1 299 OK");
}

TEST_CASE("beast: 204 and 304 carry no Content-Type, no Content-Length and no body") {
  std::map<std::string, envelope::response> routes;
  routes["/204"] = envelope_test::with_fields(204, {});
  routes["/304"] = envelope_test::with_fields(304, {{"ETag", "\"v2\""}});
  routes["/205"] = envelope_test::with_fields(205, {});
  loopback_server server(std::move(routes));

  const raw_reply no_content = get(server.port(), "/204");
  CHECK(no_content.status_line == "HTTP/1.1 204 No Content");
  CHECK(no_content.headers.empty());
  CHECK(no_content.body.empty());

  const raw_reply not_modified = get(server.port(), "/304");
  CHECK(not_modified.status_line == "HTTP/1.1 304 Not Modified");
  CHECK(not_modified.headers ==
        std::vector<std::pair<std::string, std::string>>{{"ETag", "\"v2\""}});
  CHECK(not_modified.body.empty());

  // A 205 is framed like other responses (RFC 9112 §6.3), so it says its length.
  const raw_reply reset = get(server.port(), "/205");
  CHECK(envelope_test::values_of(reset.headers, "Content-Length") == std::vector<std::string>{"0"});
  CHECK(reset.body.empty());
}

TEST_CASE("beast: an HTTP/1.0 request gets an HTTP/1.0 status line") {
  loopback_server server(sample_routes());
  const raw_reply got = fetch(server.port(), "GET /ok HTTP/1.0\r\n\r\n");
  CHECK(got.status_line == "HTTP/1.0 200 OK");
  CHECK(got.body == envelope_test::samples()[0].response.body);
}

TEST_CASE("beast: accept_header joins the request's Accept fields") {
  loopback_server server(sample_routes());
  CHECK(get(server.port(), "/accept",
            "Accept: application/hal+json\r\nAccept: application/json;q=0.5\r\n")
            .body == "application/hal+json, application/json;q=0.5");
  CHECK(get(server.port(), "/accept").body.empty());
}

TEST_CASE("beast: a response that breaks a rule is refused before Beast sees it") {
  envelope::response injected;
  injected.headers.emplace_back("X-Note", "a\r\nSet-Cookie: stolen=1");
  CHECK_THROWS_AS(envelope::adapters::to_beast(injected), envelope::response_error);

  envelope::response unauthorized_without_challenge;
  unauthorized_without_challenge.status = 401;
  CHECK_THROWS_AS(envelope::adapters::to_beast(unauthorized_without_challenge),
                  envelope::response_error);
}

namespace {

// A service as the adapter's users write one: a beast_router served by serve()
// on 127.0.0.1, with small limits so that each failure is cheap to provoke.
class beast_service {
 public:
  explicit beast_service(envelope::adapters::beast_router router,
                         envelope::adapters::beast_options options = test_options())
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    options.log = [this](std::exception_ptr, std::string_view request) {
      const std::lock_guard<std::mutex> lock(mutex_);
      logged_.emplace_back(request);
    };
    envelope::adapters::serve(acceptor_, std::move(router), std::move(options));
    thread_ = std::thread([this] { io_.run(); });
  }
  beast_service(const beast_service&) = delete;
  beast_service& operator=(const beast_service&) = delete;
  ~beast_service() {
    io_.stop();
    thread_.join();
  }

  static envelope::adapters::beast_options test_options() {
    envelope::adapters::beast_options options;
    options.limits.body_limit = 1000;
    options.header_limit = 4000;
    options.target_limit = 1000;
    options.read_timeout = std::chrono::milliseconds(300);
    return options;
  }

  [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }

  [[nodiscard]] std::vector<std::string> logged() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return logged_;
  }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> logged_;
};

envelope::adapters::beast_router orders_router() {
  using envelope::adapters::beast_request;
  using params = envelope::adapters::beast_router::params;
  envelope::adapters::beast_router router;
  router.get("/orders/{id}", [](const beast_request&, const params& p) {
    return envelope::ok(envelope::resource({{"id", p.at("id")}}));
  });
  router.delete_("/orders/{id}",
                 [](const beast_request&, const params&) { return envelope::no_content(); });
  router.post("/orders", [](const beast_request& request, const params&) {
    envelope::adapters::require_acceptable(request);
    const auto body = envelope::adapters::read_json_body(request);
    return envelope::negotiate_response(envelope::created(envelope::resource(body), "/orders/7"),
                                        envelope::adapters::accept_header(request));
  });
  router.get("/problem", [](const beast_request&, const params&) -> envelope::response {
    throw envelope::problem_exception(
        envelope::problem::from_status(409).with_detail("Order 7 is already paid."));
  });
  router.get("/crash", [](const beast_request&, const params&) -> envelope::response {
    throw std::runtime_error("secret database password in /etc/orders.conf");
  });
  return router;
}

std::string head_of(const std::string& method, const std::string& target,
                    const std::string& extra = {}) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra +
         "\r\n";
}

// A problem+json reply with the status, a title and a detail, as the issue asks
// of every framework-made error.
nlohmann::json expect_problem(const raw_reply& got, int status) {
  INFO(got.bytes);
  CHECK(got.status_line.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0);
  CHECK(envelope_test::values_of(got.headers, "Content-Type") ==
        std::vector<std::string>{"application/problem+json"});
  const auto body = nlohmann::json::parse(got.body);
  CHECK(body.at("status") == status);
  CHECK(body.at("title").is_string());
  CHECK(body.at("detail").is_string());
  return body;
}

}  // namespace

TEST_CASE("beast serve: a route answers, with TCP keep-alive between requests") {
  beast_service service(orders_router());
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), service.port()));
  boost::beast::flat_buffer buffer;
  for (const char* id : {"1", "2"}) {
    http::request<http::empty_body> request(http::verb::get, std::string("/orders/") + id, 11);
    request.set(http::field::host, "127.0.0.1");
    http::write(socket, request);
    http::response<http::string_body> reply;
    http::read(socket, buffer, reply);
    CHECK(reply.result_int() == 200);
    CHECK(reply.keep_alive());
    CHECK(nlohmann::json::parse(reply.body()).at("id") == id);
  }
}

TEST_CASE("beast serve: an unknown path is a 404 problem") {
  beast_service service(orders_router());
  const auto body = expect_problem(fetch(service.port(), head_of("GET", "/nowhere")), 404);
  CHECK(body.at("title") == "Not Found");
}

TEST_CASE("beast serve: a method the path does not support is a 405 with Allow") {
  beast_service service(orders_router());
  const raw_reply got = fetch(service.port(), head_of("PUT", "/orders/1", "Content-Length: 0\r\n"));
  expect_problem(got, 405);
  CHECK(envelope_test::values_of(got.headers, "Allow") ==
        std::vector<std::string>{"GET, HEAD, DELETE"});
}

TEST_CASE("beast serve: a method no route uses is a 501; on an unknown path too") {
  beast_service service(orders_router());
  expect_problem(fetch(service.port(), head_of("FOO", "/elsewhere")), 501);
  // PATCH is a method Beast knows, but no route uses it.
  expect_problem(fetch(service.port(), head_of("PATCH", "/elsewhere", "Content-Length: 0\r\n")),
                 501);
  // On a path that exists, the method is not allowed there: 405.
  expect_problem(fetch(service.port(), head_of("FOO", "/orders/1")), 405);
}

TEST_CASE("beast serve: HEAD is answered by the GET route, without the body") {
  beast_service service(orders_router());
  const raw_reply got = fetch(service.port(), head_of("HEAD", "/orders/1"));
  CHECK(got.status_line == "HTTP/1.1 200 OK");
  CHECK(got.body.empty());
  CHECK(envelope_test::values_of(got.headers, "Content-Length") ==
        std::vector<std::string>{std::to_string(std::string(R"({"id":"1"})").size())});
}

TEST_CASE("beast serve: malformed requests are 400 problems") {
  beast_service service(orders_router());
  expect_problem(fetch(service.port(), "GET /orders/1 HTTP/1.1\r\nNo colon here\r\n\r\n"), 400);
  expect_problem(fetch(service.port(), "GET /orders/1 HTTP/9.x\r\nHost: a\r\n\r\n"), 400);
  expect_problem(fetch(service.port(), head_of("POST", "/orders", "Content-Length: 12x\r\n")), 400);
  expect_problem(fetch(service.port(), "GET /orders/\x01 HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

TEST_CASE("beast serve: a target over the limit is a 414") {
  beast_service service(orders_router());
  // Over target_limit but within header_limit: read, then refused.
  const auto within = expect_problem(
      fetch(service.port(), head_of("GET", "/orders/" + std::string(1500, 'a'))), 414);
  CHECK(within.at("detail").get<std::string>().find("1000") != std::string::npos);
  // Over header_limit too: Beast stops reading; still a 414, not a 431.
  expect_problem(fetch(service.port(), head_of("GET", "/orders/" + std::string(6000, 'a'))), 414);
}

TEST_CASE("beast serve: header fields over the limit are a 431") {
  beast_service service(orders_router());
  const auto body = expect_problem(
      fetch(service.port(),
            head_of("GET", "/orders/1", "Accept: " + std::string(8000, 'a') + "\r\n")),
      431);
  CHECK(body.at("title") == "Request Header Fields Too Large");
}

TEST_CASE("beast serve: a body over the limit is a 413, announced or chunked") {
  beast_service service(orders_router());
  const std::string json = "application/json";
  // The client is still sending when the answer comes: it must arrive anyway.
  expect_problem(
      fetch(service.port(),
            head_of("POST", "/orders", "Content-Type: " + json + "\r\nContent-Length: 50000\r\n") +
                std::string(3000, ' ')),
      413);
  const std::string chunk(1500, ' ');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", chunk.size());
  expect_problem(fetch(service.port(),
                       head_of("POST", "/orders",
                               "Content-Type: " + json + "\r\nTransfer-Encoding: chunked\r\n") +
                           size + "\r\n" + chunk + "\r\n0\r\n\r\n"),
                 413);
}

TEST_CASE("beast serve: a request that stops arriving is a 408; an idle connection just closes") {
  beast_service service(orders_router());
  const raw_reply cut_short = fetch(service.port(), "GET /orders/1 HTTP/1.1\r\nHost: a\r\n");
  expect_problem(cut_short, 408);
  CHECK(envelope_test::values_of(cut_short.headers, "Connection") ==
        std::vector<std::string>{"close"});
  const raw_reply idle = [&] {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), service.port()));
    std::string received;
    boost::system::error_code ec;
    std::array<char, 256> chunk{};
    while (!ec)
      received.append(chunk.data(), socket.read_some(asio::buffer(chunk), ec));
    CHECK(ec == asio::error::eof);
    return raw_reply{{}, {}, {}, received};
  }();
  CHECK(idle.bytes.empty());
}

TEST_CASE(
    "beast serve: a problem_exception is its response; anything else a 500 that leaks nothing") {
  beast_service service(orders_router());
  const auto conflict = expect_problem(fetch(service.port(), head_of("GET", "/problem")), 409);
  CHECK(conflict.at("detail") == "Order 7 is already paid.");
  CHECK(service.logged().empty());

  const raw_reply crashed = fetch(service.port(), head_of("GET", "/crash"));
  const auto body = expect_problem(crashed, 500);
  CHECK(body.at("detail") == envelope::internal_error_detail);
  CHECK(crashed.bytes.find("secret") == std::string::npos);
  CHECK(crashed.bytes.find("runtime_error") == std::string::npos);
  CHECK(service.logged() == std::vector<std::string>{"GET /crash"});
}

TEST_CASE("beast serve: a JSON body is read by read_json_body: 415, 413, 400 with the offset") {
  beast_service service(orders_router());
  const auto post = [&](const std::string& type, const std::string& body,
                        const std::string& extra = {}) {
    return fetch(service.port(),
                 head_of("POST", "/orders",
                         (type.empty() ? std::string() : "Content-Type: " + type + "\r\n") +
                             "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra) +
                     body);
  };
  const raw_reply created = post("application/json", R"({"total":30})");
  CHECK(created.status_line == "HTTP/1.1 201 Created");
  CHECK(envelope_test::values_of(created.headers, "Location") ==
        std::vector<std::string>{"/orders/7"});
  CHECK(post("application/merge-patch+json", R"({"total":30})").status_line ==
        "HTTP/1.1 201 Created");

  expect_problem(post("text/plain", R"({"total":30})"), 415);
  expect_problem(post("", R"({"total":30})"), 415);
  const auto bad = expect_problem(post("application/json", R"({"total":})"), 400);
  // The '}' at byte 9 (from 0) is where the text stops being JSON.
  CHECK(bad.at("errors").at(0).at("detail").get<std::string>().find("byte 9") != std::string::npos);
  // Within the session's limit, over read_json_body's default? The session's is
  // the smaller here, so the 413 comes from the session.
  expect_problem(post("application/json", "[" + std::string(1200, ' ') + "]"), 413);
}

TEST_CASE("beast serve: Accept is checked before the work and the success negotiated after") {
  beast_service service(orders_router());
  const std::string body = R"({"total":30})";
  const auto post = [&](const std::string& accept) {
    return fetch(service.port(),
                 head_of("POST", "/orders",
                         "Content-Type: application/json\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\nAccept: " + accept + "\r\n") +
                     body);
  };
  expect_problem(post("text/html"), 406);
  const raw_reply json = post("application/json");
  CHECK(json.status_line == "HTTP/1.1 201 Created");
  CHECK(envelope_test::values_of(json.headers, "Content-Type") ==
        std::vector<std::string>{"application/json"});
  const raw_reply hal = post("application/hal+json, application/json;q=0.5");
  CHECK(envelope_test::values_of(hal.headers, "Content-Type") ==
        std::vector<std::string>{"application/hal+json"});
}

TEST_CASE("beast: read_error_response maps Beast's errors") {
  using envelope::adapters::read_error_response;
  CHECK(read_error_response(http::error::header_limit)->status == 431);
  CHECK(read_error_response(http::error::body_limit)->status == 413);
  CHECK(read_error_response(http::error::bad_method)->status == 400);
  CHECK(read_error_response(http::error::bad_target)->status == 400);
  CHECK(read_error_response(http::error::bad_field)->status == 400);
  CHECK(read_error_response(boost::beast::error::timeout)->status == 408);
  CHECK_FALSE(read_error_response(http::error::end_of_stream));
  CHECK_FALSE(read_error_response(asio::error::connection_reset));
  CHECK_FALSE(read_error_response({}));
}

TEST_CASE("beast: beast_router refuses a pattern without a leading slash") {
  envelope::adapters::beast_router router;
  CHECK_THROWS_AS(router.get("orders", {}), envelope::argument_error);
}

TEST_CASE("beast serve_session: a connection accepted by the service's own loop") {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  acceptor.async_accept([](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;
    envelope::adapters::beast_options options;
    options.keep_alive = false;
    envelope::adapters::serve_session(std::move(socket), orders_router(), options);
  });
  struct running {
    asio::io_context& io;
    std::thread thread;
    ~running() {
      io.stop();
      thread.join();
    }
  } run{io, std::thread([&io] { io.run(); })};
  // Without Connection: close; keep_alive = false closes anyway.
  const raw_reply got =
      fetch(acceptor.local_endpoint().port(), "GET /orders/3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  CHECK(got.status_line == "HTTP/1.1 200 OK");
  CHECK(envelope_test::values_of(got.headers, "Connection") == std::vector<std::string>{"close"});
  CHECK(nlohmann::json::parse(got.body).at("id") == "3");
}

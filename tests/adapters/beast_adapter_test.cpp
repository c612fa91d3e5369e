#include <envelope/adapters/beast.hpp>

#include "catch.hpp"
#include "sample_responses.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <map>
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

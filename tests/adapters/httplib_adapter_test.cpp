#include <envelope/adapters/httplib.hpp>

#include "catch.hpp"
#include "sample_responses.hpp"

#include <chrono>
#include <set>
#include <string>
#include <thread>

namespace {

// A cpp-httplib server on 127.0.0.1 at a port the kernel picks, serving the
// samples through the adapter; stopped and joined on every way out of a test.
class loopback_server {
 public:
  loopback_server() {
    for (const auto& s : envelope_test::samples()) {
      const envelope::response r = s.response;
      server_.Get(s.path, [r](const httplib::Request&, httplib::Response& res) {
        envelope::adapters::to_httplib(r, res);
      });
    }
    server_.Get("/accept", [](const httplib::Request& req, httplib::Response& res) {
      envelope::adapters::to_httplib(
          envelope_test::with_fields(200, {{"Content-Type", "text/plain"}},
                                     envelope::adapters::accept_header(req)),
          res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the listen loop runs would be lost and join() would hang.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        thread_.detach();
        throw std::runtime_error("the httplib server did not start");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;
  ~loopback_server() {
    server_.stop();
    thread_.join();
  }

  [[nodiscard]] httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(std::chrono::seconds(2));
    c.set_read_timeout(std::chrono::seconds(5));
    c.set_write_timeout(std::chrono::seconds(5));
    return c;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// Fields httplib writes on its own: framing and connection management.
bool added_by_httplib(const std::string& name) {
  return envelope::detail::iequals(name, "Content-Length") ||
         envelope::detail::iequals(name, "Keep-Alive") ||
         envelope::detail::iequals(name, "Connection");
}

}  // namespace

TEST_CASE("httplib: each response arrives with its status, fields and body") {
  loopback_server server;
  auto client = server.client();
  for (const auto& s : envelope_test::samples()) {
    INFO(s.path);
    const auto result = client.Get(s.path.c_str());
    REQUIRE(result);
    const httplib::Response& got = *result;
    CHECK(got.status == s.response.status);
    CHECK(got.body == s.response.body);

    std::set<std::string> names;
    for (const auto& field : s.response.headers) {
      names.insert(field.first);
      CHECK(envelope_test::values_of(got.headers, field.first) ==
            envelope_test::values_of(s.response.headers, field.first));
    }
    for (const auto& field : got.headers) {
      INFO(field.first);
      CHECK((names.count(field.first) == 1 || added_by_httplib(field.first)));
    }
    if (!s.response.body.empty()) {
      CHECK(got.get_header_value("Content-Length") == std::to_string(s.response.body.size()));
    }
  }
}

TEST_CASE("httplib: a 204 arrives without Content-Type and without a body") {
  loopback_server server;
  auto client = server.client();
  const auto result = client.Get("/no-content");
  REQUIRE(result);
  CHECK(result->status == 204);
  CHECK_FALSE(result->has_header("Content-Type"));
  CHECK(result->body.empty());
}

TEST_CASE("httplib: one Content-Type, the envelope's, never httplib's text/plain") {
  loopback_server server;
  auto client = server.client();
  const auto result = client.Get("/ok");
  REQUIRE(result);
  CHECK(result->get_header_value_count("Content-Type") == 1);
  CHECK(result->get_header_value("Content-Type") == "application/hal+json");
}

TEST_CASE("httplib: accept_header joins the request's Accept fields") {
  loopback_server server;
  auto client = server.client();
  SECTION("two fields") {
    const auto result = client.Get(
        "/accept", {{"Accept", "application/hal+json;q=1"}, {"Accept", "application/json;q=0.5"}});
    REQUIRE(result);
    CHECK(result->body == "application/hal+json;q=1, application/json;q=0.5");
  }
  SECTION("none") {
    httplib::Request request;
    CHECK(envelope::adapters::accept_header(request).empty());
  }
}

TEST_CASE("httplib: to_httplib replaces the envelope's fields and keeps the others") {
  httplib::Response out;
  out.set_header("Content-Type", "text/html");
  out.set_header("Location", "/stale");
  out.set_header("Access-Control-Allow-Origin", "*");
  envelope::adapters::to_httplib(envelope_test::samples()[1].response, out);
  CHECK(out.status == 201);
  CHECK(out.get_header_value_count("Content-Type") == 1);
  CHECK(out.get_header_value("Content-Type") == "application/hal+json");
  CHECK(out.get_header_value_count("Location") == 1);
  CHECK(out.get_header_value("Location") == "/orders/2");
  CHECK(out.get_header_value("Access-Control-Allow-Origin") == "*");
}

TEST_CASE("httplib: a response that breaks a rule is refused before httplib sees it") {
  envelope::response injected;
  injected.headers.emplace_back("X-Note", "a\r\nSet-Cookie: stolen=1");
  httplib::Response out;
  CHECK_THROWS_AS(envelope::adapters::to_httplib(injected, out), envelope::response_error);
  CHECK(out.status == -1);
  CHECK(out.headers.empty());

  envelope::response no_content_with_body;
  no_content_with_body.status = 204;
  no_content_with_body.body = "x";
  CHECK_THROWS_AS(envelope::adapters::to_httplib(no_content_with_body, out),
                  envelope::response_error);
}

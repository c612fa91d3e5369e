#include <envelope/adapters/crow.hpp>

#include "catch.hpp"
#include "sample_responses.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using app_type = crow::App<envelope::adapters::crow_conventions>;

// A Crow app on 127.0.0.1 at a port the kernel picks, with the conventions
// installed and small limits; stopped and joined on every way out of a test.
class crow_service {
 public:
  crow_service() {
    app_.loglevel(crow::LogLevel::Critical);
    CROW_ROUTE(app_, "/orders/<int>")
    ([](int id) {
      return envelope::adapters::to_crow(envelope::ok(envelope::resource({{"id", id}})));
    });
    CROW_ROUTE(app_, "/orders/<int>").methods(crow::HTTPMethod::Delete)([](int) {
      return envelope::adapters::to_crow(envelope::no_content());
    });
    CROW_ROUTE(app_, "/orders").methods(crow::HTTPMethod::Post)([](const crow::request& request) {
      const std::string accept = envelope::adapters::accept_header(request);
      envelope::adapters::require_acceptable(request);
      const auto body = envelope::adapters::read_json_body(request);
      return envelope::adapters::to_crow(envelope::negotiate_response(
          envelope::created(envelope::resource(body), "/orders/7"), accept));
    });
    CROW_ROUTE(app_, "/problem")
    ([]() -> crow::response {
      throw envelope::problem_exception(
          envelope::problem::from_status(409).with_detail("Order 7 is already paid."));
    });
    CROW_ROUTE(app_, "/crash")
    ([]() -> crow::response {
      throw std::runtime_error("secret database password in /etc/orders.conf");
    });
    CROW_ROUTE(app_, "/bare")([] { return crow::response(403); });
    CROW_ROUTE(app_, "/status/<int>")
    ([](int code) {
      return envelope::adapters::to_crow(code >= 400 ? envelope::error_response(code)
                                                     : envelope::make_response(code));
    });

    envelope::adapters::crow_options options;
    options.limits.body_limit = 1000;
    options.target_limit = 1000;
    options.header_limit = 4000;
    options.threads = 2;
    options.timeout_seconds = 1;
    options.log = [this](std::exception_ptr, std::string_view request) {
      const std::lock_guard<std::mutex> lock(mutex_);
      logged_.emplace_back(request);
    };
    envelope::adapters::install(app_, options);
    app_.bindaddr("127.0.0.1").port(0);
    running_ = app_.run_async();
    if (app_.wait_for_server_start() != std::cv_status::no_timeout)
      throw std::runtime_error("the Crow app did not start");
  }
  crow_service(const crow_service&) = delete;
  crow_service& operator=(const crow_service&) = delete;
  ~crow_service() {
    app_.stop();
    running_.wait();
  }

  [[nodiscard]] unsigned short port() { return app_.port(); }
  [[nodiscard]] app_type& app() { return app_; }
  [[nodiscard]] std::vector<std::string> logged() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return logged_;
  }

 private:
  app_type app_;
  std::future<void> running_;
  mutable std::mutex mutex_;
  std::vector<std::string> logged_;
};

struct raw_reply {
  std::string status_line;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string bytes;
};

// Sends the bytes on a fresh connection and reads until the server closes it,
// within five seconds. An empty reply means the server closed without a word.
raw_reply fetch(unsigned short port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  std::size_t sent = 0;
  while (sent < request.size()) {
    const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool closed = false;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char chunk[4096];
    const auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      closed = true;
      break;
    }
    received.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  REQUIRE(closed);

  raw_reply reply;
  reply.bytes = received;
  if (received.empty()) return reply;
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

std::string head_of(const std::string& method, const std::string& target,
                    const std::string& extra = {}) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra +
         "\r\n";
}

int status_of(const raw_reply& reply) {
  REQUIRE(reply.status_line.size() >= 12);
  return std::stoi(reply.status_line.substr(9, 3));
}

nlohmann::json expect_problem(const raw_reply& got, int status) {
  INFO(got.bytes);
  CHECK(status_of(got) == status);
  CHECK(envelope_test::values_of(got.headers, "Content-Type") ==
        std::vector<std::string>{"application/problem+json"});
  const auto body = nlohmann::json::parse(got.body);
  CHECK(body.at("status") == status);
  CHECK(body.at("title").is_string());
  CHECK(body.at("detail").is_string());
  return body;
}

std::string post_orders(const std::string& type, const std::string& body,
                        const std::string& extra = {}) {
  return head_of("POST", "/orders",
                 (type.empty() ? std::string() : "Content-Type: " + type + "\r\n") +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra) +
         body;
}

}  // namespace

TEST_CASE("crow: crow_status keeps what Crow can send and sends the rest as x00") {
  STATIC_REQUIRE(envelope::adapters::crow_status(422) == 422);
  STATIC_REQUIRE(envelope::adapters::crow_status(431) == 400);
  STATIC_REQUIRE(envelope::adapters::crow_status(511) == 500);
  STATIC_REQUIRE(envelope::adapters::crow_status(226) == 200);
}

TEST_CASE("crow: every assigned code goes out as crow_status says, never as Crow's 500") {
  crow_service service;
  for (int code = 200; code < 600; ++code) {
    // 401 and 405 need fields of their own, 1xx are not final answers.
    if (!envelope::find_status(code) || code == 401 || code == 405) continue;
    INFO(code);
    const raw_reply got = fetch(service.port(), head_of("GET", "/status/" + std::to_string(code)));
    CHECK(status_of(got) == envelope::adapters::crow_status(code));
    if (code >= 400) {
      const auto body = nlohmann::json::parse(got.body);
      CHECK(body.at("status") == envelope::adapters::crow_status(code));
    }
  }
}

TEST_CASE("crow: a code Crow lacks is sent as its class's x00, the problem restated to match") {
  crow_service service;
  const auto body = expect_problem(fetch(service.port(), head_of("GET", "/status/431")), 400);
  CHECK(body.at("title") == "Bad Request");
  // The detail still says what happened: the fields were too large.
  CHECK(nlohmann::json::parse(envelope::error_response(431).body).at("detail") ==
        body.at("detail"));
}

TEST_CASE("crow: a route answers with the envelope's status, fields and body") {
  crow_service service;
  const raw_reply got = fetch(service.port(), head_of("GET", "/orders/5"));
  CHECK(status_of(got) == 200);
  CHECK(envelope_test::values_of(got.headers, "Content-Type") ==
        std::vector<std::string>{"application/hal+json"});
  CHECK(nlohmann::json::parse(got.body).at("id") == 5);
}

TEST_CASE("crow: an unknown path is a 404 problem") {
  crow_service service;
  const auto body = expect_problem(fetch(service.port(), head_of("GET", "/nowhere")), 404);
  CHECK(body.at("title") == "Not Found");
}

TEST_CASE("crow: a method the path does not support is a 405 with Allow") {
  crow_service service;
  const raw_reply got = fetch(service.port(), head_of("PUT", "/orders/1", "Content-Length: 0\r\n"));
  expect_problem(got, 405);
  const auto allow = envelope_test::values_of(got.headers, "Allow");
  REQUIRE(allow.size() == 1);
  CHECK(allow[0].find("GET") != std::string::npos);
  CHECK(allow[0].find("DELETE") != std::string::npos);
  CHECK(allow[0].find("HEAD") != std::string::npos);
  CHECK(allow[0].find("PUT") == std::string::npos);
}

TEST_CASE("crow: a method no route uses is a 501; one Crow's parser does not know, no answer") {
  crow_service service;
  expect_problem(fetch(service.port(), head_of("PATCH", "/elsewhere", "Content-Length: 0\r\n")),
                 501);
  // Documented: Crow's parser closes the connection on FOO before any code of ours.
  CHECK(fetch(service.port(), head_of("FOO", "/elsewhere")).bytes.empty());
}

TEST_CASE("crow: what Crow's parser rejects is closed without an answer (documented)") {
  crow_service service;
  CHECK(fetch(service.port(), "GET /orders/1 HTTP/1.1\r\nNo colon here\r\n\r\n").bytes.empty());
  // HTTP/1.1 without Host: Crow's own 400, a text body, before any middleware.
  const raw_reply no_host =
      fetch(service.port(), "GET /orders/1 HTTP/1.1\r\nConnection: close\r\n\r\n");
  CHECK(status_of(no_host) == 400);
  CHECK(no_host.body == "400 Bad Request\r\n");
}

TEST_CASE("crow: a target over the limit is a 414") {
  crow_service service;
  const auto body = expect_problem(
      fetch(service.port(), head_of("GET", "/orders/" + std::string(1500, '1'))), 414);
  CHECK(body.at("detail").get<std::string>().find("1000") != std::string::npos);
}

TEST_CASE("crow: header fields over the limit are a 431, which Crow sends as 400") {
  crow_service service;
  const auto body = expect_problem(
      fetch(service.port(),
            head_of("GET", "/orders/1", "Accept: " + std::string(5000, 'a') + "\r\n")),
      400);
  CHECK(body.at("detail").get<std::string>().find("header fields") != std::string::npos);
}

TEST_CASE("crow: a body over the limit is a 413") {
  crow_service service;
  expect_problem(fetch(service.port(), post_orders("application/json", std::string(1500, ' '))),
                 413);
}

TEST_CASE("crow: a request that stops arriving is closed without an answer (documented)") {
  crow_service service;
  CHECK(fetch(service.port(), "GET /orders/1 HTTP/1.1\r\nHost: a\r\n").bytes.empty());
}

TEST_CASE("crow: a problem_exception is its response; anything else a 500 that leaks nothing") {
  crow_service service;
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

TEST_CASE("crow: a JSON body is read by read_json_body: 415, 400 with the offset") {
  crow_service service;
  const raw_reply created =
      fetch(service.port(), post_orders("application/json", R"({"total":30})"));
  CHECK(status_of(created) == 201);
  CHECK(envelope_test::values_of(created.headers, "Location") ==
        std::vector<std::string>{"/orders/7"});
  expect_problem(fetch(service.port(), post_orders("text/plain", R"({"total":30})")), 415);
  expect_problem(fetch(service.port(), post_orders("", R"({"total":30})")), 415);
  const auto bad =
      expect_problem(fetch(service.port(), post_orders("application/json", R"({"total":})")), 400);
  CHECK(bad.at("errors").at(0).at("detail").get<std::string>().find("byte 9") != std::string::npos);
}

TEST_CASE("crow: Accept is checked before the work and the success negotiated after") {
  crow_service service;
  const std::string body = R"({"total":30})";
  expect_problem(
      fetch(service.port(), post_orders("application/json", body, "Accept: text/html\r\n")), 406);
  const raw_reply json =
      fetch(service.port(), post_orders("application/json", body, "Accept: application/json\r\n"));
  CHECK(status_of(json) == 201);
  CHECK(envelope_test::values_of(json.headers, "Content-Type") ==
        std::vector<std::string>{"application/json"});
}

TEST_CASE("crow: to_crow refuses a response that breaks a rule") {
  envelope::response injected;
  injected.headers.emplace_back("X-Note", "a\r\nSet-Cookie: stolen=1");
  CHECK_THROWS_AS(envelope::adapters::to_crow(injected), envelope::response_error);
}

TEST_CASE("crow: an error left without a body gets its problem") {
  crow_service service;
  // Crow answers OPTIONS to an unknown path with its own empty 404.
  const auto missing = expect_problem(fetch(service.port(), head_of("OPTIONS", "/nowhere")), 404);
  CHECK(missing.at("title") == "Not Found");
  const auto bare = expect_problem(fetch(service.port(), head_of("GET", "/bare")), 403);
  CHECK(bare.at("title") == "Forbidden");
}

TEST_CASE("crow: install applies the options to the app and its middleware") {
  crow_service service;
  CHECK(service.app().tcp_socket_options().no_delay);
  CHECK(service.app().concurrency() == 2);
  const auto& options =
      service.app().get_middleware<envelope::adapters::crow_conventions>().options;
  CHECK(options.limits.body_limit == 1000);
  CHECK(options.target_limit == 1000);
  CHECK(options.header_limit == 4000);

  app_type defaults;
  envelope::adapters::install(defaults);
  CHECK(defaults.tcp_socket_options().no_delay);
  CHECK(defaults.concurrency() >= 2);
  CHECK(defaults.get_middleware<envelope::adapters::crow_conventions>().options.limits.body_limit ==
        envelope::request_limits{}.body_limit);
}

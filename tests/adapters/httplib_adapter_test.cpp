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

// ---- The conventions installed by httplib_router -------------------------

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace {

using envelope::adapters::httplib_options;
using envelope::adapters::httplib_router;
using json = nlohmann::json;

// A server with the router and a few routes, on 127.0.0.1 at a free port. Its
// limits are small so that each can be crossed quickly: a 1 KiB body, a 1 s
// read timeout.
class router_server {
 public:
  router_server() : router_(server_, test_options(log_)) {
    router_.get(R"(/orders/(\d+))", [](const httplib::Request& req) {
      if (req.matches[1] == "404") return envelope::not_found("There is no order 404.");
      return envelope::ok(envelope::resource({{"id", std::stoi(req.matches[1])}})
                              .set_link("self", envelope::link(req.path)));
    });
    router_.delete_(R"(/orders/(\d+))",
                    [](const httplib::Request&) { return envelope::no_content(); });
    router_.post("/orders", [this](const httplib::Request& req) {
      ++created_;
      const auto body = router_.read_json(req);
      return envelope::created(
          envelope::resource(body).set_link("self", envelope::link("/orders/1")));
    });
    router_.get("/fault", [](const httplib::Request&) -> envelope::response {
      throw std::runtime_error("connection string postgres://admin:hunter2@db");
    });
    router_.get("/paid", [](const httplib::Request&) -> envelope::response {
      throw envelope::problem_exception(
          envelope::problem::from_status(409).with_detail("Order 7 is paid already."));
    });
    router_.get("/bodiless", [](const httplib::Request&) { return envelope::make_response(409); });
    // Registered on the server directly: the exception handler catches for it.
    server_.Get("/raw-fault", [](const httplib::Request&, httplib::Response&) {
      throw std::logic_error("std::vector index 12 out of range");
    });

    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        thread_.detach();
        throw std::runtime_error("the httplib server did not start");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  router_server(const router_server&) = delete;
  router_server& operator=(const router_server&) = delete;
  ~router_server() {
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
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] int created() const { return created_; }
  [[nodiscard]] std::vector<std::string> logged() const {
    std::lock_guard<std::mutex> lock(log_.mutex);
    return log_.entries;
  }

 private:
  struct log_record {
    mutable std::mutex mutex;
    std::vector<std::string> entries;
  };

  static httplib_options test_options(log_record& log) {
    httplib_options o;
    o.limits.body_limit = 1024;
    o.read_timeout = std::chrono::seconds(1);
    o.keep_alive_timeout = std::chrono::seconds(1);
    o.threads = 4;
    o.log = [&log](std::exception_ptr e, std::string_view request) {
      std::string entry(request);
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& caught) {
        entry += std::string(": ") + caught.what();
      }
      std::lock_guard<std::mutex> lock(log.mutex);
      log.entries.push_back(entry);
    };
    return o;
  }

  log_record log_;
  httplib::Server server_;
  httplib_router router_;
  std::atomic<int> created_{0};
  int port_ = 0;
  std::thread thread_;
};

// What a raw exchange received: the status line's code, the fields, the body.
struct raw_response {
  int status = 0;
  std::multimap<std::string, std::string, httplib::detail::ci> headers;
  std::string body;
};

// Sends `request` as bytes over a new connection, waits `pause` (the
// connection left open), and reads one response framed by its Content-Length.
raw_response raw_exchange(int port, const std::string& request,
                          std::chrono::milliseconds pause = std::chrono::milliseconds(0)) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } guard{fd};
  timeval tv{};
  tv.tv_sec = 10;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("connect");
  for (std::size_t sent = 0; sent < request.size();) {
    const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before it has read all
    sent += static_cast<std::size_t>(n);
  }
  std::this_thread::sleep_for(pause);

  std::string received;
  raw_response out;
  std::size_t header_end = std::string::npos;
  std::size_t wanted = std::string::npos;
  char buffer[4096];
  for (;;) {
    if (header_end != std::string::npos && received.size() >= wanted) break;
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = received.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::size_t line_start = received.find("\r\n") + 2;
      out.status = std::stoi(received.substr(9, 3));
      while (line_start < header_end) {
        const std::size_t line_end = received.find("\r\n", line_start);
        const std::string line = received.substr(line_start, line_end - line_start);
        const std::size_t colon = line.find(':');
        out.headers.emplace(line.substr(0, colon), line.substr(colon + 2));
        line_start = line_end + 2;
      }
      const auto length = out.headers.find("Content-Length");
      wanted = header_end + 4 + (length == out.headers.end() ? 0 : std::stoul(length->second));
    }
  }
  if (header_end != std::string::npos) out.body = received.substr(header_end + 4);
  return out;
}

// The body is problem details of that status, with a title and a detail.
template <class Headers>
json require_problem(int status, const Headers& headers, const std::string& body, int expected) {
  INFO(body);
  CHECK(status == expected);
  const auto type = headers.find("Content-Type");
  REQUIRE(type != headers.end());
  CHECK(type->second == "application/problem+json");
  const auto problem = json::parse(body);
  CHECK(problem.at("status") == expected);
  CHECK(problem.at("title").is_string());
  CHECK_FALSE(problem.at("title").get<std::string>().empty());
  CHECK(problem.at("detail").is_string());
  CHECK_FALSE(problem.at("detail").get<std::string>().empty());
  return problem;
}

json require_problem(const httplib::Result& result, int expected) {
  REQUIRE(result);
  return require_problem(result->status, result->headers, result->body, expected);
}

json require_problem(const raw_response& r, int expected) {
  return require_problem(r.status, r.headers, r.body, expected);
}

}  // namespace

TEST_CASE("httplib_router: an unknown path is a 404 problem") {
  router_server server;
  auto client = server.client();
  const auto p = require_problem(client.Get("/nothing-here"), 404);
  CHECK(p["detail"] == "No resource exists at this path.");
  // A handler's own 404 keeps its own detail.
  CHECK(require_problem(client.Get("/orders/404"), 404)["detail"] == "There is no order 404.");
}

TEST_CASE("httplib_router: a Range request gets the whole answer, never a cut one") {
  router_server server;
  auto client = server.client();
  const auto whole = client.Get("/orders/7");
  REQUIRE(whole);
  const auto ranged = client.Get("/orders/7", {{"Range", "bytes=0-5"}});
  REQUIRE(ranged);
  CHECK(ranged->status == 200);
  CHECK(ranged->body == whole->body);
  CHECK_FALSE(ranged->has_header("Content-Range"));
  // A handler's problem arrives whole too.
  const auto missing = client.Get("/orders/404", {{"Range", "bytes=0-5"}});
  REQUIRE(missing);
  CHECK(require_problem(missing, 404)["detail"] == "There is no order 404.");
}

TEST_CASE("httplib_router: a known path under another method is a 405 with Allow") {
  router_server server;
  auto client = server.client();
  const auto result = client.Put("/orders/7", "{}", "application/json");
  require_problem(result, 405);
  CHECK(result->get_header_value("Allow") == "GET, HEAD, DELETE");
  // POST is routed elsewhere, not here.
  const auto post = client.Post("/orders/7", "{}", "application/json");
  require_problem(post, 405);
  CHECK(post->get_header_value("Allow") == "GET, HEAD, DELETE");
}

TEST_CASE("httplib_router: another method on a known path is a 405, elsewhere a 501 or 404") {
  router_server server;
  SECTION("a method unknown to httplib (it sends 400)") {
    const auto known = raw_exchange(server.port(), "FOO /orders/7 HTTP/1.1\r\nHost: x\r\n\r\n");
    require_problem(known, 405);
    CHECK(known.headers.find("Allow")->second == "GET, HEAD, DELETE");
    // httplib left the header fields unread: the connection cannot go on.
    CHECK(known.headers.find("Connection")->second == "close");
    require_problem(raw_exchange(server.port(), "FOO /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n"), 501);
  }
  SECTION("a method httplib reads but never routes (it sends 400)") {
    require_problem(raw_exchange(server.port(), "TRACE /orders/7 HTTP/1.1\r\nHost: x\r\n\r\n"),
                    405);
    require_problem(raw_exchange(server.port(), "TRACE /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n"),
                    501);
  }
  SECTION("a method no route uses (httplib sends 404)") {
    auto client = server.client();
    require_problem(client.Patch("/orders/7", "{}", "application/json"), 405);
    require_problem(client.Patch("/elsewhere", "{}", "application/json"), 501);
    // DELETE has a route, elsewhere: here it is an unknown path.
    require_problem(client.Delete("/elsewhere"), 404);
  }
}

TEST_CASE("httplib_router: a malformed request is a 400 problem") {
  router_server server;
  for (const std::string& request :
       {std::string("GET /orders/7\r\n\r\n"), std::string("\x01\x02\r\n\r\n"),
        std::string("GET /a?b?c HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET /orders/7 HTTP/7.0\r\nHost: x\r\n\r\n")}) {
    INFO(request);
    const auto r = raw_exchange(server.port(), request);
    CHECK(require_problem(r, 400)["detail"] ==
          "The request is not a well-formed HTTP/1.1 request.");
  }
}

TEST_CASE("httplib_router: a request target over 8192 bytes is a 414 problem") {
  router_server server;
  auto client = server.client();
  require_problem(client.Get(("/orders/" + std::string(9000, '1')).c_str()), 414);
}

TEST_CASE("httplib_router: a header field over 8192 bytes is a 431 problem") {
  router_server server;
  auto client = server.client();
  const auto p =
      require_problem(client.Get("/orders/7", {{"Accept", std::string(9000, 'a')}}), 431);
  CHECK(p["detail"] ==
        "The header fields are larger than the server accepts (at most 8192 bytes).");
}

TEST_CASE("httplib_router: a body over the limit is a 413 problem") {
  router_server server;
  auto client = server.client();
  SECTION("by its Content-Length, refused by httplib before the handler") {
    const auto p = require_problem(
        client.Post("/orders", "[" + std::string(2000, ' ') + "]", "application/json"), 413);
    CHECK(p["detail"] == "The body is larger than the server accepts (at most 1024 bytes).");
  }
  SECTION("chunked, refused by read_json") {
    const std::string chunk(2000, ' ');
    std::string request =
        "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    request += size + chunk + "\r\n1\r\n1\r\n0\r\n\r\n";
    require_problem(raw_exchange(server.port(), request), 413);
  }
  CHECK(server.created() <= 1);
}

TEST_CASE("httplib_router: a request that stops arriving is a 408 problem") {
  router_server server;
  SECTION("in its body") {
    const auto r = raw_exchange(server.port(),
                                "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                "application/json\r\nContent-Length: 10\r\n\r\n[1,",
                                std::chrono::milliseconds(1500));
    require_problem(r, 408);
    CHECK(r.headers.find("Connection")->second == "close");
  }
  SECTION("in its header fields") {
    const auto r = raw_exchange(server.port(), "GET /orders/7 HTTP/1.1\r\nHost: x\r\nAcce",
                                std::chrono::milliseconds(1500));
    require_problem(r, 408);
  }
  CHECK(server.created() == 0);
}

TEST_CASE("httplib_router: a handler that throws") {
  router_server server;
  auto client = server.client();
  SECTION("a problem_exception is its response, not logged") {
    CHECK(require_problem(client.Get("/paid"), 409)["detail"] == "Order 7 is paid already.");
    CHECK(server.logged().empty());
  }
  SECTION("anything else is a 500 that leaks nothing, and is logged") {
    for (const char* path : {"/fault", "/raw-fault"}) {
      INFO(path);
      const auto result = client.Get(path);
      const auto p = require_problem(result, 500);
      CHECK(p["detail"] == envelope::internal_error_detail);
      for (const char* secret : {"hunter2", "postgres", "runtime_error", "logic_error", "vector"}) {
        CHECK(result->body.find(secret) == std::string::npos);
        for (const auto& field : result->headers)
          CHECK(field.second.find(secret) == std::string::npos);
      }
    }
    const auto log = server.logged();
    REQUIRE(log.size() == 2);
    CHECK(log[0] == "GET /fault: connection string postgres://admin:hunter2@db");
    CHECK(log[1] == "GET /raw-fault: std::vector index 12 out of range");
  }
  SECTION("a bodiless error gets the generic problem of its status") {
    require_problem(client.Get("/bodiless"), 409);
  }
}

TEST_CASE("httplib_router: a body that is not JSON") {
  router_server server;
  auto client = server.client();
  SECTION("by its Content-Type is a 415") {
    const auto p = require_problem(client.Post("/orders", "{}", "text/plain"), 415);
    CHECK(p["detail"] ==
          "The body must be JSON (application/json or a +json type), not text/plain.");
  }
  SECTION("by its text is a 400 naming the byte") {
    const auto p =
        require_problem(client.Post("/orders", R"({"item": })", "application/json"), 400);
    REQUIRE(p["errors"].size() == 1);
    CHECK(p["errors"][0]["title"] == "invalid_json");
    CHECK(p["errors"][0]["detail"].get<std::string>().find("byte 9") != std::string::npos);
  }
  SECTION("a +json type is JSON") {
    const auto result = client.Post("/orders", R"({"item": 1})", "application/merge-patch+json");
    REQUIRE(result);
    CHECK(result->status == 201);
  }
}

TEST_CASE("httplib_router: Accept is checked before the work and the success negotiated") {
  router_server server;
  auto client = server.client();
  SECTION("a create the client cannot take is a 406, and nothing is created") {
    const auto result =
        client.Post("/orders", {{"Accept", "text/html"}}, R"({"item": 1})", "application/json");
    require_problem(result, 406);
    CHECK(server.created() == 0);
  }
  SECTION("a read the client cannot take is a 406") {
    require_problem(client.Get("/orders/7", {{"Accept", "text/html"}}), 406);
  }
  SECTION("a success is offered as HAL or as JSON") {
    const auto json_result = client.Get("/orders/7", {{"Accept", "application/json"}});
    REQUIRE(json_result);
    CHECK(json_result->status == 200);
    CHECK(json_result->get_header_value("Content-Type") == "application/json");
    CHECK(json_result->get_header_value("Vary") == "Accept");
    CHECK(json::parse(json_result->body)["id"] == 7);
    const auto hal = client.Get("/orders/7");
    REQUIRE(hal);
    CHECK(hal->get_header_value("Content-Type") == "application/hal+json");
    const auto created = client.Post("/orders", R"({"item": 1})", "application/json");
    REQUIRE(created);
    CHECK(created->status == 201);
    CHECK(created->get_header_value("Location") == "/orders/1");
    CHECK(server.created() == 1);
  }
}

TEST_CASE("httplib_router: HEAD answers as GET without the body, errors included") {
  router_server server;
  auto client = server.client();
  const auto found = client.Head("/orders/7");
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(found->body.empty());
  const auto missing = client.Head("/nothing-here");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Content-Type") == "application/problem+json");
}

TEST_CASE("httplib_router: keep-alive carries several requests, errors included") {
  router_server server;
  auto client = server.client();
  client.set_keep_alive(true);
  for (int i = 0; i < 3; ++i) {
    const auto ok = client.Get("/orders/7");
    REQUIRE(ok);
    CHECK(ok->status == 200);
    require_problem(client.Get("/nothing-here"), 404);
  }
}

TEST_CASE("httplib_router: allowed() lists a path's methods in one order") {
  httplib::Server server;
  httplib_router router(server);
  router.post("/a", [](const httplib::Request&) { return envelope::no_content(); })
      .get("/a", [](const httplib::Request&) { return envelope::no_content(); })
      .put("/b", [](const httplib::Request&) { return envelope::no_content(); });
  CHECK(router.allowed("/a") == std::vector<std::string>{"GET", "HEAD", "POST"});
  CHECK(router.allowed("/b") == std::vector<std::string>{"PUT"});
  CHECK(router.allowed("/c").empty());
  CHECK(router.settings().limits.body_limit == envelope::request_limits{}.body_limit);
}

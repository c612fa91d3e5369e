// A server whose every route breaks one convention, for envelope-lint's test.
// Usage: broken_server [--lifetime SECONDS]. Listens on an ephemeral port of
// 127.0.0.1, prints its base URL as the first line of stdout, and stops by
// itself after the lifetime (default 60 s) so that a killed test leaves nothing
// running.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace {

constexpr const char* hal = "application/hal+json";
constexpr const char* problem = "application/problem+json";

std::string problem_body(int status, const std::string& title) {
  return R"({"title":")" + title + R"(","detail":"the broken server says so","status":)" +
         std::to_string(status) + "}";
}

void routes(httplib::Server& server) {
  server.Get("/good", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(R"({"_links":{"self":{"href":"/good"}},"id":1})", hal);
  });
  server.Get("/good-problem", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(problem_body(404, "Not Found"), problem);
  });
  server.Get("/created-without-location", [](const httplib::Request&, httplib::Response& res) {
    res.status = 201;
    res.set_content(R"({"_links":{"self":{"href":"/orders/1"}}})", hal);
  });
  server.Get("/not-allowed-without-allow", [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_content(problem_body(405, "Method Not Allowed"), problem);
  });
  server.Get("/unauthorized-without-challenge",
             [](const httplib::Request&, httplib::Response& res) {
               res.status = 401;
               res.set_content(problem_body(401, "Unauthorized"), problem);
             });
  server.Get("/too-many-without-retry-after", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_content(problem_body(429, "Too Many Requests"), problem);
  });
  server.Get("/bad-retry-after", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "soon");
    res.set_content(problem_body(503, "Service Unavailable"), problem);
  });
  server.Get("/bad-http-fields", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_header("Deprecation", "true");
    res.set_header("Sunset", "2026-07-01");
    res.set_header("Link", "</next>; rel=\"next");
    res.set_header("RateLimit-Policy", "\"default\";w=60");
    res.set_content(R"({"_links":{"self":{"href":"/bad-http-fields"}}})", hal);
  });
  server.Get("/good-http-fields", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_header("Deprecation", "@1735689600");
    res.set_header("Sunset", "Wed, 01 Jul 2026 00:00:00 GMT");
    res.set_header("Link", "</docs>; rel=\"deprecation\", </x?page=2>; rel=\"next\"");
    res.set_header("RateLimit-Policy", "\"default\";q=100;w=60");
    res.set_header("RateLimit", "\"default\";r=50;t=30");
    res.set_content(R"({"_links":{"self":{"href":"/good-http-fields"}}})", hal);
  });
  server.Get("/too-many-with-quota", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "5");
    res.set_header("RateLimit", "\"default\";r=3;t=30");
    res.set_content(problem_body(429, "Too Many Requests"), problem);
  });
  server.Get("/too-many-retry-early", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "5");
    res.set_header("RateLimit", "\"default\";r=0;t=30");
    res.set_content(problem_body(429, "Too Many Requests"), problem);
  });
  server.Get("/not-found-as-html", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("<html><body>Not Found</body></html>", "text/html");
  });
  server.Get("/status-disagrees", [](const httplib::Request&, httplib::Response& res) {
    res.status = 409;
    res.set_content(problem_body(400, "Bad Request"), problem);
  });
  server.Get("/link-without-href", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(R"({"_links":{"self":{"href":"/x"},"next":{"title":"Next"}}})", hal);
  });
  server.Get("/no-content-with-body", [](const httplib::Request&, httplib::Response& res) {
    res.status = 204;
    res.set_content(R"({"_links":{"self":{"href":"/x"}}})", hal);
  });
  server.Get("/hal-on-error", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content(R"({"_links":{"self":{"href":"/x"}}})", hal);
  });
  server.Get("/problem-on-success", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(problem_body(200, "OK"), problem);
  });
  server.Get("/plain-json", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(R"({"_links":{"self":{"href":"/x"}}})", "application/json");
  });
  server.Get("/error-without-body",
             [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  server.Get("/truncated-json", [](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(R"({"_links":{"self":)", hal);
  });
  server.Get("/unassigned-status", [](const httplib::Request&, httplib::Response& res) {
    res.status = 299;
    res.set_content(R"({"_links":{"self":{"href":"/x"}}})", hal);
  });
  // Answers properly only to the request the test sends with --method, --header
  // and --data, and with a faulty 400 otherwise, so the test shows those options
  // reach the server.
  server.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("X-Token") != "secret" || req.body != R"({"n":1})" ||
        req.get_header_value("Content-Type") != "application/json") {
      res.status = 400;
      res.set_content("the request was not the one the test sends", "text/plain");
      return;
    }
    res.status = 201;
    res.set_header("Location", "/echo/1");
    res.set_content(R"({"_links":{"self":{"href":"/echo/1"}}})", hal);
  });
}

}  // namespace

int main(int argc, char** argv) {
  int lifetime = 60;
  if (argc == 3 && std::string(argv[1]) == "--lifetime") lifetime = std::atoi(argv[2]);
  httplib::Server server;
  routes(server);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "broken_server: cannot bind 127.0.0.1\n";
    return 1;
  }
  std::cout << "http://127.0.0.1:" << port << std::endl;

  std::mutex mutex;
  std::condition_variable stopped;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mutex);
    if (!stopped.wait_for(lock, std::chrono::seconds(lifetime), [&] { return done; })) {
      server.stop();
    }
  });
  server.listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
  }
  stopped.notify_all();
  watchdog.join();
  return 0;
}

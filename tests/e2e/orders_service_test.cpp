// End to end: the orders_service binary on a free port, driven by cpp-httplib's
// client, each answer read back with envelope::parse_response. Every status code
// of the conventions, with the header fields and the Content-Type it carries.

#include <envelope/envelope.hpp>
#include <envelope/hal_forms.hpp>

#include <httplib.h>

#include "catch.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace orders_e2e {

using namespace std::chrono_literals;

constexpr const char* write_token = "Bearer demo-write-token";
constexpr const char* read_token = "Bearer demo-read-token";

// The service as a child process: started on --port 0, its URL read from the
// first line of its stdout, and stopped (SIGTERM, then SIGKILL) on every way out.
// Its database is in memory unless `flags` name one with --db (the last wins).
class service_process {
 public:
  explicit service_process(std::vector<std::string> flags) {
    flags.insert(flags.begin(), {ORDERS_SERVICE_PATH, "--port", "0", "--db", ":memory:"});
    std::vector<char*> argv;
    for (auto& flag : flags)
      argv.push_back(flag.data());
    argv.push_back(nullptr);

    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_ = out[0];
    if (spawned != 0) {
      pid_ = -1;
      close(stdout_);
      throw std::runtime_error(std::string("cannot start ") + ORDERS_SERVICE_PATH);
    }
    try {
      url_ = first_line(5s);
    } catch (...) {
      stop();
      throw;
    }
  }
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;
  ~service_process() { stop(); }

  [[nodiscard]] const std::string& url() const { return url_; }

  [[nodiscard]] httplib::Client client() const {
    httplib::Client c(url_);
    c.set_connection_timeout(2s);
    c.set_read_timeout(5s);
    c.set_write_timeout(5s);
    return c;
  }

  // Sends `signal` and waits up to `limit` for the exit; the exit status, or
  // nullopt when the process had to be killed.
  std::optional<int> stop(int signal = SIGTERM, std::chrono::milliseconds limit = 5000ms) {
    if (pid_ <= 0) return std::nullopt;
    kill(pid_, signal);
    std::optional<int> result;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (true) {
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        if (WIFEXITED(status)) result = WEXITSTATUS(status);
        break;
      }
      if (done < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    pid_ = -1;
    close(stdout_);
    return result;
  }

 private:
  std::string first_line(std::chrono::milliseconds limit) const {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw std::runtime_error("the service printed no URL in time");
      pollfd readable{stdout_, POLLIN, 0};
      if (poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
      char c = 0;
      const ssize_t got = read(stdout_, &c, 1);
      if (got <= 0) throw std::runtime_error("the service ended before printing its URL");
      if (c == '\n') return line;
      line += c;
    }
  }

  pid_t pid_ = -1;
  int stdout_ = -1;
  std::string url_;
};

struct reply {
  int status = 0;
  httplib::Headers headers;
  std::string body;
  envelope::parsed_response parsed;

  [[nodiscard]] std::string header(const char* name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  [[nodiscard]] const envelope::resource& resource() const { return parsed.as_resource(); }
  [[nodiscard]] const envelope::problem& problem() const { return parsed.as_problem(); }
};

// One exchange, checked against the rules every answer of the service obeys.
reply exchange(httplib::Client& client, const std::string& method, const std::string& path,
               httplib::Headers headers = {}, const std::string& body = {},
               const std::string& content_type = "application/json") {
  const auto send = [&]() -> httplib::Result {
    if (method == "POST") return client.Post(path, headers, body, content_type);
    if (method == "PUT") return client.Put(path, headers, body, content_type);
    if (method == "DELETE") return client.Delete(path, headers);
    if (method == "GET") return client.Get(path, headers);
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = headers;
    return client.send(request);
  };
  const httplib::Result result = send();
  if (!result) {
    throw std::runtime_error(method + " " + path +
                             " failed: " + httplib::to_string(result.error()));
  }
  reply r{result->status, result->headers, result->body, {}};
  INFO(method << ' ' << path << " -> " << r.status << ' ' << r.body);
  const std::string type = r.header("Content-Type");
  r.parsed = envelope::parse_response(r.status, type, r.body);
  if (envelope::is_error(r.status)) {
    CHECK(type == "application/problem+json");
    REQUIRE(r.parsed.has_problem());
    // The conventions: every problem has a title and a detail.
    CHECK(r.problem().title == std::string(envelope::reason_phrase(r.status)));
    CHECK(r.problem().status == r.status);
    CHECK(!r.problem().detail.value_or("").empty());
  } else if (r.status == 204) {
    CHECK(r.body.empty());
    CHECK(type.empty());
  } else {
    CHECK((type == "application/hal+json" || type == "application/json"));
    REQUIRE(r.parsed.has_resource());
    CHECK(r.resource().find_link("self") != nullptr);
  }
  return r;
}

// The reply as an envelope::response, for the readers of its fields
// (links_of, rate_limits_of, deprecation_of ...).
envelope::response as_response(const reply& r) {
  envelope::response out;
  out.status = r.status;
  for (const auto& field : r.headers)
    out.add_header(field.first, field.second);
  out.body = r.body;
  return out;
}

std::string self_href(const reply& r) {
  return r.resource().find_link("self")->href;
}

const std::string order_body = R"({"item": "widget", "quantity": 2})";

TEST_CASE("orders_service answers every status code of the conventions") {
  service_process service({"--enable-fault-routes", "--body-limit", "1024", "--stock", "100"});
  auto client = service.client();
  const httplib::Headers writer{{"Authorization", write_token}};
  const httplib::Headers reader{{"Authorization", read_token}};

  SECTION("200: the root links to a templated orders relation, with curies") {
    const reply root = exchange(client, "GET", "/");
    REQUIRE(root.status == 200);
    CHECK(root.header("Content-Type") == "application/hal+json");
    const envelope::link* orders = root.resource().find_link("orders");
    REQUIRE(orders != nullptr);
    CHECK(orders->templated);
    CHECK(root.resource().find_link("curies") != nullptr);
    const reply page = exchange(client, "GET", orders->expand({{"page", 0}, {"size", 5}}));
    CHECK(page.status == 200);
    CHECK(page.resource().state()["page"]["size"] == 5);
    CHECK(page.resource().find_link("first") != nullptr);
  }

  SECTION("200 as application/json for a JSON-only client; 406 for neither") {
    const reply hal = exchange(client, "GET", "/");
    const reply json = exchange(client, "GET", "/", {{"Accept", "application/json"}});
    CHECK(json.status == 200);
    CHECK(json.header("Content-Type") == "application/json");
    CHECK(json.body == hal.body);
    const reply refused = exchange(client, "GET", "/", {{"Accept", "text/html"}});
    CHECK(refused.status == 406);
    const reply refused_write =
        exchange(client, "POST", "/orders",
                 {{"Authorization", write_token}, {"Accept", "text/html"}}, order_body);
    CHECK(refused_write.status == 406);
  }

  SECTION("201 with Location; 200 for the same Idempotency-Key and body; 409 for another body") {
    httplib::Headers keyed = writer;
    keyed.emplace("Idempotency-Key", "e2e-key-1");
    const reply first = exchange(client, "POST", "/orders", keyed, order_body);
    REQUIRE(first.status == 201);
    const std::string location = first.header("Location");
    CHECK(location == self_href(first));
    const reply again = exchange(client, "POST", "/orders", keyed, order_body);
    CHECK(again.status == 200);
    CHECK(again.header("Location").empty());
    CHECK(again.resource().state()["id"] == first.resource().state()["id"]);
    const reply other =
        exchange(client, "POST", "/orders", keyed, R"({"item": "widget", "quantity": 3})");
    CHECK(other.status == 409);
    const reply read = exchange(client, "GET", location);
    CHECK(read.status == 200);
    CHECK(read.resource().state()["item"] == "widget");
  }

  SECTION("202 with a monitor; 409 on deleting an order in shipment or shipped") {
    const reply created = exchange(client, "POST", "/orders", writer, order_body);
    REQUIRE(created.status == 201);
    const std::string order = created.header("Location");
    const reply accepted = exchange(client, "POST", order + "/shipments", writer, "", "");
    REQUIRE(accepted.status == 202);
    const envelope::link* monitor = accepted.resource().find_link("monitor");
    REQUIRE(monitor != nullptr);
    CHECK(accepted.header("Location") == monitor->href);
    CHECK(exchange(client, "DELETE", order, writer).status == 409);
    CHECK(exchange(client, "POST", order + "/shipments", writer, "", "").status == 409);

    const auto deadline = std::chrono::steady_clock::now() + 5s;
    reply job = exchange(client, "GET", monitor->href);
    while (job.resource().state()["status"] != "done" &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
      job = exchange(client, "GET", monitor->href);
    }
    REQUIRE(job.resource().state()["status"] == "done");
    const envelope::link* result = job.resource().find_link("ord:result");
    REQUIRE(result != nullptr);
    CHECK(result->href == order);
    CHECK(exchange(client, "GET", order).resource().state()["status"] == "shipped");
    const reply shipped = exchange(client, "DELETE", order, writer);
    CHECK(shipped.status == 409);
  }

  SECTION("204 on delete, then 404") {
    const reply created = exchange(client, "POST", "/orders", writer, order_body);
    REQUIRE(created.status == 201);
    const std::string order = created.header("Location");
    CHECK(exchange(client, "DELETE", order, writer).status == 204);
    CHECK(exchange(client, "GET", order).status == 404);
    CHECK(exchange(client, "DELETE", order, writer).status == 404);
  }

  SECTION("400 for JSON that is not well-formed, and for schema violations with errors") {
    const reply malformed = exchange(client, "POST", "/orders", writer, R"({"item": )");
    CHECK(malformed.status == 400);
    REQUIRE(malformed.problem().errors.size() == 1);
    CHECK(malformed.problem().errors[0].title == "invalid_json");
    CHECK(malformed.problem().errors[0].detail == "The body is not JSON: syntax error at byte 9.");
    // A number no double holds, or text nested past the limit, is the client's
    // fault as much as a syntax error: 400, never a 500.
    const reply huge =
        exchange(client, "POST", "/orders", writer, R"({"item": "widget", "quantity": 1e400})");
    CHECK(huge.status == 400);
    REQUIRE(huge.problem().errors.size() == 1);
    CHECK(huge.problem().errors[0].detail ==
          "The body is not usable JSON: it holds a number too large for a double.");
    const reply deep =
        exchange(client, "POST", "/orders", writer, std::string(300, '[') + std::string(300, ']'));
    CHECK(deep.status == 400);
    REQUIRE(deep.problem().errors.size() == 1);
    CHECK(deep.problem().errors[0].detail == "The body nests deeper than 64 levels.");
    const reply schema = exchange(client, "POST", "/orders", writer, R"({"quantity": 0})");
    REQUIRE(schema.status == 400);
    CHECK(schema.problem().detail == "Request failed validation");
    REQUIRE(schema.problem().errors.size() == 2);
    CHECK(schema.problem().errors[0].title == "invalid_type");
    CHECK(schema.problem().errors[0].detail ==
          "`body.item` is `undefined`, but `string` is expected.");
    CHECK(schema.problem().errors[0].pointer == "/item");
    CHECK(schema.problem().errors[1].title == "too_small");
    CHECK(schema.problem().errors[1].detail ==
          "`body.quantity` is `0`, but at least `1` is expected.");
    CHECK(schema.problem().errors[1].pointer == "/quantity");
    // The items are the catalog's; a quantity is a whole number.
    const reply unknown = exchange(client, "POST", "/orders", writer,
                                   R"({"item": "sprocket", "quantity": 2.5, "note": "x"})");
    REQUIRE(unknown.status == 400);
    REQUIRE(unknown.problem().errors.size() == 2);
    CHECK(unknown.problem().errors[0].title == "invalid_enum_value");
    CHECK(unknown.problem().errors[0].pointer == "/item");
    CHECK(unknown.problem().errors[1].title == "invalid_type");
    CHECK(unknown.problem().errors[1].detail ==
          "`body.quantity` is `number`, but `integer` is expected.");
    CHECK(exchange(client, "POST", "/orders", writer, "[1]").problem().errors.at(0).detail ==
          "`body` is `array`, but `object` is expected.");
    CHECK(exchange(client, "GET", "/orders?size=0").status == 400);
  }

  SECTION("401 with a Bearer challenge; 403 for the read token") {
    const reply anonymous = exchange(client, "POST", "/orders", {}, order_body);
    CHECK(anonymous.status == 401);
    CHECK(anonymous.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
    const reply invalid =
        exchange(client, "POST", "/orders", {{"Authorization", "Bearer wrong"}}, order_body);
    CHECK(invalid.status == 401);
    CHECK(invalid.header("WWW-Authenticate").find("invalid_token") != std::string::npos);
    const reply read_only = exchange(client, "POST", "/orders", reader, order_body);
    CHECK(read_only.status == 403);
    CHECK(exchange(client, "GET", "/orders", reader).status == 200);
  }

  SECTION("404 for an unknown order and an unknown route; 405 with Allow") {
    CHECK(exchange(client, "GET", "/orders/987654").status == 404);
    CHECK(exchange(client, "GET", "/no/such/route").status == 404);
    const reply put = exchange(client, "PUT", "/orders/1", writer, order_body);
    CHECK(put.status == 405);
    CHECK(put.header("Allow") == "GET, HEAD, DELETE");
    const reply del = exchange(client, "DELETE", "/orders", writer);
    CHECK(del.status == 405);
    CHECK(del.header("Allow") == "GET, HEAD, POST");
  }

  SECTION("413 past the body limit; 415 for a body that is not JSON; 422 above stock") {
    const std::string large = R"({"item": ")" + std::string(2000, 'x') + R"(", "quantity": 1})";
    CHECK(exchange(client, "POST", "/orders", writer, large).status == 413);
    CHECK(exchange(client, "POST", "/orders", writer, "item=widget", "text/plain").status == 415);
    const reply stock =
        exchange(client, "POST", "/orders", writer, R"({"item": "widget", "quantity": 101})");
    CHECK(stock.status == 422);
    CHECK(!stock.problem().errors.empty());
  }

  SECTION("500 says nothing of its cause; 501 for the invoice; 405 or 501 for an unknown method") {
    const reply failed = exchange(client, "GET", "/debug/fail");
    CHECK(failed.status == 500);
    CHECK(failed.body.find("db-primary") == std::string::npos);
    CHECK(failed.body.find("simulated") == std::string::npos);
    CHECK(failed.header("EXCEPTION_WHAT").empty());
    const reply created = exchange(client, "POST", "/orders", writer, order_body);
    CHECK(exchange(client, "GET", created.header("Location") + "/invoice").status == 501);
    // A method no route uses is a 405 where the path exists (RFC 9110 §15.5.6),
    // else a 501 (§15.6.2), as a problem.
    const reply unknown = exchange(client, "FROB", "/orders");
    CHECK(unknown.status == 405);
    CHECK(unknown.header("Allow") == "GET, HEAD, POST");
    CHECK(exchange(client, "FROB", "/no/such/route").status == 501);
  }
}

TEST_CASE("orders_service pages with a Link field that agrees with the HAL links") {
  service_process service({});
  auto client = service.client();
  const httplib::Headers writer{{"Authorization", write_token}};
  for (int i = 0; i < 5; ++i)
    REQUIRE(exchange(client, "POST", "/orders", writer, order_body).status == 201);
  const auto agree = [](const reply& page, std::vector<std::string> expected) {
    const auto links = envelope::links_of(as_response(page));
    // The same field read by the parser alone.
    CHECK(envelope::parse_link_header(page.header("Link")) == links);
    std::vector<std::string> rels;
    for (const auto& link : links) {
      REQUIRE(link.rel.size() == 1);
      rels.push_back(link.rel[0]);
      const envelope::link* hal = page.resource().find_link(link.rel[0]);
      REQUIRE(hal != nullptr);
      CHECK(hal->href == link.target);
    }
    CHECK(rels == expected);
    // And every paging link of the body is in the field.
    for (const char* rel : {"first", "prev", "next", "last"}) {
      if (page.resource().find_link(rel) != nullptr)
        CHECK(envelope::find_web_link(links, rel) != nullptr);
    }
  };
  const reply middle = exchange(client, "GET", "/orders?page=1&size=2");
  REQUIRE(middle.status == 200);
  agree(middle, {"first", "prev", "next", "last"});
  const auto links = envelope::links_of(as_response(middle));
  CHECK(envelope::find_web_link(links, "next")->target == "/orders?page=2&size=2");
  CHECK(envelope::find_web_link(links, "last")->target == "/orders?page=2&size=2");
  agree(exchange(client, "GET", "/orders?page=0&size=2"), {"first", "next", "last"});
  agree(exchange(client, "GET", "/orders?page=2&size=2"), {"first", "prev", "last"});
}

TEST_CASE("orders_service offers HAL-FORMS templates as its state allows") {
  service_process service({"--stock", "50"});
  auto client = service.client();
  const httplib::Headers writer{{"Authorization", write_token}};
  const reply page = exchange(client, "GET", "/orders");
  const envelope::form_template* create = page.resource().find_template("default");
  REQUIRE(create != nullptr);
  CHECK(create->method == "POST");
  // The template accepts what the service accepts, and refuses what it refuses.
  CHECK(envelope::validate(*create, nlohmann::json::parse(order_body)).empty());
  const auto refused =
      envelope::validate(*create, nlohmann::json::parse(R"({"item": "sprocket", "quantity": 51})"));
  REQUIRE(refused.size() == 2);
  CHECK(refused[0].pointer == "/item");
  CHECK(refused[1].pointer == "/quantity");
  CHECK(exchange(client, "POST", "/orders", writer, R"({"item": "sprocket", "quantity": 1})")
            .status == 400);
  CHECK(
      exchange(client, "POST", "/orders", writer, R"({"item": "gizmo", "quantity": 51})").status ==
      422);

  const reply created = exchange(client, "POST", "/orders", writer, order_body);
  REQUIRE(created.status == 201);
  const std::string order = created.header("Location");
  const envelope::form_template* ship = created.resource().find_template("ship");
  REQUIRE(ship != nullptr);
  CHECK(ship->method == "POST");
  REQUIRE(ship->target);
  CHECK(*ship->target == order + "/shipments");
  const envelope::form_template* cancel = created.resource().find_template("cancel");
  REQUIRE(cancel != nullptr);
  CHECK(cancel->method == "DELETE");
  CHECK(created.resource().find_template("default") == nullptr);

  REQUIRE(exchange(client, "POST", *ship->target, writer, "", "").status == 202);
  // Shipping, then shipped: neither may be shipped again nor cancelled.
  const reply shipping = exchange(client, "GET", order);
  CHECK(shipping.resource().find_template("ship") == nullptr);
  CHECK(shipping.resource().find_template("cancel") == nullptr);
}

TEST_CASE("orders_service: the deprecated /order/{id} says Deprecation and Sunset") {
  service_process service({});
  auto client = service.client();
  const reply created =
      exchange(client, "POST", "/orders", {{"Authorization", write_token}}, order_body);
  REQUIRE(created.status == 201);
  const std::string id = created.resource().state()["id"].dump();
  const reply old = exchange(client, "GET", "/order/" + id);
  REQUIRE(old.status == 200);
  const auto fields = as_response(old);
  const auto deprecated = envelope::deprecation_of(fields);
  const auto sunset = envelope::sunset_of(fields);
  REQUIRE(deprecated);
  REQUIRE(sunset);
  CHECK(*deprecated < *sunset);
  CHECK(old.header("Deprecation") == "@1767225600");
  const auto links = envelope::links_of(fields);
  const auto* successor = envelope::find_web_link(links, "successor-version");
  REQUIRE(successor != nullptr);
  CHECK(successor->target == created.header("Location"));
  CHECK(exchange(client, "GET", created.header("Location")).header("Deprecation").empty());
}

TEST_CASE("orders_service: 429 with Retry-After past the rate limit; no fault route by default") {
  service_process service({"--rate-limit", "2/60"});
  auto client = service.client();
  // A fixed window: every answer, even the router's 404, counts and says what is left.
  const reply missing = exchange(client, "GET", "/debug/fail");
  CHECK(missing.status == 404);
  const auto policies = envelope::rate_limit_policies_of(as_response(missing));
  REQUIRE(policies.size() == 1);
  CHECK(policies[0].name == "default");
  CHECK(policies[0].quota == 2);
  CHECK(policies[0].window == 60);
  const auto left = envelope::rate_limits_of(as_response(missing));
  REQUIRE(left.size() == 1);
  CHECK(left[0].name == "default");
  CHECK(left[0].remaining == 1);
  REQUIRE(left[0].reset);
  CHECK(*left[0].reset >= 1);
  CHECK(*left[0].reset <= 60);
  // The last request of the window succeeds with the policy but no r=0 beside a 200.
  const reply last = exchange(client, "GET", "/");
  CHECK(last.status == 200);
  CHECK(envelope::rate_limit_policies_of(as_response(last)) == policies);
  CHECK(last.header("RateLimit").empty());
  const reply limited = exchange(client, "GET", "/");
  REQUIRE(limited.status == 429);
  const int seconds = std::stoi(limited.header("Retry-After"));
  CHECK(seconds >= 1);
  CHECK(seconds <= 60);
  // The 429's fields, read with the Structured Fields parser itself.
  const envelope::sf::list rate = envelope::sf::parse_list(limited.header("RateLimit"));
  REQUIRE(rate.size() == 1);
  const auto& limit = std::get<envelope::sf::item>(rate[0]);
  CHECK(limit.value.get<std::string>() == "default");
  REQUIRE(limit.params.find("r") != nullptr);
  CHECK(limit.params.find("r")->get<std::int64_t>() == 0);
  REQUIRE(limit.params.find("t") != nullptr);
  CHECK(limit.params.find("t")->get<std::int64_t>() == seconds);
  const envelope::sf::list policy = envelope::sf::parse_list(limited.header("RateLimit-Policy"));
  REQUIRE(policy.size() == 1);
  CHECK(std::get<envelope::sf::item>(policy[0]).params.find("q")->get<std::int64_t>() == 2);
  // A token is a client of its own.
  CHECK(exchange(client, "GET", "/", {{"Authorization", read_token}}).status == 200);
}

TEST_CASE("orders_service: 503 with Retry-After in maintenance") {
  service_process service({"--maintenance"});
  auto client = service.client();
  const reply down = exchange(client, "GET", "/orders");
  CHECK(down.status == 503);
  CHECK(!down.header("Retry-After").empty());
}

// A fresh directory for a database file, removed with everything in it.
class scratch_directory {
 public:
  scratch_directory() {
    std::string pattern = "/tmp/orders_service_e2e.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;
  ~scratch_directory() {
    for (const char* suffix : {"", "-wal", "-shm"})
      unlink((file() + suffix).c_str());
    rmdir(path_.c_str());
  }
  [[nodiscard]] std::string file() const { return path_ + "/orders.db"; }

 private:
  std::string path_;
};

TEST_CASE("orders_service keeps orders and Idempotency-Keys in its database across a restart") {
  const scratch_directory directory;
  const std::vector<std::string> flags{"--db", directory.file()};
  const httplib::Headers writer{{"Authorization", write_token}};
  httplib::Headers keyed = writer;
  keyed.emplace("Idempotency-Key", "restart-key");
  std::string kept;
  std::string deleted;
  {
    service_process first(flags);
    auto client = first.client();
    const reply created = exchange(client, "POST", "/orders", keyed, order_body);
    REQUIRE(created.status == 201);
    kept = created.header("Location");
    httplib::Headers other = writer;
    other.emplace("Idempotency-Key", "deleted-key");
    const reply removed = exchange(client, "POST", "/orders", other, order_body);
    REQUIRE(removed.status == 201);
    deleted = removed.header("Location");
    REQUIRE(exchange(client, "DELETE", deleted, writer).status == 204);
    REQUIRE(first.stop() == 0);
  }
  service_process second(flags);
  auto client = second.client();
  const reply replayed = exchange(client, "POST", "/orders", keyed, order_body);
  CHECK(replayed.status == 200);
  CHECK(self_href(replayed) == kept);
  CHECK(exchange(client, "GET", kept).status == 200);
  CHECK(exchange(client, "GET", deleted).status == 404);
  CHECK(exchange(client, "POST", "/orders", keyed, R"({"item": "widget", "quantity": 9})").status ==
        409);
  httplib::Headers reused = writer;
  reused.emplace("Idempotency-Key", "deleted-key");
  CHECK(exchange(client, "POST", "/orders", reused, order_body).status == 409);
  // A deleted order's id is never handed out again: a key names one order for good.
  const reply fresh = exchange(client, "POST", "/orders", writer, order_body);
  REQUIRE(fresh.status == 201);
  CHECK(fresh.header("Location") != kept);
  CHECK(fresh.header("Location") != deleted);
  CHECK(exchange(client, "GET", "/orders").resource().state()["page"]["totalElements"] == 2);
}

TEST_CASE("orders_service --db :memory: keeps nothing; a file that is no database is refused") {
  std::string location;
  {
    service_process first({});
    auto client = first.client();
    const reply created =
        exchange(client, "POST", "/orders", {{"Authorization", write_token}}, order_body);
    REQUIRE(created.status == 201);
    location = created.header("Location");
  }
  service_process second({});
  auto client = second.client();
  CHECK(exchange(client, "GET", location).status == 404);

  const scratch_directory directory;
  {
    std::FILE* garbage = std::fopen(directory.file().c_str(), "w");
    REQUIRE(garbage != nullptr);
    std::fputs("this is not a SQLite database, but long enough to be read as one\n", garbage);
    std::fclose(garbage);
  }
  CHECK_THROWS_WITH(service_process({"--db", directory.file()}),
                    "the service ended before printing its URL");
}

TEST_CASE("orders_service stops cleanly on SIGINT and SIGTERM") {
  for (const int signal : {SIGINT, SIGTERM}) {
    service_process service({});
    auto client = service.client();
    REQUIRE(exchange(client, "GET", "/").status == 200);
    CHECK(service.stop(signal) == 0);
  }
}

}  // namespace orders_e2e

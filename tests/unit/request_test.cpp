#include <envelope/request.hpp>

#include "catch.hpp"

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

// The problem a call throws as problem_exception; fails the test when it throws nothing.
template <class F>
envelope::problem thrown_problem(F&& f) {
  try {
    f();
  } catch (const envelope::problem_exception& e) {
    return e.details();
  }
  FAIL("no problem_exception was thrown");
  return {};
}

}  // namespace

TEST_CASE("read_json_body: a JSON body of any JSON media type is read") {
  CHECK(envelope::read_json_body("application/json", R"({"a":1})")["a"] == 1);
  CHECK(envelope::read_json_body("Application/JSON; charset=utf-8", "[1]").size() == 1);
  CHECK(envelope::read_json_body("application/merge-patch+json", "{}").is_object());
}

TEST_CASE("read_json_body: a Content-Type that is not JSON is a 415") {
  for (const std::string_view type : {"text/plain", "", "application/jsonx", "application/"}) {
    INFO(type);
    const auto p = thrown_problem([&] { (void)envelope::read_json_body(type, "{}"); });
    CHECK(p.status == 415);
    CHECK(p.title == "Unsupported Media Type");
    REQUIRE(p.detail);
    CHECK(p.detail->find("application/json") != std::string::npos);
  }
  const auto named = thrown_problem([] { (void)envelope::read_json_body("text/plain", "{}"); });
  CHECK(named.detail ==
        "The body must be JSON (application/json or a +json type), not text/plain.");
}

TEST_CASE("read_json_body: a body over the limit is a 413, checked before it is parsed") {
  envelope::request_limits limits;
  limits.body_limit = 4;
  CHECK(envelope::read_json_body("application/json", "[11]", limits).size() == 1);
  const auto p =
      thrown_problem([&] { (void)envelope::read_json_body("application/json", "[1,2 ", limits); });
  CHECK(p.status == 413);
  CHECK(p.detail == "The body is 5 bytes; this server accepts at most 4.");
}

TEST_CASE("read_json_body: text that is not JSON is a 400 naming the byte") {
  const auto p =
      thrown_problem([] { (void)envelope::read_json_body("application/json", "{\"a\":}"); });
  CHECK(p.status == 400);
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0].title == "invalid_json");
  CHECK(p.errors[0].detail.find("byte 5") != std::string::npos);

  envelope::request_limits shallow;
  shallow.max_depth = 2;
  const auto deep = thrown_problem(
      [&] { (void)envelope::read_json_body("application/json", "[[[1]]]", shallow); });
  CHECK(deep.status == 400);
  CHECK_NOTHROW(envelope::read_json_body("application/json", "[[1]]", shallow));
  // The text's nesting counts, not the value's: a member named twice is read twice
  // (request_fuzzer found the case; its value here would be {"a": 1}).
  const auto repeated = thrown_problem([&] {
    (void)envelope::read_json_body("application/json", R"({"a": [[1]], "a": 1})", shallow);
  });
  CHECK(repeated.status == 400);
}

TEST_CASE("require_acceptable: a 406 before the work, nothing when the client takes the answer") {
  CHECK_NOTHROW(envelope::require_acceptable(""));
  CHECK_NOTHROW(envelope::require_acceptable("application/json"));
  CHECK_NOTHROW(envelope::require_acceptable("application/*;q=0.1"));
  const auto p = thrown_problem([] { envelope::require_acceptable("text/html"); });
  CHECK(p.status == 406);
  CHECK(p.detail == "This resource is available as application/hal+json or application/json.");
}

TEST_CASE("framework_error: each failure is a problem with title and detail") {
  using envelope::framework_failure;
  const std::vector<std::pair<framework_failure, int>> expected = {
      {framework_failure::no_route, 404},       {framework_failure::method_not_allowed, 405},
      {framework_failure::unknown_method, 501}, {framework_failure::malformed, 400},
      {framework_failure::uri_too_long, 414},   {framework_failure::header_fields_too_large, 431},
      {framework_failure::body_too_large, 413}, {framework_failure::read_timeout, 408},
  };
  for (const auto& [kind, status] : expected) {
    INFO(status);
    const auto r = envelope::framework_error(kind, {"GET", "HEAD"}, 8192);
    CHECK(r.status == status);
    CHECK(r.header("Content-Type") == "application/problem+json");
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body.at("title").is_string());
    CHECK(body.at("detail").is_string());
    CHECK(body.at("status") == status);
  }
  CHECK(envelope::framework_error(framework_failure::method_not_allowed, {"GET", "HEAD"})
            .header("Allow") == "GET, HEAD");
  CHECK(envelope::framework_error(framework_failure::read_timeout).header("Connection") == "close");
  const auto sized = envelope::framework_error(framework_failure::body_too_large, {}, 1024);
  CHECK(nlohmann::json::parse(sized.body)["detail"] ==
        "The body is larger than the server accepts (at most 1024 bytes).");
  const auto unsized = envelope::framework_error(framework_failure::body_too_large);
  CHECK(nlohmann::json::parse(unsized.body)["detail"] ==
        "The body is larger than the server accepts.");
}

TEST_CASE("exception_response: a problem_exception is its response, anything else a quiet 500") {
  int logged = 0;
  std::string where;
  const envelope::error_log log = [&](std::exception_ptr e, std::string_view request) {
    ++logged;
    where = std::string(request);
    CHECK_THROWS_AS(std::rethrow_exception(e), std::runtime_error);
  };

  const auto conflict = envelope::exception_response(
      std::make_exception_ptr(envelope::problem_exception(
          envelope::problem::from_status(409).with_detail("Order 7 was already paid."))),
      log, "POST /orders");
  CHECK(conflict.status == 409);
  CHECK(nlohmann::json::parse(conflict.body)["detail"] == "Order 7 was already paid.");
  CHECK(logged == 0);

  const auto hidden = envelope::exception_response(
      std::make_exception_ptr(std::runtime_error("password=hunter2 in table secrets")), log,
      "POST /orders");
  CHECK(hidden.status == 500);
  CHECK(hidden.body.find("hunter2") == std::string::npos);
  CHECK(hidden.body.find("runtime_error") == std::string::npos);
  CHECK(nlohmann::json::parse(hidden.body)["detail"] == envelope::internal_error_detail);
  CHECK(logged == 1);
  CHECK(where == "POST /orders");
}

TEST_CASE("exception_response: odd exceptions and a throwing log still give a 500") {
  const envelope::error_log throwing = [](std::exception_ptr, std::string_view) {
    throw std::logic_error("the log is broken");
  };
  CHECK(envelope::exception_response(std::make_exception_ptr(42), throwing).status == 500);
  CHECK(envelope::exception_response(nullptr).status == 500);
  // A problem without a status is the service's fault, not the client's.
  CHECK(envelope::exception_response(
            std::make_exception_ptr(envelope::problem_exception(envelope::problem{})))
            .status == 500);
  CHECK(envelope::exception_response(std::make_exception_ptr(envelope::problem_exception(
                                         envelope::problem::from_status(200))))
            .status == 500);
}

TEST_CASE("problem_exception: the header fields it carries go out with its problem") {
  const envelope::error_log no_log;
  SECTION("a 415 from read_json_body names the JSON types it takes in Accept") {
    try {
      (void)envelope::read_json_body("text/plain", "{}");
      FAIL("no problem_exception was thrown");
    } catch (const envelope::problem_exception&) {
      const auto r = envelope::exception_response(std::current_exception(), no_log, "POST /x");
      CHECK(r.status == 415);
      CHECK(r.header("Accept") ==
            std::optional<std::string_view>("application/json, application/*+json"));
      CHECK(r.header("Content-Type") ==
            std::optional<std::string_view>("application/problem+json"));
    }
  }
  SECTION("a thrown 405 with its Allow, and a 429 with its Retry-After") {
    const envelope::problem_exception not_allowed(envelope::problem::from_status(405),
                                                  {{"Allow", "GET, HEAD"}});
    const auto r = envelope::exception_response(std::make_exception_ptr(not_allowed), no_log, "");
    CHECK(r.status == 405);
    CHECK(r.header("Allow") == std::optional<std::string_view>("GET, HEAD"));
    const auto limited = envelope::make_response(envelope::problem_exception(
        envelope::problem::from_status(429).with_detail("Slow down."), {{"Retry-After", "30"}}));
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") == std::optional<std::string_view>("30"));
  }
  SECTION(
      "a 405 thrown without Allow, or a field with a control character, is the service's fault") {
    int logged = 0;
    const envelope::error_log log = [&](std::exception_ptr, std::string_view) { ++logged; };
    const envelope::problem_exception bare(envelope::problem::from_status(405));
    CHECK(envelope::exception_response(std::make_exception_ptr(bare), log, "").status == 500);
    const envelope::problem_exception injected(envelope::problem::from_status(429),
                                               {{"Retry-After", "1\r\nSet-Cookie: a=b"}});
    const auto r = envelope::exception_response(std::make_exception_ptr(injected), log, "");
    CHECK(r.status == 500);
    CHECK(r.body.find("Set-Cookie") == std::string::npos);
    CHECK(logged == 2);
  }
}

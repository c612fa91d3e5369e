#include <envelope/response.hpp>

#include "catch.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// A namespace of the tests' own: POSIX declares ::link (unistd.h), which a
// using-declaration at global scope would collide with.
namespace envelope_tests {

using envelope::link;
using envelope::problem;
using envelope::resource;
using envelope::response;
using envelope::response_error;
using envelope::response_rule;
using nlohmann::json;

namespace {

resource order(int id) {
  return resource({{"id", id}, {"item", "widget"}, {"quantity", 3}})
      .set_link("self", link("/orders/" + std::to_string(id)))
      .set_link("collection", link("/orders"));
}

template <class Build>
response_rule rule_of(Build&& build) {
  try {
    (void)build();
  } catch (const response_error& e) {
    return e.rule();
  }
  FAIL("no response_error was thrown");
  return response_rule::invalid_argument;
}

std::string content_type(const response& r) {
  const auto value = r.header("Content-Type");
  return value ? std::string(*value) : std::string();
}

json body_of(const response& r) {
  return json::parse(r.body);
}

// Every response a builder makes reads back through parse_response as what was built.
void check_round_trip(const response& r) {
  INFO("status " << r.status << " body " << r.body);
  const auto parsed = envelope::parse_response(r.status, content_type(r), r.body);
  CHECK(parsed.status == r.status);
  if (r.body.empty()) {
    CHECK(parsed.empty());
  } else if (envelope::is_error(r.status)) {
    REQUIRE(parsed.has_problem());
    CHECK(json(parsed.as_problem()) == body_of(r));
  } else {
    REQUIRE(parsed.has_resource());
    CHECK(json(parsed.as_resource()) == body_of(r));
  }
}

}  // namespace

TEST_CASE("a resource becomes a HAL response") {
  const resource r = order(7);
  const response out = envelope::make_response(200, r);
  CHECK(out.status == 200);
  CHECK(content_type(out) == "application/hal+json");
  CHECK(body_of(out) == json(r));
  CHECK(out.body == json(r).dump());
  CHECK(envelope::ok(r) == out);
  check_round_trip(out);
}

TEST_CASE("a problem becomes a problem+json response with its status") {
  const problem p = problem::from_status(404).with_detail("Order 9 does not exist.");
  const response out = envelope::make_response(p);
  CHECK(out.status == 404);
  CHECK(content_type(out) == "application/problem+json");
  CHECK(body_of(out) == json{{"type", "about:blank"},
                             {"title", "Not Found"},
                             {"status", 404},
                             {"detail", "Order 9 does not exist."}});
  CHECK(envelope::make_response(404, p) == out);
  check_round_trip(out);
}

TEST_CASE("each response rule is enforced with its own error") {
  const resource r = order(1);
  CHECK(rule_of([&] { return envelope::make_response(600, r); }) ==
        response_rule::status_out_of_range);
  CHECK(rule_of([&] { return envelope::make_response(99); }) == response_rule::status_out_of_range);
  CHECK(rule_of([&] { return envelope::make_response(204, r); }) ==
        response_rule::body_not_allowed);
  CHECK(rule_of([&] { return envelope::make_response(304, r); }) ==
        response_rule::body_not_allowed);
  CHECK(rule_of([&] { return envelope::make_response(101, r); }) ==
        response_rule::body_not_allowed);
  CHECK(rule_of([] { return envelope::make_response(409, problem::from_status(404)); }) ==
        response_rule::problem_status_mismatch);
  CHECK_THROWS_WITH(envelope::make_response(409, problem::from_status(404)),
                    "the problem's status 404 disagrees with the HTTP status 409 (RFC 9457 "
                    "Section 3.1.2)");
  CHECK(rule_of([] { return envelope::make_response(401); }) ==
        response_rule::missing_www_authenticate);
  CHECK(rule_of([] { return envelope::make_response(405); }) == response_rule::missing_allow);
  // The builders that take a problem see the same rules: a 401 or 405 is built
  // with the builder that adds its header field.
  CHECK(rule_of([] { return envelope::error_response(401, "no token"); }) ==
        response_rule::missing_www_authenticate);
  CHECK(rule_of([] { return envelope::make_response(problem::from_status(401)); }) ==
        response_rule::missing_www_authenticate);
  CHECK(rule_of([] { return envelope::error_response(405); }) == response_rule::missing_allow);
  CHECK(rule_of([] { return envelope::make_response(405, problem::from_status(405)); }) ==
        response_rule::missing_allow);
  CHECK(rule_of([] {
          return envelope::method_not_allowed({"GET", "BAD METHOD"});
        }) == response_rule::invalid_argument);
  CHECK(rule_of([] { return envelope::created(order(1), "/orders/1\r\nSet-Cookie: a=b"); }) ==
        response_rule::invalid_header_value);
  CHECK(rule_of([] {
          return envelope::unauthorized(envelope::challenge{"Bad Scheme", {}});
        }) == response_rule::invalid_argument);
  // The conventions: HAL for successes, problems for errors, never the other way.
  CHECK(rule_of([&] { return envelope::make_response(404, r); }) ==
        response_rule::invalid_argument);
  CHECK(rule_of([] { return envelope::make_response(200, problem::from_status(200)); }) ==
        response_rule::invalid_argument);
  CHECK(rule_of([] { return envelope::make_response(problem{}); }) ==
        response_rule::invalid_argument);
}

TEST_CASE("bodiless responses carry neither body nor Content-Type") {
  for (const response& r :
       {envelope::no_content(), envelope::make_response(204), envelope::make_response(304),
        envelope::make_response(205), envelope::make_response(100), envelope::make_response(200)}) {
    CHECK(r.body.empty());
    CHECK_FALSE(r.header("Content-Type"));
    check_round_trip(r);
  }
  CHECK(envelope::no_content().status == 204);
}

TEST_CASE("201 Created carries Location from the self link or as given") {
  const response from_self = envelope::created(order(5));
  CHECK(from_self.status == 201);
  CHECK(*from_self.header("Location") == "/orders/5");
  CHECK(content_type(from_self) == "application/hal+json");
  check_round_trip(from_self);

  CHECK(*envelope::created(order(5), "/v2/orders/5").header("Location") == "/v2/orders/5");

  envelope::response_options options;
  options.base_uri = "https://api.example.com/v1";
  CHECK(*envelope::created(order(5), {}, options).header("Location") ==
        "https://api.example.com/orders/5");
  CHECK(*envelope::created(order(5), "orders/5", options).header("Location") ==
        "https://api.example.com/v1/orders/5");
  CHECK(*envelope::created(order(5), "https://other.example/x", options).header("Location") ==
        "https://other.example/x");

  CHECK_THROWS_WITH(envelope::created(resource({{"id", 1}})),
                    "201 Created needs a Location: give one or a self link");
  // A URI Template is no URI: "/orders/{id}" must not reach the wire as Location.
  resource templated;
  templated.set_link("self", link("/orders/{id}").with_templated());
  CHECK_THROWS_WITH(
      envelope::created(templated),
      "201 Created needs a Location URI, but the self link is a URI Template: give one");
  CHECK(*envelope::created(templated, "/orders/9").header("Location") == "/orders/9");
  CHECK_THROWS_WITH(envelope::accepted(templated),
                    "202 Accepted needs a Location URI, but the \"self\" link is a URI Template");
}

TEST_CASE("a repeated create answers 200 with the existing resource") {
  CHECK(envelope::created_or_ok(true, order(3)).status == 201);
  const response again = envelope::created_or_ok(false, order(3));
  CHECK(again.status == 200);
  CHECK_FALSE(again.header("Location"));
  CHECK(body_of(again) == json(order(3)));
}

TEST_CASE("202 Accepted points at its status monitor") {
  const resource job = resource({{"state", "pending"}})
                           .set_link("self", link("/jobs/4"))
                           .set_link("monitor", link("/jobs/4/status"));
  const response out = envelope::accepted(job);
  CHECK(out.status == 202);
  CHECK(*out.header("Location") == "/jobs/4/status");
  check_round_trip(out);
  CHECK(*envelope::accepted(resource().set_link("self", link("/jobs/5"))).header("Location") ==
        "/jobs/5");
  CHECK_THROWS_AS(envelope::accepted(resource({{"state", "pending"}})), response_error);
}

TEST_CASE("400 carries the validation errors the conventions show") {
  const response out = envelope::bad_request({envelope::validation_error::titled(
      "invalid_type", "`body.name` is `undefined`, but `string` is expected.")});
  CHECK(out.status == 400);
  CHECK(content_type(out) == "application/problem+json");
  const json expected = {{"type", "about:blank"},
                         {"title", "Bad Request"},
                         {"status", 400},
                         {"detail", "Request failed validation"},
                         {"errors",
                          {{{"title", "invalid_type"},
                            {"detail", "`body.name` is `undefined`, but `string` is expected."}}}}};
  CHECK(body_of(out) == expected);
  check_round_trip(out);

  const response pointers = envelope::bad_request(
      {envelope::validation_error::at("#/age", "must be a positive integer")});
  CHECK(body_of(pointers)["errors"][0] ==
        json{{"detail", "must be a positive integer"}, {"pointer", "#/age"}});
}

TEST_CASE("401 carries a Bearer challenge; 403 names the missing scope") {
  const response plain = envelope::unauthorized(envelope::challenge::bearer("orders"));
  CHECK(plain.status == 401);
  CHECK(*plain.header("WWW-Authenticate") == "Bearer realm=\"orders\"");
  CHECK(body_of(plain)["title"] == "Unauthorized");
  check_round_trip(plain);

  const response expired = envelope::unauthorized(
      envelope::challenge::bearer("orders").with_error("invalid_token", "The token expired"),
      "The access token expired.");
  CHECK(*expired.header("WWW-Authenticate") ==
        "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"The token "
        "expired\"");
  CHECK(body_of(expired)["detail"] == "The access token expired.");

  const response scope = envelope::insufficient_scope("orders:write", "orders");
  CHECK(scope.status == 403);
  CHECK(*scope.header("WWW-Authenticate") ==
        "Bearer realm=\"orders\", error=\"insufficient_scope\", scope=\"orders:write\"");
  check_round_trip(scope);

  const response forbidden = envelope::forbidden("Read-only token.");
  CHECK(forbidden.status == 403);
  CHECK_FALSE(forbidden.header("WWW-Authenticate"));
}

TEST_CASE("405 lists the allowed methods") {
  const response out = envelope::method_not_allowed({"GET", "HEAD", "DELETE"});
  CHECK(out.status == 405);
  CHECK(*out.header("Allow") == "GET, HEAD, DELETE");
  CHECK(body_of(out)["title"] == "Method Not Allowed");
  check_round_trip(out);
  CHECK(*envelope::method_not_allowed({}).header("Allow") == "");
}

TEST_CASE("429, 413 and 503 carry Retry-After as seconds or an HTTP-date") {
  const response limited = envelope::too_many_requests(std::chrono::seconds(30));
  CHECK(limited.status == 429);
  CHECK(*limited.header("Retry-After") == "30");
  check_round_trip(limited);

  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(784111777));
  CHECK(*envelope::too_many_requests(when).header("Retry-After") ==
        "Sun, 06 Nov 1994 08:49:37 GMT");

  CHECK_FALSE(envelope::content_too_large(std::nullopt, "Over 64 KiB.").header("Retry-After"));
  const response busy = envelope::content_too_large(std::chrono::seconds(5), "Busy.");
  CHECK(*busy.header("Retry-After") == "5");
  CHECK(body_of(busy)["detail"] == "Busy.");
  CHECK(envelope::content_too_large().status == 413);

  CHECK_FALSE(envelope::service_unavailable().header("Retry-After"));
  const response maintenance =
      envelope::service_unavailable(std::chrono::seconds(600), "Down for maintenance.");
  CHECK(maintenance.status == 503);
  CHECK(*maintenance.header("Retry-After") == "600");
  check_round_trip(maintenance);
}

// The builders as function objects that SFINAE sees: whether a call compiles.
struct content_too_large_t {
  template <class... Args>
  auto operator()(Args&&... args) const
      -> decltype(envelope::content_too_large(std::forward<Args>(args)...));
};
struct unsupported_media_type_t {
  template <class... Args>
  auto operator()(Args&&... args) const
      -> decltype(envelope::unsupported_media_type(std::forward<Args>(args)...));
};
struct unprocessable_content_t {
  template <class... Args>
  auto operator()(Args&&... args) const
      -> decltype(envelope::unprocessable_content(std::forward<Args>(args)...));
};

// A detail given first, in the order of 0.1, does not compile.
static_assert(std::is_invocable_v<content_too_large_t, std::chrono::seconds>);
static_assert(std::is_invocable_v<content_too_large_t, std::nullopt_t, const char*>);
static_assert(!std::is_invocable_v<content_too_large_t, const char*>);
static_assert(!std::is_invocable_v<content_too_large_t, const char*, std::chrono::seconds>);
static_assert(
    std::is_invocable_v<unprocessable_content_t, std::vector<envelope::validation_error>>);
static_assert(!std::is_invocable_v<unprocessable_content_t, const char*>);
static_assert(!std::is_invocable_v<unprocessable_content_t, const char*,
                                   std::vector<envelope::validation_error>>);
// Both were strings in 0.1: the accepted types are a list now, so the old order
// (detail, accepted) cannot compile with its meaning swapped.
static_assert(std::is_invocable_v<unsupported_media_type_t, std::vector<std::string>, const char*>);
static_assert(!std::is_invocable_v<unsupported_media_type_t, const char*, const char*>);
static_assert(!std::is_invocable_v<unsupported_media_type_t, const char*>);

TEST_CASE("every builder takes what its status needs first, then the detail, then options") {
  const std::vector<envelope::validation_error> errors = {
      envelope::validation_error::at("#/quantity", "Only 100 in stock.")};
  const response rule = envelope::unprocessable_content(errors);
  CHECK(rule.status == 422);
  CHECK(body_of(rule)["errors"] ==
        json::array({{{"detail", "Only 100 in stock."}, {"pointer", "#/quantity"}}}));
  CHECK(body_of(rule)["detail"] == "The request is well formed but fails a business rule.");
  CHECK(body_of(envelope::unprocessable_content(errors, "The order is too large."))["detail"] ==
        "The order is too large.");
  CHECK_FALSE(body_of(envelope::unprocessable_content()).contains("errors"));

  envelope::response_options pretty;
  pretty.pretty = true;
  const response later = envelope::content_too_large(std::chrono::seconds(60), {}, pretty);
  CHECK(*later.header("Retry-After") == "60");
  CHECK(later.body.find("\n  \"status\": 413") != std::string::npos);
  CHECK(envelope::unsupported_media_type({"application/json"}, {}, pretty).body.find("\n  ") !=
        std::string::npos);
  CHECK(envelope::unprocessable_content({}, {}, pretty).body.find("\n  ") != std::string::npos);
}

TEST_CASE("each of the conventions' error codes has a one-line builder") {
  const std::vector<std::pair<int, response>> cases = {
      {404, envelope::not_found("No order 9.")},
      {406, envelope::not_acceptable()},
      {409, envelope::conflict("The order has shipped.")},
      {415, envelope::unsupported_media_type({"application/json"}, "Send JSON.")},
      {422, envelope::unprocessable_content({}, "Only 100 in stock.")},
      {500, envelope::internal_server_error()},
      {501, envelope::not_implemented("Invoices are coming.")},
      {502, envelope::error_response(502, "The stock service failed.")},
  };
  for (const auto& [code, r] : cases) {
    INFO("status " << code);
    CHECK(r.status == code);
    CHECK(content_type(r) == "application/problem+json");
    const json body = body_of(r);
    CHECK(body["status"] == code);
    CHECK(body["title"] == std::string(envelope::reason_phrase(code)));
    check_round_trip(r);
  }
  const response unsupported = envelope::unsupported_media_type({"application/json"}, "Send JSON.");
  CHECK(*unsupported.header("Accept") == "application/json");
  CHECK(body_of(unsupported)["detail"] == "Send JSON.");
  CHECK_FALSE(envelope::unsupported_media_type().header("Accept"));
  CHECK(envelope::unsupported_media_type({"application/json", "application/merge-patch+json"})
            .header("Accept") == "application/json, application/merge-patch+json");
}

TEST_CASE("a 500 says nothing of its cause") {
  const response out = envelope::internal_server_error();
  CHECK(body_of(out) == json{{"type", "about:blank"},
                             {"title", "Internal Server Error"},
                             {"status", 500},
                             {"detail", "The server could not complete the request."}});
  const std::runtime_error cause("connection to db-7.internal:5432 refused");
  const response from_exception = envelope::make_response(problem::from_exception(cause));
  CHECK(from_exception.body.find("db-7") == std::string::npos);
  CHECK(from_exception.status == 500);
}

TEST_CASE("a service's options: about:blank, indentation, its own registry") {
  envelope::response_options options;
  options.write_about_blank = false;
  options.pretty = true;
  options.registry.define(499, "Client Closed Request")
      .set_content_type(200, "application/vnd.acme+json");

  const response closed = envelope::error_response(499, {}, options);
  CHECK(body_of(closed) == json{{"title", "Client Closed Request"},
                                {"status", 499},
                                {"detail", "The request failed: Client Closed Request."}});
  CHECK(closed.body.find("\n  \"status\": 499") != std::string::npos);

  const response custom = envelope::ok(order(1), options);
  CHECK(content_type(custom) == "application/vnd.acme+json");
  CHECK(custom.body == json(order(1)).dump(2));
}

TEST_CASE("negotiation picks HAL or JSON for successes and leaves problems alone") {
  const response hal = envelope::ok(order(1));

  const response for_hal = envelope::negotiate_response(hal, "application/hal+json");
  CHECK(content_type(for_hal) == "application/hal+json");
  CHECK(*for_hal.header("Vary") == "Accept");
  CHECK(for_hal.body == hal.body);

  const response for_json = envelope::negotiate_response(hal, "application/json");
  CHECK(content_type(for_json) == "application/json");
  CHECK(for_json.body == hal.body);
  check_round_trip(for_json);

  CHECK(content_type(envelope::negotiate_response(hal, "")) == "application/hal+json");
  CHECK(content_type(envelope::negotiate_response(hal, "*/*")) == "application/hal+json");
  CHECK(content_type(envelope::negotiate_response(
            hal, "application/hal+json;q=0.5, application/json")) == "application/json");

  const response refused = envelope::negotiate_response(hal, "text/html, application/xml;q=0.9");
  CHECK(refused.status == 406);
  CHECK(content_type(refused) == "application/problem+json");
  CHECK(*refused.header("Vary") == "Accept");
  CHECK(body_of(refused)["detail"] ==
        "This resource is available as application/hal+json or application/json.");

  const response missing = envelope::not_found();
  CHECK(envelope::negotiate_response(missing, "text/html") == missing);
  CHECK(envelope::negotiate_response(envelope::no_content(), "text/html") ==
        envelope::no_content());
}

TEST_CASE("check_acceptable refuses before the work, as negotiate_response would after it") {
  CHECK_FALSE(envelope::check_acceptable(""));
  CHECK_FALSE(envelope::check_acceptable("application/json"));
  CHECK_FALSE(envelope::check_acceptable("application/*;q=0.1"));
  const auto refusal = envelope::check_acceptable("text/html");
  REQUIRE(refusal);
  CHECK(refusal->status == 406);
  CHECK(*refusal->header("Vary") == "Accept");
  CHECK(*refusal == envelope::negotiate_response(envelope::ok(order(1)), "text/html"));
  const auto vendor =
      envelope::check_acceptable("application/hal+json", "application/vnd.acme+json");
  REQUIRE(vendor);
  CHECK(body_of(*vendor)["detail"] ==
        "This resource is available as application/vnd.acme+json or application/json.");
}

TEST_CASE("paging links exist only where their page does") {
  const envelope::uri_template orders("/orders{?page,size}");
  const auto links_of = [](const resource& r) {
    std::vector<std::string> rels;
    for (const auto& relation : r.links())
      rels.push_back(relation.rel);
    return rels;
  };

  const resource first =
      envelope::paged_resource(orders, {0, 10}, 25, {order(1), order(2)}, "orders");
  CHECK(links_of(first) == std::vector<std::string>{"self", "first", "next", "last"});
  CHECK(first.find_link("self")->href == "/orders?page=0&size=10");
  CHECK(first.find_link("next")->href == "/orders?page=1&size=10");
  CHECK(first.find_link("last")->href == "/orders?page=2&size=10");
  CHECK(first.state()["page"] ==
        json{{"size", 10}, {"totalElements", 25}, {"totalPages", 3}, {"number", 0}});
  CHECK(first.find_all_embedded("orders").size() == 2);

  const resource middle = envelope::paged_resource(orders, {1, 10}, 25, {}, "orders");
  CHECK(links_of(middle) == std::vector<std::string>{"self", "first", "prev", "next", "last"});
  CHECK(middle.find_link("prev")->href == "/orders?page=0&size=10");

  const resource last = envelope::paged_resource(orders, {2, 10}, 25, {}, "orders");
  CHECK(links_of(last) == std::vector<std::string>{"self", "first", "prev", "last"});

  const resource empty = envelope::paged_resource(orders, {0, 10}, 0, {}, "orders");
  CHECK(links_of(empty) == std::vector<std::string>{"self", "first", "last"});
  CHECK(json(empty)["_embedded"]["orders"] == json::array());

  // Past the last page, and a size of 0: response_paging.cpp.

  const resource filtered =
      envelope::paged_resource(envelope::uri_template("/orders{?status,page,size}"), {0, 5}, 3, {},
                               "orders", {{"status", "open"}});
  CHECK(filtered.find_link("self")->href == "/orders?status=open&page=0&size=5");
}

TEST_CASE("parse_response reads by Content-Type, ignoring its parameters") {
  const json hal = json(order(2));
  const auto as_hal =
      envelope::parse_response(200, "application/hal+json; charset=utf-8", hal.dump());
  REQUIRE(as_hal.has_resource());
  CHECK(as_hal.as_resource() == order(2));
  CHECK(envelope::parse_response(200, "application/json", hal.dump()).has_resource());
  CHECK(envelope::parse_response(200, "application/vnd.acme+json; profile=\"x\"", hal.dump())
            .has_resource());

  // Problems are read tolerantly: the wrong-typed status is dropped, not fatal.
  const auto tolerant = envelope::parse_response(404, "application/problem+json",
                                                 R"({"title":"Not Found","status":"404","x":1})");
  REQUIRE(tolerant.has_problem());
  CHECK_FALSE(tolerant.as_problem().status);
  CHECK(tolerant.as_problem().extension<int>("x") == 1);
  CHECK(envelope::parse_response(500, "application/json", R"({"title":"Oops"})").has_problem());

  CHECK(envelope::parse_response(204, "", "").empty());
}

TEST_CASE("parse_response names what is wrong with a body") {
  CHECK_THROWS_WITH(envelope::parse_response(200, "text/html", "<html>"),
                    "Content-Type text/html is neither HAL nor problem details (a JSON type was "
                    "expected)");
  CHECK_THROWS_WITH(envelope::parse_response(200, "", "{}"),
                    "the body has no Content-Type, so it is neither HAL nor problem details");
  try {
    (void)envelope::parse_response(200, "application/hal+json", R"({"a": tru})");
    FAIL("malformed JSON was accepted");
  } catch (const envelope::response_parse_error& e) {
    CHECK(e.offset() == 9);
    CHECK(std::string(e.what()) == "the body is not JSON: syntax error at byte 9");
  }
  CHECK_THROWS_AS(envelope::parse_response(200, "application/hal+json", "[1,2]"),
                  envelope::document_error);
  CHECK_THROWS_WITH(envelope::parse_response(400, "application/problem+json", "[1]"),
                    "problem details must be a JSON object (RFC 9457 Section 3)");
  CHECK_THROWS_AS(envelope::parse_response(204, "", "{}"), envelope::response_parse_error);
  CHECK_THROWS_AS(envelope::parse_response(700, "", ""), envelope::response_parse_error);
  CHECK_THROWS_AS(envelope::parse_response(200, "application/", "{}"),
                  envelope::response_parse_error);
}

TEST_CASE("a builder's response_error and response_parse_error are envelope::errors") {
  try {
    (void)envelope::method_not_allowed({"BAD METHOD"});
    FAIL("no exception");
  } catch (const envelope::error& e) {
    CHECK(dynamic_cast<const response_error*>(&e) != nullptr);
    CHECK(std::string(e.what()) == "Allow: \"BAD METHOD\" is not a method token");
  }
  try {
    (void)envelope::parse_response(200, "application/hal+json", R"({"a": tru})");
    FAIL("no exception");
  } catch (const envelope::error& e) {
    const auto* parse = dynamic_cast<const envelope::response_parse_error*>(&e);
    REQUIRE(parse != nullptr);
    CHECK(parse->offset() == 9);
    CHECK(std::string(e.what()) == "the body is not JSON: syntax error at byte 9");
  }
  // The standard bases stay, so catches written for 0.1 still work.
  CHECK_THROWS_AS(envelope::parse_response(700, "", ""), std::runtime_error);
  CHECK_THROWS_AS(
      envelope::paged_resource(envelope::uri_template("/o"), {0, 1}, 1, {}, "items", json::array()),
      std::invalid_argument);
  CHECK_THROWS_WITH(envelope::parse_response(700, "", ""),
                    "status 700 is outside 100-599 (RFC 9110 Section 15)");
}

TEST_CASE("401 and 405 take a service's own problem as well as a detail") {
  const problem expired = problem::from_status(401)
                              .with_type("https://errors.example/token-expired")
                              .with_detail("The token expired at 10:00.")
                              .with("expired_at", "2026-12-01T10:00:00Z");
  const response r = envelope::unauthorized(
      envelope::challenge::bearer("orders").with_error("invalid_token"), expired);
  CHECK(r.status == 401);
  CHECK(r.header("WWW-Authenticate") == "Bearer realm=\"orders\", error=\"invalid_token\"");
  CHECK(body_of(r)["expired_at"] == "2026-12-01T10:00:00Z");
  CHECK(rule_of([] {
          return envelope::unauthorized(envelope::challenge::bearer(), problem::from_status(403));
        }) == response_rule::problem_status_mismatch);

  const response m = envelope::method_not_allowed(
      {"GET"}, problem::from_status(405).with_detail("Orders are read-only here."));
  CHECK(m.header("Allow") == "GET");
  CHECK(body_of(m)["detail"] == "Orders are read-only here.");
}

TEST_CASE("every problem a builder makes has a title and a detail, as the conventions say") {
  const envelope::challenge bearer = envelope::challenge::bearer();
  const std::vector<response> built = {
      envelope::error_response(400),
      envelope::unauthorized(bearer),
      envelope::forbidden(),
      envelope::insufficient_scope("orders:write"),
      envelope::not_found(),
      envelope::method_not_allowed({"GET"}),
      envelope::not_acceptable(),
      envelope::conflict(),
      envelope::content_too_large(),
      envelope::unsupported_media_type(),
      envelope::unprocessable_content(),
      envelope::too_many_requests(std::chrono::seconds(1)),
      envelope::internal_server_error(),
      envelope::not_implemented(),
      envelope::service_unavailable(),
      envelope::error_response(418),
  };
  for (const response& r : built) {
    INFO(r.status << " " << r.body);
    const json body = body_of(r);
    CHECK(body["title"].is_string());
    REQUIRE(body["detail"].is_string());
    CHECK_FALSE(body["detail"].get<std::string>().empty());
    CHECK(envelope::validate_problem(body).empty());
  }
  CHECK(body_of(envelope::not_found())["detail"] == "The specified resource does not exist.");
  CHECK(body_of(envelope::not_found("Order 7 does not exist."))["detail"] ==
        "Order 7 does not exist.");
}

TEST_CASE("parse_request_json: JSON in, or the 400 to answer with") {
  CHECK(envelope::parse_request_json(R"({"item": "widget"})") == json{{"item", "widget"}});
  const auto refusal = [](std::string_view body, std::size_t depth = 256) {
    try {
      (void)envelope::parse_request_json(body, depth);
    } catch (const envelope::problem_exception& e) {
      return e.details();
    }
    FAIL("no problem_exception for " << body);
    return problem{};
  };
  const problem syntax = refusal(R"({"item": )");
  CHECK(syntax.status == 400);
  CHECK(syntax.title == "Bad Request");
  CHECK(syntax.detail == "The body is not well-formed JSON.");
  REQUIRE(syntax.errors.size() == 1);
  CHECK(syntax.errors[0].title == "invalid_json");
  CHECK(syntax.errors[0].detail == "The body is not JSON: syntax error at byte 9.");
  CHECK(refusal("").errors[0].detail == "The body is not JSON: syntax error at byte 0.");
  // Nothing of nlohmann's message reaches the client.
  const problem huge = refusal(R"({"n": 1e400})");
  CHECK(huge.errors[0].detail ==
        "The body is not usable JSON: it holds a number too large for a double.");
  CHECK(refusal("[[[1]]]", 2).errors[0].detail == "The body nests deeper than 2 levels.");
  CHECK(envelope::parse_request_json("[[1]]", 2) == json::parse("[[1]]"));
  CHECK(refusal(std::string(100000, '[')).errors[0].detail ==
        "The body nests deeper than 256 levels.");
  const response answer = envelope::make_response(syntax);
  CHECK(answer.status == 400);
  CHECK(answer.header("Content-Type") == "application/problem+json");
}

}  // namespace envelope_tests

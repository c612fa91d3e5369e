#include <envelope/rate_limit.hpp>

#include "catch.hpp"

#include <envelope/response.hpp>
#include <envelope/structured_fields.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using envelope::quota_policy;
using envelope::service_limit;

TEST_CASE("the draft's fields are written as Structured Fields lists", "[rate_limit]") {
  envelope::response r = envelope::ok(envelope::resource{});
  envelope::set_rate_limit(r, "default", 100, 60s, 50, 30s);
  CHECK(r.header("RateLimit-Policy") == "\"default\";q=100;w=60");
  CHECK(r.header("RateLimit") == "\"default\";r=50;t=30");

  // Read back with the Structured Fields parser, not by string matching.
  const auto policy = envelope::sf::parse_list(*r.header("RateLimit-Policy"));
  REQUIRE(policy.size() == 1);
  const auto& item = std::get<envelope::sf::item>(policy[0]);
  CHECK(item.value == envelope::sf::bare_item{"default"});
  CHECK(*item.params.find("q") == envelope::sf::bare_item{100});
  CHECK(*item.params.find("w") == envelope::sf::bare_item{60});

  const auto limits = envelope::rate_limits_of(r);
  REQUIRE(limits.size() == 1);
  CHECK(limits[0].remaining == 50);
  CHECK(limits[0].reset == 30);
  CHECK(envelope::rate_limit_policies_of(r)[0].quota == 100);
}

TEST_CASE("the 429 carries them beside Retry-After", "[rate_limit]") {
  envelope::response r = envelope::too_many_requests(30s);
  envelope::set_rate_limit(r, "default", 100, 60s, 0, 30s);
  CHECK(r.header("Retry-After") == "30");
  CHECK(r.header("RateLimit") == "\"default\";r=0;t=30");
}

TEST_CASE("several policies, units and partition keys round-trip", "[rate_limit]") {
  quota_policy burst{"burst", 100, 60, std::nullopt, std::nullopt};
  quota_policy daily{"daily", 1000, 86400, std::string("content-bytes"), std::string("\x01\xff")};
  const std::string policies = envelope::format_rate_limit_policy({burst, daily});
  CHECK(policies ==
        "\"burst\";q=100;w=60, \"daily\";q=1000;qu=\"content-bytes\";w=86400;pk=:Af8=:");
  CHECK(envelope::parse_rate_limit_policy(policies) == std::vector<quota_policy>{burst, daily});

  service_limit s{"daily", 10, std::nullopt, std::string("key")};
  CHECK(envelope::parse_rate_limit(envelope::format_rate_limit({s})) ==
        std::vector<service_limit>{s});
  // Tokens name policies too, and unknown parameters are ignored.
  const auto parsed = envelope::parse_rate_limit("burst;r=3;t=1;future=?1");
  REQUIRE(parsed.size() == 1);
  CHECK(parsed[0].name == "burst");
  CHECK(parsed[0].remaining == 3);
}

TEST_CASE("what the draft does not allow is refused", "[rate_limit]") {
  CHECK_THROWS_AS(envelope::parse_rate_limit("\"a\";t=1"), envelope::rate_limit_error);
  CHECK_THROWS_AS(envelope::parse_rate_limit("\"a\";r=-1"), envelope::rate_limit_error);
  CHECK_THROWS_AS(envelope::parse_rate_limit("\"a\";r=1.5"), envelope::rate_limit_error);
  CHECK_THROWS_AS(envelope::parse_rate_limit("(\"a\");r=1"), envelope::rate_limit_error);
  CHECK_THROWS_AS(envelope::parse_rate_limit("1;r=1"), envelope::rate_limit_error);
  CHECK_THROWS_AS(envelope::parse_rate_limit_policy("\"a\";w=1"), envelope::rate_limit_error);
  CHECK_THROWS_AS(envelope::parse_rate_limit_policy("\"a\";q=1;pk=x"), envelope::rate_limit_error);
  CHECK_THROWS_AS(envelope::parse_rate_limit("\"a\";r=1,"), envelope::sf::parse_error);
  try {
    (void)envelope::parse_rate_limit("\"a\";r=1, \"b\"");
    FAIL("parsed");
  } catch (const envelope::rate_limit_error& e) {
    CHECK(e.index() == 1);
  }
  envelope::response r;
  CHECK_THROWS_AS(envelope::set_rate_limit(r, "p", -1, 60s, 0, 1s), envelope::argument_error);
  CHECK_THROWS_AS(envelope::set_rate_limit(r, "p\n", 1, 60s, 0, 1s), envelope::argument_error);
  CHECK_THROWS_AS(envelope::format_rate_limit({}), envelope::argument_error);
  CHECK(r.headers.empty());
}

#include <envelope/deprecation.hpp>

#include "catch.hpp"

#include <envelope/structured_fields.hpp>
#include <envelope/web_linking.hpp>

#include <chrono>
#include <string>

using namespace std::chrono;
using envelope::response;

namespace {

system_clock::time_point at(long long seconds) {
  return system_clock::time_point(seconds * 1s);
}

}  // namespace

TEST_CASE("Deprecation is an SF Date with its documentation link", "[deprecation]") {
  response r;
  envelope::deprecate(r, at(1735689600), "https://developer.example/deprecation");
  CHECK(r.header("Deprecation") == "@1735689600");
  const auto item = envelope::sf::parse_item(*r.header("Deprecation"));
  CHECK(item.value.get<envelope::sf::date>().seconds == 1735689600);
  CHECK(r.header("Link") == "<https://developer.example/deprecation>; rel=\"deprecation\"");
  CHECK(envelope::deprecation_of(r) == at(1735689600));

  // Deprecating again replaces the date rather than sending two.
  envelope::deprecate(r, at(1735689601));
  CHECK(r.header("Deprecation") == "@1735689601");
  std::size_t count = 0;
  for (const auto& h : r.headers)
    count += h.first == "Deprecation" ? 1u : 0u;
  CHECK(count == 1);
}

TEST_CASE("Sunset is an HTTP-date with its link", "[deprecation]") {
  response r;
  envelope::deprecate(r, at(1735689600));
  envelope::sunset(r, at(1782864000), "https://developer.example/sunset");
  CHECK(r.header("Sunset") == "Wed, 01 Jul 2026 00:00:00 GMT");
  CHECK(envelope::sunset_of(r) == at(1782864000));
  const auto links = envelope::links_of(r);
  REQUIRE(links.size() == 1);
  CHECK(links[0].has_rel("sunset"));
}

TEST_CASE("a resource is not retired before it is deprecated", "[deprecation]") {
  response r;
  envelope::sunset(r, at(1000));
  CHECK_THROWS_AS(envelope::deprecate(r, at(2000)), envelope::argument_error);
  CHECK(!r.header("Deprecation"));
  response s;
  envelope::deprecate(s, at(2000));
  CHECK_THROWS_AS(envelope::sunset(s, at(1000)), envelope::argument_error);
  CHECK_THROWS_AS(envelope::deprecate(s, at(3000), "/docs\r\nX: y"), envelope::argument_error);
}

TEST_CASE("only an SF Date is a Deprecation", "[deprecation]") {
  CHECK(envelope::parse_deprecation("@0") == at(0));
  CHECK(envelope::parse_deprecation(" @-86400 ") == at(-86400));
  CHECK(!envelope::parse_deprecation("true"));
  CHECK(!envelope::parse_deprecation("?1"));
  CHECK(!envelope::parse_deprecation("1735689600"));
  CHECK(!envelope::parse_deprecation("Wed, 01 Jul 2026 00:00:00 GMT"));
  CHECK(!envelope::parse_deprecation("@999999999999999"));  // beyond a time_point
  CHECK(!envelope::parse_deprecation(""));
}

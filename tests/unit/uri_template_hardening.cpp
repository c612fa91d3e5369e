// Hostile input for URI templates: bytes outside UTF-8, and a template large
// enough that quadratic code would take minutes (the [size] case).
#include <envelope/uri_template.hpp>

#include "catch.hpp"
#include "size_inputs.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

TEST_CASE("hardening: URI templates refuse invalid UTF-8 literals and encode any value") {
  CHECK_THROWS_AS(envelope::uri_template("/a\xff{x}"), envelope::uri_template_error);
  CHECK_THROWS_AS(envelope::uri_template("/a\xc3"), envelope::uri_template_error);
  const envelope::uri_template t("/{x}{?y}");
  CHECK(t.expand({{"x", "\xff\xfe"}, {"y", std::string("a\0b", 3)}}) == "/%FF%FE?y=a%00b");
  // A prefix never splits the bytes of a character it counts.
  CHECK(envelope::uri_template("{x:1}").expand({{"x", "\xc3\xa9t\xc3\xa9"}}) == "%C3%A9");
}

TEST_CASE("hardening: a template of 10,000 expressions compiles and expands", "[size]") {
  constexpr std::size_t count = 10000;
  const size_inputs::template_input in = size_inputs::template_of(count);
  const envelope::uri_template t(in.text);
  const std::vector<std::string> names = t.variables();
  REQUIRE(names.size() == count + 1);
  CHECK(names.back() == "v9999");
  const std::string out = t.expand(in.variables);
  CHECK(out.rfind("/9999?v9999=9999&same=s") == out.size() - 23);
  CHECK(t.expand(nlohmann::json::object()) == std::string(count, '/'));
}

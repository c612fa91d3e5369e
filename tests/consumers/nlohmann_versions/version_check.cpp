// That the nlohmann/json built against is the one asked for, and that envelope's
// writer gives that version's own dump() byte for byte on the values where
// versions have differed: floating point, large integers, escapes, UTF-8.
#include <envelope/hal.hpp>
#include <envelope/problem.hpp>

#include "catch.hpp"

#include <cstdint>
#include <limits>
#include <string>

namespace {

std::string declared_version() {
  return std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_PATCH);
}

}  // namespace

TEST_CASE("the nlohmann/json header is the version asked for") {
  const std::string expected = ENVELOPE_EXPECTED_NLOHMANN_VERSION;
  INFO("nlohmann/json " << declared_version());
  if (!expected.empty()) CHECK(declared_version() == expected);
}

TEST_CASE("dump(resource) and dump(problem) are this version's own dump()") {
  using nlohmann::json;
  const json values = {
      {"floats",
       {0.1, 1e300, -0.0, 3.0, 1.5e-7, 123456789.125, std::numeric_limits<double>::max()}},
      {"integers",
       {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::uint64_t>::max(), 0}},
      {"escapes", "\"\\/\b\f\n\r\t\x01\x1f\x7f"},
      {"utf8", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"},
      {"nested",
       {{"empty_object", json::object()}, {"empty_array", json::array()}, {"null", nullptr}}}};
  envelope::resource r(values);
  r.set_link("self", envelope::link("/things/1"));
  for (const int indent : {-1, 0, 2}) {
    INFO("indent " << indent);
    CHECK(envelope::dump(r, indent) == json(r).dump(indent));
  }
  envelope::problem p = envelope::problem::from_status(404);
  p.detail = "caf\xC3\xA9 \"quoted\"\n";
  p.extensions["values"] = values;
  CHECK(envelope::dump(p) == json(p).dump());
}

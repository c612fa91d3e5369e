// Hostile input for problem details: nesting depth, numbers, strings, and sizes
// where quadratic code would take minutes to hours (the [size] cases). Each case
// names the guarantee docs/reliability.md lists.
#include <envelope/problem.hpp>

#include <envelope/hal.hpp>

#include "../fuzz/bounded_json.hpp"
#include "catch.hpp"
#include "hostile_inputs.hpp"
#include "size_inputs.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using envelope::problem;
using envelope::resource;
using envelope_tests::hostile_depth;
using envelope_tests::repeat;

namespace {

// [[[...[]...]]] `levels` arrays deep, inside {"deep": ...}.
nlohmann::json nested_extension(std::size_t levels) {
  nlohmann::json document = {{"title", "Deep"}, {"status", 400}};
  document["deep"] = envelope_tests::nest(
      nlohmann::json::array(), nlohmann::json::array(), levels - 1,
      [](nlohmann::json& outer, nlohmann::json inner) { outer.push_back(std::move(inner)); });
  return document;
}

}  // namespace

TEST_CASE("hardening: a problem extension 100,000 deep is kept by the moving reader") {
  // problem::parse(json&&) moves members out of the DOM: nothing recurses.
  const problem p = problem::parse(nested_extension(hostile_depth));
  CHECK(p.title == "Deep");
  CHECK(p.status == 400);
  REQUIRE(p.has_extension("deep"));
  // Walk down without recursion to prove nothing was cut.
  const nlohmann::json* level = &p.extensions.at("deep");
  std::size_t depth = 1;
  while (!level->empty()) {
    level = &level->front();
    ++depth;
  }
  CHECK(depth == hostile_depth);
}

TEST_CASE("hardening: deep JSON is refused at the text, where the limit must be enforced") {
  // nlohmann's copy, operator== and dump() recurse once per level, so a deep value
  // is safe only until it is copied or written. A service bounds depth when it
  // parses the text; tests/fuzz/bounded_json.hpp shows the callback that does it.
  const std::string deep = repeat("[", hostile_depth) + repeat("]", hostile_depth);
  CHECK_FALSE(envelope_tests::parse_bounded(deep, 64));
  const std::string deep_object =
      repeat(R"({"a":)", hostile_depth) + "1" + repeat("}", hostile_depth);
  CHECK_FALSE(envelope_tests::parse_bounded(deep_object, 64));
  // The limit counts arrays and objects, the top level being 1.
  CHECK(envelope_tests::parse_bounded(repeat("[", 64) + repeat("]", 64), 64));
  CHECK_FALSE(envelope_tests::parse_bounded(repeat("[", 65) + repeat("]", 65), 64));
  CHECK(envelope_tests::parse_bounded(R"({"a":[{"b":[1]}]})", 4));
  CHECK_FALSE(envelope_tests::parse_bounded(R"({"a":[{"b":[[1]]}]})", 4));
  CHECK_FALSE(envelope_tests::parse_bounded("{", 64));
  // Within the limit, the problem round-trips through every writer.
  const std::optional<nlohmann::json> bounded =
      envelope_tests::parse_bounded(repeat(R"({"title":"t","x":)", 63) + "1" + repeat("}", 63), 64);
  REQUIRE(bounded);
  const problem p = problem::parse(*bounded);
  const nlohmann::json written = p;
  CHECK(problem::parse(written) == p);
  CHECK_FALSE(envelope::to_xml(p).empty());
}

TEST_CASE("hardening: a problem status that is no status code is ignored (RFC 9457 3.1)") {
  const double infinity = std::numeric_limits<double>::infinity();
  const std::vector<nlohmann::json> not_codes = {
      infinity,
      -infinity,
      std::numeric_limits<double>::quiet_NaN(),
      -1,
      nlohmann::json::parse("18446744073709551616"),  // 2^64, read as a double
      nlohmann::json::parse("18446744073709551615"),  // 2^64 - 1, an unsigned
      nlohmann::json::parse("-9223372036854775809"),
      404.5,
      599.0000001,
      "404",
      true,
      nullptr,
      nlohmann::json::array({404}),
      nlohmann::json::object({{"code", 404}}),
      99,
      600,
      0,
  };
  for (const nlohmann::json& status : not_codes) {
    CAPTURE(status.is_number_float() ? std::to_string(status.get<double>()) : status.dump());
    const nlohmann::json document = {{"title", "t"}, {"status", status}};
    const problem p = problem::parse(document);
    CHECK_FALSE(p.status);
    CHECK_FALSE(p.has_extension("status"));
    const nlohmann::json written = p;
    CHECK_FALSE(written.contains("status"));
    bool reported = false;
    for (const envelope::finding& f : envelope::validate_problem(document)) {
      reported = reported || (f.pointer == "/status" && f.level == envelope::severity::error);
    }
    CHECK(reported);
    CHECK(envelope::to_xml(document).find("<status>") == std::string::npos);
  }
}

TEST_CASE("hardening: status values JSON cannot tell from a code are read as that code") {
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":404.0})")).status == 404);
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":1e2})")).status == 100);
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":5.99e2})")).status == 599);
  CHECK(problem::parse(nlohmann::json::parse(R"({"status":404})")).status == 404);
}

TEST_CASE("hardening: 1e309 in JSON text is nlohmann's out_of_range 406, not a parse_error") {
  // A reader that catches only json::parse_error lets this one through; catch
  // json::exception. Without exceptions the value is simply discarded.
  const std::string text = R"({"status":1e309})";
  try {
    const nlohmann::json parsed = nlohmann::json::parse(text);
    FAIL("1e309 parsed as " << parsed.dump());
  } catch (const nlohmann::json::out_of_range& e) {
    CHECK(e.id == 406);
  }
  CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded());
  CHECK_FALSE(envelope_tests::parse_bounded(text, 64));
}

TEST_CASE("hardening: numeric extensions convert only when they fit") {
  const problem p = problem::parse(nlohmann::json::parse(
      R"({"big":18446744073709551615,"huge":18446744073709551616,"neg":-1,"frac":2.5,"ok":7})"));
  CHECK_FALSE(p.extension<int>("big"));
  CHECK(p.extension<std::uint64_t>("big") == std::numeric_limits<std::uint64_t>::max());
  CHECK_FALSE(p.extension<std::int64_t>("huge"));
  CHECK_FALSE(p.extension<unsigned>("neg"));
  CHECK(p.extension<int>("neg") == -1);
  CHECK_FALSE(p.extension<int>("frac"));
  CHECK(p.extension<double>("frac") == 2.5);
  CHECK(p.extension<std::int8_t>("ok") == 7);
  CHECK_FALSE(p.extension<std::string>("ok"));
}

TEST_CASE("hardening: invalid UTF-8 in JSON text is nlohmann's parse_error 101") {
  try {
    const nlohmann::json parsed = nlohmann::json::parse("{\"title\":\"\xff\"}");
    FAIL("invalid UTF-8 parsed, " << parsed.size() << " member");
  } catch (const nlohmann::json::parse_error& e) {
    CHECK(e.id == 101);
  }
  // Overlong and surrogate encodings are refused as well.
  CHECK(nlohmann::json::parse("\"\xc0\xaf\"", nullptr, false).is_discarded());
  CHECK(nlohmann::json::parse("\"\xed\xa0\x80\"", nullptr, false).is_discarded());
}

TEST_CASE("hardening: invalid UTF-8 put in by code is kept, and dump() reports it as 316") {
  // The documented choice: the typed values keep the bytes they were given, the
  // JSON conversion passes them through, and nlohmann's dump() refuses them with
  // type_error 316 (or replaces them, when the caller asks for error_handler replace).
  const std::string bad = "caf\xc3";
  problem p = problem::from_status(400).with_detail(bad);
  const nlohmann::json written = p;
  CHECK(written["detail"] == bad);
  try {
    static_cast<void>(written.dump());
    FAIL("dump accepted invalid UTF-8");
  } catch (const nlohmann::json::type_error& e) {
    CHECK(e.id == 316);
  }
  const std::string replaced =
      written.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  CHECK(replaced.find("caf\xef\xbf\xbd") != std::string::npos);

  resource r(nlohmann::json{{"name", bad}});
  r.set_link("self", envelope::link("/a\xff"));
  const nlohmann::json hal = r;
  CHECK(hal["name"] == bad);
  CHECK_THROWS_AS(hal.dump(), nlohmann::json::type_error);
  CHECK(resource::parse(hal) == r);
}

TEST_CASE("hardening: the XML writer replaces what XML cannot carry") {
  const problem p = problem::from_status(400).with_detail("a\xff<b\x01").with("note", "\xc3");
  const std::string xml = envelope::to_xml(p);
  CHECK(xml.find("<detail>a\xef\xbf\xbd&lt;b\xef\xbf\xbd</detail>") != std::string::npos);
  CHECK(xml.find("<note>\xef\xbf\xbd</note>") != std::string::npos);
}

TEST_CASE("hardening: a problem with 100,000 errors and extensions reads", "[size]") {
  constexpr std::size_t count = 100000;
  const nlohmann::json document = size_inputs::problem_document(count);
  const envelope::problem p = envelope::problem::parse(document);
  REQUIRE(p.errors.size() == count);
  CHECK(p.extensions.size() == count);
  CHECK(p.errors.back().pointer == "#/99999");
  const nlohmann::json written = p;
  CHECK(envelope::problem::parse(written) == p);
  CHECK(envelope::validate_problem(document).size() == 1);  // only "no detail"
}

TEST_CASE("hardening: the XML of a problem with 100,000 extensions is written", "[size]") {
  // A service that echoes request fields into extensions hands the writer a
  // client-sized object; member order must not cost a search per member.
  const std::string xml = envelope::to_xml(size_inputs::problem_with_extensions(100000));
  CHECK(xml.find("<ext99999>99999</ext99999>") != std::string::npos);
  CHECK(xml.find("<ext0>0</ext0>") != std::string::npos);
}

// Hostile input for HAL resources: nesting depth, and sizes where quadratic code
// would take minutes to hours (the [size] cases). Each case names the guarantee
// docs/reliability.md lists. No clock is read here: tests/scaling counts the
// instructions of the same workloads under callgrind, and ctest's TIMEOUT is the
// guard against a hang.
#include <envelope/hal.hpp>

#include "catch.hpp"
#include "hostile_inputs.hpp"
#include "size_inputs.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

using envelope::document_error;
using envelope::resource;
using envelope_tests::hostile_depth;
using envelope_tests::repeat;

namespace {

// {"_embedded":{"child":{"_embedded":{"child":...{}}}}}, `levels` resources below
// the root.
nlohmann::json nested_embedded(std::size_t levels) {
  return envelope_tests::nest(nlohmann::json::object(), nlohmann::json::object(), levels,
                              [](nlohmann::json& outer, nlohmann::json inner) {
                                outer["_embedded"]["child"] = std::move(inner);
                              });
}

std::string embedded_pointer(std::size_t levels) {
  return repeat("/_embedded/child", levels);
}

}  // namespace

TEST_CASE("hardening: _embedded nested 100,000 deep is a document_error at the limit") {
  const nlohmann::json document = nested_embedded(hostile_depth);
  const std::size_t limit = envelope::parse_options{}.max_depth;
  try {
    static_cast<void>(resource::parse(document));
    FAIL("a 100,000-deep document parsed");
  } catch (const document_error& e) {
    CHECK(e.pointer() == embedded_pointer(limit + 1));
    CHECK(e.reason() == "embedded resources are nested deeper than the limit of 64 levels");
  }
  CHECK_THROWS_AS(document.get<resource>(), document_error);
  CHECK_THROWS_AS(resource::parse(nested_embedded(hostile_depth)), document_error);
}

TEST_CASE("hardening: the _embedded depth limit is configurable and exact") {
  envelope::parse_options options;
  options.max_depth = 3;
  CHECK_NOTHROW(resource::parse(nested_embedded(3), options));
  try {
    static_cast<void>(resource::parse(nested_embedded(4), options));
    FAIL("4 levels passed a limit of 3");
  } catch (const document_error& e) {
    CHECK(e.pointer() == embedded_pointer(4));
  }
  // At the default limit a document still round-trips.
  const resource at_limit = resource::parse(nested_embedded(64));
  const nlohmann::json written = at_limit;
  CHECK(written == nested_embedded(64));
  CHECK(resource::parse(written) == at_limit);
}

TEST_CASE("hardening: validate_hal stops at the depth limit on a 100,000-deep document") {
  const std::vector<envelope::finding> findings =
      envelope::validate_hal(nested_embedded(hostile_depth));
  // One "no self link" warning per level down to the limit, then the error.
  REQUIRE(findings.size() == 66);
  CHECK(findings.back().level == envelope::severity::error);
  CHECK(findings.back().pointer == embedded_pointer(65));
}

TEST_CASE("hardening: 100,000-deep JSON text reaches the HAL parser intact") {
  // nlohmann's parser is iterative, so the text parses; resource::parse then
  // refuses it at the limit, before anything recursive touches the deep part.
  const std::string text =
      repeat(R"({"_embedded":{"child":)", hostile_depth) + "{}" + repeat("}}", hostile_depth);
  nlohmann::json document = nlohmann::json::parse(text);
  CHECK_THROWS_AS(resource::parse(std::move(document)), document_error);
}

TEST_CASE("hardening: 100,000 links in one relation parse, write and validate", "[size]") {
  constexpr std::size_t count = 100000;
  const nlohmann::json document = size_inputs::links_document(count);
  const std::string text = document.dump();

  const resource r = resource::parse(nlohmann::json::parse(text));
  REQUIRE(r.find_links("item").size() == count);
  CHECK(r.find_links("item").back().href == "/items/99999");
  const nlohmann::json written = r;
  CHECK(written.dump() == text);
  CHECK(resource::parse(written) == r);
  // Every link after the first repeats the name "n": one info finding each.
  CHECK(envelope::validate_hal(document).size() == 1 + (count - 1));
}

TEST_CASE("hardening: 100,000 embedded resources in one relation", "[size]") {
  constexpr std::size_t count = 100000;
  resource r;
  r.set_embedded("items", size_inputs::embedded_children(count));
  const nlohmann::json written = r;
  REQUIRE(written["_embedded"]["items"].size() == count);
  CHECK(written["_embedded"]["items"].back() == nlohmann::json{{"id", count - 1}});
  CHECK(resource::parse(written) == r);
  CHECK(envelope::validate_hal(written).size() == 1 + count);  // no self link anywhere
}

TEST_CASE("hardening: find_link over 100,000 compact relations", "[size]") {
  // A hostile upstream document with many "prefix:reference" relations and no
  // matching curie: each look-up must not rescan the relations per relation.
  const resource r = size_inputs::compact_relations(100000);
  CHECK(r.find_link("b:missing") == nullptr);
  CHECK(r.find_link("a:99999") != nullptr);
}

TEST_CASE("hardening: validate_hal with 100,000 curies and compact relations", "[size]") {
  const nlohmann::json document = size_inputs::curies_document(100000);
  // Every prefix is declared and every curie is well formed: nothing to report.
  CHECK(envelope::validate_hal(document).empty());
}

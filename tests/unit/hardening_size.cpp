// Hostile input, part two: sizes. Each case runs a whole workload at a size where
// quadratic code would take minutes to hours, and checks every answer. No clock
// is read here: tests/scaling counts the instructions of the same workloads at
// two sizes under callgrind and fails when they grow faster than linearly, and
// ctest's TIMEOUT on this binary is the guard against a hang.

#include <envelope/hal.hpp>
#include <envelope/media_type.hpp>
#include <envelope/problem.hpp>
#include <envelope/uri_template.hpp>

#include "catch.hpp"
#include "size_inputs.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

using envelope::resource;

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

TEST_CASE("hardening: a 1 MiB Accept header is negotiated", "[size]") {
  const std::vector<std::string_view> offers = {"application/hal+json", "application/problem+json",
                                                "text/html"};
  const size_inputs::accept_headers a = size_inputs::accepts_of(1 << 20);
  CHECK(envelope::negotiate(a.many_ranges, offers) == "application/problem+json");
  // A parameter the offer lacks rules the range out; nothing else matches.
  CHECK(envelope::negotiate(a.many_parameters, offers) == std::nullopt);
  CHECK(envelope::negotiate(a.many_commas, offers) == "application/problem+json");
  // An unterminated quote swallows the rest: no usable range, so no preference.
  CHECK(envelope::negotiate(a.unterminated, offers) == "application/hal+json");
  CHECK(envelope::negotiate(a.malformed, offers) == "application/problem+json");
  CHECK(envelope::quality(a.many_ranges, "text/plain") == 0.5);
  // As a Content-Type the same text is valid: repeated parameters are kept, in order.
  const auto repeated = envelope::parse_media_type(a.many_parameters);
  REQUIRE(repeated);
  CHECK(repeated->parameters.size() == (a.many_parameters.size() - 24) / 4);
}

TEST_CASE("hardening: a 1 MiB Content-Type parses", "[size]") {
  const std::string text = size_inputs::content_type_of(1 << 20);
  const auto parsed = envelope::parse_media_type(text);
  REQUIRE(parsed);
  CHECK(parsed->parameters.size() == (text.size() - 10) / 15);
  CHECK(parsed->parameter("charset") == "a\"b");
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

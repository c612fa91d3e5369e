// Hostile input, part two: sizes. Each case runs a whole workload at a size where
// quadratic code would take minutes to hours, and checks every answer. No clock
// is read here: the growth rate is shown by tests/benchmarks/scaling_benchmark.cpp
// (a fitted complexity per workload), and ctest's TIMEOUT on this binary is the
// guard against a hang.

#include <envelope/hal.hpp>
#include <envelope/media_type.hpp>
#include <envelope/problem.hpp>
#include <envelope/uri_template.hpp>

#include "catch.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

using envelope::resource;

TEST_CASE("hardening: 100,000 links in one relation parse, write and validate", "[size]") {
  constexpr std::size_t count = 100000;
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < count; ++i) {
    items.push_back({{"href", "/items/" + std::to_string(i)}, {"name", "n"}});
  }
  nlohmann::json document = {{"_links", {{"item", std::move(items)}}}};
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
  std::vector<resource> children;
  children.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    children.push_back(resource(nlohmann::json{{"id", i}}));
  }
  resource r;
  r.set_embedded("items", std::move(children));
  const nlohmann::json written = r;
  REQUIRE(written["_embedded"]["items"].size() == count);
  CHECK(resource::parse(written) == r);
  CHECK(envelope::validate_hal(written).size() == 1 + count);  // no self link anywhere
}

TEST_CASE("hardening: find_link over 100,000 compact relations", "[size]") {
  // A hostile upstream document with many "prefix:reference" relations and no
  // matching curie: each look-up must not rescan the relations per relation.
  constexpr std::size_t count = 100000;
  nlohmann::json links = nlohmann::json::object();
  for (std::size_t i = 0; i < count; ++i) {
    links["a:" + std::to_string(i)] = {{"href", "/x"}};
  }
  const resource r = resource::parse(nlohmann::json{{"_links", std::move(links)}});
  CHECK(r.find_link("b:missing") == nullptr);
  CHECK(r.find_link("a:99999") != nullptr);
}

TEST_CASE("hardening: validate_hal with 100,000 curies and compact relations", "[size]") {
  constexpr std::size_t count = 100000;
  nlohmann::json curies = nlohmann::json::array();
  nlohmann::json links = nlohmann::json::object();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = "c" + std::to_string(i);
    curies.push_back({{"name", name}, {"href", "/rels/{rel}"}, {"templated", true}});
    links[name + ":x"] = {{"href", "/x"}};
  }
  links["curies"] = std::move(curies);
  links["self"] = {{"href", "/"}};
  const nlohmann::json document = {{"_links", std::move(links)}};
  // Every prefix is declared and every curie is well formed: nothing to report.
  CHECK(envelope::validate_hal(document).empty());
}

TEST_CASE("hardening: a template of 10,000 expressions compiles and expands", "[size]") {
  constexpr std::size_t count = 10000;
  std::string text;
  nlohmann::json variables = nlohmann::json::object();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = "v" + std::to_string(i);
    text += "/{" + name + "}{?" + name + ",same}";
    variables[name] = i;
  }
  variables["same"] = "s";
  const envelope::uri_template t(text);
  const std::vector<std::string> names = t.variables();
  REQUIRE(names.size() == count + 1);
  CHECK(names.back() == "v9999");
  const std::string out = t.expand(variables);
  CHECK(out.rfind("/9999?v9999=9999&same=s") == out.size() - 23);
  CHECK(t.expand(nlohmann::json::object()) == std::string(count, '/'));
}

TEST_CASE("hardening: a 1 MiB Accept header is negotiated", "[size]") {
  constexpr std::size_t mebibyte = 1 << 20;
  const std::vector<std::string_view> offers = {"application/hal+json", "application/problem+json",
                                                "text/html"};
  std::vector<std::string> accepts;
  std::string ranges;  // many non-matching ranges, the match last
  while (ranges.size() < mebibyte)
    ranges += "text/plain;q=0.5, ";
  accepts.push_back(ranges + "application/problem+json;q=0.9");
  std::string parameters = "application/problem+json";  // one range, very many parameters
  while (parameters.size() < mebibyte)
    parameters += ";a=b";
  accepts.push_back(parameters);
  accepts.push_back(std::string(mebibyte, ',') + "application/problem+json");
  accepts.push_back("x/y;p=\"" + std::string(mebibyte, 'a') + ", application/problem+json");
  std::string malformed;  // each element fails at a different place
  while (malformed.size() < mebibyte)
    malformed += "a, /b, c/, d/e;, f/g;=h, i/j;k, ";
  accepts.push_back(malformed + "application/problem+json");

  CHECK(envelope::negotiate(accepts[0], offers) == "application/problem+json");
  // A parameter the offer lacks rules the range out; nothing else matches.
  CHECK(envelope::negotiate(accepts[1], offers) == std::nullopt);
  CHECK(envelope::negotiate(accepts[2], offers) == "application/problem+json");
  // An unterminated quote swallows the rest: no usable range, so no preference.
  CHECK(envelope::negotiate(accepts[3], offers) == "application/hal+json");
  CHECK(envelope::negotiate(accepts[4], offers) == "application/problem+json");
  CHECK(envelope::quality(accepts[0], "text/plain") == 0.5);
  // As a Content-Type the same text is valid: repeated parameters are kept, in order.
  const auto repeated = envelope::parse_media_type(accepts[1]);
  REQUIRE(repeated);
  CHECK(repeated->parameters.size() == (accepts[1].size() - 24) / 4);
}

TEST_CASE("hardening: a 1 MiB Content-Type parses", "[size]") {
  constexpr std::size_t mebibyte = 1 << 20;
  std::string text = "text/plain";
  while (text.size() < mebibyte)
    text += ";charset=\"a\\\"b\"";
  const auto parsed = envelope::parse_media_type(text);
  REQUIRE(parsed);
  CHECK(parsed->parameters.size() == (text.size() - 10) / 15);
  CHECK(parsed->parameter("charset") == "a\"b");
}

TEST_CASE("hardening: a problem with 100,000 errors and extensions reads", "[size]") {
  constexpr std::size_t count = 100000;
  nlohmann::json errors = nlohmann::json::array();
  nlohmann::json document = {{"title", "Bad Request"}, {"status", 400}};
  for (std::size_t i = 0; i < count; ++i) {
    errors.push_back({{"detail", "d"}, {"pointer", "#/" + std::to_string(i)}});
    document["ext" + std::to_string(i)] = i;
  }
  document["errors"] = std::move(errors);
  const envelope::problem p = envelope::problem::parse(document);
  REQUIRE(p.errors.size() == count);
  CHECK(p.extensions.size() == count);
  const nlohmann::json written = p;
  CHECK(envelope::problem::parse(written) == p);
  CHECK(envelope::validate_problem(document).size() == 1);  // only "no detail"
}

TEST_CASE("hardening: the XML of a problem with 100,000 extensions is written", "[size]") {
  // A service that echoes request fields into extensions hands the writer a
  // client-sized object; member order must not cost a search per member.
  constexpr std::size_t count = 100000;
  envelope::problem p = envelope::problem::from_status(400);
  for (std::size_t i = 0; i < count; ++i) {
    p.extensions["ext" + std::to_string(i)] = i;
  }
  const std::string xml = envelope::to_xml(p);
  CHECK(xml.find("<ext99999>99999</ext99999>") != std::string::npos);
}

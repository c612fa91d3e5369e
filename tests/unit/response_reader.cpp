// parse_response reads a body's SAX events straight into a resource or a problem
// and leaves the rest to json::parse and resource::parse / problem::parse. These
// tests hold the two paths to the same result, relation order included, and show
// which documents the typed readers take themselves and which they hand over.
#include <envelope/response.hpp>

#include "catch.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace {

using envelope::document_error;
using envelope::parse_response;
using envelope::problem;
using envelope::resource;

bool same_order(const resource& a, const resource& b) {
  if (a.links() != b.links() || a.embedded().size() != b.embedded().size()) return false;
  for (std::size_t i = 0; i < a.embedded().size(); ++i) {
    const auto& x = a.embedded()[i];
    const auto& y = b.embedded()[i];
    if (x.rel != y.rel || x.is_array != y.is_array || x.resources.size() != y.resources.size()) {
      return false;
    }
    for (std::size_t j = 0; j < x.resources.size(); ++j) {
      if (!same_order(x.resources[j], y.resources[j])) return false;
    }
  }
  return a == b && a.templates() == b.templates();
}

// Whether the typed HAL reader takes the text itself (true) or hands it over.
bool hal_reader_takes(const std::string& text, resource* out = nullptr,
                      const envelope::parse_options& options = {}) {
  envelope::detail::hal_document::typed_reader<nlohmann::json> reader(256, options);
  const bool taken = nlohmann::json::sax_parse(text, &reader);
  if (taken && out != nullptr) *out = reader.take();
  return taken;
}

bool problem_reader_takes(const std::string& text, problem* out = nullptr) {
  envelope::detail::problem_members::typed_reader<nlohmann::json> reader(256);
  const bool taken = nlohmann::json::sax_parse(text, &reader);
  if (taken && out != nullptr) *out = reader.take();
  return taken;
}

// parse_response and the DOM path agree: the same resource, or the same error.
void check_hal(const std::string& text, const envelope::parse_options& options = {}) {
  INFO(text);
  resource by_dom;
  std::string dom_error;
  try {
    by_dom = resource::parse(nlohmann::json::parse(text), options);
  } catch (const document_error& e) {
    dom_error = e.what();
  }
  if (dom_error.empty()) {
    const auto parsed = parse_response(200, "application/hal+json", text, options);
    REQUIRE(parsed.has_resource());
    CHECK(same_order(parsed.as_resource(), by_dom));
  } else {
    CHECK_THROWS_WITH(parse_response(200, "application/hal+json", text, options), dom_error);
    CHECK_FALSE(hal_reader_takes(text, nullptr, options));
  }
}

void check_problem(const std::string& text) {
  INFO(text);
  const problem by_dom = problem::parse(nlohmann::json::parse(text));
  const auto parsed = parse_response(400, "application/problem+json", text);
  REQUIRE(parsed.has_problem());
  CHECK(parsed.as_problem() == by_dom);
  CHECK(envelope::dump(parsed.as_problem()) == envelope::dump(by_dom));
  CHECK(parsed.as_problem().errors == by_dom.errors);
}

}  // namespace

TEST_CASE("typed reader: a HAL page is read without the DOM, exactly as the DOM path reads it") {
  const std::string page = R"({
    "_links": {
      "self": {"href": "/orders?page=2"},
      "curies": [{"name": "acme", "href": "https://docs.example/rels/{rel}", "templated": true}],
      "acme:items": [{"href": "/items/1", "title": "One"}, {"href": "/items/2", "name": "two",
                     "type": "application/hal+json", "deprecation": "https://d", "profile": "p",
                     "hreflang": "en", "x-custom": {"a": [1, 2.5, null, true]}}],
      "find": {"href": "/orders{?q}", "templated": true},
      "empty": []
    },
    "total": 12, "currency": "EUR", "tags": ["a", "b"], "meta": {"deep": {"deeper": [[]]}},
    "_embedded": {
      "acme:items": [
        {"_links": {"self": {"href": "/items/1"}}, "id": 1},
        {"_links": {"self": {"href": "/items/2"}}, "id": 2,
         "_embedded": {"owner": {"name": "x", "_links": {"self": {"href": "/u/1"}}}}}
      ],
      "single": {"n": -1, "f": 1e300, "u": 18446744073709551615}
    },
    "_templates": {"default": {"method": "POST", "properties": [{"name": "total", "required": true}]}}
  })";
  resource typed;
  REQUIRE(hal_reader_takes(page, &typed));
  CHECK(same_order(typed, resource::parse(nlohmann::json::parse(page))));
  CHECK(typed.find_link("acme:items") != nullptr);
  REQUIRE(typed.find_template("default") != nullptr);
  CHECK(typed.find_template("default")->method == "POST");
  check_hal(page);
}

TEST_CASE("typed reader: relations come out in the DOM path's order, by name") {
  const std::string text =
      R"({"_links": {"z": {"href": "/z"}, "a": {"href": "/a"}, "m": [{"href": "/m"}]},
          "_embedded": {"y": {}, "b": [{}, {}]}})";
  resource typed;
  REQUIRE(hal_reader_takes(text, &typed));
  REQUIRE(typed.links().size() == 3);
  CHECK(typed.links()[0].rel == "a");
  CHECK(typed.links()[2].rel == "z");
  CHECK(typed.embedded()[0].rel == "b");
  check_hal(text);
}

TEST_CASE("typed reader: members of the wrong type are kept raw, as the DOM path keeps them") {
  for (const std::string text : {
           R"({"_links": {"self": {"href": "/a", "templated": false}}})",
           R"({"_links": {"self": {"href": "/a", "templated": "true"}}})",
           R"({"_links": {"self": {"href": "/a", "templated": {"x": 1}}}})",
           R"({"_links": {"self": {"href": "/a", "title": 42, "name": ["n"], "type": null}}})",
           R"({"_links": {"self": {"href": "/a", "x": 1, "x": {"y": 2}}}})",
           R"({"_templates": {}})",
           R"({"a": 1, "a": {"b": [1, {"c": 2}]}, "b": [], "c": {}})",
       }) {
    CHECK(hal_reader_takes(text));
    check_hal(text);
  }
}

TEST_CASE("typed reader: what depends on a later member is handed to the DOM path") {
  // Names given twice, where the DOM keeps the last and a typed first would differ.
  for (const std::string text : {
           R"({"_links": {"self": {"href": "/a"}}, "_links": {"next": {"href": "/b"}}})",
           R"({"_links": {"self": {"href": "/a"}, "self": [{"href": "/b"}]}})",
           R"({"_links": {"self": {"href": "/a", "title": "t", "title": 5}}})",
           R"({"_links": {"self": {"href": "/a", "href": "/b"}}})",
           R"({"_embedded": {"x": {}, "x": [{}]}})",
           R"({"_links": 5, "_links": {"self": {"href": "/a"}}})",
       }) {
    CHECK_FALSE(hal_reader_takes(text));
    check_hal(text);
  }
}

TEST_CASE("typed reader: every broken MUST is reported by the DOM path, pointer and all") {
  envelope::parse_options shallow;
  shallow.max_depth = 1;
  for (const std::string text : {
           R"({"_links": []})",
           R"({"_links": {"self": "/a"}})",
           R"({"_links": {"self": [{"href": "/a"}, "/b"]}})",
           R"({"_links": {"self": {"title": "no href"}}})",
           R"({"_links": {"self": {"href": 5}}})",
           R"({"_links": {"self": {"href": {"x": 1}}}})",
           R"({"_embedded": []})",
           R"({"_embedded": {"x": 1}})",
           R"({"_embedded": {"x": [{}, 2]}})",
           R"({"_embedded": {"x": [{"_links": {"self": {}}}]}})",
           R"({"_templates": []})",
           R"({"_templates": {"default": 1}})",
           R"({"_templates": {"default": {"properties": [{"required": true}]}}})",
           R"({"_embedded": {"a": {"_embedded": {"b": {"_embedded": {"c": {}}}}}}})",
       }) {
    check_hal(text, shallow);
  }
  CHECK_THROWS_AS(parse_response(200, "application/hal+json", "[1]"), document_error);
  CHECK_THROWS_AS(parse_response(200, "application/hal+json", R"({"a":})"),
                  envelope::response_parse_error);
}

TEST_CASE("typed reader: the depth limit counts typed and raw containers alike") {
  // parse_response allows 8 x max_depth (64) = 512 nested arrays and objects.
  const std::string text = R"({"_links": {"self": {"href": "/a", "x": )" + std::string(600, '[');
  CHECK_THROWS_WITH(parse_response(200, "application/hal+json", text),
                    Catch::Contains("nests deeper than 512 levels"));
  // The readers here are given 256: the object and 255 arrays fit, one more does not.
  const auto nested = [](std::size_t arrays) {
    return R"({"s": )" + std::string(arrays, '[') + std::string(arrays, ']') + "}";
  };
  CHECK(hal_reader_takes(nested(255)));
  CHECK_FALSE(hal_reader_takes(nested(256)));
  CHECK(problem_reader_takes(nested(255)));
  CHECK_FALSE(problem_reader_takes(nested(256)));
}

TEST_CASE("typed reader: problem details are read without the DOM, tolerantly") {
  const std::string text = R"({
    "type": "https://example.com/probs/out-of-credit", "title": "You do not have enough credit.",
    "status": 403, "detail": "Your current balance is 30, but that costs 50.",
    "instance": "/account/12345/msgs/abc", "balance": 30, "accounts": ["/account/12345"],
    "errors": [{"title": "invalid_type", "detail": "must be an integer", "pointer": "#/age",
                "limit": {"max": 5}}, {"detail": "only a detail"}]
  })";
  problem typed;
  REQUIRE(problem_reader_takes(text, &typed));
  CHECK(typed.status == 403);
  REQUIRE(typed.errors.size() == 2);
  CHECK(typed.errors[0].extensions.at("limit").at("max") == 5);
  check_problem(text);
}

TEST_CASE("typed reader: problem members of the wrong type are ignored or kept, as RFC 9457 says") {
  for (const std::string text : {
           R"({"title": 5, "type": null, "detail": ["x"], "instance": {"a": 1}})",
           R"({"status": 404.0})",
           R"({"status": 404.5})",
           R"({"status": "404"})",
           R"({"status": [404]})",
           R"({"status": 99})",
           R"({"status": 1e300})",
           R"({"status": -404})",
           R"({"errors": []})",
           R"({"errors": {"a": 1}})",
           R"({"errors": "bad"})",
           R"({"errors": null})",
           R"({"errors": [{"x": 1, "x": 2}]})",
           R"({"ext": 1, "ext": [1, {"a": null}]})",
       }) {
    CHECK(problem_reader_takes(text));
    check_problem(text);
  }
  // An "errors" whose shape only its end decides, and names given twice.
  for (const std::string text : {
           R"({"errors": [{"title": "a"}, 5]})",
           R"({"errors": [{"title": "a"}, {"title": 5}]})",
           R"({"errors": [{"pointer": {"x": 1}}]})",
           R"({"errors": [[1]]})",
           R"({"title": "a", "title": 5})",
           R"({"errors": [{"detail": "a", "detail": "b"}]})",
       }) {
    CHECK_FALSE(problem_reader_takes(text));
    check_problem(text);
  }
}

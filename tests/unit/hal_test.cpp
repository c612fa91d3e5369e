#include <envelope/hal.hpp>

#include "catch.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// A namespace of the tests' own: POSIX declares ::link (unistd.h), which a
// using-declaration at global scope would collide with.
namespace envelope_tests {

using envelope::document_error;
using envelope::finding;
using envelope::link;
using envelope::parse_options;
using envelope::resource;
using envelope::severity;
using nlohmann::json;

namespace {

static_assert(std::is_nothrow_move_constructible_v<link>);
static_assert(std::is_nothrow_move_assignable_v<link>);
static_assert(std::is_nothrow_move_constructible_v<resource>);
static_assert(std::is_nothrow_move_assignable_v<resource>);
static_assert(std::is_copy_constructible_v<resource>);
static_assert(std::is_default_constructible_v<resource>);
static_assert(std::is_base_of_v<std::runtime_error, document_error>);
static_assert(std::is_base_of_v<envelope::error, document_error>);
// Fluent setters on an rvalue return a value, never a reference into a temporary.
static_assert(std::is_same_v<decltype(link("/x").with_name("n")), link>);
static_assert(std::is_same_v<decltype(std::declval<link&>().with_name("n")), link&>);
static_assert(std::is_same_v<decltype(resource().set_link("self", "/x")), resource>);
static_assert(
    std::is_same_v<decltype(std::declval<resource&>().set_link("self", "/x")), resource&>);
static_assert(std::is_convertible_v<std::string, link>);
static_assert(
    std::is_same_v<decltype(std::declval<document_error>().pointer()), const std::string&>);

const std::filesystem::path hal_data = std::filesystem::path(ENVELOPE_TEST_DATA_DIR) / "hal";

json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The document_error that parsing throws; fails the test when none is thrown.
template <class Parse>
document_error error_of(Parse&& parse) {
  try {
    parse();
  } catch (const document_error& e) {
    return e;
  }
  FAIL("no document_error was thrown");
  return document_error("", "");
}

std::vector<finding> with_level(const std::vector<finding>& findings, severity level) {
  std::vector<finding> out;
  for (const finding& f : findings) {
    if (f.level == level) out.push_back(f);
  }
  return out;
}

bool has_finding(const std::vector<finding>& findings, severity level, const std::string& pointer,
                 const std::string& text) {
  return std::any_of(findings.begin(), findings.end(), [&](const finding& f) {
    return f.level == level && f.pointer == pointer && f.message.find(text) != std::string::npos;
  });
}

// A user's own type, serialized by nlohmann's ADL hooks.
struct order {
  double total = 0;
  std::string currency;
  std::string status;
  friend bool operator==(const order& a, const order& b) {
    return a.total == b.total && a.currency == b.currency && a.status == b.status;
  }
};
void to_json(json& j, const order& o) {
  j = json{{"total", o.total}, {"currency", o.currency}, {"status", o.status}};
}
void from_json(const json& j, order& o) {
  j.at("total").get_to(o.total);
  j.at("currency").get_to(o.currency);
  j.at("status").get_to(o.status);
}

// {"_embedded": {"next": {"_embedded": {"next": ... {} }}}}, built without recursion.
json nested(std::size_t levels) {
  json root = json::object();
  json* at = &root;
  for (std::size_t i = 0; i < levels; ++i) {
    at = &(*at)["_embedded"]["next"];
    *at = json::object();
  }
  return root;
}

}  // namespace

TEST_CASE("spec §3: the order document reads its links and its state") {
  const resource r = read_json(hal_data / "good" / "spec-3-order.json").get<resource>();
  REQUIRE(r.find_link("self") != nullptr);
  CHECK(r.find_link("self")->href == "/orders/523");
  CHECK(r.find_link("warehouse")->href == "/warehouse/56");
  CHECK(r.find_link("invoice")->href == "/invoices/873");
  CHECK(r.find_link("basket") == nullptr);
  CHECK(r.state() == json{{"currency", "USD"}, {"status", "shipped"}, {"total", 10.20}});
  CHECK(r.embedded().empty());
  CHECK(r.links().size() == 3);
}

TEST_CASE("spec §6: the order list reads its embedded array and its templated link") {
  const resource r = read_json(hal_data / "good" / "spec-6-orders.json").get<resource>();
  const link* find = r.find_link("find");
  REQUIRE(find != nullptr);
  CHECK(find->templated);
  CHECK(find->expand({{"id", "123"}}) == "/orders?id=123");
  CHECK(r.find_link("next")->expand({{"id", "123"}}) == "/orders?page=2");

  const std::vector<resource>& orders = r.find_all_embedded("orders");
  REQUIRE(orders.size() == 2);
  CHECK(r.find_embedded_relation("orders")->is_array);
  CHECK(orders[0].find_link("customer")->href == "/customers/7809");
  CHECK(orders[1].state()["status"] == "processing");
  CHECK(r.find_embedded("orders") == &orders[0]);
  CHECK(r.state() == json{{"currentlyProcessing", 14}, {"shippedToday", 20}});
}

TEST_CASE("spec §6: the order list is built in a few fluent lines") {
  const auto order_resource = [](int id, int basket, int customer, double total,
                                 const char* status) {
    return resource({{"total", total}, {"currency", "USD"}, {"status", status}})
        .set_link("self", "/orders/" + std::to_string(id))
        .set_link("basket", "/baskets/" + std::to_string(basket))
        .set_link("customer", "/customers/" + std::to_string(customer));
  };
  const resource orders =
      resource({{"currentlyProcessing", 14}, {"shippedToday", 20}})
          .set_link("self", "/orders")
          .set_link("next", "/orders?page=2")
          .set_link("find", link("/orders{?id}").with_templated())
          .add_embedded("orders", order_resource(123, 98712, 7809, 30.00, "shipped"))
          .add_embedded("orders", order_resource(124, 97213, 12369, 20.00, "processing"));

  const json expected = read_json(hal_data / "good" / "spec-6-orders.json");
  CHECK(json(orders) == expected);
  CHECK(expected.get<resource>() == orders);
}

TEST_CASE("spec §8.3: a curie expands a compact relation and finds it by its full URI") {
  const resource r = read_json(hal_data / "good" / "spec-8.3-curies.json").get<resource>();
  CHECK(r.expand_curie("acme:widgets") == "https://docs.acme.com/relations/widgets");
  REQUIRE(r.find_link("https://docs.acme.com/relations/widgets") != nullptr);
  CHECK(r.find_link("https://docs.acme.com/relations/widgets")->href == "/widgets");
  CHECK(r.find_link("acme:widgets")->href == "/widgets");
  CHECK(r.find_link("https://docs.acme.com/relations/gadgets") == nullptr);
  CHECK(r.find_link_relation("curies")->is_array);
}

TEST_CASE("spec §8.3: versioned curies, and a deprecated link is reported") {
  const json doc = read_json(hal_data / "good" / "spec-8.3-versioned-curies.json");
  const resource r = doc.get<resource>();
  CHECK(r.expand_curie("v1:orders") == "https://docs.example.com/relations/v1/orders");
  CHECK(r.expand_curie("v2:orders") == "https://docs.example.com/relations/v2/orders");
  CHECK(r.find_link("https://docs.example.com/relations/v2/orders")->href ==
        "https://api.example.com/order-list");
  CHECK(r.find_link("v1:orders")->deprecation == "https://dev.example.com/deprecations/v1-orders");

  const std::vector<finding> findings = envelope::validate_hal(doc);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].level == severity::warning);
  CHECK(findings[0].pointer == "/_links/v1:orders");
  CHECK(findings[0].message ==
        "the link is deprecated, see \"https://dev.example.com/deprecations/v1-orders\" (§5.4)");
}

TEST_CASE("spec §8.4: the hypertext cache pattern embeds under the link's relation") {
  const resource before = read_json(hal_data / "good" / "spec-8.4-before.json").get<resource>();
  const resource after = read_json(hal_data / "good" / "spec-8.4-after.json").get<resource>();
  CHECK(before.find_embedded("author") == nullptr);
  const resource* author = after.find_embedded("author");
  REQUIRE(author != nullptr);
  CHECK_FALSE(after.find_embedded_relation("author")->is_array);
  CHECK(author->find_link("self")->href == after.find_link("author")->href);
  CHECK(author->state()["name"] == "Alan Watts");
}

TEST_CASE("a relation's shape is chosen by the writer, never by the count") {
  resource r;
  r.set_link("self", "/a").add_link("item", "/items/1");
  json j = r;
  CHECK(j["_links"]["self"].is_object());
  CHECK(j["_links"]["item"] == json::array({{{"href", "/items/1"}}}));

  r.add_link("item", "/items/2");
  CHECK(json(r)["_links"]["item"].size() == 2);

  // set_link replaces the relation, and makes it a single Link Object.
  r.set_link("item", "/items/3");
  CHECK(json(r)["_links"]["item"] == json{{"href", "/items/3"}});
  // add_link turns a single relation into an array keeping what it held.
  r.add_link("self", "/b");
  CHECK(json(r)["_links"]["self"] == json::array({{{"href", "/a"}}, {{"href", "/b"}}}));

  r.set_links("none", {});
  CHECK(json(r)["_links"]["none"] == json::array());

  SECTION("a parsed document keeps each relation's shape") {
    const json doc = {{"_links",
                       {{"self", {{"href", "/x"}}},
                        {"one", json::array({{{"href", "/1"}}})},
                        {"empty", json::array()}}},
                      {"_embedded", {{"single", {{"a", 1}}}, {"list", json::array({{{"a", 2}}})}}}};
    const resource parsed = doc.get<resource>();
    CHECK_FALSE(parsed.find_link_relation("self")->is_array);
    CHECK(parsed.find_link_relation("one")->is_array);
    CHECK(parsed.find_link_relation("empty")->is_array);
    CHECK(parsed.find_link("empty") == nullptr);
    CHECK(parsed.find_links("empty").empty());
    CHECK_FALSE(parsed.find_embedded_relation("single")->is_array);
    CHECK(parsed.find_embedded_relation("list")->is_array);
    CHECK(json(parsed) == doc);
  }
}

TEST_CASE("an empty embedded collection survives building and parsing") {
  resource r;
  r.set_link("self", "/items").set_embedded("items", std::vector<resource>{});
  const json j = r;
  CHECK(j["_embedded"] == json{{"items", json::array()}});

  const resource parsed = j.get<resource>();
  REQUIRE(parsed.find_embedded_relation("items") != nullptr);
  CHECK(parsed.find_embedded_relation("items")->is_array);
  CHECK(parsed.find_all_embedded("items").empty());
  CHECK(parsed.find_embedded("items") == nullptr);
  CHECK(json(parsed) == j);
  CHECK(parsed == r);
}

TEST_CASE("add_curie writes the curies relation as an array and replaces a same-named curie") {
  resource r;
  r.add_curie("acme", "https://docs.acme.com/relations/{rel}");
  CHECK(json(r)["_links"]["curies"] ==
        json::array({{{"href", "https://docs.acme.com/relations/{rel}"},
                      {"name", "acme"},
                      {"templated", true}}}));
  r.add_curie("ex", "https://example.com/{rel}").add_curie("acme", "https://acme.example/{rel}");
  const std::vector<link>& curies = r.find_links("curies");
  REQUIRE(curies.size() == 2);
  CHECK(curies[0].href == "https://acme.example/{rel}");
  CHECK(r.expand_curie("acme:widgets") == "https://acme.example/widgets");
  CHECK(r.expand_curie("ex:a") == "https://example.com/a");

  SECTION(
      "a curies relation parsed as a single object still declares, and add_curie makes it an "
      "array") {
    resource parsed =
        json{{"_links",
              {{"curies", {{"name", "ex"}, {"href", "/rels/{rel}"}, {"templated", true}}}}}}
            .get<resource>();
    CHECK(parsed.expand_curie("ex:thing") == "/rels/thing");
    parsed.add_curie("more", "/more/{rel}");
    CHECK(json(parsed)["_links"]["curies"].is_array());
    CHECK(json(parsed)["_links"]["curies"].size() == 2);
  }
}

TEST_CASE("expand_curie expands {rel} as an RFC 6570 simple expression") {
  resource r;
  r.add_curie("acme", "https://docs.acme.com/{rel}{?lang}");
  CHECK(r.expand_curie("acme:a b/c") == "https://docs.acme.com/a%20b%2Fc");
  CHECK(r.expand_curie("acme:") == "https://docs.acme.com/");
  CHECK(r.expand_curie("self") == std::nullopt);
  CHECK(r.expand_curie(":x") == std::nullopt);
  CHECK(r.expand_curie("other:x") == std::nullopt);

  r.add_curie("bad", "https://docs.acme.com/{rel");
  CHECK(r.expand_curie("bad:x") == std::nullopt);
  CHECK(r.find_link("bad:x") == nullptr);
}

TEST_CASE("an embedded resource's own curies take precedence over its parent's") {
  const resource root = read_json(hal_data / "good" / "nested-curies.json").get<resource>();
  const resource* widget = root.find_embedded("acme:widgets");
  REQUIRE(widget != nullptr);
  const resource* part = widget->find_embedded("acme:parts");
  REQUIRE(part != nullptr);

  CHECK(root.expand_curie("acme:parts") == "https://docs.acme.com/v1/parts");
  CHECK(widget->expand_curie("acme:parts", {&root}) == "https://docs.acme.com/v2/parts");
  // A resource without curies of its own uses the innermost enclosing declaration.
  CHECK(part->expand_curie("acme:maker") == std::nullopt);
  CHECK(part->expand_curie("acme:maker", {widget, &root}) == "https://docs.acme.com/v2/maker");
  CHECK(part->expand_curie("acme:maker", {&root}) == "https://docs.acme.com/v1/maker");
  CHECK(part->find_link("https://docs.acme.com/v2/maker", {widget, &root})->href == "/makers/3");
  CHECK(part->find_link("https://docs.acme.com/v1/maker", {widget, &root}) == nullptr);
  // Embedded relations resolve through the curies too.
  CHECK(root.find_embedded("https://docs.acme.com/v1/widgets") == widget);
  CHECK(widget->find_embedded("https://docs.acme.com/v2/parts", {&root}) == part);
  CHECK(envelope::validate_hal(json(root)).empty());
}

TEST_CASE("an absolute URI relation is never mistaken for a curie") {
  const resource r = read_json(hal_data / "good" / "absolute-uri-relations.json").get<resource>();
  // A curie named "https" exists, but "https://..." has an authority: it is a URI.
  CHECK(r.expand_curie("https://rels.example.com/widgets") == std::nullopt);
  CHECK(r.find_link("https://rels.example.com/widgets")->href == "/widgets");
  // "urn" is not a declared curie name, so "urn:..." stays a URI.
  CHECK(r.expand_curie("urn:example:rel:parts") == std::nullopt);
  CHECK(r.find_link("urn:example:rel:parts")->href == "/parts");
  CHECK(r.find_link("urn:example:rel:other") == nullptr);
}

TEST_CASE("a link stored under its full URI is found by its compact name") {
  resource r;
  r.add_curie("acme", "https://docs.acme.com/relations/{rel}")
      .set_link("https://docs.acme.com/relations/widgets", "/widgets")
      .set_embedded("https://docs.acme.com/relations/widget", resource({{"id", 1}}));
  CHECK(r.find_link("acme:widgets")->href == "/widgets");
  CHECK(r.find_embedded("acme:widget")->state()["id"] == 1);
  CHECK(r.find_link("acme:gadgets") == nullptr);
}

TEST_CASE("every Link Object member and any non-standard member survive a round trip") {
  const json doc = read_json(hal_data / "good" / "all-link-members.json");
  const resource r = doc.get<resource>();
  const link& l = *r.find_link("alternate");
  CHECK(l.href == "/widgets/1{?format}");
  CHECK(l.templated);
  CHECK(l.type == "text/html");
  CHECK(l.deprecation == "https://example.com/deprecations/html");
  CHECK(l.name == "html");
  CHECK(l.profile == "https://example.com/profiles/widget");
  CHECK(l.title == "The widget, as a page");
  CHECK(l.hreflang == "en-GB");
  CHECK(l.extensions.empty());
  CHECK(json(r) == doc);

  const json ext_doc = read_json(hal_data / "good" / "extensions.json");
  const resource ext = ext_doc.get<resource>();
  const link& self = *ext.find_link("self");
  CHECK(self.extensions ==
        json{{"method", "GET"}, {"x-rank", 3}, {"meta", {{"nested", {1, 2, {{"k", nullptr}}}}}}});
  CHECK(ext.find_link("edit")->extensions["methods"] == json{"PUT", "PATCH"});
  CHECK(ext.state()["_private"].is_string());
  CHECK(json(ext) == ext_doc);
}

TEST_CASE("a link is built fluently; with() refuses the draft's own member names") {
  link l = link("/people/{id}")
               .with_templated()
               .with_type("application/hal+json")
               .with_name("person")
               .with_title("A person")
               .with_profile("https://example.com/person")
               .with_hreflang("en")
               .with_deprecation("https://example.com/dep")
               .with("x-cache", 60);
  CHECK(json(l) == json{{"href", "/people/{id}"},
                        {"templated", true},
                        {"type", "application/hal+json"},
                        {"name", "person"},
                        {"title", "A person"},
                        {"profile", "https://example.com/person"},
                        {"hreflang", "en"},
                        {"deprecation", "https://example.com/dep"},
                        {"x-cache", 60}});
  CHECK(json(l).get<link>() == l);
  CHECK_THROWS_AS(l.with("title", "x"), std::invalid_argument);
  CHECK_THROWS_AS(l.with("href", "x"), std::invalid_argument);
  CHECK_THROWS_AS(l.with("templated", true), std::invalid_argument);
}

TEST_CASE("optional members are written only when engaged, templated only when true") {
  link l("/a");
  CHECK(json(l) == json{{"href", "/a"}});
  l.templated = false;
  l.title = "";
  CHECK(json(l) == json{{"href", "/a"}, {"title", ""}});
  CHECK(link() == link(""));
  CHECK(json(link()) == json{{"href", ""}});

  // null and {} extensions are the same: none.
  link with_empty("/a");
  with_empty.extensions = json::object();
  CHECK(with_empty == link("/a"));
  CHECK(json(with_empty) == json{{"href", "/a"}});

  resource r;
  CHECK(json(r) == json::object());
  r.set_embedded("x", resource());
  CHECK(json(r) == json{{"_embedded", {{"x", json::object()}}}});
}

TEST_CASE("templated present but not true reads as false and is kept as it was") {
  const json doc = read_json(hal_data / "good" / "templated-not-true.json");
  const resource r = doc.get<resource>();
  for (const char* rel : {"self", "search", "page", "other"}) {
    INFO(rel);
    REQUIRE(r.find_link(rel) != nullptr);
    CHECK_FALSE(r.find_link(rel)->templated);
  }
  CHECK(r.find_link("search")->extensions["templated"] == "true");
  CHECK(r.find_link("self")->extensions["templated"] == false);
  // Not templated, so expand() leaves the href alone.
  CHECK(r.find_link("search")->expand({{"q", "x"}}) == "/things{?q}");
  CHECK(json(r) == doc);

  // A typed templated = true wins over a raw value kept from parsing.
  link l = *r.find_link("page");
  l.with_templated();
  CHECK(json(l) == json{{"href", "/things{?page}"}, {"templated", true}});
  CHECK(l.expand({{"page", 2}}) == "/things?page=2");
}

TEST_CASE("standard members of the wrong type are kept raw, not dropped") {
  const json doc = read_json(hal_data / "good" / "wrong-typed-optional-members.json");
  const resource r = doc.get<resource>();
  const link& self = *r.find_link("self");
  CHECK_FALSE(self.title.has_value());
  CHECK_FALSE(self.name.has_value());
  CHECK(self.extensions["title"] == 42);
  CHECK(json(r) == doc);
  CHECK(has_finding(envelope::validate_hal(doc), severity::warning, "/_links/self/title",
                    "\"title\" should be a string, got number"));
}

TEST_CASE("a typed member that is set wins over the raw value parsing kept for it") {
  const json doc = json::parse(
      R"({"_links": {"self": {"href": "/x{?q}", "templated": "true", "type": 5, "title": [1]}}})");
  const resource parsed = doc.get<resource>();
  // Unchanged, it writes back what it read.
  CHECK(json(parsed) == doc);
  CHECK(envelope::dump(parsed) == doc.dump());
  const link& self = *parsed.find_link("self");
  REQUIRE(self.extensions.contains("templated"));

  // A setter only assigns: the raw values stay, and lose to the typed ones.
  link by_setters = self;
  by_setters.with_templated().with_type("text/html");
  CHECK(by_setters.extensions == self.extensions);
  link by_assignment = self;
  by_assignment.templated = true;
  by_assignment.type = "text/html";
  CHECK(by_setters == by_assignment);
  const json written = {
      {"href", "/x{?q}"}, {"templated", true}, {"type", "text/html"}, {"title", {1}}};
  CHECK(json(by_setters) == written);
  CHECK(json(by_assignment) == written);
  // Equal to the link that was never parsed: both write the same Link Object.
  link built = link("/x{?q}").with_templated().with_type("text/html");
  built.extensions = {{"title", {1}}};
  CHECK(built == by_assignment);
  CHECK(by_assignment != self);

  resource by_setter_doc;
  by_setter_doc.set_link("self", by_setters);
  resource by_assignment_doc;
  by_assignment_doc.set_link("self", by_assignment);
  CHECK(by_setter_doc == by_assignment_doc);
  CHECK(envelope::dump(by_setter_doc) == envelope::dump(by_assignment_doc));
  CHECK(envelope::dump(by_assignment_doc) == json(by_assignment_doc).dump());
  // What it writes reads back equal, in both member orders.
  CHECK(json(by_assignment_doc).get<resource>() == by_assignment_doc);
  CHECK(nlohmann::ordered_json(by_assignment_doc).get<resource>() == by_assignment_doc);

  // Unset again, the raw value is written again, as parsed.
  by_assignment.templated = false;
  by_assignment.type.reset();
  CHECK(by_assignment == self);
  CHECK(json(by_assignment) == doc["_links"]["self"]);
}

TEST_CASE("a fluent chain on a temporary can be held by const reference") {
  // Each call on an rvalue returns a value, whose life the reference extends.
  const auto& l = envelope::link("/x").with_name("n");
  CHECK(*l.name == "n");
  CHECK(l.href == "/x");
  const auto& chained = link("/y").with_templated().with_title("t").with("x-rank", 1);
  CHECK(chained.templated);
  CHECK(*chained.title == "t");
  CHECK(chained.extensions["x-rank"] == 1);

  const auto& r = envelope::resource().set_link("self", "/x");
  REQUIRE(r.find_link("self") != nullptr);
  CHECK(r.find_link("self")->href == "/x");
  const auto& nested = resource({{"id", 1}})
                           .add_link("item", "/i/1")
                           .add_curie("acme", "https://acme.example/{rel}")
                           .set_embedded("child", resource().set_link("self", "/c"));
  CHECK(nested.state() == json{{"id", 1}});
  CHECK(nested.find_links("item").size() == 1);
  CHECK(nested.find_embedded("child")->find_link("self")->href == "/c");
}

TEST_CASE("a resource brace-initialised from a JSON object has it as its state") {
  const json j = {{"id", 1}, {"name", "widget"}};
  resource from_lvalue{j};
  CHECK(from_lvalue.state() == j);
  json object_value = json::object();
  object_value["id"] = 1;
  REQUIRE(object_value.is_object());
  resource from_value{object_value};
  CHECK(from_value.state() == object_value);
  CHECK(resource{json{{"id", 1}}}.state() == json{{"id", 1}});
  CHECK(resource{json(nullptr)}.state() == json::object());

  // Members written in braces build the state, as they build an nlohmann::json.
  CHECK(resource({{"id", 1}}).state() == json{{"id", 1}});
  CHECK(resource({{"id", 1}, {"tags", {"a", "b"}}, {"owner", {{"name", "x"}}}}).state() ==
        json{{"id", 1}, {"tags", {"a", "b"}}, {"owner", {{"name", "x"}}}});
  resource one_member{{"id", 1}};
  CHECK(one_member.state() == json{{"id", 1}});
  resource double_braces{{{"id", 1}}};
  CHECK(double_braces.state() == json{{"id", 1}});
  // A name given twice keeps its first value, as in nlohmann::json.
  CHECK(resource({{"id", 1}, {"id", 2}}).state()["id"] == 1);
  CHECK(resource({}).state() == json::object());

  // A JSON value that is not an object is refused, however it is written.
  const json array = {1, 2};
  CHECK_THROWS_AS(resource{array}, envelope::argument_error);
  CHECK_THROWS_AS(resource{json::array()}, envelope::argument_error);
  CHECK_THROWS_AS(resource{json("text")}, envelope::argument_error);
  CHECK_THROWS_AS(resource({{"_links", json::object()}}), envelope::argument_error);
  // Reserved names among other members that start with '_' or sort around them.
  CHECK_THROWS_AS(resource({{"A", 1}, {"_a", 1}, {"_embedded", 1}, {"_z", 1}, {"a", 1}}),
                  envelope::argument_error);
  CHECK_THROWS_AS(resource({{"_links_", 1}, {"_templates", 1}}), envelope::argument_error);
  CHECK_NOTHROW(resource({{"A", 1}, {"_a", 1}, {"_link", 1}, {"_links_", 1}, {"a_links", 1}}));
  try {
    resource refused{array};
    FAIL("no exception");
  } catch (const envelope::error& e) {
    CHECK(std::string(e.what()) == "resource: the state must be a JSON object, not array");
  }
}

TEST_CASE("every HAL exception is an envelope::error") {
  const auto what_of = [](const auto& call) -> std::string {
    try {
      call();
    } catch (const envelope::error& e) {
      return e.what();
    }
    return "no exception";
  };
  CHECK(what_of([] { static_cast<void>(json::array().get<resource>()); }) ==
        "(root): a HAL document must be a JSON object (a Resource Object, §3), got array");
  CHECK(what_of([] {
          static_cast<void>(resource::parse(json{{"_links", 1}}));
        }) == "/_links: \"_links\" must be an object of link relations (§4.1.1), got number");
  CHECK(what_of([] { static_cast<void>(json("x").get<link>()); }) ==
        "(root): a Link Object must be a JSON object (§5), got string");
  CHECK(what_of([] { link("/x").with("href", "/y"); }) ==
        "link: \"href\" is a standard Link Object member");
  CHECK(what_of([] { static_cast<void>(resource(json::array())); }) ==
        "resource: the state must be a JSON object, not array");
  CHECK(what_of([] {
          resource r;
          r.state() = 5;
          static_cast<void>(json(r));
        }) == "resource: the state must be a JSON object, not number");
  CHECK(what_of([] {
          resource r;
          r.state() = 5;
          static_cast<void>(envelope::dump(r));
        }) == "resource: the state must be a JSON object, not number");

  // The standard bases still catch them, and the place is still there.
  CHECK_THROWS_AS(link("/x").with("title", "t"), envelope::argument_error);
  CHECK_THROWS_AS(link("/x").with("title", "t"), std::invalid_argument);
  try {
    static_cast<void>(resource::parse(json{{"_embedded", {{"a/b", 1}}}}));
    FAIL("no exception");
  } catch (const envelope::error& e) {
    const auto* document = dynamic_cast<const document_error*>(&e);
    REQUIRE(document != nullptr);
    CHECK(document->pointer() == "/_embedded/a~1b");
    const std::runtime_error& standard = *document;
    CHECK(std::string(standard.what()) == e.what());
  }
}

TEST_CASE("link::expand expands a templated href with RFC 6570") {
  link l = link("/orders{?id,page}").with_templated();
  CHECK(l.expand({{"id", 7}}) == "/orders?id=7");
  CHECK(l.expand({{"id", "a b"}, {"page", 2}}) == "/orders?id=a%20b&page=2");
  CHECK(l.expand(json::object()) == "/orders");
  CHECK(link("/plain").expand({{"id", 1}}) == "/plain");
  CHECK_THROWS_AS(link("/broken{").with_templated().expand({}), envelope::uri_template_error);
}

TEST_CASE("state is any JSON object, and a user's struct comes back typed") {
  const order o{10.20, "USD", "shipped"};
  resource r(o);
  r.set_link("self", "/orders/523");
  CHECK(r.state_as<order>() == o);
  CHECK(r.state()["total"] == 10.20);

  const json j = r;
  CHECK(j.get<resource>().state_as<order>() == o);
  CHECK(j == json{{"_links", {{"self", {{"href", "/orders/523"}}}}},
                  {"currency", "USD"},
                  {"status", "shipped"},
                  {"total", 10.20}});

  r.state() = order{1, "EUR", "open"};
  CHECK(r.state_as<order>().currency == "EUR");
  r.state()["extra"] = json::array({1, nullptr, "x", {{"deep", {{"er", true}}}}});
  CHECK(json(r).get<resource>() == r);

  CHECK(resource(nullptr).state() == json::object());
  CHECK_THROWS_AS(resource(json::array()), std::invalid_argument);
  CHECK_THROWS_AS(resource(json("text")), std::invalid_argument);
  CHECK_THROWS_AS(resource(json{{"_links", json::object()}}), std::invalid_argument);
  CHECK_THROWS_AS(resource(json{{"_embedded", json::object()}}), std::invalid_argument);
}

TEST_CASE("ordered_json output has _links first, then the state, then _embedded") {
  resource r({{"zeta", 1}, {"Alpha", 2}, {"beta", 3}});
  r.set_embedded("child", resource({{"n", 1}}).set_link("self", "/c"))
      .set_link("self", "/r")
      .add_link("about", link("/about").with_title("About"));
  const nlohmann::ordered_json ordered = r;
  CHECK(ordered.dump() ==
        R"({"_links":{"self":{"href":"/r"},"about":[{"href":"/about","title":"About"}]},)"
        R"("Alpha":2,"beta":3,"zeta":1,)"
        R"("_embedded":{"child":{"_links":{"self":{"href":"/c"}},"n":1}}})");
  // nlohmann::json sorts its members, as always.
  CHECK(json(r).dump() ==
        R"({"Alpha":2,"_embedded":{"child":{"_links":{"self":{"href":"/c"}},"n":1}},)"
        R"("_links":{"about":[{"href":"/about","title":"About"}],"self":{"href":"/r"}},)"
        R"("beta":3,"zeta":1})");
  CHECK(ordered.get<resource>() == r);
}

TEST_CASE("members named _links or _embedded put into the state are not written") {
  resource r;
  r.state()["_links"] = "sneaky";
  r.state()["_embedded"] = 1;
  r.state()["ok"] = true;
  CHECK(json(r) == json{{"ok", true}});
  CHECK(nlohmann::ordered_json(r).dump() == R"({"ok":true})");
  r.state() = 5;
  CHECK_THROWS_AS(json(r), std::invalid_argument);
}

TEST_CASE(
    "the good corpus round-trips: parse, serialize, parse gives an equal value and the same JSON") {
  const std::vector<std::filesystem::path> files = files_in(hal_data / "good");
  REQUIRE(files.size() >= 15);
  for (const std::filesystem::path& file : files) {
    INFO(file.filename().string());
    const json doc = read_json(file);
    const resource r = doc.get<resource>();
    const json written = r;
    CHECK(written == doc);
    CHECK(written.dump() == doc.dump());
    const resource again = written.get<resource>();
    CHECK(again == r);
    CHECK(json(again) == written);

    // The moving parse builds the same value.
    json moved_from = doc;
    const resource moved = resource::parse(std::move(moved_from));
    CHECK(moved == r);

    // Through ordered_json and back.
    const nlohmann::ordered_json ordered = r;
    CHECK(json(ordered) == doc);
    CHECK(ordered.get<resource>() == r);

    // A serialized rvalue writes the same JSON.
    resource copy = r;
    CHECK(json(std::move(copy)) == doc);

    // validate_hal finds no error in a document the parser accepts.
    CHECK(with_level(envelope::validate_hal(doc), severity::error).empty());
  }
}

TEST_CASE("every bad document gives a document_error naming its member") {
  const json expectations = read_json(hal_data / "bad-expectations.json");
  const std::vector<std::filesystem::path> files = files_in(hal_data / "bad");
  REQUIRE(files.size() == expectations.size());
  for (const std::filesystem::path& file : files) {
    const std::string name = file.filename().string();
    INFO(name);
    REQUIRE(expectations.contains(name));
    const std::string pointer = expectations[name][0];
    const std::string reason = expectations[name][1];
    const std::string message = (pointer.empty() ? std::string("(root)") : pointer) + ": " + reason;
    const json doc = read_json(file);

    const document_error e = error_of([&] { static_cast<void>(doc.get<resource>()); });
    CHECK(e.pointer() == pointer);
    CHECK(e.reason() == reason);
    CHECK(std::string(e.what()) == message);

    const document_error moved = error_of([&] { static_cast<void>(resource::parse(json(doc))); });
    CHECK(moved.pointer() == pointer);
    CHECK(std::string(moved.what()) == message);

    // The diagnostic pass reports the same error, collected rather than thrown.
    CHECK(has_finding(envelope::validate_hal(doc), severity::error, pointer, reason));
  }
}

TEST_CASE("error messages name the pointer and what was expected") {
  CHECK(
      std::string(error_of([] {
                    static_cast<void>(json{{"_links", {{"self", json::object()}}}}.get<resource>());
                  }).what()) == "/_links/self: a Link Object must have a string \"href\" (§5.1)");
  CHECK(std::string(error_of([] { static_cast<void>(json::array().get<resource>()); }).what()) ==
        "(root): a HAL document must be a JSON object (a Resource Object, §3), got array");
  CHECK(std::string(error_of([] { static_cast<void>(json(3).get<link>()); }).what()) ==
        "(root): a Link Object must be a JSON object (§5), got number");
  CHECK(std::string(error_of([] {
                      static_cast<void>(json{{"title", "x"}}.get<link>());
                    }).what()) == "(root): a Link Object must have a string \"href\" (§5.1)");
  // RFC 6901 escaping of "~" and "/" in relation names.
  const document_error e = error_of([] {
    static_cast<void>(json{{"_embedded", {{"~/x", {{"_links", {{"a/b", 1}}}}}}}}.get<resource>());
  });
  CHECK(e.pointer() == "/_embedded/~0~1x/_links/a~1b");
  CHECK(std::string(e.what()) ==
        "/_embedded/~0~1x/_links/a~1b: a link relation must hold a Link Object or an array of Link "
        "Objects (§4.1.1), got number");
  // Inside an array of embedded resources the index is part of the pointer, for
  // the moving parse as for the copying one.
  const json items = json::parse(R"({"_embedded": {"items": [{}, {"_links": {"x": 5}}]}})");
  CHECK(error_of([&] { static_cast<void>(resource::parse(items)); }).pointer() ==
        "/_embedded/items/1/_links/x");
  CHECK(error_of([&] { static_cast<void>(resource::parse(json(items))); }).pointer() ==
        "/_embedded/items/1/_links/x");
  const json not_object = json::parse(R"({"_embedded": {"items": [{}, 3]}})");
  CHECK(error_of([&] { static_cast<void>(resource::parse(not_object)); }).pointer() ==
        "/_embedded/items/1");
  CHECK(error_of([&] {
          static_cast<void>(resource::parse(json{{"_embedded", {{"one", 3}}}}));
        }).pointer() == "/_embedded/one");
}

TEST_CASE("nesting of _embedded deeper than the limit is a document_error") {
  CHECK_NOTHROW(resource::parse(nested(64)));
  const document_error e = error_of([] { static_cast<void>(resource::parse(nested(65))); });
  std::string expected;
  for (int i = 0; i < 65; ++i)
    expected += "/_embedded/next";
  CHECK(e.pointer() == expected);
  CHECK(e.reason() == "embedded resources are nested deeper than the limit of 64 levels");

  SECTION("the limit is configurable") {
    CHECK_NOTHROW(resource::parse(nested(3), parse_options{3}));
    CHECK(error_of([] {
            static_cast<void>(resource::parse(nested(4), parse_options{3}));
          }).pointer() == "/_embedded/next/_embedded/next/_embedded/next/_embedded/next");
    CHECK_NOTHROW(
        resource::parse(json{{"_embedded", {{"none", json::array()}}}}, parse_options{0}));
    CHECK(error_of([] {
            static_cast<void>(resource::parse(nested(1), parse_options{0}));
          }).pointer() == "/_embedded/next");
  }

  SECTION("100,000 levels give the error, not a stack overflow") {
    const json deep = nested(100000);
    CHECK(error_of([&] { static_cast<void>(deep.get<resource>()); }).pointer() == expected);
    json deep_copy = nested(100000);
    CHECK(error_of([&] { static_cast<void>(resource::parse(std::move(deep_copy))); }).pointer() ==
          expected);
    const std::vector<finding> findings = envelope::validate_hal(deep);
    CHECK(has_finding(findings, severity::error, expected, "nested deeper than the limit of 64"));
    CHECK(with_level(findings, severity::error).size() == 1);
  }
}

TEST_CASE("nothing crashes on any JSON value") {
  const std::vector<json> values = {
      nullptr,
      true,
      0,
      -1,
      1.5,
      "",
      "x",
      json::array(),
      json::object(),
      json::parse(R"({"_links": null})"),
      json::parse(R"({"_links": {"a": [null, 1, "x"]}})"),
      json::parse(R"({"_links": {"a": {"href": []}}})"),
      json::parse(R"({"_embedded": {"a": [null]}})"),
      json::parse(R"({"_embedded": {"a": {"_embedded": {"b": true}}}})"),
      json::parse(R"({"_links": {"curies": [{"name": 1, "href": "{"}], "x:y": {"href": "/"}}})"),
      json::parse(
          R"({"_links": {"curies": {"href": "{rel}"}, "self": {"href": "{", "templated": true}}})"),
  };
  for (const json& v : values) {
    INFO(v.dump());
    try {
      const resource r = v.get<resource>();
      static_cast<void>(json(r));
      static_cast<void>(r.find_link("x:y"));
      static_cast<void>(r.expand_curie("x:y"));
    } catch (const document_error&) {
    }
    try {
      static_cast<void>(v.get<link>());
    } catch (const document_error&) {
    }
    static_cast<void>(envelope::validate_hal(v));
  }
}

TEST_CASE("100,000 links in one relation, and 100,000 relations, parse in linear time") {
  json many_links = json::array();
  json many_relations = json::object();
  for (int i = 0; i < 100000; ++i) {
    many_links.push_back({{"href", "/items/" + std::to_string(i)}});
    many_relations["rel" + std::to_string(i)] = {{"href", "/"}};
  }
  const auto start = std::chrono::steady_clock::now();
  const resource a = resource::parse(json{{"_links", {{"item", many_links}}}});
  const resource b = resource::parse(json{{"_links", many_relations}});
  CHECK(a.find_links("item").size() == 100000);
  CHECK(a.find_links("item").back().href == "/items/99999");
  CHECK(b.links().size() == 100000);
  CHECK(b == json(b).get<resource>());
  CHECK(with_level(envelope::validate_hal(json(a)), severity::error).empty());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("validate_hal reports the draft's SHOULDs") {
  SECTION("a clean document has no findings") {
    CHECK(envelope::validate_hal(read_json(hal_data / "good" / "spec-6-orders.json")).empty());
  }
  SECTION("a resource without a self link") {
    const std::vector<finding> f = envelope::validate_hal(
        json{{"_links", {{"self", {{"href", "/"}}}}}, {"_embedded", {{"a", json::object()}}}});
    REQUIRE(f.size() == 1);
    CHECK(f[0] == finding{severity::warning, "/_embedded/a",
                          "a Resource Object should have a \"self\" link (§8.1)"});
  }
  SECTION("a href with template expressions but templated not true") {
    const std::vector<finding> f = envelope::validate_hal(
        json{{"_links",
              {{"self", {{"href", "/a{?q}"}}}, {"b", {{"href", "/b{?q}"}, {"templated", true}}}}}});
    REQUIRE(f.size() == 1);
    CHECK(f[0] ==
          finding{severity::warning, "/_links/self/href",
                  "\"href\" looks like a URI Template but \"templated\" is not true (§5.1)"});
  }
  SECTION("templated that is not a boolean") {
    CHECK(has_finding(
        envelope::validate_hal(read_json(hal_data / "good" / "templated-not-true.json")),
        severity::warning, "/_links/search/templated", "any value but true reads as false (§5.2)"));
  }
  SECTION("a curie prefix used but not declared, here or in an enclosing resource") {
    const json doc = {
        {"_links",
         {{"self", {{"href", "/"}}},
          {"acme:x", {{"href", "/x"}}},
          {"urn:isbn:1", {{"href", "/b"}}},
          {"tel:+1-201-555-0123", {{"href", "/t"}}},
          {"did:example:123", {{"href", "/d"}}}}},
        {"_embedded",
         {{"ex:child", {{"_links", {{"self", {{"href", "/c"}}}, {"acme:y", {{"href", "/y"}}}}}}}}}};
    const std::vector<finding> f = envelope::validate_hal(doc);
    CHECK(f.size() == 3);
    CHECK(has_finding(f, severity::warning, "/_links/acme:x",
                      "the relation \"acme:x\" uses the curie prefix \"acme\", which no \"curies\" "
                      "link in scope declares (§8.3)"));
    CHECK(has_finding(f, severity::warning, "/_embedded/ex:child", "curie prefix \"ex\""));
    CHECK(has_finding(f, severity::warning, "/_embedded/ex:child/_links/acme:y",
                      "curie prefix \"acme\""));
    const std::vector<finding> nested_ok =
        envelope::validate_hal(read_json(hal_data / "good" / "nested-curies.json"));
    CHECK(nested_ok.empty());
  }
  SECTION("a curie href without {rel}, without a name, not templated, or as a single object") {
    const json doc = {{"_links",
                       {{"self", {{"href", "/"}}},
                        {"curies", {{"href", "https://docs.example.com/{relation}"}}}}}};
    const std::vector<finding> f = envelope::validate_hal(doc);
    CHECK(has_finding(f, severity::error, "/_links/curies/href",
                      "a curie's \"href\" must be a URI Template with the token {rel} (§8.3)"));
    CHECK(
        has_finding(f, severity::warning, "/_links/curies", "should be an array of Link Objects"));
    CHECK(has_finding(f, severity::warning, "/_links/curies", "should have a string \"name\""));
    CHECK(has_finding(f, severity::warning, "/_links/curies", "should have \"templated\": true"));
    CHECK(f.size() == 4);
  }
  SECTION("deprecated links and duplicate names") {
    const json doc = {{"_links",
                       {{"self", {{"href", "/"}}},
                        {"item",
                         {{{"href", "/1"}, {"name", "a"}},
                          {{"href", "/2"}, {"name", "a"}, {"deprecation", "https://d/"}}}}}}};
    const std::vector<finding> f = envelope::validate_hal(doc);
    REQUIRE(f.size() == 2);
    CHECK(f[0] == finding{severity::warning, "/_links/item/1",
                          "the link is deprecated, see \"https://d/\" (§5.4)"});
    CHECK(f[1] == finding{severity::info, "/_links/item/1",
                          "another link of this relation has the name \"a\" (§5.5)"});
  }
  SECTION("every error is collected, none thrown") {
    const json doc = json::parse(
        R"({"_links": {"self": {}, "a": 1, "b": [2]}, "_embedded": {"x": "y", "z": [3]}})");
    const std::vector<finding> errors = with_level(envelope::validate_hal(doc), severity::error);
    CHECK(errors.size() == 5);
  }
}

TEST_CASE("resources compare by value; the order of relations does not matter, their shape does") {
  resource a;
  a.set_link("self", "/x").set_link("next", "/y");
  resource b;
  b.set_link("next", "/y").set_link("self", "/x");
  CHECK(a == b);
  resource c = b;
  c.add_link("next", "/z");
  CHECK(a != c);
  resource d;
  d.set_link("self", "/x").add_link("next", "/y");
  CHECK(a != d);
  CHECK(resource({{"n", 1}}) != resource({{"n", 2}}));
  resource e = a;
  e.set_embedded("items", std::vector<resource>{});
  CHECK(a != e);
  CHECK(e.remove_embedded("items"));
  CHECK_FALSE(e.remove_embedded("items"));
  CHECK(a == e);
  CHECK(e.remove_link("next"));
  CHECK(e.find_link("next") == nullptr);
}

TEST_CASE("the moving parse takes the document's values instead of copying them") {
  json doc = read_json(hal_data / "good" / "spec-6-orders.json");
  const resource expected = doc.get<resource>();
  const std::string* const next_href = &doc["_links"]["next"]["href"].get_ref<const std::string&>();
  static_cast<void>(next_href);
  const resource r = resource::parse(std::move(doc));
  CHECK(r == expected);
  // The state object itself was moved: the document no longer holds it.
  CHECK_FALSE(doc.is_object());

  resource source = expected;
  resource::embedded_relation& orders =
      const_cast<resource::embedded_relation&>(*source.find_embedded_relation("orders"));
  static_cast<void>(orders);
  const json moved_out = std::move(source);
  CHECK(moved_out == json(expected));
}

TEST_CASE("find_embedded gives mutable access to an embedded resource") {
  resource r;
  r.set_embedded("child", resource({{"n", 1}}));
  resource* child = r.find_embedded("child");
  REQUIRE(child != nullptr);
  child->state()["n"] = 2;
  child->set_link("self", "/child");
  CHECK(json(r)["_embedded"]["child"] ==
        json{{"_links", {{"self", {{"href", "/child"}}}}}, {"n", 2}});
}

TEST_CASE("findings and severities print and compare") {
  CHECK(envelope::to_string(severity::error) == "error");
  CHECK(envelope::to_string(severity::warning) == "warning");
  CHECK(envelope::to_string(severity::info) == "info");
  CHECK(finding{severity::info, "/a", "m"} != finding{severity::info, "/a", "n"});
}

}  // namespace envelope_tests

#include <envelope/hal_forms.hpp>

#include <envelope/response.hpp>
#include <envelope/validation.hpp>

#include "catch.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// A namespace of the tests' own: POSIX declares ::link (unistd.h).
namespace envelope_tests {

using envelope::document_error;
using envelope::form_options;
using envelope::form_property;
using envelope::form_template;
using envelope::link;
using envelope::resource;
using envelope::severity;
using envelope::validation_error;
using nlohmann::json;

namespace {

static_assert(std::is_nothrow_move_constructible_v<form_template>);
static_assert(std::is_nothrow_move_constructible_v<form_property>);
static_assert(std::is_same_v<decltype(form_property("x").with_required()), form_property>);
static_assert(
    std::is_same_v<decltype(std::declval<form_property&>().with_required()), form_property&>);
static_assert(std::is_same_v<decltype(form_template("POST").with_title("t")), form_template>);
static_assert(
    std::is_same_v<decltype(resource().set_template("default", form_template())), resource>);
static_assert(envelope::media_type::hal_forms_json == "application/prs.hal-forms+json");

const std::filesystem::path forms_data =
    std::filesystem::path(ENVELOPE_TEST_DATA_DIR) / "hal-forms";

json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

// Parsed both ways (copying and moving), the document comes back identical, member
// for member and byte for byte, through both writers.
void check_round_trip(const json& document) {
  INFO(document.dump());
  const resource copied = document.get<resource>();
  const resource moved = resource::parse(json(document));
  CHECK(copied == moved);
  CHECK(json(copied) == document);
  CHECK(envelope::dump(copied) == document.dump());
  CHECK(envelope::dump(copied, 2) == document.dump(2));
  CHECK(json(resource(copied)) == document);
  CHECK(envelope::validate_hal(document).size() == envelope::validate_hal(json(copied)).size());
}

std::string error_pointer(const json& document) {
  try {
    static_cast<void>(resource::parse(document));
  } catch (const document_error& e) {
    // The validator reports the same MUST at the same place.
    const auto findings = envelope::validate_hal(document);
    const bool same = std::any_of(findings.begin(), findings.end(), [&](const auto& f) {
      return f.level == severity::error && f.pointer == e.pointer() && e.reason() == f.message;
    });
    CHECK(same);
    return e.pointer();
  }
  return "(no error)";
}

std::vector<std::string> titles(const std::vector<validation_error>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors)
    out.push_back(e.title.value_or("") + " " + e.pointer.value_or("(none)"));
  return out;
}

}  // namespace

// These documents are our own, written in the shapes Spring HATEOAS writes
// (src/test/resources/org/springframework/hateoas/mediatype/hal/forms/ and its
// HalFormsOptions tests): state and _links before _templates, several templates,
// "required": false written out, inline and remote options with promptField,
// valueField, minItems and maxItems, target and contentType.
TEST_CASE("HAL-FORMS documents in Spring HATEOAS's shapes round-trip exactly") {
  std::size_t documents = 0;
  for (const auto& entry : std::filesystem::directory_iterator(forms_data)) {
    if (entry.path().extension() != ".json") continue;
    SECTION(entry.path().filename().string()) {
      check_round_trip(read_json(entry.path()));
    }
    ++documents;
  }
  CHECK(documents >= 6);
}

TEST_CASE("Parsed templates have typed members") {
  const resource r = read_json(forms_data / "every-member.json").get<resource>();
  const form_template* t = r.find_template("default");
  REQUIRE(t != nullptr);
  CHECK(r.find_template("missing") == nullptr);
  CHECK(t->method == "post");
  CHECK(t->title == "Edit the board");
  CHECK(t->content_type == "application/x-www-form-urlencoded");
  CHECK(t->target == "/boards/3/edits");
  REQUIRE(t->properties.size() == 6);
  const form_property& id = t->properties[0];
  CHECK(id.read_only);
  CHECK(id.value == "3");
  CHECK(id.prompt == "Identifier");
  const form_property* label = t->find_property("label");
  REQUIRE(label != nullptr);
  CHECK(label->required);
  CHECK(label->regex == "[A-Za-z ]+");
  CHECK(label->min_length == 2u);
  CHECK(label->max_length == 40u);
  CHECK(label->placeholder == "Sprint board");
  const form_property* ratio = t->find_property("ratio");
  REQUIRE(ratio != nullptr);
  CHECK(ratio->min == -1.5);
  CHECK(ratio->step == 0.25);
  CHECK(t->find_property("notes")->cols == 60u);
  CHECK(t->find_property("notes")->rows == 8u);
  CHECK(t->find_property("link")->templated);
  CHECK(t->find_property("columns")->value == 4);
  CHECK(label->extensions.is_null());

  const resource remote = read_json(forms_data / "options-remote.json").get<resource>();
  const form_property& depot = remote.find_template("default")->properties.at(0);
  REQUIRE(depot.options);
  REQUIRE(depot.options->link);
  CHECK(depot.options->link->href == "/depots{?near}");
  CHECK(depot.options->link->templated);
  CHECK(depot.options->prompt_field == "city");
  CHECK(depot.options->value_field == "id");
  CHECK(depot.options->min_items == 1u);
  CHECK(depot.options->values().empty());

  const resource inline_options = read_json(forms_data / "options-inline.json").get<resource>();
  const form_template& chosen = *inline_options.find_template("default");
  CHECK(chosen.properties[0].options->values() == std::vector<json>{"Post", "Courier", "Pickup"});
  CHECK(chosen.properties[0].options->selected_values == json{"Post"});
  CHECK(chosen.properties[1].options->values() == std::vector<json>{"S", "L"});
}

TEST_CASE("Wrong-typed and unknown members are kept raw and written back") {
  const json document = read_json(forms_data / "tolerated.json");
  const resource r = document.get<resource>();
  const form_template& t = *r.find_template("default");
  CHECK(t.method == "");
  CHECK_FALSE(t.title);
  CHECK(t.extensions.at("title") == 5);
  CHECK(t.extensions.at("x-audit") == json{{"by", "ops"}});
  const form_property& body = t.properties.at(0);
  CHECK_FALSE(body.required);
  CHECK(body.extensions.at("required") == "yes");
  CHECK(body.extensions.at("readOnly") == false);
  CHECK_FALSE(body.min_length);
  CHECK_FALSE(body.max);
  CHECK(body.value.is_null());
  CHECK(body.extensions.at("value").is_null());
  CHECK_FALSE(body.options);
  CHECK(body.extensions.at("options") == "none");
  const form_options& tags = *t.properties.at(1).options;
  CHECK(tags.inline_values.is_null());
  CHECK_FALSE(tags.link);
  CHECK_FALSE(tags.min_items);
  CHECK(tags.extensions.at("inline") == "a,b");
  CHECK(r.find_template("empty")->properties.empty());
  check_round_trip(document);

  // A typed member that is set wins over the raw one.
  resource edited = r;
  form_template changed = t;
  changed.properties[0].required = true;
  changed.title = "Note";
  edited.set_template("default", changed);
  const json written = edited;
  CHECK(written["_templates"]["default"]["title"] == "Note");
  CHECK(written["_templates"]["default"]["properties"][0]["required"] == true);
  CHECK(envelope::dump(edited) == written.dump());
  CHECK(edited != r);
}

TEST_CASE("Templates are built, replaced, removed and written after the state") {
  resource r({{"id", 1}});
  r.set_link("self", "/orders/1");
  r.set_template("default", form_template("POST").with_title("Ship").add_property(
                                form_property("carrier").with_required()));
  r.set_template("cancel", form_template("DELETE"));
  REQUIRE(r.templates().size() == 2);
  r.set_template("cancel", form_template("POST").with_target("/orders/1/cancellation"));
  REQUIRE(r.templates().size() == 2);
  CHECK(r.find_template("cancel")->method == "POST");

  const json expected = json::parse(R"({
    "id": 1,
    "_links": {"self": {"href": "/orders/1"}},
    "_templates": {
      "cancel": {"method": "POST", "target": "/orders/1/cancellation"},
      "default": {"method": "POST", "title": "Ship",
                  "properties": [{"name": "carrier", "required": true}]}
    }
  })");
  CHECK(json(r) == expected);
  CHECK(envelope::dump(r) == expected.dump());
  CHECK(resource::parse(expected) == r);

  const nlohmann::ordered_json ordered = r;
  std::vector<std::string> keys;
  for (const auto& item : ordered.items())
    keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"_links", "id", "_templates"});

  CHECK(r.remove_template("cancel"));
  CHECK_FALSE(r.remove_template("cancel"));
  CHECK(r.find_template("cancel") == nullptr);
  CHECK(json(r)["_templates"].size() == 1);
  CHECK(r.remove_template("default"));
  CHECK_FALSE(json(r).contains("_templates"));

  CHECK_THROWS_AS(resource(json{{"_templates", json::object()}}), envelope::argument_error);
  // A state member of that name, put in through state(), is not written.
  resource sneaky;
  sneaky.state()["_templates"] = 1;
  CHECK_FALSE(json(sneaky).contains("_templates"));
  CHECK(envelope::dump(sneaky) == "{}");
}

TEST_CASE("Built values write what their members say") {
  form_property p("qty");
  p.with_type("number").with_range(1, 10).with_step(0.5).with_length(std::nullopt, 3);
  const json written = p;
  CHECK(written ==
        json::parse(R"({"name":"qty","type":"number","min":1,"max":10,"step":0.5,"maxLength":3})"));
  CHECK(written.dump() ==
        R"({"max":10,"maxLength":3,"min":1,"name":"qty","step":0.5,"type":"number"})");
  CHECK(written.get<form_property>() == p);
  CHECK(form_options::of({"a", "b"}).with_items(1, 1) ==
        json::parse(R"({"inline":["a","b"],"minItems":1,"maxItems":1})").get<form_options>());
  CHECK_THROWS_AS(form_options::of("a"), envelope::argument_error);
  const json remote = form_options::at(link("/x{?q}").with_templated()).with_fields("name", "id");
  CHECK(
      remote ==
      json::parse(
          R"({"link":{"href":"/x{?q}","templated":true},"promptField":"name","valueField":"id"})"));
  CHECK(form_template() == json::object().get<form_template>());
  CHECK(json(form_template()) == json::object());
  CHECK(json(form_template("PUT")) == json{{"method", "PUT"}});
  CHECK_THROWS_AS(json(1).get<form_template>(), document_error);
}

TEST_CASE("Malformed templates are document_errors with the member's pointer") {
  const auto doc = [](const char* templates) {
    return json::parse(std::string(R"({"_links":{"self":{"href":"/"}},"_templates":)") + templates +
                       "}");
  };
  CHECK(error_pointer(doc("[]")) == "/_templates");
  CHECK(error_pointer(doc(R"({"a/b": 1})")) == "/_templates/a~1b");
  // The draft tells clients what to do without a method (GET): not an error.
  CHECK(error_pointer(doc(R"({"default": {}})")) == "(no error)");
  CHECK(error_pointer(doc(R"({"default": {"method": 1}})")) == "(no error)");
  CHECK(error_pointer(doc(R"({"default": {"method": "GET", "properties": {}}})")) ==
        "/_templates/default/properties");
  CHECK(error_pointer(doc(R"({"default": {"method": "GET", "properties": [{"name": "a"}, 2]}})")) ==
        "/_templates/default/properties/1");
  CHECK(
      error_pointer(doc(R"({"default": {"method": "GET", "properties": [{"name": "a"}, {}]}})")) ==
      "/_templates/default/properties/1/name");
  CHECK(
      error_pointer(json::parse(
          R"({"_embedded":{"items":[{"_templates":{"x":{"method":"GET","properties":[{"prompt":"p"}]}}}]}})")) ==
      "/_embedded/items/0/_templates/x/properties/0/name");
  try {
    static_cast<void>(resource::parse(doc(R"({"default": {"properties": [{"name": 1}]}})")));
    FAIL("no document_error");
  } catch (const document_error& e) {
    CHECK(std::string(e.what()) ==
          "/_templates/default/properties/0/name: a HAL-FORMS property must have a string "
          "\"name\" (REQUIRED), got number");
  }
}

#ifdef ENVELOPE_HAL_FORMS_SPEC_DIR
namespace {

// The JSON values written one after another in a text: each top-level {...}, found
// by matching braces outside strings.
std::vector<std::string> objects_in(const std::string& text) {
  std::vector<std::string> out;
  std::size_t depth = 0;
  std::size_t start = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"' || c == '\n') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      if (depth++ == 0) start = i;
    } else if (c == '}' && depth > 0 && --depth == 0) {
      out.push_back(text.substr(start, i + 1 - start));
    }
  }
  return out;
}

// The draft's examples elide with "..." lines, comment with "//" lines and leave
// trailing commas; those are removed, nothing else is changed.
std::string normalized(const std::string& example) {
  std::istringstream in(example);
  std::string kept;
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    const std::string trimmed = line.substr(first);
    if (trimmed.rfind("//", 0) == 0 || trimmed == "..." || trimmed == "...,") continue;
    kept += line + "\n";
  }
  std::string out;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (kept[i] == ',') {
      const auto next = kept.find_first_not_of(" \t\r\n", i + 1);
      if (next != std::string::npos && (kept[next] == '}' || kept[next] == ']')) continue;
    }
    out += kept[i];
  }
  return out;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("Every HAL-FORMS document of the draft that is JSON round-trips exactly") {
  const std::filesystem::path dir(ENVELOPE_HAL_FORMS_SPEC_DIR);
  const std::string asciidoc = read_text(dir / "index.asciidoc");
  // The listing blocks ("----" lines) of the asciidoc; include:: lines name the example
  // files beside it.
  std::vector<std::string> examples;
  std::istringstream in(asciidoc);
  std::string line;
  std::string block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("----", 0) == 0) {
      if (inside) examples.push_back(block);
      inside = !inside;
      block.clear();
    } else if (inside && line.rfind("include::", 0) == 0) {
      block += read_text(dir / line.substr(9, line.find('[') - 9));
    } else if (inside) {
      block += line + "\n";
    }
  }
  std::size_t documents = 0;
  std::size_t with_templates = 0;
  std::size_t not_json = 0;
  for (const std::string& example : examples) {
    for (const std::string& object : objects_in(example)) {
      if (object.find("\"_templates\"") == std::string::npos &&
          object.find("\"_links\"") == std::string::npos) {
        continue;
      }
      const json document = json::parse(normalized(object), nullptr, false);
      if (document.is_discarded()) {
        // The overview (a sketch with alternatives) and two examples with a typo (a
        // missing quote, a missing comma).
        WARN("not JSON in the draft, skipped:\n" << object);
        ++not_json;
        continue;
      }
      check_round_trip(document);
      ++documents;
      if (document.contains("_templates")) ++with_templates;
    }
  }
  CHECK(not_json <= 3);
  CHECK(documents >= 8);
  CHECK(with_templates >= 6);

  // The draft's own example, member by member.
  const resource create = read_json(dir / "hal-forms-response.json").get<resource>();
  const form_template& t = *create.find_template("default");
  CHECK(t.method == "POST");
  CHECK(t.content_type == "application/json");
  CHECK(t.properties.at(0).required);
  CHECK_FALSE(t.properties.at(1).required);
  CHECK(t.properties.at(1).extensions.at("required") == false);
  CHECK(t.properties.at(1).value == "false");
}
#else
TEST_CASE("HAL-FORMS draft examples (skipped: ENVELOPE_HAL_FORMS_SPEC_DIR not set)") {
  WARN(
      "ENVELOPE_HAL_FORMS_SPEC_DIR was not set at configure time: the draft's examples "
      "were not checked");
  CHECK(true);
}
#endif

TEST_CASE("A body is validated against a template, with pointers") {
  const form_template t =
      read_json(forms_data / "every-member.json")["_templates"]["default"].get<form_template>();
  SECTION("a valid body") {
    CHECK(envelope::validate(t, json{{"id", "3"},
                                     {"label", "Team A"},
                                     {"columns", 4},
                                     {"ratio", -0.75},
                                     {"extra", true}})
              .empty());
  }
  SECTION("each rule") {
    const auto errors =
        envelope::validate(t, json{{"id", "4"}, {"columns", 13.5}, {"ratio", "1"}, {"notes", "x"}});
    CHECK(titles(errors) == std::vector<std::string>{"invalid_literal /id", "required /label",
                                                     "too_big /columns", "not_multiple_of /columns",
                                                     "invalid_type /ratio"});
    CHECK(errors[0].detail == "`body.id` is `\"4\"`, but `\"3\"` is expected.");
    CHECK(errors[1].detail == "`body.label` is required.");
  }
  SECTION("strings: pattern and length in characters") {
    CHECK(titles(envelope::validate(t, json{{"id", "3"}, {"label", "T"}})) ==
          std::vector<std::string>{"too_small /label"});
    CHECK(titles(envelope::validate(t, json{{"id", "3"}, {"label", "Team 4"}})) ==
          std::vector<std::string>{"invalid_string /label"});
    // Two characters of two bytes each: long enough, and matched as characters.
    CHECK(titles(envelope::validate(t, json{{"id", "3"}, {"label", std::string(41, 'a')}})) ==
          std::vector<std::string>{"too_big /label"});
    CHECK(titles(envelope::validate(t, json{{"id", "3"}, {"label", nullptr}})) ==
          std::vector<std::string>{"required /label"});
  }
  SECTION("numbers: bounds and step from min") {
    CHECK(titles(envelope::validate(t, json{{"id", "3"}, {"label", "ab"}, {"ratio", -1.6}})) ==
          std::vector<std::string>{"too_small /ratio", "not_multiple_of /ratio"});
    CHECK(titles(envelope::validate(t, json{{"id", "3"}, {"label", "ab"}, {"ratio", -1.4}})) ==
          std::vector<std::string>{"not_multiple_of /ratio"});
    CHECK(envelope::validate(t, json{{"id", "3"}, {"label", "ab"}, {"ratio", 1.5}}).empty());
  }
  SECTION("not an object") {
    CHECK(titles(envelope::validate(t, json::array())) ==
          std::vector<std::string>{"invalid_type "});
  }
}

TEST_CASE("Options, minItems and maxItems, readOnly without a value") {
  const form_template t =
      read_json(forms_data / "options-inline.json")["_templates"]["default"].get<form_template>();
  CHECK(envelope::validate(t, json{{"carrier", "Post"}, {"size", {"S", "L"}}}).empty());
  const auto errors =
      envelope::validate(t, json{{"carrier", {"Post", "Drone"}}, {"size", json::array()}});
  CHECK(titles(errors) == std::vector<std::string>{"too_big /carrier",
                                                   "invalid_enum_value /carrier/1",
                                                   "too_small /size"});
  CHECK(errors[1].detail ==
        "`body.carrier[1]` is `\"Drone\"`, but one of `\"Post\"`, `\"Courier\"`, `\"Pickup\"` is "
        "expected.");
  CHECK(titles(envelope::validate(t, json{{"size", "M"}})) ==
        std::vector<std::string>{"invalid_enum_value /size"});

  form_template locked("PUT");
  locked.add_property(form_property("version").with_read_only());
  CHECK(envelope::validate(locked, json::object()).empty());
  CHECK(envelope::validate(locked, json{{"version", ""}}).empty());
  CHECK(titles(envelope::validate(locked, json{{"version", 2}})) ==
        std::vector<std::string>{"invalid_value /version"});

  form_template bad_regex("POST");
  bad_regex.add_property(form_property("a").with_regex("("));
  CHECK(envelope::validate(bad_regex, json{{"a", "x"}}).empty());

  form_template huge_bound("POST");
  huge_bound.add_property(form_property("a").with_regex("x{1,99999999999999999999}"));
  CHECK(envelope::validate(huge_bound, json{{"a", "x"}}).empty());
}

TEST_CASE("A long value is refused by a regex, not matched at the stack's expense") {
  form_template t("POST");
  t.add_property(form_property("name").with_regex("(([a-z])|([0-9])|(_))*"));
  const envelope::form_validator v(t);
  CHECK(v.validate(json{{"name", std::string(1024, 'a')}}).empty());
  CHECK(envelope::validate(t, json{{"name", std::string(1024, 'a')}}).empty());
  for (const std::size_t size : {std::size_t{1025}, std::size_t{8000}, std::size_t{100000}}) {
    const auto errors = v.validate(json{{"name", std::string(size, 'a')}});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].title == "invalid_string");
    CHECK(titles(envelope::validate(t, json{{"name", std::string(size, 'a')}})) ==
          std::vector<std::string>{"invalid_string /name"});
  }
}

TEST_CASE("A form_validator compiles once and validates as validate() does") {
  const form_template t =
      read_json(forms_data / "every-member.json")["_templates"]["default"].get<form_template>();
  const envelope::form_validator v(t);
  CHECK(v.form() == t);
  const envelope::form_validator copy = v;
  CHECK(copy == v);
  for (const json& body :
       {json{{"id", "3"}, {"label", "Team A"}}, json{{"id", "3"}, {"label", "Team 4"}},
        json{{"id", "4"}, {"columns", 13.5}, {"ratio", "1"}}, json::array()}) {
    CHECK(copy.validate(body) == envelope::validate(t, body));
  }
  CHECK(titles(copy.validate(json{{"id", "3"}, {"label", "Team 4"}})) ==
        std::vector<std::string>{"invalid_string /label"});
  CHECK_NOTHROW(v.check(json{{"id", "3"}, {"label", "Team A"}}));
  CHECK_THROWS_AS(v.check(json{{"id", "3"}}), envelope::problem_exception);
}

TEST_CASE("A step counted from min says so") {
  form_template t("POST");
  t.add_property(form_property("n").with_type("number").with_range(1, 100).with_step(2));
  t.add_property(form_property("m").with_type("number").with_range(4, 100).with_step(2));
  const auto errors = envelope::validate(t, json{{"n", 4}, {"m", 5}});
  REQUIRE(titles(errors) == std::vector<std::string>{"not_multiple_of /n", "not_multiple_of /m"});
  CHECK(errors[0].detail == "`body.n` is `4`, but `1` plus a multiple of `2` is expected.");
  // A min that is itself a multiple of the step: the multiples are the steps.
  CHECK(errors[1].detail == "`body.m` is `5`, but a multiple of `2` is expected.");
  CHECK(envelope::validate(t, json{{"n", 5}, {"m", 6}}).empty());
}

TEST_CASE("A text property with a regex or length bounds takes strings only") {
  form_template t("POST");
  t.add_property(form_property("item").with_regex("[a-z]+"));
  t.add_property(form_property("code").with_length(2, 4));
  t.add_property(form_property("mail").with_type("email"));
  t.add_property(form_property("free"));
  const auto errors =
      envelope::validate(t, json{{"item", 5}, {"code", json::array()}, {"mail", 7}, {"free", 3}});
  REQUIRE(titles(errors) == std::vector<std::string>{"invalid_type /item", "invalid_type /code",
                                                     "invalid_type /mail"});
  CHECK(errors[0].detail == "`body.item` is `number`, but `string` is expected.");
  CHECK(envelope::validate(t, json{{"item", "ab"}, {"code", "abc"}, {"mail", "a@b"}}).empty());
}

TEST_CASE("A missing property whose type the template gives is invalid_type, as in json_schema") {
  form_template t("POST");
  t.add_property(form_property("quantity").with_required().with_type("number"));
  t.add_property(form_property("mail").with_required().with_type("email"));
  t.add_property(form_property("note").with_required());
  t.add_property(form_property("size").with_required().with_type("text").with_options(
      form_options::of({"S", "M"})));
  const auto errors = envelope::validate(t, json::object());
  REQUIRE(titles(errors) == std::vector<std::string>{"invalid_type /quantity", "invalid_type /mail",
                                                     "required /note", "required /size"});
  CHECK(errors[0].detail == "`body.quantity` is `undefined`, but `number` is expected.");
  CHECK(errors[1].detail == "`body.mail` is `undefined`, but `string` is expected.");
  CHECK(errors[2].detail == "`body.note` is required.");
}

TEST_CASE("check() throws the validation problem") {
  form_template t("POST");
  t.add_property(form_property("item").with_required());
  CHECK_NOTHROW(envelope::check(t, json{{"item", "x"}}));
  try {
    envelope::check(t, json::object(), 422);
    FAIL("no problem_exception");
  } catch (const envelope::problem_exception& e) {
    CHECK(e.details().status == 422);
    REQUIRE(e.details().errors.size() == 1);
    CHECK(e.details().errors[0].pointer == "/item");
  }
}

TEST_CASE("Negotiation offers HAL-FORMS for a resource with templates") {
  resource with;
  with.set_link("self", "/orders");
  with.set_template("default", form_template("POST"));
  resource without;
  without.set_link("self", "/orders");
  without.state()["note"] = "\"_templates\": {";

  const auto forms = envelope::negotiate_response(envelope::make_response(200, with),
                                                  "application/prs.hal-forms+json");
  CHECK(forms.status == 200);
  CHECK(forms.header("Content-Type") == "application/prs.hal-forms+json");
  const auto hal =
      envelope::negotiate_response(envelope::make_response(200, with), "application/hal+json");
  CHECK(hal.header("Content-Type") == "application/hal+json");
  CHECK(json::parse(hal.body).contains("_templates"));
  const auto any = envelope::negotiate_response(envelope::make_response(200, with), "*/*");
  CHECK(any.header("Content-Type") == "application/hal+json");
  const auto refused = envelope::negotiate_response(envelope::make_response(200, without),
                                                    "application/prs.hal-forms+json");
  CHECK(refused.status == 406);

  CHECK(envelope::detail::hal_forms::has_templates(
      R"( {"a": [1, {"_templates": 1}], "_templates" : {}})"));
  CHECK_FALSE(
      envelope::detail::hal_forms::has_templates(R"({"a": {"_templates": 1}, "b": "_templates"})"));
  CHECK_FALSE(envelope::detail::hal_forms::has_templates(R"({"a": "\"_templates\"", "b": 1})"));
  CHECK_FALSE(envelope::detail::hal_forms::has_templates(R"({"a": "unterminated)"));
  CHECK_FALSE(envelope::detail::hal_forms::has_templates("[]"));
}

TEST_CASE("validate_hal_forms warns about templates clients would ignore") {
  const json document = json::parse(R"({
    "_links": {"self": {"href": "/"}},
    "_templates": {"default": {"method": "POST", "target": "/a b", "properties": [
      {"name": "", "regex": "([a-z]", "min": 5, "max": 1, "minLength": 3, "maxLength": 2},
      {"name": "c", "options": {"promptField": "x", "minItems": 3, "maxItems": 1}}
    ]}},
    "_embedded": {"x": {"_links": {"self": {"href": "/x"}},
                        "_templates": {"t": {"properties": [{"name": "d", "options": {}}]}}}}
  })");
  std::vector<std::string> found;
  for (const auto& f : envelope::validate_hal_forms(document)) {
    CHECK(f.level == severity::warning);
    found.push_back(f.pointer);
  }
  CHECK(found == std::vector<std::string>{
                     "/_templates/default/target", "/_templates/default/properties/0/name",
                     "/_templates/default/properties/0/regex", "/_templates/default/properties/0",
                     "/_templates/default/properties/0", "/_templates/default/properties/1/options",
                     "/_templates/default/properties/1/options", "/_embedded/x/_templates/t",
                     "/_embedded/x/_templates/t/properties/0/options"});
  CHECK(envelope::validate_hal_forms(read_json(forms_data / "every-member.json")).empty());
}

}  // namespace envelope_tests

namespace envelope_tests {
namespace {

// docs/hal-forms.md, "An order that offers what its state allows".
envelope::form_template create_order(const std::vector<std::string>& in_stock, int stock) {
  return envelope::form_template("POST")
      .with_title("Place an order")
      .with_content_type("application/json")
      .add_property(envelope::form_property("item").with_required().with_options(
          envelope::form_options::of(in_stock).with_items(1, 1)))
      .add_property(envelope::form_property("quantity")
                        .with_required()
                        .with_type("number")
                        .with_range(1, stock)
                        .with_step(1));
}

resource order_resource(int id, const std::string& status) {
  const std::string path = "/orders/" + std::to_string(id);
  resource r({{"id", id}, {"status", status}});
  r.set_link("self", path);
  if (status == "placed") {
    r.set_template("ship", envelope::form_template("POST")
                               .with_title("Ship the order")
                               .with_target(path + "/shipments"));
    r.set_template(
        "cancel",
        envelope::form_template("DELETE").with_title("Cancel the order").with_target(path));
  }
  return r;
}

}  // namespace

TEST_CASE("The documentation's examples") {
  resource order({{"id", 7}, {"status", "placed"}});
  order.set_link("self", "/orders/7");
  order.set_template(
      "ship", envelope::form_template("POST")
                  .with_title("Ship the order")
                  .with_target("/orders/7/shipments")
                  .add_property(envelope::form_property("carrier").with_required().with_options(
                      envelope::form_options::of({"post", "courier"}).with_items(1, 1))));
  order.set_template("cancel", envelope::form_template("DELETE").with_target("/orders/7"));
  CHECK(
      envelope::dump(order) ==
      R"({"_links":{"self":{"href":"/orders/7"}},"_templates":{"cancel":{"method":"DELETE","target":"/orders/7"},)"
      R"("ship":{"method":"POST","properties":[{"name":"carrier","options":{"inline":["post","courier"],)"
      R"("maxItems":1,"minItems":1},"required":true}],"target":"/orders/7/shipments","title":"Ship the order"}},)"
      R"("id":7,"status":"placed"})");

  const form_template create = create_order({"widget", "gadget"}, 5);
  CHECK(envelope::validate(create, json{{"item", "widget"}, {"quantity", 5}}).empty());
  CHECK(titles(envelope::validate(create, json{{"item", "sprocket"}, {"quantity", 6}})) ==
        std::vector<std::string>{"invalid_enum_value /item", "too_big /quantity"});
  CHECK(titles(envelope::validate(create, json{{"quantity", 1.5}})) ==
        std::vector<std::string>{"required /item", "not_multiple_of /quantity"});

  CHECK(order_resource(1, "placed").find_template("cancel") != nullptr);
  CHECK(order_resource(1, "placed").find_template("ship")->target == "/orders/1/shipments");
  CHECK(order_resource(1, "shipped").find_template("cancel") == nullptr);
  CHECK_FALSE(json(order_resource(1, "shipped")).contains("_templates"));
}

}  // namespace envelope_tests

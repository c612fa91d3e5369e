#include <envelope/field_reader.hpp>

#include "catch.hpp"

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

using envelope::field_reader;
using nlohmann::json;

namespace {

std::vector<std::string> titles(const field_reader& in) {
  std::vector<std::string> out;
  for (const auto& e : in.errors())
    out.push_back(e.title.value_or(""));
  return out;
}

}  // namespace

TEST_CASE("field_reader: the conventions' example comes out exactly") {
  const json body = json::object();
  field_reader in(body);
  auto name = in.required<std::string>("name");
  CHECK_FALSE(name.has_value());
  REQUIRE(in.errors().size() == 1);
  CHECK(in.errors()[0].title == "invalid_type");
  CHECK(in.errors()[0].detail == "`body.name` is `undefined`, but `string` is expected.");
  CHECK(in.errors()[0].pointer == "/name");
  try {
    in.check();
    FAIL("no exception");
  } catch (const envelope::problem_exception& e) {
    CHECK(e.details().status == 400);
    CHECK(e.details().detail == "Request failed validation");
    CHECK(e.details().errors == in.errors());
  }
}

TEST_CASE("field_reader: the issue's snippet reads a valid body") {
  const json body = json::parse(R"({"name":"box","size":10})");
  field_reader in(body);
  auto name = in.required<std::string>("name");
  auto size = in.optional<int>("size").in_range(1, 100);
  auto colour = in.optional<std::string>("colour");
  CHECK_NOTHROW(in.check());
  CHECK(in.ok());
  CHECK(*name == "box");
  CHECK(size.value_or(0) == 10);
  CHECK_FALSE(colour.has_value());
}

TEST_CASE("field_reader: integers outside the target type are errors, never wrapped") {
  const json body = json::parse(
      R"({"a":4294967297,"b":-1,"c":300,"d":1.0,"e":"7","f":18446744073709551615,"g":-129})");
  field_reader in(body);
  auto a = in.required<int>("a");
  auto b = in.required<unsigned>("b");
  auto c = in.required<std::uint8_t>("c");
  auto d = in.required<int>("d");
  auto e = in.required<long>("e");
  auto f = in.required<std::uint64_t>("f");
  auto g = in.required<std::int8_t>("g");
  CHECK_FALSE(a.has_value());
  CHECK_FALSE(b.has_value());
  CHECK_FALSE(c.has_value());
  CHECK_FALSE(d.has_value());
  CHECK_FALSE(e.has_value());
  CHECK(f.value_or(0) == 18446744073709551615u);
  CHECK_FALSE(g.has_value());
  CHECK(titles(in) == std::vector<std::string>{"too_big", "too_small", "too_big", "invalid_type",
                                               "invalid_type", "too_small"});
  CHECK(in.errors()[0].detail == "`body.a` is `4294967297`, but at most `2147483647` is expected.");
  CHECK(in.errors()[2].detail == "`body.c` is `300`, but at most `255` is expected.");
  CHECK(in.errors()[3].detail == "`body.d` is `number`, but `integer` is expected.");
  CHECK(in.errors()[4].detail == "`body.e` is `string`, but `integer` is expected.");
  CHECK(in.errors()[5].detail == "`body.g` is `-129`, but at least `-128` is expected.");
}

TEST_CASE("field_reader: checks collect every failure in order") {
  const json body = json::parse(R"({"name":"","size":0,"kind":"box","tags":["a","b","c"],
      "ratio":2.5,"when":"yesterday"})");
  field_reader in(body);
  auto name = in.required<std::string>("name").length(1, 80);
  auto size = in.optional<int>("size").in_range(1, 100);
  auto kind = in.required<std::string>("kind").one_of({"bag", "crate"});
  auto tags = in.required<std::vector<std::string>>("tags").length(0, 2);
  auto ratio = in.required<double>("ratio").at_most(1.0);
  auto when = in.required<std::string>("when").satisfies(
      [](const std::string& s) { return s.size() == 10; }, "is not a date");
  CHECK_FALSE(name.has_value());
  CHECK_FALSE(size.has_value());
  CHECK_FALSE(kind.has_value());
  CHECK_FALSE(tags.has_value());
  CHECK_FALSE(ratio.has_value());
  CHECK_FALSE(when.has_value());
  CHECK(titles(in) == std::vector<std::string>{"too_small", "too_small", "invalid_enum_value",
                                               "too_big", "too_big", "invalid_value"});
  CHECK(in.errors()[0].detail ==
        "`body.name` has 0 characters, but at least 1 character is expected.");
  CHECK(in.errors()[2].detail ==
        "`body.kind` is `\"box\"`, but one of `\"bag\"`, `\"crate\"` is expected.");
  CHECK(in.errors()[3].detail == "`body.tags` has 3 items, but at most 2 items are expected.");
  CHECK(in.errors()[5].detail == "`body.when` is not a date.");
  CHECK_THROWS_AS(in.check(), envelope::problem_exception);
}

TEST_CASE("field_reader: nested members by JSON Pointer and by nested readers") {
  const json body = json::parse(R"({"customer":{"name":"Ann","address":{"city":7}},
      "items":[{"sku":"A","quantity":2},{"sku":"B","quantity":"two"},3],"flags":[true,"x"]})");
  field_reader in(body);
  auto name = in.required<std::string>("/customer/name");
  auto city = in.required<std::string>("/customer/address/city");
  auto zip = in.required<std::string>("/customer/address/zip");
  auto first = in.required<std::string>("/items/0/sku");
  auto flags = in.required<std::vector<bool>>("flags");
  std::vector<int> quantities;
  in.each("items", [&](field_reader& item) {
    auto sku = item.required<std::string>("sku");
    auto quantity = item.required<int>("quantity").in_range(1, 10);
    if (quantity) quantities.push_back(*quantity);
  });
  in.object("customer", [&](field_reader& customer) {
    auto n = customer.required<std::string>("name");
    customer.no_other_members();
  });
  CHECK(*name == "Ann");
  CHECK(*first == "A");
  CHECK_FALSE(city.has_value());
  CHECK_FALSE(zip.has_value());
  CHECK_FALSE(flags.has_value());
  CHECK(quantities == std::vector<int>{2});
  std::vector<std::string> pointers;
  for (const auto& e : in.errors())
    pointers.push_back(e.pointer.value_or("?"));
  CHECK(pointers == std::vector<std::string>{"/customer/address/city", "/customer/address/zip",
                                             "/flags/1", "/items/1/quantity", "/items/2",
                                             "/customer/address"});
  CHECK(in.errors()[0].detail ==
        "`body.customer.address.city` is `number`, but `string` is expected.");
  CHECK(in.errors()[4].detail == "`body.items[2]` is `number`, but `object` is expected.");
  CHECK(in.errors()[5].title == "unrecognized_keys");
}

TEST_CASE("field_reader: a body that is not an object is reported once") {
  const json body = json::parse("[1,2]");
  field_reader in(body);
  auto a = in.required<int>("a");
  auto b = in.optional<int>("b");
  REQUIRE(in.errors().size() == 1);
  CHECK(in.errors()[0].detail == "`body` is `array`, but `object` is expected.");
  CHECK(in.errors()[0].pointer == "");
}

TEST_CASE("field_reader: null is absent for optional members, wrong for required ones") {
  const json body = json::parse(R"({"a":null,"b":null})");
  field_reader in(body);
  auto a = in.optional<int>("a");
  auto b = in.required<int>("b");
  CHECK_FALSE(a.has_value());
  REQUIRE(in.errors().size() == 1);
  CHECK(in.errors()[0].detail == "`body.b` is `null`, but `integer` is expected.");
}

TEST_CASE("field_reader: unread members are unrecognized on request, pointer names are escaped") {
  const json body = json::parse(R"({"a":1,"a/b":2,"extra":3})");
  field_reader in(body);
  auto a = in.required<int>("a");
  auto ab = in.required<int>("/a~1b");
  in.no_other_members();
  CHECK(*ab == 2);
  REQUIRE(in.errors().size() == 1);
  CHECK(in.errors()[0].title == "unrecognized_keys");
  CHECK(in.errors()[0].pointer == "/extra");
  CHECK(in.errors()[0].detail == "`body` has the unrecognized key `extra`.");
}

TEST_CASE("field_reader and json_schema agree on the sentence of the same failure") {
  const json body = json::parse(R"({"size":0})");
  field_reader in(body);
  auto size = in.required<int>("size").at_least(1);
  REQUIRE(in.errors().size() == 1);
  CHECK(in.errors()[0] == envelope::validation::too_small("/size", json(0), json(1)));
}

TEST_CASE("field_reader: a plain name is one member, even with a slash inside") {
  const json body = json::parse(R"({"a/b":1,"list":[10,20]})");
  field_reader in(body);
  auto ab = in.required<int>("a/b");
  auto second = in.required<int>("/list/1");
  auto third = in.required<int>("/list/2");
  CHECK(ab.value_or(0) == 1);
  CHECK(second.value_or(0) == 20);
  CHECK_FALSE(third.has_value());
  REQUIRE(in.errors().size() == 1);
  CHECK(in.errors()[0].detail == "`body.list[2]` is `undefined`, but `integer` is expected.");
  CHECK(in.errors()[0].pointer == "/list/2");
}

// The reader keeps a pointer to the body: a temporary would dangle.
static_assert(std::is_constructible_v<field_reader, const json&>);
static_assert(std::is_constructible_v<field_reader, json&>);
static_assert(!std::is_constructible_v<field_reader, json&&>);
static_assert(!std::is_constructible_v<field_reader, const json&&>);
static_assert(!std::is_constructible_v<field_reader, std::string>);

TEST_CASE("field_reader: a sentence quotes the body's value, not the C++ one it became") {
  const json body = json::parse(R"({"ratio": 10, "scale": 7, "size": 3})");
  field_reader in(body);
  auto ratio = in.required<double>("ratio").at_most(5.5);
  auto scale = in.required<float>("scale").one_of({1.5F, 2.5F});
  auto size = in.required<double>("size").at_least(3.5);
  CHECK_FALSE(ratio.has_value());
  REQUIRE(in.errors().size() == 3);
  CHECK(in.errors()[0].detail == "`body.ratio` is `10`, but at most `5.5` is expected.");
  CHECK(in.errors()[1].detail == "`body.scale` is `7`, but one of `1.5`, `2.5` is expected.");
  CHECK(in.errors()[2].detail == "`body.size` is `3`, but at least `3.5` is expected.");
}

TEST_CASE("field_reader: a pointer token that is not an index of an array says so") {
  const json body = json::parse(R"({"x": [1, 2], "y": [{"a": 1}]})");
  SECTION("a leading zero: no member of an array") {
    field_reader in(body);
    CHECK_FALSE(in.optional<int>("/x/01").has_value());
    REQUIRE(in.errors().size() == 1);
    CHECK(in.errors()[0].title == "invalid_value");
    CHECK(in.errors()[0].pointer == "/x");
    CHECK(in.errors()[0].detail == "`body.x` is an array, which has no member `01`.");
  }
  SECTION("\"-\" names no value: the pointer is the program's mistake") {
    field_reader in(body);
    CHECK_THROWS_AS(in.optional<int>("/x/-"), envelope::argument_error);
    CHECK_THROWS_WITH(in.required<int>("/y/-/a"), Catch::Contains("\"/y/-/a\""));
    // A plain name is a member name, "-" included.
    const json dash = json::parse(R"({"-": 4})");
    field_reader plain(dash);
    CHECK(*plain.required<int>("-") == 4);
  }
  SECTION("a name on an array: an object was expected") {
    field_reader in(body);
    CHECK_FALSE(in.optional<int>("/x/a").has_value());
    REQUIRE(in.errors().size() == 1);
    CHECK(in.errors()[0].detail == "`body.x` is `array`, but `object` is expected.");
  }
  SECTION("indexes, and one too long for any array") {
    field_reader in(body);
    CHECK(*in.required<int>("/x/1") == 2);
    CHECK(*in.required<int>("/y/0/a") == 1);
    CHECK_FALSE(in.optional<int>("/x/123456789012345678901234").has_value());
    CHECK(in.ok());
  }
}

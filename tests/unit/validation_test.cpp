#include <envelope/validation.hpp>

#include "catch.hpp"

#include <string>
#include <vector>

namespace validation = envelope::validation;
namespace code = envelope::validation_code;
using envelope::validation_error;
using nlohmann::json;

TEST_CASE("validation::path writes a pointer the way the conventions name fields") {
  CHECK(validation::path("") == "body");
  CHECK(validation::path("/name") == "body.name");
  CHECK(validation::path("/customer/name") == "body.customer.name");
  CHECK(validation::path("/items/0/sku") == "body.items[0].sku");
  CHECK(validation::path("/a.b") == "body[\"a.b\"]");
  CHECK(validation::path("/a~1b") == "body[\"a/b\"]");
  CHECK(validation::path("/a~0b") == "body[\"a~b\"]");
  CHECK(validation::path("/") == "body[\"\"]");
  CHECK(validation::path("/first name") == "body[\"first name\"]");
  CHECK(validation::path("/x\"y") == "body[\"x\\\"y\"]");
  CHECK(validation::path("/01") == "body[\"01\"]");
  CHECK(validation::path("/_id/$ref") == "body._id.$ref");
}

TEST_CASE("validation::child escapes RFC 6901 tokens") {
  CHECK(validation::child("", "name") == "/name");
  CHECK(validation::child("/a", "b/c~d") == "/a/b~1c~0d");
  CHECK(validation::child("/items", std::size_t{3}) == "/items/3");
}

TEST_CASE("validation::type_name names JSON types") {
  CHECK(validation::type_name(json(nullptr)) == "null");
  CHECK(validation::type_name(json(true)) == "boolean");
  CHECK(validation::type_name(json(3)) == "number");
  CHECK(validation::type_name(json(3u)) == "number");
  CHECK(validation::type_name(json(3.5)) == "number");
  CHECK(validation::type_name(json("x")) == "string");
  CHECK(validation::type_name(json::array()) == "array");
  CHECK(validation::type_name(json::object()) == "object");
}

TEST_CASE("validation builders: one example per code") {
  const auto check = [](const validation_error& e, std::string_view title,
                        const std::string& detail, const std::string& pointer) {
    CHECK(e.title == std::string(title));
    CHECK(e.detail == detail);
    CHECK(e.pointer == pointer);
  };
  check(validation::missing("/name", "string"), code::invalid_type,
        "`body.name` is `undefined`, but `string` is expected.", "/name");
  check(validation::invalid_type("/name", "number", "string"), code::invalid_type,
        "`body.name` is `number`, but `string` is expected.", "/name");
  check(validation::invalid_type("/id", "boolean",
                                 std::vector<std::string>{"string", "integer", "null"}),
        code::invalid_type,
        "`body.id` is `boolean`, but `string`, `integer` or `null` is expected.", "/id");
  check(validation::missing("/name"), code::required, "`body.name` is required.", "/name");
  check(validation::missing_dependency("/billing_address", "credit_card"), code::required,
        "`body.billing_address` is required when `body.credit_card` is present.",
        "/billing_address");
  check(validation::unrecognized_key("/color"), code::unrecognized_keys,
        "`body` has the unrecognized key `color`.", "/color");
  check(validation::unrecognized_key("/item/a b"), code::unrecognized_keys,
        "`body.item` has the unrecognized key `\"a b\"`.", "/item/a b");
  check(validation::invalid_key("/Color"), code::invalid_key,
        "`body` has the key `Color`, which is not allowed.", "/Color");
  check(validation::too_small("/size", json(0), json(1)), code::too_small,
        "`body.size` is `0`, but at least `1` is expected.", "/size");
  check(validation::too_small("/size", json(0), json(0), validation::bound::exclusive),
        code::too_small, "`body.size` is `0`, but more than `0` is expected.", "/size");
  check(validation::too_big("/size", json(4294967297), json(2147483647)), code::too_big,
        "`body.size` is `4294967297`, but at most `2147483647` is expected.", "/size");
  check(validation::too_big("/p", json(1.5), json(1), validation::bound::exclusive), code::too_big,
        "`body.p` is `1.5`, but less than `1` is expected.", "/p");
  check(validation::too_few("/name", 0, 1, validation::unit::characters), code::too_small,
        "`body.name` has 0 characters, but at least 1 character is expected.", "/name");
  check(validation::too_many("/tags", 12, 10, validation::unit::items), code::too_big,
        "`body.tags` has 12 items, but at most 10 items are expected.", "/tags");
  check(validation::too_few("", 1, 2, validation::unit::properties), code::too_small,
        "`body` has 1 member, but at least 2 members are expected.", "");
  check(validation::invalid_format("/email", "email"), code::invalid_string,
        "`body.email` is not a valid `email`.", "/email");
  check(validation::pattern_mismatch("/code", "^[A-Z]+$"), code::invalid_string,
        "`body.code` does not match the pattern `\"^[A-Z]+$\"`.", "/code");
  check(validation::invalid_enum_value("/kind", json("box"), json::array({"bag", "crate"})),
        code::invalid_enum_value,
        "`body.kind` is `\"box\"`, but one of `\"bag\"`, `\"crate\"` is expected.", "/kind");
  check(validation::invalid_literal("/kind", json("box"), json("bag")), code::invalid_literal,
        "`body.kind` is `\"box\"`, but `\"bag\"` is expected.", "/kind");
  check(validation::not_multiple_of("/quantity", json(7), json(5)), code::not_multiple_of,
        "`body.quantity` is `7`, but a multiple of `5` is expected.", "/quantity");
  check(validation::not_multiple_of("/quantity", json(4), json(2), json(1)), code::not_multiple_of,
        "`body.quantity` is `4`, but `1` plus a multiple of `2` is expected.", "/quantity");
  check(validation::invalid_union("/id", 0, 2), code::invalid_union,
        "`body.id` matches none of the 2 allowed alternatives.", "/id");
  check(validation::invalid_union("/id", 2, 3), code::invalid_union,
        "`body.id` matches 2 of the alternatives, but exactly one is expected.", "/id");
  check(validation::not_unique("/tags", 0, 2), code::not_unique,
        "`body.tags` has equal items at [0] and [2], but unique items are expected.", "/tags");
  check(validation::invalid_value("/x", "is not allowed"), code::invalid_value,
        "`body.x` is not allowed.", "/x");
}

TEST_CASE("validation builders cut long values and keep them valid UTF-8") {
  const std::string long_text(200, 'a');
  const auto e = validation::invalid_literal("/x", json(long_text), json("b"));
  CHECK(e.detail.size() < 150);
  CHECK(e.detail.find("...") != std::string::npos);

  std::string accents;
  for (int i = 0; i < 60; ++i)
    accents += "\xC3\xA9";
  const auto f = validation::invalid_literal("/x", json(accents), json("b"));
  CHECK_NOTHROW(json(f.detail).dump());
}

TEST_CASE("throw_validation_failed throws the conventions' 400, or a 422") {
  std::vector<validation_error> errors{validation::missing("/name", "string")};
  try {
    envelope::throw_validation_failed(errors);
    FAIL("no exception");
  } catch (const envelope::problem_exception& e) {
    const auto& p = e.details();
    CHECK(p.status == 400);
    CHECK(p.title == "Bad Request");
    CHECK(p.detail == "Request failed validation");
    REQUIRE(p.errors.size() == 1);
    const json written = p;
    CHECK(
        written.at("errors").at(0) ==
        json::parse(
            R"({"title":"invalid_type","detail":"`body.name` is `undefined`, but `string` is expected.","pointer":"/name"})"));
  }
  try {
    envelope::throw_validation_failed(errors, 422);
    FAIL("no exception");
  } catch (const envelope::error& e) {
    const auto* p = dynamic_cast<const envelope::problem_exception*>(&e);
    REQUIRE(p != nullptr);
    CHECK(p->details().status == 422);
  }
}

// Hostile input for the response builders and parse_response: header injection
// through builder arguments, invalid UTF-8 bodies, and network text with numbers
// JSON cannot hold or nested 100,000 deep.
#include <envelope/response.hpp>

#include "catch.hpp"
#include "hostile_inputs.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

using envelope_tests::hostile_depth;
using envelope_tests::repeat;

TEST_CASE("hardening: the response builders refuse CR, LF and NUL from their arguments") {
  envelope::resource body;
  body.set_link("self", envelope::link("/items/1"));
  for (const std::string& value :
       {std::string("/a\r\nSet-Cookie: x=1"), std::string("/a\nb"), std::string("/a\0b", 4)}) {
    CHECK_THROWS_AS(envelope::created(body, value), envelope::response_error);
    CHECK_THROWS_AS(envelope::unsupported_media_type({value}), envelope::response_error);
    envelope::resource monitor;
    monitor.set_link("monitor", envelope::link(value));
    CHECK_THROWS_AS(envelope::accepted(monitor), envelope::response_error);
    envelope::resource self_only;
    self_only.set_link("self", envelope::link(value));
    CHECK_THROWS_AS(envelope::created(self_only), envelope::response_error);
    CHECK_THROWS_AS(envelope::unauthorized(envelope::challenge::bearer(value)),
                    envelope::response_error);
    CHECK_THROWS_AS(envelope::insufficient_scope(value), envelope::response_error);
    CHECK_THROWS_AS(envelope::method_not_allowed({"GET", value}), envelope::response_error);
    CHECK_THROWS_AS(envelope::status_registry().define(599, value), std::invalid_argument);
    CHECK_THROWS_AS(envelope::status_registry().set_content_type(200, "application/x" + value),
                    std::invalid_argument);
  }
}

TEST_CASE("hardening: make_response reports invalid UTF-8 as nlohmann's type_error 316") {
  envelope::resource r(nlohmann::json{{"name", "caf\xc3"}});
  try {
    const envelope::response built = envelope::make_response(200, r);
    FAIL("a body with invalid UTF-8 was built: " << built.body.size() << " bytes");
  } catch (const nlohmann::json::type_error& e) {
    CHECK(e.id == 316);
  }
  CHECK_THROWS_AS(envelope::make_response(envelope::problem::from_status(400).with_detail("\xff")),
                  nlohmann::json::type_error);
}

TEST_CASE("hardening: parse_response turns a number JSON cannot hold into its own error") {
  // nlohmann throws out_of_range 406 for 1e309, not parse_error.
  CHECK_THROWS_AS(envelope::parse_response(400, "application/problem+json", R"({"status":1e309})"),
                  envelope::response_parse_error);
  CHECK_THROWS_AS(envelope::parse_response(200, "application/hal+json", R"({"n":-1e309})"),
                  envelope::response_parse_error);
}

TEST_CASE("hardening: parse_response refuses a body nested 100,000 deep") {
  // Returned as a value, such a body would overflow the stack the first time the
  // caller copies, compares or writes it (nlohmann recurses once per level).
  const std::string deep_problem =
      R"({"title":"t","x":)" + repeat("[", hostile_depth) + repeat("]", hostile_depth) + "}";
  CHECK_THROWS_AS(envelope::parse_response(400, "application/problem+json", deep_problem),
                  envelope::response_parse_error);
  const std::string deep_state =
      repeat(R"({"a":)", hostile_depth) + "1" + repeat("}", hostile_depth);
  CHECK_THROWS_AS(envelope::parse_response(200, "application/hal+json", deep_state),
                  envelope::response_parse_error);
}

TEST_CASE("hardening: parse_response gives a 0-based offset, as every other offset") {
  // media_type::parse_result::offset and uri_template_error::offset count from 0;
  // nlohmann's parse_error::byte counts from 1.
  try {
    static_cast<void>(envelope::parse_response(200, "application/json", R"({"a":})"));
    FAIL("malformed JSON parsed");
  } catch (const envelope::response_parse_error& e) {
    CHECK(e.offset() == 5);  // the '}'
  }
  try {
    static_cast<void>(envelope::parse_response(200, "application/json", R"({"a":)"));
    FAIL("truncated JSON parsed");
  } catch (const envelope::response_parse_error& e) {
    CHECK(e.offset() == 5);  // the end of the body
  }
}

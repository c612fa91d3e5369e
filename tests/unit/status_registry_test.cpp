#include <envelope/status_registry.hpp>

#include "catch.hpp"

#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

static_assert(std::is_copy_constructible_v<envelope::status_registry>);
static_assert(std::is_nothrow_move_constructible_v<envelope::status_registry>);

// The fluent setters return a reference on an lvalue and a value on an rvalue, so
// `const auto& r = status_registry().define(...)` holds a registry, not a dangling
// reference.
static_assert(std::is_same_v<decltype(std::declval<envelope::status_registry&>().define(499, "")),
                             envelope::status_registry&>);
static_assert(std::is_same_v<decltype(std::declval<envelope::status_registry>().define(499, "")),
                             envelope::status_registry>);
static_assert(
    std::is_same_v<decltype(std::declval<envelope::status_registry&>().set_content_type(200, "")),
                   envelope::status_registry&>);
static_assert(
    std::is_same_v<decltype(std::declval<envelope::status_registry>().set_content_type(200, "")),
                   envelope::status_registry>);

TEST_CASE("a new registry is the IANA registry") {
  const envelope::status_registry registry;
  CHECK(registry.entries().size() == 63);
  for (const auto& info : envelope::all_statuses()) {
    const envelope::status_info* mine = registry.find(info.code);
    REQUIRE(mine != nullptr);
    CHECK(mine->title == info.title);
    CHECK(mine->content_type == info.content_type);
  }
  CHECK(registry.find(499) == nullptr);
  CHECK(registry.resolve(499)->code == 400);
  CHECK(registry == envelope::status_registry{});
}

TEST_CASE("a service defines its own codes") {
  envelope::status_registry registry;
  registry.define(499, "Client Closed Request", "nginx");
  const envelope::status_info* info = registry.find(499);
  REQUIRE(info != nullptr);
  CHECK(info->title == "Client Closed Request");
  CHECK(info->reference == "nginx");
  CHECK(info->category == envelope::status_class::client_error);
  CHECK(info->content_type == "application/problem+json");
  CHECK(info->body_allowed);
  CHECK(registry.reason_phrase(499) == "Client Closed Request");
  CHECK(registry.resolve(499) == info);
  // The built-in registry is untouched: there is no global state.
  CHECK(envelope::find_status(499) == nullptr);

  registry.define(499, "Client Gone");
  CHECK(registry.reason_phrase(499) == "Client Gone");
  CHECK(registry.entries().size() == 64);
}

TEST_CASE("copies are independent and keep their strings") {
  envelope::status_registry original;
  original.define(299, "Custom Success");
  envelope::status_registry copy = original;
  original.define(299, "Renamed");
  original.set_content_type(200, "application/vnd.acme+json");
  CHECK(copy.reason_phrase(299) == "Custom Success");
  CHECK(copy.content_type(200) == "application/hal+json");
  CHECK(original.content_type(200) == "application/vnd.acme+json");
  CHECK(copy != original);
  {
    envelope::status_registry scoped;
    scoped.define(599, "Network Timeout");
    copy = scoped;
  }
  CHECK(copy.reason_phrase(599) == "Network Timeout");
}

TEST_CASE("content types can be overridden where a body is allowed") {
  envelope::status_registry registry;
  registry.set_content_type(422, "application/vnd.error+json");
  CHECK(registry.content_type(422) == "application/vnd.error+json");
  CHECK(registry.content_type(420) == "application/problem+json");
  CHECK_THROWS_AS(registry.set_content_type(204, "application/json"), std::invalid_argument);
  CHECK_THROWS_AS(registry.set_content_type(499, "application/json"), std::invalid_argument);
  CHECK_THROWS_AS(registry.set_content_type(200, "json"), std::invalid_argument);
  CHECK_THROWS_AS(registry.set_content_type(200, "application/json\r\nX: y"),
                  std::invalid_argument);
}

TEST_CASE("invalid definitions are refused with the reason") {
  envelope::status_registry registry;
  CHECK_THROWS_WITH(registry.define(600, "Too High"),
                    "status_registry::define: status 600 is outside 100-599 (RFC 9110 Section 15)");
  CHECK_THROWS_AS(registry.define(99, "Too Low"), std::invalid_argument);
  CHECK_THROWS_WITH(registry.define(404, "Gone Fishing"),
                    "status_registry::define: 404 is assigned by IANA; only its content type "
                    "can change");
  CHECK_THROWS_AS(registry.define(499, ""), std::invalid_argument);
  CHECK_THROWS_WITH(registry.define(499, "Bad\nTitle"),
                    "status_registry: the title has a control character at offset 3");
  CHECK(registry.find(499) == nullptr);
}

TEST_CASE("a chain on a temporary registry yields a registry, not a dangling reference") {
  const auto& registry = envelope::status_registry()
                             .define(499, "Client Closed Request", "nginx")
                             .set_content_type(499, "application/vnd.acme+json");
  // Read after the temporaries of the full expression are gone (ASan catches a
  // use after free in the sanitizer build).
  const envelope::status_info* info = registry.find(499);
  REQUIRE(info != nullptr);
  CHECK(info->title == "Client Closed Request");
  CHECK(registry.content_type(499) == "application/vnd.acme+json");

  envelope::status_registry lvalue;
  envelope::status_registry& same = lvalue.define(299, "Custom").set_content_type(299, "text/csv");
  CHECK(&same == &lvalue);
  CHECK(lvalue.content_type(299) == "text/csv");
}

TEST_CASE("every refusal is an envelope::argument_error") {
  struct refusal {
    bool define;  // else set_content_type
    int code;
    const char* text;
    const char* message;
  };
  const refusal refusals[] = {
      {true, 600, "Too High",
       "status_registry::define: status 600 is outside 100-599 (RFC 9110 Section 15)"},
      {true, 404, "Gone Fishing",
       "status_registry::define: 404 is assigned by IANA; only its content type can change"},
      {true, 499, "", "status_registry: the title must not be empty"},
      {false, 499, "application/json",
       "status_registry::set_content_type: 499 is neither assigned nor defined"},
      {false, 204, "application/json",
       "status_registry::set_content_type: 204 never has a body (RFC 9110 Section 6.4.1)"},
      {false, 200, "json", "status_registry::set_content_type: \"json\" is not a type/subtype"},
      {false, 200, "a/b\r\n",
       "status_registry: the content type has a control character at offset 3"},
  };
  for (const refusal& r : refusals) {
    INFO(r.message);
    envelope::status_registry registry;
    bool caught = false;
    try {
      if (r.define) {
        registry.define(r.code, r.text);
      } else {
        registry.set_content_type(r.code, r.text);
      }
    } catch (const envelope::error& e) {
      caught = true;
      CHECK(std::string(e.what()) == r.message);
      // Still a std::invalid_argument, for catches written before envelope::error.
      CHECK(dynamic_cast<const std::invalid_argument*>(&e) != nullptr);
      CHECK(dynamic_cast<const envelope::argument_error*>(&e) != nullptr);
    }
    CHECK(caught);
  }
  // The rvalue overloads refuse the same way.
  CHECK_THROWS_AS(envelope::status_registry().define(700, "x"), envelope::error);
  CHECK_THROWS_AS(envelope::status_registry().set_content_type(204, "a/b"), envelope::error);
}

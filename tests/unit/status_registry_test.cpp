#include <envelope/status_registry.hpp>

#include "catch.hpp"

#include <stdexcept>
#include <type_traits>

static_assert(std::is_copy_constructible_v<envelope::status_registry>);
static_assert(std::is_nothrow_move_constructible_v<envelope::status_registry>);

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
                    "status_registry::define: 600 is outside 100-599 (RFC 9110 Section 15)");
  CHECK_THROWS_AS(registry.define(99, "Too Low"), std::invalid_argument);
  CHECK_THROWS_WITH(registry.define(404, "Gone Fishing"),
                    "status_registry::define: 404 is assigned by IANA; only its content type "
                    "can change");
  CHECK_THROWS_AS(registry.define(499, ""), std::invalid_argument);
  CHECK_THROWS_WITH(registry.define(499, "Bad\nTitle"),
                    "status_registry: the title has a control character at offset 3");
  CHECK(registry.find(499) == nullptr);
}

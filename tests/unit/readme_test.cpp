// The README's ```cpp blocks, compiled from README.md itself and run, each in its
// own TEST_CASE, with the checks of what the README says they do.
// tests/support/readme_code.cmake generates readme_code.hpp at build time and
// states the convention a block must follow.
#include "readme_code.hpp"

#include <envelope/envelope.hpp>

#include "catch.hpp"

#include <nlohmann/json.hpp>

static_assert(ENVELOPE_README_BLOCKS == 3,
              "README.md's ```cpp blocks changed: each needs its TEST_CASE here");

// A README line may show a value by computing it, `registry.find(499)->title;`,
// which the warnings of the suite would refuse.
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-value"
#pragma GCC diagnostic ignored "-Wunused-result"
#endif

TEST_CASE("README block 1: the opening example does what the README says") {
#define ENVELOPE_README_BLOCK 1
#include "readme_code.hpp"
#undef ENVELOPE_README_BLOCK

  CHECK(created.status == 201);
  CHECK(*created.header("Location") == "/orders/42");
  CHECK(*created.header("Content-Type") == "application/hal+json");
  CHECK(nlohmann::json::parse(created.body)["_links"]["curies"][0]["href"] ==
        "https://docs.acme.example/rels/{rel}");
  CHECK(order.expand_curie("acme:customer") == "https://docs.acme.example/rels/customer");

  CHECK(missing.status == 404);
  CHECK(*missing.header("Content-Type") == "application/problem+json");
  CHECK(
      missing.body ==
      R"({"detail":"Order 43 does not exist.","status":404,"title":"Not Found","type":"about:blank"})");

  CHECK(limited.status == 429);
  CHECK(*limited.header("Retry-After") == "30");
}

TEST_CASE("README block 2: a service's own codes live in its status_registry") {
#define ENVELOPE_README_BLOCK 2
#include "readme_code.hpp"
#undef ENVELOPE_README_BLOCK

  REQUIRE(registry.find(499) != nullptr);
  CHECK(registry.find(499)->title == "Client Closed Request");
  CHECK(registry.find(499)->reference == "nginx");
  CHECK(registry.content_type(422) == "application/vnd.acme.error+json");
  CHECK(envelope::find_status(499) == nullptr);
}

TEST_CASE("README block 3: one list of rules, for check_response and for the conventions") {
#define ENVELOPE_README_BLOCK 3
#include "readme_code.hpp"
#undef ENVELOPE_README_BLOCK

  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == envelope::response_rule::missing_location);
  CHECK(findings[0].where == "Location");
  CHECK(findings[0].message.rfind("a 201 response must carry Location, the URI of the resource it "
                                  "created (",
                                  0) == 0);
  CHECK(envelope::response_findings(hand_made).empty());
}

TEST_CASE("README: the registry table's is_assigned works in a static_assert") {
  static_assert(envelope::is_assigned(422));
  CHECK(envelope::find_status(422)->title == "Unprocessable Content");
}

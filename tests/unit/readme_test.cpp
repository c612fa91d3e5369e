// The README's opening example, compiled and checked so it stays true.
#include <envelope/envelope.hpp>

#include "catch.hpp"

#include <chrono>

TEST_CASE("the README example does what the README says") {
  // --- from README.md ---
  envelope::resource order({{"id", 42}, {"total", 30.0}, {"currency", "EUR"}});
  order.set_link("self", "/orders/42")
      .add_curie("acme", "https://docs.acme.example/rels/{rel}")
      .set_link("acme:customer", "/customers/7");

  envelope::response created = envelope::created(order);  // 201, Location: /orders/42
  envelope::response missing = envelope::not_found("Order 43 does not exist.");  // 404
  envelope::response limited = envelope::too_many_requests(std::chrono::seconds(30));
  // --- end ---

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

  static_assert(envelope::is_assigned(422));
  CHECK(envelope::find_status(422)->title == "Unprocessable Content");
}

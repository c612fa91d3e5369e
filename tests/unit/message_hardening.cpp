// Hostile input for header fields: CR, LF and NUL, which would let a value
// inject a header of its own, and the other control characters RFC 9110 §5.5
// leaves out of field values.
#include <envelope/authentication.hpp>
#include <envelope/message.hpp>
#include <envelope/response.hpp>

#include "catch.hpp"

#include <string>

TEST_CASE("hardening: CR, LF and NUL are refused in every header value") {
  for (const char bad : {'\r', '\n', '\0'}) {
    const std::string value = std::string("a") + bad + "Set-Cookie: x=1";
    CAPTURE(static_cast<int>(bad));
    CHECK_THROWS_AS(envelope::check_header("Location", value), envelope::response_error);
    envelope::response r;
    CHECK_THROWS_AS(r.add_header("Location", value), envelope::response_error);
    CHECK_THROWS_AS(r.set_header("Location", value), envelope::response_error);
    CHECK(r.headers.empty());
    r.headers.emplace_back("Location", value);
    CHECK_THROWS_AS(envelope::check_response(r), envelope::response_error);
    // Names: a CR, LF or NUL is no token character either.
    CHECK_THROWS_AS(envelope::check_header(std::string("X") + bad + "Y", "v"),
                    envelope::response_error);
    // A challenge parameter cannot smuggle one into WWW-Authenticate.
    CHECK_THROWS_AS(
        envelope::challenge::bearer("api").with_error("invalid_token", value).to_string(),
        envelope::response_error);
    CHECK_THROWS_AS(envelope::challenge::bearer(value).to_string(), envelope::response_error);
  }
  // Obs-text and HTAB are legal field content and pass.
  CHECK_NOTHROW(envelope::check_header("X-Name", "caf\xc3\xa9\tok"));
}

TEST_CASE("hardening: every control character but HTAB is refused, with its offset") {
  for (int c = 0; c < 0x80; ++c) {
    const bool control = (c < 0x20 && c != '\t') || c == 0x7F;
    const std::string value = std::string("/orders/") + static_cast<char>(c) + "1";
    CAPTURE(c);
    if (!control) {
      CHECK_NOTHROW(envelope::check_header("Location", value));
      continue;
    }
    try {
      envelope::check_header("Location", value);
      FAIL("accepted");
    } catch (const envelope::response_error& e) {
      CHECK(e.rule() == envelope::response_rule::invalid_header_value);
      CHECK(std::string(e.what()).find("at offset 8") != std::string::npos);
    }
    // The builders write through the same check: a Location cannot carry ESC into a log.
    envelope::resource created_order({{"id", 1}});
    created_order.set_link("self", envelope::link(value));
    CHECK_THROWS_AS(envelope::created(created_order), envelope::response_error);
  }
  envelope::response r;
  CHECK_THROWS_WITH(
      r.add_header("X-A", "a\x1b[31m"),
      "header X-A: value has control character 0x1B at offset 1 (RFC 9110 Section 5.5)");
  CHECK_THROWS_WITH(r.add_header("X-A", "ab\x7f"),
                    "header X-A: value has DEL at offset 2 (RFC 9110 Section 5.5)");
}

// Hostile input for header fields: CR, LF and NUL, which would let a value
// inject a header of its own.
#include <envelope/authentication.hpp>
#include <envelope/message.hpp>

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

#include <envelope/authentication.hpp>

#include "catch.hpp"

#include <string>
#include <type_traits>

static_assert(std::is_nothrow_move_constructible_v<envelope::challenge>);

TEST_CASE("Bearer challenges follow RFC 6750 with escaped quoted-strings") {
  CHECK(envelope::challenge::bearer().to_string() == "Bearer");
  CHECK(envelope::challenge::bearer("example").to_string() == "Bearer realm=\"example\"");
  CHECK(envelope::challenge::bearer("example")
            .with_error("invalid_token", "The access token expired")
            .to_string() ==
        "Bearer realm=\"example\", error=\"invalid_token\", "
        "error_description=\"The access token expired\"");
  CHECK(envelope::challenge::bearer()
            .with_error("insufficient_scope")
            .with("scope", "orders:write")
            .to_string() == "Bearer error=\"insufficient_scope\", scope=\"orders:write\"");
  CHECK(envelope::challenge::bearer("a \"quoted\" \\ realm").to_string() ==
        R"(Bearer realm="a \"quoted\" \\ realm")");
  envelope::challenge basic{"Basic", {{"realm", "api"}, {"charset", "UTF-8"}}};
  CHECK(basic.to_string() == "Basic realm=\"api\", charset=\"UTF-8\"");
  CHECK_THROWS_AS(envelope::challenge::bearer("x\r\ny").to_string(), envelope::response_error);
  CHECK_THROWS_AS((envelope::challenge{"Not A Token", {}}.to_string()), envelope::response_error);
  CHECK_THROWS_AS(envelope::challenge::bearer().with("bad name", "x").to_string(),
                  envelope::response_error);
}

TEST_CASE("Bearer tokens are read from Authorization as RFC 6750 section 2.1 says") {
  CHECK(envelope::bearer_token("Bearer demo-write-token") == "demo-write-token");
  CHECK(envelope::bearer_token("bearer abc.DEF_~+/=") == "abc.DEF_~+/=");
  CHECK(envelope::bearer_token("  BEARER   mF_9.B5f-4.1JqM  ") == "mF_9.B5f-4.1JqM");
  CHECK_FALSE(envelope::bearer_token(""));
  CHECK_FALSE(envelope::bearer_token("Bearer"));
  CHECK_FALSE(envelope::bearer_token("Bearer "));
  CHECK_FALSE(envelope::bearer_token("Basic dXNlcjpwYXNz"));
  CHECK_FALSE(envelope::bearer_token("Bearertoken"));
  CHECK_FALSE(envelope::bearer_token("Bearer two tokens"));
  CHECK_FALSE(envelope::bearer_token("Bearer a=b"));
  CHECK_FALSE(envelope::bearer_token("Bearer =="));
}

TEST_CASE("a challenge's fluent setters on a temporary return a value, not a reference") {
  static_assert(
      std::is_same_v<decltype(envelope::challenge::bearer().with("a", "b")), envelope::challenge>);
  // Bound to a const reference, the temporary's lifetime is extended: no dangling.
  const auto& c = envelope::challenge::bearer("orders").with_error("invalid_token");
  CHECK(c.to_string() == "Bearer realm=\"orders\", error=\"invalid_token\"");
}

TEST_CASE("a challenge that cannot be written is an envelope::error") {
  try {
    (void)envelope::challenge{"Not A Token", {}}.to_string();
    FAIL("to_string accepted a scheme that is not a token");
  } catch (const envelope::error& e) {
    CHECK(std::string(e.what()).find("is not a token") != std::string::npos);
  }
}

TEST_CASE("Secrets compare equal only when every byte and the length agree") {
  using envelope::secret_equals;
  CHECK(secret_equals("demo-write-token", "demo-write-token"));
  CHECK(secret_equals("", ""));
  CHECK_FALSE(secret_equals("Xemo-write-token", "demo-write-token"));  // first byte
  CHECK_FALSE(secret_equals("demo-write-tokeX", "demo-write-token"));  // last byte
  CHECK_FALSE(secret_equals("demo-write-toke", "demo-write-token"));   // a prefix
  CHECK_FALSE(secret_equals("demo-write-tokendemo-write-token", "demo-write-token"));
  CHECK_FALSE(secret_equals("demo-write-tokenx", "demo-write-token"));
  CHECK_FALSE(secret_equals("", "demo-write-token"));
  CHECK_FALSE(secret_equals("x", ""));
  CHECK_FALSE(secret_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  // Bytes above 0x7F are compared as bytes, not as signed chars.
  CHECK_FALSE(secret_equals("\xff", "\x7f"));
  CHECK(secret_equals("\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9"));
}

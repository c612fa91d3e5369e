// Hostile input for media types: bytes outside the grammar, and 1 MiB headers
// where quadratic code would take minutes (the [size] cases).
#include <envelope/media_type.hpp>

#include "catch.hpp"
#include "size_inputs.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

TEST_CASE("hardening: media types with bytes outside the grammar fail with an offset") {
  const envelope::media_type::parse_result r =
      envelope::media_type::parse_detailed("text/pl\xc3\xa1in");
  CHECK(r.error == envelope::media_type::errc::invalid_character);
  CHECK(r.offset == 7);
  // obs-text is allowed inside a quoted-string (RFC 9110 5.6.4) and kept as sent.
  const auto quoted = envelope::media_type::parse("text/plain;title=\"\xff\"");
  REQUIRE(quoted);
  CHECK(quoted->parameter("title") == "\xff");
  CHECK_FALSE(envelope::media_type::parse(std::string("text/plain;a=\"\0\"", 16)));
}

TEST_CASE("hardening: a 1 MiB Accept header is negotiated", "[size]") {
  const std::vector<std::string_view> offers = {"application/hal+json", "application/problem+json",
                                                "text/html"};
  const size_inputs::accept_headers a = size_inputs::accepts_of(1 << 20);
  CHECK(envelope::negotiate(a.many_ranges, offers) == "application/problem+json");
  // A parameter the offer lacks rules the range out; nothing else matches.
  CHECK(envelope::negotiate(a.many_parameters, offers) == std::nullopt);
  CHECK(envelope::negotiate(a.many_commas, offers) == "application/problem+json");
  // An unterminated quote swallows the rest: no usable range, so no preference.
  CHECK(envelope::negotiate(a.unterminated, offers) == "application/hal+json");
  CHECK(envelope::negotiate(a.malformed, offers) == "application/problem+json");
  CHECK(envelope::quality(a.many_ranges, "text/plain") == 0.5);
  // As a Content-Type the same text is valid: repeated parameters are kept, in order.
  const auto repeated = envelope::media_type::parse(a.many_parameters);
  REQUIRE(repeated);
  CHECK(repeated->parameters.size() == (a.many_parameters.size() - 24) / 4);
}

TEST_CASE("hardening: a 1 MiB Content-Type parses", "[size]") {
  const std::string text = size_inputs::content_type_of(1 << 20);
  const auto parsed = envelope::media_type::parse(text);
  REQUIRE(parsed);
  CHECK(parsed->parameters.size() == (text.size() - 10) / 15);
  CHECK(parsed->parameter("charset") == "a\"b");
}

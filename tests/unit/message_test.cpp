#include <envelope/message.hpp>

#include "catch.hpp"

#include <chrono>
#include <string>
#include <type_traits>

using envelope::response;
using envelope::response_error;
using envelope::response_rule;

static_assert(std::is_nothrow_move_constructible_v<response>);
static_assert(envelope::is_token("Content-Type"));
static_assert(!envelope::is_token("Content Type"));
static_assert(!envelope::is_token(""));

namespace {

response_rule rule_of(const response& r) {
  try {
    envelope::check_response(r);
  } catch (const response_error& e) {
    return e.rule();
  }
  FAIL("check_response accepted the response");
  return response_rule::invalid_argument;
}

}  // namespace

TEST_CASE("header look-up is case-insensitive and gives the first field") {
  response r;
  r.add_header("Content-Type", "application/hal+json").add_header("Link", "</a>; rel=a");
  r.add_header("link", "</b>; rel=b");
  REQUIRE(r.header("content-type"));
  CHECK(*r.header("CONTENT-TYPE") == "application/hal+json");
  CHECK(*r.header("Link") == "</a>; rel=a");
  CHECK_FALSE(r.header("Location"));
  CHECK(r.headers.size() == 3);
}

TEST_CASE("set_header replaces every field of that name; remove_header counts") {
  response r;
  r.add_header("Vary", "Accept").add_header("vary", "Origin").add_header("Allow", "GET");
  r.set_header("VARY", "Accept-Encoding");
  REQUIRE(r.headers.size() == 2);
  CHECK(r.headers[0].first == "Allow");
  CHECK(*r.header("vary") == "Accept-Encoding");
  CHECK(r.remove_header("vary") == 1);
  CHECK(r.remove_header("vary") == 0);
}

TEST_CASE("header injection is refused with the offending character and offset") {
  response r;
  CHECK_THROWS_WITH(r.add_header("Location", "/a\r\nSet-Cookie: x=1"),
                    "header Location: value has CR at offset 2 (RFC 9110 Section 5.5)");
  CHECK_THROWS_WITH(r.add_header("Location", "/a\nb"),
                    "header Location: value has LF at offset 2 (RFC 9110 Section 5.5)");
  CHECK_THROWS_WITH(r.set_header("X-Id", std::string("a\0b", 3)),
                    "header X-Id: value has NUL at offset 1 (RFC 9110 Section 5.5)");
  CHECK_THROWS_WITH(r.add_header("Bad Name", "x"),
                    "header name \"Bad Name\" is not an RFC 9110 token (Section 5.1)");
  CHECK_THROWS_AS(r.add_header("", "x"), response_error);
  CHECK(r.headers.empty());
  // Fields edited by hand are checked when the response is.
  r.headers.emplace_back("X-Evil", "a\rb");
  CHECK(rule_of(r) == response_rule::invalid_header_value);
  r.headers.back() = {"X Evil", "ok"};
  CHECK(rule_of(r) == response_rule::invalid_header_name);
}

TEST_CASE("every response rule has its own error") {
  response r;
  r.status = 99;
  CHECK(rule_of(r) == response_rule::status_out_of_range);
  r.status = 600;
  CHECK(rule_of(r) == response_rule::status_out_of_range);
  for (int code : {100, 103, 204, 205, 304}) {
    response with_body{code, {}, "{}"};
    CHECK(rule_of(with_body) == response_rule::body_not_allowed);
    response with_type{code, {{"Content-Type", "application/json"}}, ""};
    CHECK(rule_of(with_type) == response_rule::body_not_allowed);
    CHECK_NOTHROW(envelope::check_response(response{code, {}, ""}));
  }
  CHECK(rule_of(response{401, {}, ""}) == response_rule::missing_www_authenticate);
  CHECK_NOTHROW(envelope::check_response(response{401, {{"WWW-Authenticate", "Bearer"}}, ""}));
  CHECK(rule_of(response{405, {}, ""}) == response_rule::missing_allow);
  CHECK_NOTHROW(envelope::check_response(response{405, {{"allow", "GET, HEAD"}}, ""}));
  CHECK_THROWS_WITH(envelope::check_response(response{405, {}, ""}),
                    "a 405 response must carry Allow (RFC 9110 Section 15.5.6)");
}

TEST_CASE("the reason phrase comes from the registry, by class for unknown codes") {
  CHECK(response{422, {}, ""}.reason() == "Unprocessable Content");
  CHECK(response{499, {}, ""}.reason() == "Bad Request");
  CHECK(response{700, {}, ""}.reason().empty());
}

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
  CHECK_THROWS_AS(envelope::challenge::bearer("x\r\ny").to_string(), response_error);
  CHECK_THROWS_AS((envelope::challenge{"Not A Token", {}}.to_string()), response_error);
  CHECK_THROWS_AS(envelope::challenge::bearer().with("bad name", "x").to_string(), response_error);
}

TEST_CASE("HTTP dates are IMF-fixdate in GMT") {
  using clock = std::chrono::system_clock;
  CHECK(envelope::http_date(clock::time_point(std::chrono::seconds(784111777))) ==
        "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(envelope::http_date(clock::time_point(std::chrono::seconds(0))) ==
        "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(envelope::http_date(clock::time_point(std::chrono::seconds(951782400))) ==
        "Tue, 29 Feb 2000 00:00:00 GMT");
  CHECK(envelope::http_date(clock::time_point(std::chrono::seconds(4102444799))) ==
        "Thu, 31 Dec 2099 23:59:59 GMT");
  CHECK(envelope::http_date(clock::time_point(std::chrono::seconds(-1))) ==
        "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST_CASE("Retry-After takes delay-seconds or an HTTP-date") {
  CHECK(envelope::retry_after(std::chrono::seconds(120)).value() == "120");
  CHECK(envelope::retry_after(std::chrono::minutes(2)).value() == "120");
  CHECK(
      envelope::retry_after(std::chrono::system_clock::time_point(std::chrono::seconds(784111777)))
          .value() == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK_THROWS_AS(envelope::retry_after(std::chrono::seconds(-1)), response_error);
}

TEST_CASE("HTTP dates are read in all three forms RFC 9110 names") {
  using clock = std::chrono::system_clock;
  const auto expected = clock::time_point(std::chrono::seconds(784111777));
  CHECK(envelope::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == expected);
  CHECK(envelope::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected);
  CHECK(envelope::parse_http_date("Sun Nov  6 08:49:37 1994") == expected);
  CHECK(envelope::parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT") ==
        clock::time_point(std::chrono::seconds(951782400)));
  for (const char* bad :
       {"", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 1900 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Xyz 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "120", "tomorrow"}) {
    INFO(bad);
    CHECK_FALSE(envelope::parse_http_date(bad));
  }
  // Every date this library writes reads back as itself.
  for (std::int64_t s = -86400 * 365; s < 86400LL * 365 * 200; s += 86400 * 37 + 3671) {
    const auto when = clock::time_point(std::chrono::seconds(s));
    CHECK(envelope::parse_http_date(envelope::http_date(when)) == when);
  }
}

TEST_CASE("Retry-After values are delay-seconds or an HTTP-date") {
  CHECK(envelope::is_valid_retry_after("120"));
  CHECK(envelope::is_valid_retry_after("0"));
  CHECK(envelope::is_valid_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"));
  CHECK_FALSE(envelope::is_valid_retry_after(""));
  CHECK_FALSE(envelope::is_valid_retry_after("-1"));
  CHECK_FALSE(envelope::is_valid_retry_after("1.5"));
  CHECK_FALSE(envelope::is_valid_retry_after("soon"));
  CHECK(envelope::is_valid_retry_after(envelope::retry_after(std::chrono::seconds(5)).value()));
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

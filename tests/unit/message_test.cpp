#include <envelope/message.hpp>

#include "catch.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

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

TEST_CASE("a response's fluent setters on a temporary return a value, not a reference") {
  static_assert(std::is_same_v<decltype(response{}.add_header("A", "b")), response>);
  static_assert(std::is_same_v<decltype(response{}.set_header("A", "b")), response>);
  const auto& r = response{204, {}, ""}.add_header("ETag", "\"1\"").set_header("X-Id", "7");
  CHECK(r.header("etag") == "\"1\"");
  CHECK(r.header("X-Id") == "7");
}

TEST_CASE("response_error is an envelope::error and an std::invalid_argument") {
  response r{405, {}, ""};
  try {
    envelope::check_response(r);
    FAIL("check_response accepted a 405 without Allow");
  } catch (const envelope::error& e) {
    CHECK(std::string(e.what()) == "a 405 response must carry Allow (RFC 9110 Section 15.5.6)");
  }
  CHECK_THROWS_AS(envelope::check_response(r), std::invalid_argument);
}

TEST_CASE("response_findings gives every rule broken, with its place; check_response the first") {
  using envelope::response_finding;
  using envelope::rule_set;
  using envelope::severity;
  const response r{
      204, {{"Content-Type", "application/json"}, {"Content-Length", "2"}, {"X-A", "a\rb"}}, "{}"};
  const auto http = envelope::response_findings(r, rule_set::http);
  REQUIRE(http.size() == 3);
  CHECK(http[0] == response_finding{response_rule::invalid_header_value, severity::error, "X-A",
                                    "header X-A: value has CR at offset 1 (RFC 9110 Section 5.5)"});
  CHECK(http[1].rule == response_rule::body_not_allowed);
  CHECK(http[1].where.empty());
  CHECK(http[1].message ==
        "a 204 response has no content (RFC 9110 Section 6.4.1), but a body of 2 bytes was given");
  CHECK(http[2].rule == response_rule::body_not_allowed);
  CHECK(http[2].where == "Content-Type");
  // The conventions add what RFC 9110 only recommends, and the conventions' own rules.
  const auto all = envelope::response_findings(r, rule_set::conventions);
  REQUIRE(all.size() == 4);
  CHECK(all[3].rule == response_rule::content_length_without_content);
  CHECK(all[3].message ==
        "a 204 response has no content, but Content-Length is 2 (RFC 9110 Section 8.6)");
  // check_response throws the first error of the HTTP rules, with the same text.
  try {
    envelope::check_response(r);
    FAIL("check_response accepted the response");
  } catch (const response_error& e) {
    CHECK(e.rule() == http[0].rule);
    CHECK(std::string(e.what()) == http[0].message);
  }
}

TEST_CASE("the conventions' rules are findings, never exceptions") {
  using envelope::rule_set;
  using envelope::severity;
  const auto rules_of = [](const response& r) {
    std::vector<response_rule> rules;
    for (const auto& f : envelope::response_findings(r, rule_set::conventions))
      rules.push_back(f.rule);
    return rules;
  };
  CHECK(rules_of(response{201, {{"Content-Type", "application/hal+json"}}, "{}"}) ==
        std::vector<response_rule>{response_rule::missing_location});
  CHECK(rules_of(response{302, {}, ""}) ==
        std::vector<response_rule>{response_rule::redirect_without_location});
  CHECK(rules_of(response{429, {}, "{}"}) ==
        std::vector<response_rule>{response_rule::missing_retry_after});
  CHECK(rules_of(response{503, {{"Retry-After", "soon"}}, "{}"}) ==
        std::vector<response_rule>{response_rule::invalid_retry_after});
  CHECK(rules_of(response{404, {}, ""}) ==
        std::vector<response_rule>{response_rule::error_without_body});
  CHECK(rules_of(response{299, {}, ""}) ==
        std::vector<response_rule>{response_rule::status_unassigned});
  CHECK(rules_of(response{600, {{"Bad Name", "x"}}, ""}) ==
        std::vector<response_rule>{response_rule::status_out_of_range});
  // None of them is an RFC 9110 requirement that check_response enforces.
  for (const response& r : {response{201, {}, "{}"}, response{302, {}, ""}, response{429, {}, "{}"},
                            response{404, {}, ""}, response{299, {}, ""}}) {
    CHECK_NOTHROW(envelope::check_response(r));
    CHECK(envelope::response_findings(r).empty());
  }
  const auto unassigned = envelope::response_findings(response{299, {}, ""}, rule_set::conventions);
  REQUIRE(unassigned.size() == 1);
  CHECK(unassigned[0].level == severity::warning);
  CHECK(unassigned[0].where == ":status");
  CHECK(unassigned[0].message ==
        "status 299 is not IANA-assigned; clients treat it as 200 (RFC 9110 Section 15)");
}

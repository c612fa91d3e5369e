#include <envelope/http_date.hpp>

#include "catch.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

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
  CHECK_THROWS_AS(envelope::retry_after(std::chrono::seconds(-1)), envelope::argument_error);
  // The standard base is kept, so code written against 0.1 still catches it.
  CHECK_THROWS_AS(envelope::retry_after(std::chrono::seconds(-1)), std::invalid_argument);
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

TEST_CASE("a Retry-After it cannot write is an envelope::error") {
  try {
    (void)envelope::retry_after(std::chrono::seconds(-5));
    FAIL("retry_after took a negative delay");
  } catch (const envelope::error& e) {
    CHECK(std::string(e.what()) ==
          "Retry-After: a delay cannot be negative (RFC 9110 Section 10.2.3)");
  }
}

#ifndef ENVELOPE_HTTP_DATE_HPP
#define ENVELOPE_HTTP_DATE_HPP

// HTTP dates (RFC 9110 §5.6.7) and the Retry-After field value (§10.2.3). No
// nlohmann/json and no <ctime>: dates are computed from the civil calendar.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace envelope {

// RFC 9110 §5.6.7: IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". Computed
// from the civil calendar directly: gmtime is not thread-safe everywhere. Throws
// argument_error for a year outside 0-9999, which IMF-fixdate cannot write.
[[nodiscard]] std::string http_date(std::chrono::system_clock::time_point when);

namespace detail {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), era-based.
[[nodiscard]] constexpr std::int64_t days_from_civil(std::int64_t y, std::int64_t m,
                                                     std::int64_t d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace detail

// Reads an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850
// and asctime forms, which a recipient must also accept. nullopt otherwise.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_http_date(
    std::string_view text);

// Whether a Retry-After field value is valid (RFC 9110 §10.2.3): delay-seconds
// (one or more digits) or an HTTP-date.
[[nodiscard]] bool is_valid_retry_after(std::string_view value);

// A Retry-After value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. A
// negative delay is refused with argument_error.
class retry_after {
 public:
  retry_after(std::chrono::seconds delay) : value_(delay_text(delay)) {}                // NOLINT
  retry_after(std::chrono::system_clock::time_point when) : value_(http_date(when)) {}  // NOLINT

  [[nodiscard]] const std::string& value() const noexcept { return value_; }

 private:
  static std::string delay_text(std::chrono::seconds delay);

  std::string value_;
};

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/http_date.ipp>
#endif

#endif  // ENVELOPE_HTTP_DATE_HPP

#ifndef ENVELOPE_IMPL_HTTP_DATE_IPP
#define ENVELOPE_IMPL_HTTP_DATE_IPP

#include <envelope/http_date.hpp>

namespace envelope {

ENVELOPE_INLINE std::string http_date(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto secs = duration_cast<seconds>(when.time_since_epoch()).count();
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // Days to civil date (proleptic Gregorian), era-based.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    throw argument_error("http_date: year " + std::to_string(year) + " has no IMF-fixdate");
  }
  static constexpr const char* weekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t weekday = ((days % 7) + 7) % 7;  // 1970-01-01 was a Thursday
  char buffer[32];
  const auto two = [](char* at, std::int64_t v) {
    at[0] = static_cast<char>('0' + v / 10);
    at[1] = static_cast<char>('0' + v % 10);
  };
  std::string out;
  out.reserve(29);
  out += weekdays[weekday];
  out += ", ";
  two(buffer, day);
  out.append(buffer, 2);
  out += ' ';
  out += months[month - 1];
  out += ' ';
  two(buffer, year / 100);
  two(buffer + 2, year % 100);
  out.append(buffer, 4);
  out += ' ';
  two(buffer, rem / 3600);
  out.append(buffer, 2);
  out += ':';
  two(buffer, rem / 60 % 60);
  out.append(buffer, 2);
  out += ':';
  two(buffer, rem % 60);
  out.append(buffer, 2);
  out += " GMT";
  return out;
}

namespace detail {

[[nodiscard]] ENVELOPE_INLINE bool read_digits(std::string_view text, std::size_t at,
                                               std::size_t count, std::int64_t& value) noexcept {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

[[nodiscard]] ENVELOPE_INLINE int month_number(std::string_view name) noexcept {
  constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (months[i] == name) return i + 1;
  }
  return 0;
}

}  // namespace detail

ENVELOPE_INLINE std::optional<std::chrono::system_clock::time_point> parse_http_date(
    std::string_view text) {
  std::int64_t day = 0, year = 0, hour = 0, minute = 0, second = 0;
  int month = 0;
  std::size_t clock_at = 0;
  const auto comma = text.find(", ");
  if (comma == 3 && text.size() == 29 && text.substr(25) == " GMT") {
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (text[7] != ' ' || text[11] != ' ' || text[16] != ' ') return std::nullopt;
    if (!detail::read_digits(text, 5, 2, day) || !detail::read_digits(text, 12, 4, year)) {
      return std::nullopt;
    }
    month = detail::month_number(text.substr(8, 3));
    clock_at = 17;
  } else if (comma != std::string_view::npos && comma >= 6 && text.size() == comma + 24 &&
             text.substr(comma + 20) == " GMT") {
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; two-digit years read as 19xx
    // or 20xx, whichever is not more than 50 years ahead (§5.6.7).
    const std::size_t at = comma + 2;
    if (text[at + 2] != '-' || text[at + 6] != '-' || text[at + 9] != ' ') return std::nullopt;
    if (!detail::read_digits(text, at, 2, day) || !detail::read_digits(text, at + 7, 2, year)) {
      return std::nullopt;
    }
    month = detail::month_number(text.substr(at + 3, 3));
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const std::int64_t this_year =
        1970 + std::chrono::duration_cast<std::chrono::hours>(now).count() / (24 * 36525 / 100);
    year += 1900;
    while (year + 100 <= this_year + 50)
      year += 100;
    clock_at = at + 10;
  } else if (text.size() == 24 && text[3] == ' ' && text[7] == ' ' && text[10] == ' ' &&
             text[19] == ' ') {
    // asctime: "Sun Nov  6 08:49:37 1994"
    const std::string_view day_text = text.substr(8, 2);
    if (day_text[0] == ' ') {
      if (!detail::read_digits(text, 9, 1, day)) return std::nullopt;
    } else if (!detail::read_digits(text, 8, 2, day)) {
      return std::nullopt;
    }
    if (!detail::read_digits(text, 20, 4, year)) return std::nullopt;
    month = detail::month_number(text.substr(4, 3));
    clock_at = 11;
  } else {
    return std::nullopt;
  }
  if (text[clock_at + 2] != ':' || text[clock_at + 5] != ':' ||
      !detail::read_digits(text, clock_at, 2, hour) ||
      !detail::read_digits(text, clock_at + 3, 2, minute) ||
      !detail::read_digits(text, clock_at + 6, 2, second)) {
    return std::nullopt;
  }
  // The calendar's limits; a leap second (60) is allowed by the grammar.
  constexpr std::int64_t month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 0 || day < 1 || day > month_days[month - 1] || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  const std::int64_t days = detail::days_from_civil(year, month, day);
  // 29 February exists only in leap years: then 1 March is the day after.
  if (month == 2 && day == 29 && detail::days_from_civil(year, 3, 1) - days != 1) {
    return std::nullopt;
  }
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second;
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

ENVELOPE_INLINE bool is_valid_retry_after(std::string_view value) {
  if (value.empty()) return false;
  bool digits = true;
  for (char c : value)
    digits = digits && c >= '0' && c <= '9';
  return digits || parse_http_date(value).has_value();
}

ENVELOPE_INLINE std::string retry_after::delay_text(std::chrono::seconds delay) {
  if (delay.count() < 0) {
    throw argument_error("Retry-After: a delay cannot be negative (RFC 9110 Section 10.2.3)");
  }
  return std::to_string(delay.count());
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_HTTP_DATE_IPP

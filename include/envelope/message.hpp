#ifndef ENVELOPE_MESSAGE_HPP
#define ENVELOPE_MESSAGE_HPP

// The response message every builder produces and every adapter translates:
// a status code, header fields in order, and a body. Also the RFC 9110 rules for
// header fields, the WWW-Authenticate challenge and Retry-After values. No
// nlohmann/json here, so framework adapters stay light.

#include <envelope/detail/config.hpp>
#include <envelope/http_status.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

// Which rule a response broke; response_error::rule() gives it to code that
// wants to react, what() says it to people.
enum class response_rule {
  status_out_of_range,       // RFC 9110 §15: 100-599
  body_not_allowed,          // RFC 9110 §6.4.1, §15.3.5, §15.3.6, §15.4.5
  problem_status_mismatch,   // RFC 9457 §3.1.2: "status" must match the response
  invalid_header_name,       // RFC 9110 §5.1: a field name is a token
  invalid_header_value,      // RFC 9110 §5.5: no CR, LF or NUL (header injection)
  missing_www_authenticate,  // RFC 9110 §15.5.2: a 401 must send a challenge
  missing_allow,             // RFC 9110 §15.5.6: a 405 must send Allow
  invalid_argument,          // a builder's argument cannot be represented
};

class response_error : public std::invalid_argument {
 public:
  response_error(response_rule rule, const std::string& message)
      : std::invalid_argument(message), rule_(rule) {}
  [[nodiscard]] response_rule rule() const noexcept { return rule_; }

 private:
  response_rule rule_;
};

namespace detail {

// Throws response_error (status_out_of_range) for a status outside 100-599.
void check_status(int status);

}  // namespace detail

namespace detail {

[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
  // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-"
  // / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace detail

// RFC 9110 §5.6.2.
[[nodiscard]] constexpr bool is_token(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text) {
    if (!detail::is_tchar(c)) return false;
  }
  return true;
}

// Throws response_error unless `name` is a token and `value` carries no CR, LF
// or NUL: a value with them would let its author write headers of their own.
void check_header(std::string_view name, std::string_view value);

struct response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first field of that name, compared case-insensitively (RFC 9110 §5.1).
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept;

  // Appends a field, after checking it.
  response& add_header(std::string name, std::string value) &;
  response&& add_header(std::string name, std::string value) && {
    return std::move(add_header(std::move(name), std::move(value)));
  }

  // Replaces every field of that name with one field, after checking it.
  response& set_header(std::string name, std::string value) &;
  response&& set_header(std::string name, std::string value) && {
    return std::move(set_header(std::move(name), std::move(value)));
  }

  // Returns how many fields were removed.
  std::size_t remove_header(std::string_view name) noexcept;

  [[nodiscard]] std::string_view reason() const noexcept;

  friend bool operator==(const response& a, const response& b) {
    return a.status == b.status && a.headers == b.headers && a.body == b.body;
  }
  friend bool operator!=(const response& a, const response& b) { return !(a == b); }
};

// Checks the rules every response obeys, whoever built it; throws response_error
// naming the first rule broken.
void check_response(const response& r);

// An authentication challenge for WWW-Authenticate (RFC 9110 §11.6.1), with
// the Bearer scheme's parameters of RFC 6750 §3 at hand.
struct challenge {
  std::string scheme = "Bearer";
  std::vector<std::pair<std::string, std::string>> parameters;

  static challenge bearer(std::string realm = {});

  challenge& with(std::string name, std::string value) & {
    parameters.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  challenge&& with(std::string name, std::string value) && {
    return std::move(with(std::move(name), std::move(value)));
  }

  // RFC 6750 §3.1: error codes invalid_request, invalid_token, insufficient_scope.
  challenge& with_error(std::string error, std::string description = {}) &;
  challenge&& with_error(std::string error, std::string description = {}) && {
    return std::move(with_error(std::move(error), std::move(description)));
  }

  // The header value: scheme, then auth-params with quoted-string values in
  // which '"' and '\' are escaped (RFC 9110 §5.6.4).
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const challenge& a, const challenge& b) {
    return a.scheme == b.scheme && a.parameters == b.parameters;
  }
  friend bool operator!=(const challenge& a, const challenge& b) { return !(a == b); }
};

// The token of an "Authorization: Bearer <token>" field value (RFC 6750 §2.1);
// nullopt for another scheme or a malformed credential. The scheme is matched
// case-insensitively (RFC 9110 §11.1); the token must be a b64token.
[[nodiscard]] std::optional<std::string_view> bearer_token(std::string_view authorization) noexcept;

// RFC 9110 §5.6.7: IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". Computed
// from the civil calendar directly: gmtime is not thread-safe everywhere.
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

// A Retry-After value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
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

#if ENVELOPE_DEFINITIONS
namespace envelope {

namespace detail {

ENVELOPE_INLINE void check_status(int status) {
  if (!is_valid_status(status)) {
    throw response_error(
        response_rule::status_out_of_range,
        "status " + std::to_string(status) + " is outside 100-599 (RFC 9110 Section 15)");
  }
}

}  // namespace detail

ENVELOPE_INLINE void check_header(std::string_view name, std::string_view value) {
  if (!is_token(name)) {
    throw response_error(
        response_rule::invalid_header_name,
        "header name \"" + std::string(name) + "\" is not an RFC 9110 token (Section 5.1)");
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\r' || c == '\n' || c == '\0') {
      throw response_error(response_rule::invalid_header_value,
                           "header " + std::string(name) + ": value has " +
                               (c == '\0'   ? "NUL"
                                : c == '\r' ? "CR"
                                            : "LF") +
                               " at offset " + std::to_string(i) + " (RFC 9110 Section 5.5)");
    }
  }
}

ENVELOPE_INLINE std::optional<std::string_view> response::header(
    std::string_view name) const noexcept {
  for (const auto& field : headers) {
    if (detail::iequals(field.first, name)) return std::string_view(field.second);
  }
  return std::nullopt;
}

ENVELOPE_INLINE response& response::add_header(std::string name, std::string value) & {
  check_header(name, value);
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

ENVELOPE_INLINE response& response::set_header(std::string name, std::string value) & {
  check_header(name, value);
  remove_header(name);
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

ENVELOPE_INLINE std::size_t response::remove_header(std::string_view name) noexcept {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (!detail::iequals(headers[i].first, name)) {
      if (kept != i) headers[kept] = std::move(headers[i]);
      ++kept;
    }
  }
  const std::size_t removed = headers.size() - kept;
  headers.resize(kept);
  return removed;
}

ENVELOPE_INLINE std::string_view response::reason() const noexcept {
  const status_info* info = resolve_status(status);
  return info != nullptr ? info->title : std::string_view{};
}

ENVELOPE_INLINE void check_response(const response& r) {
  detail::check_status(r.status);
  for (const auto& field : r.headers)
    check_header(field.first, field.second);
  if (!allows_body(r.status)) {
    if (!r.body.empty()) {
      throw response_error(response_rule::body_not_allowed,
                           "a " + std::to_string(r.status) +
                               " response has no content (RFC 9110 Section 6.4.1), but a body "
                               "was given");
    }
    if (r.header("Content-Type")) {
      throw response_error(
          response_rule::body_not_allowed,
          "a " + std::to_string(r.status) + " response has no content, so no Content-Type");
    }
  }
  if (r.status == 401 && !r.header("WWW-Authenticate")) {
    throw response_error(response_rule::missing_www_authenticate,
                         "a 401 response must carry WWW-Authenticate (RFC 9110 Section 15.5.2)");
  }
  if (r.status == 405 && !r.header("Allow")) {
    throw response_error(response_rule::missing_allow,
                         "a 405 response must carry Allow (RFC 9110 Section 15.5.6)");
  }
}

ENVELOPE_INLINE challenge challenge::bearer(std::string realm) {
  challenge c;
  if (!realm.empty()) c.parameters.emplace_back("realm", std::move(realm));
  return c;
}

ENVELOPE_INLINE challenge& challenge::with_error(std::string error, std::string description) & {
  with("error", std::move(error));
  if (!description.empty()) with("error_description", std::move(description));
  return *this;
}

ENVELOPE_INLINE std::string challenge::to_string() const {
  if (!is_token(scheme)) {
    throw response_error(response_rule::invalid_argument,
                         "auth-scheme \"" + scheme + "\" is not a token (RFC 9110 Section 11.1)");
  }
  std::string out = scheme;
  bool first = true;
  for (const auto& [name, value] : parameters) {
    if (!is_token(name)) {
      throw response_error(response_rule::invalid_argument,
                           "auth-param name \"" + name + "\" is not a token");
    }
    out += first ? " " : ", ";
    first = false;
    out += name;
    out += "=\"";
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      // qdtext and quoted-pair allow HTAB, SP, VCHAR and obs-text only.
      if ((u < 0x20 && c != '\t') || u == 0x7F) {
        throw response_error(
            response_rule::invalid_header_value,
            "auth-param " + name + " has a control character, which a quoted-string cannot hold");
      }
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

ENVELOPE_INLINE std::optional<std::string_view> bearer_token(
    std::string_view authorization) noexcept {
  constexpr std::string_view scheme = "bearer";
  std::size_t start = 0;
  while (start < authorization.size() &&
         (authorization[start] == ' ' || authorization[start] == '\t')) {
    ++start;
  }
  authorization.remove_prefix(start);
  if (authorization.size() <= scheme.size() + 1 ||
      !detail::iequals(authorization.substr(0, scheme.size()), scheme) ||
      authorization[scheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view token = authorization.substr(scheme.size() + 1);
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
    token.remove_suffix(1);
  // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
  std::size_t i = 0;
  const auto b64 = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  };
  while (i < token.size() && b64(token[i]))
    ++i;
  if (i == 0) return std::nullopt;
  while (i < token.size() && token[i] == '=')
    ++i;
  if (i != token.size()) return std::nullopt;
  return token;
}

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
    throw response_error(response_rule::invalid_argument,
                         "http_date: year " + std::to_string(year) + " has no IMF-fixdate");
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
    throw response_error(response_rule::invalid_argument,
                         "Retry-After: a delay cannot be negative (RFC 9110 Section 10.2.3)");
  }
  return std::to_string(delay.count());
}

}  // namespace envelope
#endif  // ENVELOPE_DEFINITIONS

#endif  // ENVELOPE_MESSAGE_HPP

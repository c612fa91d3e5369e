#ifndef ENVELOPE_IMPL_JSON_SCHEMA_IPP
#define ENVELOPE_IMPL_JSON_SCHEMA_IPP

#include <envelope/json_schema.hpp>

#include <envelope/detail/regex.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

ENVELOPE_INLINE json_schema_error::json_schema_error(std::string pointer,
                                                     const std::string& problem)
    : error_with("json_schema: " + problem + " at \"" + pointer + "\""),
      pointer_(std::move(pointer)) {}

namespace detail::schema {

using json = nlohmann::json;

// Bits of the "type" keyword.
enum type_bit : unsigned {
  t_null = 1,
  t_boolean = 2,
  t_integer = 4,
  t_number = 8,
  t_string = 16,
  t_array = 32,
  t_object = 64
};

// Formats that are checked; any other is an annotation (draft 7 §7.2).
enum class format_kind {
  none,
  date_time,
  date,
  time,
  email,
  hostname,
  ipv4,
  ipv6,
  uri,
  uri_reference,
  uuid,
  regex,
  json_pointer
};

// Each body value is checked against at most this many nested schemas: deeper
// bodies (or $ref cycles that consume nothing) are reported, not followed, so
// validation cannot exhaust the stack.
constexpr int max_depth = 200;

// And at most this many schemas are applied in one validation: alternatives
// nested in alternatives can otherwise cost exponential time in the body's depth.
// A well-formed request against a service's schema stays orders of magnitude below.
constexpr std::size_t max_steps = 1000000;

struct pattern {
  std::string text;
  std::wregex re;
};

// One compiled schema. Indices refer to compiled::nodes.
struct node {
  // A boolean schema: true accepts everything, false nothing.
  std::optional<bool> constant;
  // Draft 7 §8.3: a $ref replaces every sibling keyword.
  int ref = -1;

  unsigned types = 0;  // 0: any
  std::vector<std::string> type_names;

  std::optional<json> enumeration;
  std::optional<json> literal;

  std::optional<json> minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of;

  std::optional<std::size_t> min_length, max_length;
  std::optional<pattern> string_pattern;
  format_kind format = format_kind::none;
  std::string format_name;

  int items = -1;                // one schema for every item
  std::vector<int> tuple_items;  // items given as an array
  bool has_tuple_items = false;
  int additional_items = -1;
  int contains = -1;
  std::optional<std::size_t> min_items, max_items;
  bool unique_items = false;

  std::vector<std::pair<std::string, int>> properties;
  std::vector<std::pair<pattern, int>> pattern_properties;
  int additional_properties = -1;
  std::vector<std::string> required;
  int property_names = -1;
  std::optional<std::size_t> min_properties, max_properties;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependent_members;
  std::vector<std::pair<std::string, int>> dependent_schemas;

  int if_ = -1, then_ = -1, else_ = -1;
  std::vector<int> all_of, any_of, one_of;
  int not_ = -1;
};

// Minimal RFC 3986 reference resolution (§5.2), enough for $id and $ref.
struct uri_parts {
  std::optional<std::string> scheme, authority, query, fragment;
  std::string path;
};

inline uri_parts split_uri(std::string_view s) {
  uri_parts u;
  const std::size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    u.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  const std::size_t q = s.find('?');
  if (q != std::string_view::npos) {
    u.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  const std::size_t colon = s.find(':');
  const std::size_t first_delim = s.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 &&
      (first_delim == std::string_view::npos || colon < first_delim)) {
    u.scheme = std::string(s.substr(0, colon));
    s = s.substr(colon + 1);
  }
  if (s.substr(0, 2) == "//") {
    s = s.substr(2);
    const std::size_t slash = s.find('/');
    u.authority = std::string(s.substr(0, slash));
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  u.path = std::string(s);
  return u;
}

inline std::string remove_dots(const std::string& in) {
  std::vector<std::string> out;
  std::size_t i = 0;
  const bool absolute = !in.empty() && in[0] == '/';
  if (absolute) i = 1;
  bool trailing = false;
  while (i <= in.size()) {
    std::size_t end = in.find('/', i);
    if (end == std::string::npos) end = in.size();
    const std::string seg = in.substr(i, end - i);
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = true;
    } else {
      out.push_back(seg);
    }
    i = end + 1;
  }
  std::string r = absolute ? "/" : "";
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k > 0) r += '/';
    r += out[k];
  }
  if (trailing && (r.empty() || r.back() != '/')) r += '/';
  return r;
}

inline std::string join_uri(const uri_parts& u) {
  std::string r;
  if (u.scheme) r += *u.scheme + ":";
  if (u.authority) r += "//" + *u.authority;
  r += u.path;
  if (u.query) r += "?" + *u.query;
  if (u.fragment) r += "#" + *u.fragment;
  return r;
}

inline std::string resolve_uri(const std::string& base_text, const std::string& ref_text) {
  const uri_parts r = split_uri(ref_text);
  const uri_parts b = split_uri(base_text);
  uri_parts t;
  if (r.scheme) {
    t = r;
    t.path = remove_dots(r.path);
  } else {
    if (r.authority) {
      t.authority = r.authority;
      t.path = remove_dots(r.path);
      t.query = r.query;
    } else {
      if (r.path.empty()) {
        t.path = b.path;
        t.query = r.query ? r.query : b.query;
      } else {
        if (r.path[0] == '/') {
          t.path = remove_dots(r.path);
        } else if (b.authority && b.path.empty()) {
          t.path = remove_dots("/" + r.path);
        } else {
          const std::size_t slash = b.path.rfind('/');
          t.path = remove_dots(
              (slash == std::string::npos ? std::string() : b.path.substr(0, slash + 1)) + r.path);
        }
        t.query = r.query;
      }
      t.authority = b.authority;
    }
    t.scheme = b.scheme;
  }
  t.fragment = r.fragment;
  return join_uri(t);
}

inline std::pair<std::string, std::string> split_fragment(const std::string& uri) {
  const std::size_t hash = uri.find('#');
  if (hash == std::string::npos) return {uri, std::string()};
  return {uri.substr(0, hash), uri.substr(hash + 1)};
}

inline std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

inline std::size_t code_points(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

inline bool is_integral(const json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

inline int sign_of_difference(bool less, bool greater) noexcept {
  return less ? -1 : (greater ? 1 : 0);
}

// An integer compared with a double, exactly: the double's integral part is
// representable in the integer's type whenever it lies within that type's range.
inline int compare_to_double(std::uint64_t u, double d) noexcept {
  if (d < 0) return 1;
  if (d >= 18446744073709551616.0) return -1;
  const double whole = std::floor(d);
  const auto t = static_cast<std::uint64_t>(whole);
  if (u != t) return sign_of_difference(u<t, u> t);
  return d > whole ? -1 : 0;
}

inline int compare_to_double(std::int64_t i, double d) noexcept {
  if (i >= 0) return compare_to_double(static_cast<std::uint64_t>(i), d);
  if (d >= 0) return -1;
  if (d < -9223372036854775808.0) return 1;
  const double whole = std::floor(d);
  const auto t = static_cast<std::int64_t>(whole);
  if (i != t) return sign_of_difference(i<t, i> t);
  return d > whole ? -1 : 0;
}

// -1, 0, 1: a compared with b, both numbers, exactly. nlohmann stores a
// non-negative integer as signed or unsigned depending on how it was made
// (json(1000) is signed, a parsed 1000 unsigned), so the kind says nothing
// about the value.
inline int compare_numbers(const json& a, const json& b) {
  if (a.is_number_float() && b.is_number_float()) {
    const double x = a.get<double>();
    const double y = b.get<double>();
    return sign_of_difference(x<y, x> y);
  }
  if (a.is_number_float()) return -compare_numbers(b, a);
  const bool a_negative = !a.is_number_unsigned() && a.get<std::int64_t>() < 0;
  if (b.is_number_float()) {
    return a_negative ? compare_to_double(a.get<std::int64_t>(), b.get<double>())
                      : compare_to_double(a.get<std::uint64_t>(), b.get<double>());
  }
  const bool b_negative = !b.is_number_unsigned() && b.get<std::int64_t>() < 0;
  if (a_negative != b_negative) return a_negative ? -1 : 1;
  if (a_negative) {
    const auto x = a.get<std::int64_t>();
    const auto y = b.get<std::int64_t>();
    return sign_of_difference(x<y, x> y);
  }
  const auto x = a.get<std::uint64_t>();
  const auto y = b.get<std::uint64_t>();
  return sign_of_difference(x<y, x> y);
}

// JSON equality as JSON Schema defines it (draft 7 §4.2.2): numbers by value,
// whatever their kind; arrays item by item; objects member by member.
inline bool json_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!json_equal(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !json_equal(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

inline bool is_multiple(const json& v, const json& divisor) {
  if (v.is_number_integer() && divisor.is_number_integer()) {
    if (v.is_number_unsigned() || divisor.is_number_unsigned()) {
      const auto d = divisor.get<std::uint64_t>();
      if (v.is_number_unsigned()) return v.get<std::uint64_t>() % d == 0;
      const auto x = v.get<std::int64_t>();
      const std::uint64_t mag =
          x < 0 ? static_cast<std::uint64_t>(-(x + 1)) + 1 : static_cast<std::uint64_t>(x);
      return mag % d == 0;
    }
    const auto d = divisor.get<std::int64_t>();
    const auto x = v.get<std::int64_t>();
    if (d == -1) return true;
    return x % d == 0;
  }
  const double x = v.get<double>();
  const double d = divisor.get<double>();
  const double q = x / d;
  // A quotient too large for a double's fraction is integral as far as doubles tell.
  if (!std::isfinite(q) || std::fabs(q) >= 9007199254740992.0) return true;
  const double nearest = std::nearbyint(q);
  return std::fabs(q - nearest) <= 1e-9 * std::max(1.0, std::fabs(q));
}

// Formats. Each says whether a string is well-formed; draft 7 §7.3.

inline bool digits(std::string_view s, std::size_t at, std::size_t n) {
  if (s.size() < at + n) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

inline int number_at(std::string_view s, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i)
    v = v * 10 + (s[i] - '0');
  return v;
}

// RFC 3339 full-date.
inline bool is_date(std::string_view s) {
  if (s.size() != 10 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
      !digits(s, 8, 2))
    return false;
  const int year = number_at(s, 0, 4);
  const int month = number_at(s, 5, 2);
  const int day = number_at(s, 8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int limit = month == 2 && leap ? 29 : days[month - 1];
  return day <= limit;
}

// RFC 3339 full-time: partial-time and a required offset.
inline bool is_time(std::string_view s) {
  if (s.size() < 9 || !digits(s, 0, 2) || s[2] != ':' || !digits(s, 3, 2) || s[5] != ':' ||
      !digits(s, 6, 2))
    return false;
  const int hour = number_at(s, 0, 2);
  const int minute = number_at(s, 3, 2);
  const int second = number_at(s, 6, 2);
  if (hour > 23 || minute > 59 || second > 60) return false;
  std::size_t i = 8;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;
  int offset_minutes = 0;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    if (s.size() != i + 6 || !digits(s, i + 1, 2) || s[i + 3] != ':' || !digits(s, i + 4, 2))
      return false;
    const int oh = number_at(s, i + 1, 2);
    const int om = number_at(s, i + 4, 2);
    if (oh > 23 || om > 59) return false;
    offset_minutes = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  if (second == 60) {
    // A leap second is only ever 23:59:60 UTC.
    int utc = hour * 60 + minute - offset_minutes;
    utc = ((utc % 1440) + 1440) % 1440;
    if (utc != 23 * 60 + 59) return false;
  }
  return true;
}

inline bool is_date_time(std::string_view s) {
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) return false;
  return is_date(s.substr(0, 10)) && is_time(s.substr(11));
}

inline bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    int value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
      value = value * 10 + (s[i] - '0');
      ++i;
    }
    const std::size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

inline bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 4291 §2.2 text forms, with an IPv4 tail.
inline bool is_ipv6(std::string_view s) {
  if (s.empty()) return false;
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  } else if (s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && is_hex(s[j]))
      ++j;
    if (j < s.size() && s[j] == '.') {
      if (!is_ipv4(s.substr(i))) return false;
      groups += 2;
      i = s.size();
      break;
    }
    if (j == i || j - i > 4) return false;
    ++groups;
    i = j;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;
      compressed = true;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return false;
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

// RFC 1123 host names: labels of letters, digits and inner hyphens, each at most 63, all at
// most 253.
inline bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    while (i < s.size() && s[i] != '.') {
      const char c = s[i];
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
      ++i;
    }
    const std::size_t len = i - start;
    if (len == 0 || len > 63 || s[start] == '-' || s[i - 1] == '-') return false;
    if (i == s.size()) return true;
    ++i;
    if (i == s.size()) return true;  // a trailing dot: the fully qualified form
  }
}

// RFC 5321 §4.1.2 Mailbox, the dot-atom form of the local part and a host name
// or address literal.
inline bool is_email(std::string_view s) {
  const std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
  static constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~.";
  char previous = 0;
  for (const char c : local) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    specials.find(c) != std::string_view::npos;
    if (!ok || (c == '.' && previous == '.')) return false;
    previous = c;
  }
  if (domain.front() == '[' && domain.back() == ']') {
    const std::string_view literal = domain.substr(1, domain.size() - 2);
    if (literal.substr(0, 5) == "IPv6:") return is_ipv6(literal.substr(5));
    return is_ipv4(literal);
  }
  return is_hostname(domain);
}

inline bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

// RFC 3986 characters, with well-formed percent-encodings.
inline bool uri_chars(std::string_view s) {
  static constexpr std::string_view allowed = "-._~:/?#[]@!$&'()*+,;=";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() + 0 || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    allowed.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

inline bool is_uri_reference(std::string_view s) {
  if (!uri_chars(s)) return false;
  const std::size_t hash = s.find('#');
  if (hash != std::string_view::npos && s.find('#', hash + 1) != std::string_view::npos)
    return false;
  // '[' and ']' only around an IP literal in the authority.
  const std::size_t open = s.find('[');
  const std::size_t close = s.find(']');
  if (open != std::string_view::npos || close != std::string_view::npos) {
    const std::size_t authority = s.find("//");
    if (authority == std::string_view::npos || open != authority + 2 ||
        close == std::string_view::npos || close < open)
      return false;
  }
  return true;
}

inline bool is_uri(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const char first = s[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return is_uri_reference(s);
}

// RFC 6901 §3.
inline bool is_json_pointer(std::string_view s) {
  if (s.empty()) return true;
  if (s[0] != '/') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '~' && (i + 1 == s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) return false;
  }
  return true;
}

inline bool compile_regex(std::string_view text, std::wregex& out) {
  std::optional<std::wregex> re = regex::compile(text);
  if (!re) return false;
  out = std::move(*re);
  return true;
}

inline bool search(const pattern& p, std::string_view subject) {
  return regex::matches(p.re, subject, regex::match::anywhere);
}

inline bool format_ok(format_kind kind, const std::string& s) {
  switch (kind) {
    case format_kind::none:
      return true;
    case format_kind::date_time:
      return is_date_time(s);
    case format_kind::date:
      return is_date(s);
    case format_kind::time:
      return is_time(s);
    case format_kind::email:
      return is_email(s);
    case format_kind::hostname:
      return is_hostname(s);
    case format_kind::ipv4:
      return is_ipv4(s);
    case format_kind::ipv6:
      return is_ipv6(s);
    case format_kind::uri:
      return is_uri(s);
    case format_kind::uri_reference:
      return is_uri_reference(s);
    case format_kind::uuid:
      return is_uuid(s);
    case format_kind::regex: {
      std::wregex re;
      return compile_regex(s, re);
    }
    case format_kind::json_pointer:
      return is_json_pointer(s);
  }
  return true;
}

inline format_kind find_format(const std::string& name) {
  static const std::pair<std::string_view, format_kind> table[] = {
      {"date-time", format_kind::date_time},
      {"date", format_kind::date},
      {"time", format_kind::time},
      {"email", format_kind::email},
      {"hostname", format_kind::hostname},
      {"ipv4", format_kind::ipv4},
      {"ipv6", format_kind::ipv6},
      {"uri", format_kind::uri},
      {"uri-reference", format_kind::uri_reference},
      {"uuid", format_kind::uuid},
      {"regex", format_kind::regex},
      {"json-pointer", format_kind::json_pointer}};
  for (const auto& row : table) {
    if (row.first == name) return row.second;
  }
  return format_kind::none;
}

}  // namespace detail::schema

struct json_schema::compiled {
  using json = nlohmann::json;
  using node = detail::schema::node;

  nlohmann::json source;
  std::vector<node> nodes;

  // Compilation state.
  std::map<std::string, int> by_pointer;     // schema location -> node
  std::vector<std::string> locations;        // node -> schema location
  std::map<std::string, std::string> ids;    // absolute URI (with #name) -> location
  std::map<std::string, std::string> bases;  // location -> base URI there
  std::string root_base;

  explicit compiled(json schema) : source(std::move(schema)) {
    collect_ids(source, "", "");
    root_base = bases.count("") ? bases[""] : std::string();
    compile_at("", root_base);
    refuse_cycles();
  }

  // A $ref cycle through keywords that apply to the same value (allOf, anyOf,
  // oneOf, not, if/then/else, dependencies, $ref) never reaches a decision for
  // any body, so such a schema is refused here rather than cut off when used.
  void refuse_cycles() const {
    enum class mark : unsigned char { unseen, active, done };
    std::vector<mark> marks(nodes.size(), mark::unseen);
    const auto in_place = [this](std::size_t i) {
      const node& n = nodes[i];
      std::vector<int> next;
      if (n.ref >= 0) next.push_back(n.ref);
      next.insert(next.end(), n.all_of.begin(), n.all_of.end());
      next.insert(next.end(), n.any_of.begin(), n.any_of.end());
      next.insert(next.end(), n.one_of.begin(), n.one_of.end());
      for (const int k : {n.not_, n.if_, n.then_, n.else_}) {
        if (k >= 0) next.push_back(k);
      }
      for (const auto& d : n.dependent_schemas)
        next.push_back(d.second);
      return next;
    };
    // Iterative depth-first search: a schema may be deep.
    for (std::size_t start = 0; start < nodes.size(); ++start) {
      if (marks[start] != mark::unseen) continue;
      std::vector<std::pair<std::size_t, std::vector<int>>> stack;
      stack.emplace_back(start, in_place(start));
      marks[start] = mark::active;
      while (!stack.empty()) {
        auto& top = stack.back();
        if (top.second.empty()) {
          marks[top.first] = mark::done;
          stack.pop_back();
          continue;
        }
        const auto k = static_cast<std::size_t>(top.second.back());
        top.second.pop_back();
        if (marks[k] == mark::active) {
          fail(locations[k], "a $ref cycle that never descends into the body");
        }
        if (marks[k] == mark::unseen) {
          marks[k] = mark::active;
          stack.emplace_back(k, in_place(k));
        }
      }
    }
  }

  [[noreturn]] static void fail(const std::string& where, const std::string& what) {
    throw json_schema_error(where, what);
  }

  // Finds every $id and the base URI at each schema location (draft 7 §8.2).
  void collect_ids(const json& s, const std::string& where, const std::string& base) {
    if (!s.is_object()) return;
    std::string here = base;
    const auto id = s.find("$id");
    if (id != s.end() && id->is_string() && !s.contains("$ref")) {
      here = detail::schema::resolve_uri(base, id->get<std::string>());
      auto parts = detail::schema::split_fragment(here);
      if (parts.second.empty()) {
        ids.emplace(parts.first, where);
        here = parts.first;
      } else if (parts.second[0] != '/') {
        ids.emplace(here, where);
        here = parts.first;
      }
    }
    bases.emplace(where, here);
    const auto recurse = [&](const json& sub, const std::string& at) {
      collect_ids(sub, at, here);
    };
    for (const char* key : {"items", "additionalItems", "contains", "additionalProperties",
                            "propertyNames", "if", "then", "else", "not"}) {
      const auto it = s.find(key);
      if (it == s.end()) continue;
      const std::string at = validation::child(where, key);
      if (it->is_array()) {
        for (std::size_t i = 0; i < it->size(); ++i)
          recurse((*it)[i], validation::child(at, i));
      } else {
        recurse(*it, at);
      }
    }
    for (const char* key : {"allOf", "anyOf", "oneOf"}) {
      const auto it = s.find(key);
      if (it == s.end() || !it->is_array()) continue;
      const std::string at = validation::child(where, key);
      for (std::size_t i = 0; i < it->size(); ++i)
        recurse((*it)[i], validation::child(at, i));
    }
    for (const char* key :
         {"properties", "patternProperties", "definitions", "$defs", "dependencies"}) {
      const auto it = s.find(key);
      if (it == s.end() || !it->is_object()) continue;
      const std::string at = validation::child(where, key);
      for (const auto& member : it->items()) {
        recurse(member.value(), validation::child(at, member.key()));
      }
    }
  }

  const json* locate(const std::string& pointer) const {
    try {
      const json::json_pointer p(pointer);
      if (!source.contains(p)) return nullptr;
      return &source.at(p);
    } catch (const json::exception&) {
      return nullptr;
    }
  }

  std::string base_of(const std::string& where, const std::string& fallback) const {
    const auto it = bases.find(where);
    return it == bases.end() ? fallback : it->second;
  }

  int compile_at(const std::string& where, const std::string& base) {
    const auto known = by_pointer.find(where);
    if (known != by_pointer.end()) return known->second;
    const json* s = locate(where);
    if (s == nullptr) fail(where, "no schema here");
    const int index = static_cast<int>(nodes.size());
    nodes.emplace_back();
    locations.push_back(where);
    by_pointer.emplace(where, index);
    node n = build(*s, where, base_of(where, base));
    nodes[static_cast<std::size_t>(index)] = std::move(n);
    return index;
  }

  int sub(const json& s, const std::string& key, const std::string& where,
          const std::string& base) {
    (void)s;
    return compile_at(validation::child(where, key), base);
  }

  static std::size_t count_of(const json& v, const std::string& where) {
    if (v.is_number_unsigned()) return v.get<std::size_t>();
    if (v.is_number_integer()) {
      if (v.get<std::int64_t>() < 0) fail(where, "a count must not be negative");
      return static_cast<std::size_t>(v.get<std::int64_t>());
    }
    if (v.is_number_float() && detail::schema::is_integral(v) && v.get<double>() >= 0) {
      const double d = v.get<double>();
      return d >= 1.8e19 ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(d);
    }
    fail(where, "a count must be a non-negative integer");
  }

  int resolve_ref(const std::string& ref, const std::string& where, const std::string& base) {
    const std::string target = detail::schema::resolve_uri(base, ref);
    auto parts = detail::schema::split_fragment(target);
    std::string location;
    if (parts.first.empty() || parts.first == root_base) {
      location = "";
    } else {
      const auto it = ids.find(parts.first);
      if (it == ids.end())
        fail(where,
             "$ref \"" + ref + "\" is not in this document (remote references are not supported)");
      location = it->second;
    }
    if (!parts.second.empty()) {
      if (parts.second[0] == '/') {
        location += detail::schema::percent_decode(parts.second);
      } else {
        const auto named = ids.find(target);
        if (named == ids.end()) fail(where, "$ref \"" + ref + "\" names no $id in this document");
        location = named->second;
      }
    }
    const json* s = locate(location);
    if (s == nullptr || !(s->is_object() || s->is_boolean()))
      fail(where, "$ref \"" + ref + "\" does not resolve to a schema");
    return compile_at(location, parts.first.empty() ? root_base : parts.first);
  }

  void compile_pattern(const json& v, const std::string& where, detail::schema::pattern& out) {
    if (!v.is_string()) fail(where, "a pattern must be a string");
    out.text = v.get<std::string>();
    if (!detail::schema::compile_regex(out.text, out.re))
      fail(where, "not an ECMAScript regular expression");
  }

  node build(const json& s, const std::string& where, const std::string& base) {
    using namespace detail::schema;
    node n;
    if (s.is_boolean()) {
      n.constant = s.get<bool>();
      return n;
    }
    if (!s.is_object()) fail(where, "a schema must be an object or a boolean");

    const auto ref = s.find("$ref");
    if (ref != s.end()) {
      if (!ref->is_string()) fail(validation::child(where, "$ref"), "$ref must be a string");
      n.ref = resolve_ref(ref->get<std::string>(), validation::child(where, "$ref"), base);
      return n;
    }

    for (const auto& member : s.items()) {
      const std::string& key = member.key();
      const json& v = member.value();
      const std::string at = validation::child(where, key);
      if (key == "type") {
        const auto add = [&](const json& t, const std::string& p) {
          if (!t.is_string()) fail(p, "a type must be a string");
          const std::string name = t.get<std::string>();
          unsigned bit = 0;
          if (name == "null")
            bit = t_null;
          else if (name == "boolean")
            bit = t_boolean;
          else if (name == "integer")
            bit = t_integer;
          else if (name == "number")
            bit = t_number;
          else if (name == "string")
            bit = t_string;
          else if (name == "array")
            bit = t_array;
          else if (name == "object")
            bit = t_object;
          else
            fail(p, "unknown type \"" + name + "\"");
          if ((n.types & bit) == 0) n.type_names.push_back(name);
          n.types |= bit;
        };
        if (v.is_array()) {
          if (v.empty()) fail(at, "type must not be an empty array");
          for (std::size_t i = 0; i < v.size(); ++i)
            add(v[i], validation::child(at, i));
        } else {
          add(v, at);
        }
      } else if (key == "enum") {
        if (!v.is_array()) fail(at, "enum must be an array");
        n.enumeration = v;
      } else if (key == "const") {
        n.literal = v;
      } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" ||
                 key == "exclusiveMaximum") {
        if (!v.is_number()) fail(at, key + " must be a number");
        (key == "minimum"            ? n.minimum
         : key == "maximum"          ? n.maximum
         : key == "exclusiveMinimum" ? n.exclusive_minimum
                                     : n.exclusive_maximum) = v;
      } else if (key == "multipleOf") {
        if (!v.is_number() || v.get<double>() <= 0) fail(at, "multipleOf must be a number above 0");
        n.multiple_of = v;
      } else if (key == "minLength") {
        n.min_length = count_of(v, at);
      } else if (key == "maxLength") {
        n.max_length = count_of(v, at);
      } else if (key == "pattern") {
        n.string_pattern.emplace();
        compile_pattern(v, at, *n.string_pattern);
      } else if (key == "format") {
        if (!v.is_string()) fail(at, "format must be a string");
        n.format_name = v.get<std::string>();
        n.format = find_format(n.format_name);
      } else if (key == "items") {
        if (v.is_array()) {
          n.has_tuple_items = true;
          for (std::size_t i = 0; i < v.size(); ++i)
            n.tuple_items.push_back(compile_at(validation::child(at, i), base));
        } else {
          n.items = sub(v, key, where, base);
        }
      } else if (key == "additionalItems") {
        n.additional_items = sub(v, key, where, base);
      } else if (key == "contains") {
        n.contains = sub(v, key, where, base);
      } else if (key == "minItems") {
        n.min_items = count_of(v, at);
      } else if (key == "maxItems") {
        n.max_items = count_of(v, at);
      } else if (key == "uniqueItems") {
        if (!v.is_boolean()) fail(at, "uniqueItems must be a boolean");
        n.unique_items = v.get<bool>();
      } else if (key == "properties") {
        if (!v.is_object()) fail(at, "properties must be an object");
        for (const auto& p : v.items())
          n.properties.emplace_back(p.key(), compile_at(validation::child(at, p.key()), base));
      } else if (key == "patternProperties") {
        if (!v.is_object()) fail(at, "patternProperties must be an object");
        for (const auto& p : v.items()) {
          // A bad pattern is named by its member's pointer: the key is the pattern.
          const std::string named = validation::child(at, p.key());
          pattern compiled_pattern;
          compile_pattern(json(p.key()), named, compiled_pattern);
          n.pattern_properties.emplace_back(std::move(compiled_pattern), compile_at(named, base));
        }
      } else if (key == "additionalProperties") {
        n.additional_properties = sub(v, key, where, base);
      } else if (key == "required") {
        if (!v.is_array()) fail(at, "required must be an array");
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (!v[i].is_string()) fail(validation::child(at, i), "required lists strings");
          n.required.push_back(v[i].get<std::string>());
        }
      } else if (key == "propertyNames") {
        n.property_names = sub(v, key, where, base);
      } else if (key == "minProperties") {
        n.min_properties = count_of(v, at);
      } else if (key == "maxProperties") {
        n.max_properties = count_of(v, at);
      } else if (key == "dependencies") {
        if (!v.is_object()) fail(at, "dependencies must be an object");
        for (const auto& d : v.items()) {
          const std::string dat = validation::child(at, d.key());
          if (d.value().is_array()) {
            std::vector<std::string> names;
            for (std::size_t i = 0; i < d.value().size(); ++i) {
              if (!d.value()[i].is_string())
                fail(validation::child(dat, i), "dependencies list strings");
              names.push_back(d.value()[i].get<std::string>());
            }
            n.dependent_members.emplace_back(d.key(), std::move(names));
          } else {
            n.dependent_schemas.emplace_back(d.key(), compile_at(dat, base));
          }
        }
      } else if (key == "if") {
        n.if_ = sub(v, key, where, base);
      } else if (key == "then") {
        n.then_ = sub(v, key, where, base);
      } else if (key == "else") {
        n.else_ = sub(v, key, where, base);
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        if (!v.is_array() || v.empty()) fail(at, key + " must be a non-empty array");
        auto& list = key == "allOf" ? n.all_of : key == "anyOf" ? n.any_of : n.one_of;
        for (std::size_t i = 0; i < v.size(); ++i)
          list.push_back(compile_at(validation::child(at, i), base));
      } else if (key == "not") {
        n.not_ = sub(v, key, where, base);
      } else if (key == "$schema") {
        if (!v.is_string()) fail(at, "$schema must be a string");
        const std::string uri = v.get<std::string>();
        if (uri.find("draft-07/schema") == std::string::npos &&
            uri.find("draft-06/schema") == std::string::npos)
          fail(at, "only draft 7 (and 6) schemas are supported, not \"" + uri + "\"");
      } else if (key == "$id") {
        if (!v.is_string()) fail(at, "$id must be a string");
      } else if (key == "definitions" || key == "$defs") {
        if (!v.is_object()) fail(at, key + " must be an object");
        // Compiled when a $ref reaches them; each must still be a schema.
        for (const auto& d : v.items()) {
          if (!d.value().is_object() && !d.value().is_boolean())
            fail(validation::child(at, d.key()), "a schema must be an object or a boolean");
        }
      } else if (key == "dependentRequired" || key == "dependentSchemas" || key == "prefixItems" ||
                 key == "unevaluatedItems" || key == "unevaluatedProperties" ||
                 key == "minContains" || key == "maxContains" || key == "$recursiveRef" ||
                 key == "$recursiveAnchor" || key == "$dynamicRef" || key == "$dynamicAnchor" ||
                 key == "$anchor" || key == "$vocabulary") {
        fail(at, "keyword \"" + key + "\" (a later draft's) is not implemented");
      }
      // Anything else is an annotation or outside the vocabulary: ignored.
    }
    return n;
  }

  // Validation. `out` null: stop at the first failure and build no error.
  struct run_state {
    std::string pointer;
    std::vector<validation_error>* out;
    std::size_t steps = 0;  // schemas applied so far, against max_steps
  };

  static void push(std::string& pointer, std::string_view name) {
    pointer += '/';
    for (const char c : name) {
      if (c == '~') {
        pointer += "~0";
      } else if (c == '/') {
        pointer += "~1";
      } else {
        pointer += c;
      }
    }
  }

  static void push(std::string& pointer, std::size_t index) {
    pointer += '/';
    pointer += std::to_string(index);
  }

  static bool type_matches(unsigned types, const json& v) {
    using namespace detail::schema;
    switch (v.type()) {
      case json::value_t::null:
        return (types & t_null) != 0;
      case json::value_t::boolean:
        return (types & t_boolean) != 0;
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
        return (types & (t_integer | t_number)) != 0;
      case json::value_t::number_float:
        return (types & t_number) != 0 ||
               ((types & t_integer) != 0 && detail::schema::is_integral(v));
      case json::value_t::string:
        return (types & t_string) != 0;
      case json::value_t::array:
        return (types & t_array) != 0;
      case json::value_t::object:
        return (types & t_object) != 0;
      default:
        return false;
    }
  }

  // The type names a missing member's schema expects, following $refs a little.
  const node* resolved(int index) const {
    const node* n = &nodes[static_cast<std::size_t>(index)];
    for (int hops = 0; n->ref >= 0 && hops < 16; ++hops)
      n = &nodes[static_cast<std::size_t>(n->ref)];
    return n;
  }

  bool fail_with(run_state& st, validation_error e) const {
    if (st.out != nullptr) st.out->push_back(std::move(e));
    return false;
  }

  // Whether v is valid, without errors, on the same state (pointer and budget).
  bool quiet(int index, const json& v, run_state& st, int depth) const {
    std::vector<validation_error>* const out = st.out;
    st.out = nullptr;
    const bool valid = run(index, v, st, depth);
    st.out = out;
    return valid;
  }

  bool run(int index, const json& v, run_state& st, int depth) const {
    using namespace detail::schema;
    if (depth > max_depth)
      return fail_with(st,
                       validation::invalid_value(st.pointer, "is nested too deeply to validate"));
    if (++st.steps > max_steps) return false;
    const node& n = nodes[static_cast<std::size_t>(index)];
    if (n.constant) {
      if (*n.constant) return true;
      return fail_with(st, validation::invalid_value(st.pointer, "is not allowed"));
    }
    if (n.ref >= 0) return run(n.ref, v, st, depth + 1);

    if (n.types != 0 && !type_matches(n.types, v)) {
      if (n.type_names.size() == 1)
        return fail_with(
            st, validation::invalid_type(st.pointer, validation::type_name(v), n.type_names[0]));
      return fail_with(
          st, validation::invalid_type(st.pointer, validation::type_name(v), n.type_names));
    }
    bool ok = true;
    const auto failed = [&](validation_error e) {
      ok = false;
      if (st.out != nullptr) st.out->push_back(std::move(e));
      return st.out == nullptr;  // true: stop now
    };

    if (n.enumeration) {
      bool found = false;
      for (const auto& option : *n.enumeration) {
        if (detail::schema::json_equal(option, v)) {
          found = true;
          break;
        }
      }
      if (!found && failed(validation::invalid_enum_value(st.pointer, v, *n.enumeration)))
        return false;
    }
    if (n.literal && !detail::schema::json_equal(*n.literal, v) &&
        failed(validation::invalid_literal(st.pointer, v, *n.literal)))
      return false;

    if (v.is_number()) {
      if (n.minimum && compare_numbers(v, *n.minimum) < 0 &&
          failed(validation::too_small(st.pointer, v, *n.minimum)))
        return false;
      if (n.exclusive_minimum && compare_numbers(v, *n.exclusive_minimum) <= 0 &&
          failed(validation::too_small(st.pointer, v, *n.exclusive_minimum,
                                       validation::bound::exclusive)))
        return false;
      if (n.maximum && compare_numbers(v, *n.maximum) > 0 &&
          failed(validation::too_big(st.pointer, v, *n.maximum)))
        return false;
      if (n.exclusive_maximum && compare_numbers(v, *n.exclusive_maximum) >= 0 &&
          failed(validation::too_big(st.pointer, v, *n.exclusive_maximum,
                                     validation::bound::exclusive)))
        return false;
      if (n.multiple_of && !is_multiple(v, *n.multiple_of) &&
          failed(validation::not_multiple_of(st.pointer, v, *n.multiple_of)))
        return false;
    } else if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (n.min_length || n.max_length) {
        const std::size_t length = code_points(s);
        if (n.min_length && length < *n.min_length &&
            failed(validation::too_few(st.pointer, length, *n.min_length,
                                       validation::unit::characters)))
          return false;
        if (n.max_length && length > *n.max_length &&
            failed(validation::too_many(st.pointer, length, *n.max_length,
                                        validation::unit::characters)))
          return false;
      }
      if (n.string_pattern && !search(*n.string_pattern, s) &&
          failed(validation::pattern_mismatch(st.pointer, n.string_pattern->text)))
        return false;
      if (n.format != format_kind::none && !format_ok(n.format, s) &&
          failed(validation::invalid_format(st.pointer, n.format_name)))
        return false;
    } else if (v.is_array()) {
      if (!run_array(n, v, st, depth, ok)) return false;
    } else if (v.is_object()) {
      if (!run_object(n, v, st, depth, ok)) return false;
    }

    if (!n.all_of.empty()) {
      for (const int part : n.all_of) {
        if (!run(part, v, st, depth + 1)) {
          ok = false;
          if (st.out == nullptr) return false;
        }
      }
    }
    if (!n.any_of.empty()) {
      bool any = false;
      for (const int part : n.any_of) {
        if (quiet(part, v, st, depth + 1)) {
          any = true;
          break;
        }
      }
      if (!any && failed(validation::invalid_union(st.pointer, 0, n.any_of.size()))) return false;
    }
    if (!n.one_of.empty()) {
      std::size_t matched = 0;
      for (const int part : n.one_of) {
        if (quiet(part, v, st, depth + 1)) ++matched;
      }
      if (matched != 1 && failed(validation::invalid_union(st.pointer, matched, n.one_of.size())))
        return false;
    }
    if (n.not_ >= 0 && quiet(n.not_, v, st, depth + 1) &&
        failed(validation::invalid_value(st.pointer, "matches a schema it must not match")))
      return false;
    if (n.if_ >= 0) {
      const int branch = quiet(n.if_, v, st, depth + 1) ? n.then_ : n.else_;
      if (branch >= 0 && !run(branch, v, st, depth + 1)) {
        ok = false;
        if (st.out == nullptr) return false;
      }
    }
    return ok;
  }

  bool run_array(const node& n, const json& v, run_state& st, int depth, bool& ok) const {
    const auto failed = [&](validation_error e) {
      ok = false;
      if (st.out != nullptr) st.out->push_back(std::move(e));
      return st.out == nullptr;
    };
    const std::size_t size = v.size();
    if (n.min_items && size < *n.min_items &&
        failed(validation::too_few(st.pointer, size, *n.min_items, validation::unit::items)))
      return false;
    if (n.max_items && size > *n.max_items &&
        failed(validation::too_many(st.pointer, size, *n.max_items, validation::unit::items)))
      return false;
    const std::size_t base_length = st.pointer.size();
    for (std::size_t i = 0; i < size; ++i) {
      int schema = -1;
      if (n.has_tuple_items) {
        schema = i < n.tuple_items.size() ? n.tuple_items[i] : n.additional_items;
      } else {
        schema = n.items;
      }
      if (schema < 0) continue;
      push(st.pointer, i);
      const bool item_ok = run(schema, v[i], st, depth + 1);
      st.pointer.resize(base_length);
      if (!item_ok) {
        ok = false;
        if (st.out == nullptr) return false;
      }
    }
    if (n.contains >= 0) {
      bool found = false;
      for (std::size_t i = 0; i < size && !found; ++i) {
        push(st.pointer, i);
        found = quiet(n.contains, v[i], st, depth + 1);
        st.pointer.resize(base_length);
      }
      if (!found &&
          failed(validation::invalid_value(st.pointer, "has no item of the expected shape")))
        return false;
    }
    if (n.unique_items && size > 1) {
      std::vector<std::size_t> order(size);
      for (std::size_t i = 0; i < size; ++i)
        order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
      for (std::size_t k = 1; k < size; ++k) {
        if (detail::schema::json_equal(v[order[k - 1]], v[order[k]])) {
          const std::size_t first = std::min(order[k - 1], order[k]);
          const std::size_t second = std::max(order[k - 1], order[k]);
          if (failed(validation::not_unique(st.pointer, first, second))) return false;
          break;
        }
      }
    }
    return true;
  }

  bool run_object(const node& n, const json& v, run_state& st, int depth, bool& ok) const {
    const auto failed = [&](validation_error e) {
      ok = false;
      if (st.out != nullptr) st.out->push_back(std::move(e));
      return st.out == nullptr;
    };
    const std::size_t size = v.size();
    if (n.min_properties && size < *n.min_properties &&
        failed(
            validation::too_few(st.pointer, size, *n.min_properties, validation::unit::properties)))
      return false;
    if (n.max_properties && size > *n.max_properties &&
        failed(validation::too_many(st.pointer, size, *n.max_properties,
                                    validation::unit::properties)))
      return false;
    const std::size_t base_length = st.pointer.size();
    for (const auto& name : n.required) {
      if (v.find(name) != v.end()) continue;
      std::string expected;
      for (const auto& p : n.properties) {
        if (p.first != name) continue;
        const node* target = resolved(p.second);
        if (target->type_names.size() == 1) expected = target->type_names[0];
        break;
      }
      if (failed(validation::missing(validation::child(st.pointer, name), expected))) return false;
    }
    for (const auto& dep : n.dependent_members) {
      if (v.find(dep.first) == v.end()) continue;
      for (const auto& name : dep.second) {
        if (v.find(name) == v.end() &&
            failed(validation::missing_dependency(validation::child(st.pointer, name), dep.first)))
          return false;
      }
    }
    for (const auto& dep : n.dependent_schemas) {
      if (v.find(dep.first) == v.end()) continue;
      if (!run(dep.second, v, st, depth + 1)) {
        ok = false;
        if (st.out == nullptr) return false;
      }
    }
    const bool per_member =
        n.additional_properties >= 0 || !n.pattern_properties.empty() || n.property_names >= 0;
    if (!per_member) {
      // Only declared members to check: look each up rather than walk the body.
      for (const auto& p : n.properties) {
        const auto it = v.find(p.first);
        if (it == v.end()) continue;
        push(st.pointer, p.first);
        const bool member_ok = run(p.second, *it, st, depth + 1);
        st.pointer.resize(base_length);
        if (!member_ok) {
          ok = false;
          if (st.out == nullptr) return false;
        }
      }
      return true;
    }
    for (const auto& member : v.items()) {
      const std::string& key = member.key();
      push(st.pointer, key);
      bool member_ok = true;
      if (n.property_names >= 0 && !quiet(n.property_names, json(key), st, depth + 1)) {
        member_ok = false;
        if (st.out != nullptr) st.out->push_back(validation::invalid_key(st.pointer));
      }
      bool matched = false;
      for (const auto& p : n.properties) {
        if (p.first == key) {
          matched = true;
          if (!run(p.second, member.value(), st, depth + 1)) member_ok = false;
          break;
        }
      }
      for (const auto& p : n.pattern_properties) {
        if (!detail::schema::search(p.first, key)) continue;
        matched = true;
        if (!run(p.second, member.value(), st, depth + 1)) member_ok = false;
      }
      if (!matched && n.additional_properties >= 0) {
        const node& extra = nodes[static_cast<std::size_t>(n.additional_properties)];
        if (extra.constant && !*extra.constant) {
          member_ok = false;
          if (st.out != nullptr) st.out->push_back(validation::unrecognized_key(st.pointer));
        } else if (!run(n.additional_properties, member.value(), st, depth + 1)) {
          member_ok = false;
        }
      }
      st.pointer.resize(base_length);
      if (!member_ok) {
        ok = false;
        if (st.out == nullptr) return false;
      }
    }
    return true;
  }
};

ENVELOPE_INLINE json_schema::json_schema() : json_schema(nlohmann::json::object()) {}

ENVELOPE_INLINE json_schema::json_schema(const nlohmann::json& schema)
    : compiled_(std::make_shared<const compiled>(schema)) {}

ENVELOPE_INLINE std::vector<validation_error> json_schema::validate(
    const nlohmann::json& body) const {
  std::vector<validation_error> errors;
  if (is_valid(body)) return errors;
  // Errors are built only for an invalid body, on a second pass.
  compiled::run_state st{std::string(), &errors};
  compiled_->run(0, body, st, 0);
  if (errors.empty() || st.steps > detail::schema::max_steps) {
    errors.push_back(validation::invalid_value("", "is too complex to validate"));
  }
  return errors;
}

ENVELOPE_INLINE bool json_schema::is_valid(const nlohmann::json& body) const {
  compiled::run_state st{std::string(), nullptr};
  return compiled_->run(0, body, st, 0) && st.steps <= detail::schema::max_steps;
}

ENVELOPE_INLINE void json_schema::check(const nlohmann::json& body) const {
  if (is_valid(body)) return;
  throw_validation_failed(validate(body));
}

ENVELOPE_INLINE const nlohmann::json& json_schema::source() const noexcept {
  return compiled_->source;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_JSON_SCHEMA_IPP

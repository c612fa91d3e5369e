#ifndef ENVELOPE_DETAIL_ASCII_HPP
#define ENVELOPE_DETAIL_ASCII_HPP

// The ASCII character classes and case-insensitive comparisons of HTTP syntax,
// shared by every header that reads or writes header fields. Free of locales:
// HTTP's case-insensitivity is ASCII's (RFC 9110 §5.1). constexpr throughout: no
// impl/ files.

#include <cstddef>
#include <string_view>

namespace envelope::detail {

[[nodiscard]] constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

[[nodiscard]] constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-"
// / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 9110 §5.6.3: OWS is spaces and horizontal tabs.
[[nodiscard]] constexpr bool is_ows(char c) noexcept {
  return c == ' ' || c == '\t';
}

[[nodiscard]] constexpr char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace envelope::detail

#endif  // ENVELOPE_DETAIL_ASCII_HPP

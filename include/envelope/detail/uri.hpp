#ifndef ENVELOPE_DETAIL_URI_HPP
#define ENVELOPE_DETAIL_URI_HPP

// What envelope needs to know of URI syntax (RFC 3986) without parsing URIs.
// constexpr throughout: no impl/ files.

#include <envelope/detail/ascii.hpp>

#include <cstddef>
#include <string_view>

namespace envelope::detail {

// RFC 3986 §3.1 and §4.3: an absolute URI starts with a scheme, then ':';
// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
[[nodiscard]] constexpr bool has_scheme(std::string_view uri) noexcept {
  if (uri.empty() || !is_alpha(uri[0])) return false;
  for (std::size_t i = 1; i < uri.size(); ++i) {
    const char c = uri[i];
    if (c == ':') return true;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

}  // namespace envelope::detail

#endif  // ENVELOPE_DETAIL_URI_HPP

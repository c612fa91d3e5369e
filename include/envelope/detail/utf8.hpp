#ifndef ENVELOPE_DETAIL_UTF8_HPP
#define ENVELOPE_DETAIL_UTF8_HPP

// The one strict UTF-8 decoder, shared by URI template prefixes, the JSON writer's
// check and the XML writer. Well-formed means the Unicode Standard's Table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF. constexpr throughout:
// no impl/ files.

#include <cstddef>
#include <string_view>

namespace envelope::detail {

// Decodes one well-formed UTF-8 sequence at s[i] (RFC 3629 §4); 0 if there is none.
constexpr std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char lead = at(0);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < length || at(1) < low || at(1) > high) return 0;
  char32_t value = lead & (0xFFu >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    if ((at(k) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (at(k) & 0x3Fu);
  }
  cp = value;
  return length;
}

}  // namespace envelope::detail

#endif  // ENVELOPE_DETAIL_UTF8_HPP

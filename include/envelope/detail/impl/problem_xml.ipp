#ifndef ENVELOPE_DETAIL_IMPL_PROBLEM_XML_IPP
#define ENVELOPE_DETAIL_IMPL_PROBLEM_XML_IPP

#include <envelope/detail/problem_xml.hpp>

namespace envelope::detail::xml {

// One code point, or {invalid, 1} for a malformed sequence (replaced, not dropped).
[[nodiscard]] ENVELOPE_INLINE decoded decode_utf8(std::string_view text, std::size_t at) noexcept {
  const auto lead = static_cast<std::uint8_t>(text[at]);
  if (lead < 0x80) return {lead, 1};
  char32_t code = 0;
  const std::size_t length = envelope::detail::decode_utf8(text, at, code);
  if (length == 0) return {invalid, 1};
  return {static_cast<std::uint32_t>(code), length};
}

ENVELOPE_INLINE bool is_element_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (std::size_t at = 0; at < name.size();) {
    const decoded d = decode_utf8(name, at);
    if (d.code == invalid) return false;
    if (!(at == 0 ? is_name_start(d.code) : is_name_char(d.code))) return false;
    at += d.length;
  }
  return true;
}

ENVELOPE_INLINE void append_text(std::string& out, std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const decoded d = decode_utf8(text, at);
    if (d.code == invalid || !is_xml_char(d.code)) {
      out += "\xEF\xBF\xBD";
    } else if (d.length > 1) {
      out.append(text.substr(at, d.length));
    } else {
      switch (text[at]) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          out += text[at];
          break;
      }
    }
    at += d.length;
  }
}

ENVELOPE_INLINE void indent(std::string& out, std::size_t depth) {
  out.append(depth * 2, ' ');
}

}  // namespace envelope::detail::xml

#endif  // ENVELOPE_DETAIL_IMPL_PROBLEM_XML_IPP

#ifndef ENVELOPE_IMPL_MEDIA_TYPE_HPP
#define ENVELOPE_IMPL_MEDIA_TYPE_HPP

// Included only from <envelope/media_type.hpp>: the scanner its constexpr functions use.

#include <envelope/detail/ascii.hpp>

#include <cstddef>
#include <string_view>

namespace envelope {

namespace detail::media {

// RFC 9110 §5.6.4: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
[[nodiscard]] constexpr bool is_qdtext(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || u == ' ' || u == 0x21 || (u >= 0x23 && u <= 0x5B) ||
         (u >= 0x5D && u <= 0x7E) || u >= 0x80;
}

// RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
[[nodiscard]] constexpr bool is_escapable(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7F);
}

[[nodiscard]] constexpr std::size_t skip_ows(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_ows(text[pos]))
    ++pos;
  return pos;
}

[[nodiscard]] constexpr std::size_t token_end(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_tchar(text[pos]))
    ++pos;
  return pos;
}

// A parameter as it stands in the text: for a quoted-string, `value` is what lies
// between the quotes, escapes still in place.
struct raw_parameter {
  std::string_view name;
  std::string_view value;
  bool quoted = false;
};

// Does `c` end what came before it, so that a missing piece (rather than a stray
// character) is the better diagnosis?
[[nodiscard]] constexpr bool ends_part(std::string_view text, std::size_t pos,
                                       bool in_list) noexcept {
  return pos == text.size() || is_ows(text[pos]) || text[pos] == ';' ||
         (in_list && text[pos] == ',');
}

// Scans `type "/" subtype *( OWS ";" OWS [ parameter ] ) OWS` (RFC 9110 §5.6.6,
// §8.3.1) from `pos`, calling on_parameter(raw_parameter) for each parameter. In
// a list (Accept, RFC 9110 §5.6.1) it stops before a ","; otherwise only at the
// end. On success `pos` is where it stopped; on failure, the offending offset.
// Each character is looked at a bounded number of times: linear in the text.
template <class OnParameter>
constexpr media_type::errc scan(std::string_view text, std::size_t& pos, bool in_list,
                                std::string_view& type, std::string_view& subtype,
                                OnParameter&& on_parameter) {
  const std::size_t n = text.size();
  std::size_t p = token_end(text, pos);
  if (p == pos) {
    const bool empty = p == n || text[p] == '/' || ends_part(text, p, in_list);
    pos = p;
    return empty ? media_type::errc::empty_type : media_type::errc::invalid_character;
  }
  if (p == n || text[p] != '/') {
    const bool missing = ends_part(text, p, in_list);
    pos = p;
    return missing ? media_type::errc::missing_slash : media_type::errc::invalid_character;
  }
  type = text.substr(pos, p - pos);
  const std::size_t subtype_begin = p + 1;
  p = token_end(text, subtype_begin);
  if (p == subtype_begin) {
    const bool missing = ends_part(text, p, in_list);
    pos = p;
    return missing ? media_type::errc::empty_subtype : media_type::errc::invalid_character;
  }
  subtype = text.substr(subtype_begin, p - subtype_begin);

  for (;;) {
    p = skip_ows(text, p);
    if (p == n || (in_list && text[p] == ',')) {
      pos = p;
      return media_type::errc::ok;
    }
    if (text[p] != ';') {
      pos = p;
      return media_type::errc::invalid_character;
    }
    p = skip_ows(text, p + 1);
    // RFC 9110 §5.6.6 allows an empty parameter: "text/plain;;charset=utf-8", "text/plain;".
    if (p == n || text[p] == ';' || (in_list && text[p] == ',')) continue;
    const std::size_t name_begin = p;
    p = token_end(text, p);
    if (p == name_begin) {
      pos = p;
      return text[p] == '=' ? media_type::errc::empty_parameter_name
                            : media_type::errc::invalid_character;
    }
    // RFC 9110 §5.6.6: no whitespace around "=".
    if (p == n || text[p] != '=') {
      const bool missing = ends_part(text, p, in_list);
      pos = p;
      return missing ? media_type::errc::missing_parameter_value
                     : media_type::errc::invalid_character;
    }
    raw_parameter parameter;
    parameter.name = text.substr(name_begin, p - name_begin);
    const std::size_t value_begin = p + 1;
    if (value_begin < n && text[value_begin] == '"') {
      p = value_begin + 1;
      for (;;) {
        if (p == n) {
          pos = value_begin;
          return media_type::errc::unterminated_quote;
        }
        const char c = text[p];
        if (c == '"') break;
        if (c == '\\') {
          if (p + 1 == n) {
            pos = value_begin;
            return media_type::errc::unterminated_quote;
          }
          if (!is_escapable(text[p + 1])) {
            pos = p + 1;
            return media_type::errc::invalid_character;
          }
          p += 2;
          continue;
        }
        if (!is_qdtext(c)) {
          pos = p;
          return media_type::errc::invalid_character;
        }
        ++p;
      }
      parameter.value = text.substr(value_begin + 1, p - value_begin - 1);
      parameter.quoted = true;
      ++p;
    } else {
      p = token_end(text, value_begin);
      if (p == value_begin) {
        const bool missing = ends_part(text, p, in_list);
        pos = p;
        return missing ? media_type::errc::missing_parameter_value
                       : media_type::errc::invalid_character;
      }
      parameter.value = text.substr(value_begin, p - value_begin);
    }
    on_parameter(parameter);
  }
}

// A whole field value: optional OWS around one media type (RFC 9110 §5.5 trims it).
template <class OnParameter>
constexpr media_type::errc scan_whole(std::string_view text, std::size_t& pos,
                                      std::string_view& type, std::string_view& subtype,
                                      OnParameter&& on_parameter) {
  pos = skip_ows(text, 0);
  return scan(text, pos, false, type, subtype, on_parameter);
}

}  // namespace detail::media

constexpr bool is_json_media_type(std::string_view content_type) noexcept {
  std::size_t pos = 0;
  std::string_view type;
  std::string_view subtype;
  if (detail::media::scan_whole(content_type, pos, type, subtype,
                                [](const detail::media::raw_parameter&) {}) !=
      media_type::errc::ok) {
    return false;
  }
  if (detail::iequals(type, "application") && detail::iequals(subtype, "json")) return true;
  const std::size_t plus = subtype.rfind('+');
  return plus != std::string_view::npos && detail::iequals(subtype.substr(plus + 1), "json");
}

constexpr bool same_media_type(std::string_view a, std::string_view b) noexcept {
  std::size_t pos = 0;
  std::string_view a_type;
  std::string_view a_subtype;
  std::string_view b_type;
  std::string_view b_subtype;
  const auto ignore = [](const detail::media::raw_parameter&) {};
  if (detail::media::scan_whole(a, pos, a_type, a_subtype, ignore) != media_type::errc::ok ||
      detail::media::scan_whole(b, pos, b_type, b_subtype, ignore) != media_type::errc::ok) {
    return false;
  }
  return detail::iequals(a_type, b_type) && detail::iequals(a_subtype, b_subtype);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_MEDIA_TYPE_HPP

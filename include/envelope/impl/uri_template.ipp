#ifndef ENVELOPE_IMPL_URI_TEMPLATE_IPP
#define ENVELOPE_IMPL_URI_TEMPLATE_IPP

#include <envelope/uri_template.hpp>

#include <envelope/detail/utf8.hpp>

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace envelope {

// The character classes, encoders and writers below, and uri_template's member
// templates, serve only the definitions in this file, so no header carries them.
namespace detail::uri {

enum char_class : std::uint8_t {
  unreserved = 1,  // RFC 3986 §2.3
  reserved = 2,    // RFC 3986 §2.2
  varchar = 4,     // RFC 6570 §2.3, less pct-encoded
  literal = 8,     // RFC 6570 §2.1, ASCII part, less pct-encoded
  hex = 16,
};

constexpr std::array<std::uint8_t, 256> make_char_classes() noexcept {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool digit = c >= '0' && c <= '9';
    std::uint8_t bits = 0;
    if (alpha || digit || c == '-' || c == '.' || c == '_' || c == '~') bits |= unreserved;
    if (std::string_view(":/?#[]@!$&'()*+,;=").find(static_cast<char>(c)) !=
        std::string_view::npos) {
      bits |= reserved;
    }
    if (alpha || digit || c == '_') bits |= varchar;
    // literals = %x21 / %x23-24 / %x26 / %x28-3B / %x3D / %x3F-5B / %x5D / %x5F
    //          / %x61-7A / %x7E / ucschar / iprivate / pct-encoded   (RFC 6570 §2.1)
    // plus "'" (%x27): a sub-delim that RFC 3986 §2.2 allows in a URI, and the
    // uritemplate-test suite expects templates such as '{var}' to expand.
    if (c == 0x21 || (c >= 0x23 && c <= 0x24) || c == 0x26 || (c >= 0x27 && c <= 0x3B) ||
        c == 0x3D || (c >= 0x3F && c <= 0x5B) || c == 0x5D || c == 0x5F ||
        (c >= 0x61 && c <= 0x7A) || c == 0x7E) {
      bits |= literal;
    }
    if (digit || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')) bits |= hex;
    table[static_cast<std::size_t>(c)] = bits;
  }
  return table;
}

inline constexpr std::array<std::uint8_t, 256> char_classes = make_char_classes();

constexpr bool has(char c, std::uint8_t bits) noexcept {
  return (char_classes[static_cast<unsigned char>(c)] & bits) != 0;
}

constexpr bool is_pct_encoded(std::string_view s, std::size_t i) noexcept {
  return i + 2 < s.size() && s[i] == '%' && has(s[i + 1], hex) && has(s[i + 2], hex);
}

inline constexpr char upper_hex[] = "0123456789ABCDEF";

// The table of RFC 6570 Appendix A, one row per operator.
struct operator_row {
  char first;  // '\0' when nothing precedes the first value
  char sep;
  bool named;
  bool ifemp_equals;  // ifemp is "=" rather than ""
  bool allow_reserved;
};

constexpr operator_row row_for(char op) noexcept {
  switch (op) {
    case '+':
      return {'\0', ',', false, false, true};
    case '#':
      return {'#', ',', false, false, true};
    case '.':
      return {'.', '.', false, false, false};
    case '/':
      return {'/', '/', false, false, false};
    case ';':
      return {';', ';', true, false, false};
    case '?':
      return {'?', '&', true, true, false};
    case '&':
      return {'&', '&', true, true, false};
    default:
      return {'\0', ',', false, false, false};
  }
}

// Writes into a fixed buffer while the output fits and only counts beyond it, so
// a short URL is built in one pass and a long one is sized for a second pass.
template <std::size_t Capacity>
struct bounded_writer {
  std::array<char, Capacity> buffer;
  std::size_t size = 0;
  void append(const char* data, std::size_t n) noexcept {
    if (n <= Capacity - size && size <= Capacity) std::memcpy(buffer.data() + size, data, n);
    size += n;
  }
  void push_back(char c) noexcept {
    if (size < Capacity) buffer[size] = c;
    ++size;
  }
  [[nodiscard]] bool fits() const noexcept { return size <= Capacity; }
};

// Writes the second pass into storage the first pass sized exactly.
struct buffer_writer {
  char* next;
  void append(const char* data, std::size_t n) noexcept {
    if (n != 0) std::memcpy(next, data, n);
    next += n;
  }
  void push_back(char c) noexcept { *next++ = c; }
};

// RFC 6570 §3.2.1: characters outside the allowed set are pct-encoded as UTF-8
// octets; with allow_reserved (operators + and #) existing triplets are kept.
template <bool AllowReserved, class Out>
void encode_as(Out& out, std::string_view s) {
  constexpr std::uint8_t allowed = AllowReserved ? (unreserved | reserved) : unreserved;
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (has(c, allowed)) {
      ++i;
    } else if (AllowReserved && is_pct_encoded(s, i)) {
      i += 3;
    } else {
      out.append(s.data() + run, i - run);
      const auto byte = static_cast<unsigned char>(c);
      const char triplet[3] = {'%', upper_hex[byte >> 4], upper_hex[byte & 0xF]};
      out.append(triplet, 3);
      run = ++i;
    }
  }
  out.append(s.data() + run, i - run);
}

template <class Out>
void encode(Out& out, std::string_view s, bool allow_reserved) {
  if (allow_reserved) {
    encode_as<true>(out, s);
  } else {
    encode_as<false>(out, s);
  }
}

// RFC 6570 §2.4.1: the prefix counts characters, so whole UTF-8 sequences are
// kept; a stray continuation byte in invalid input simply counts with its lead.
constexpr std::string_view utf8_prefix(std::string_view s, std::size_t max_chars) noexcept {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return s.substr(0, i);
      ++chars;
    }
  }
  return s;
}

// ucschar and iprivate of RFC 6570 §1.5, the non-ASCII characters a literal may hold.
constexpr bool is_literal_code_point(char32_t cp) noexcept {
  if (cp < 0xA0) return false;
  if (cp <= 0xD7FF) return true;
  if (cp >= 0xE000 && cp <= 0xF8FF) return true;
  if (cp >= 0xF900 && cp <= 0xFDCF) return true;
  if (cp >= 0xFDF0 && cp <= 0xFFEF) return true;
  if (cp < 0x10000 || (cp & 0xFFFF) > 0xFFFD) return false;
  return cp < 0xE0000 || cp >= 0xE1000;
}

ENVELOPE_INLINE std::string describe(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return std::string{'\'', c, '\''};
  return std::string("byte 0x") + upper_hex[byte >> 4] + upper_hex[byte & 0xF];
}

}  // namespace detail::uri

ENVELOPE_INLINE uri_template_error::uri_template_error(std::size_t offset,
                                                       const std::string& problem)
    : error_with("uri template: " + problem + " at offset " + std::to_string(offset)),
      offset_(offset) {}

template <class Out>
void uri_template::expand_scalar_(Out& out, const nlohmann::json& value, std::size_t prefix,
                                  bool allow_reserved, std::size_t offset,
                                  const varspec_& v) const {
  namespace u = detail::uri;
  const auto emit = [&](std::string_view text) {
    u::encode(out, prefix == 0 ? text : u::utf8_prefix(text, prefix), allow_reserved);
  };
  char buffer[24];
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      emit(value.get_ref<const std::string&>());
      break;
    case nlohmann::json::value_t::boolean:
      emit(value.get<bool>() ? "true" : "false");
      break;
    case nlohmann::json::value_t::number_integer: {
      const auto r = std::to_chars(buffer, buffer + sizeof buffer, value.get<std::int64_t>());
      emit(std::string_view(buffer, static_cast<std::size_t>(r.ptr - buffer)));
      break;
    }
    case nlohmann::json::value_t::number_unsigned: {
      const auto r = std::to_chars(buffer, buffer + sizeof buffer, value.get<std::uint64_t>());
      emit(std::string_view(buffer, static_cast<std::size_t>(r.ptr - buffer)));
      break;
    }
    case nlohmann::json::value_t::number_float:
      emit(value.dump());
      break;
    default:
      fail_(offset, "variable '" + std::string(name_of_(v)) + "' holds a " + value.type_name() +
                        " where a string, number or boolean is required (RFC 6570 §2.3)");
  }
}

template <class Out>
void uri_template::expand_to_(Out& out, const nlohmann::json* const* values) const {
  for (const part_& part : parts_) {
    const std::string& text = part.literal_encoded ? literals_ : source_;
    out.append(text.data() + part.literal_begin, part.literal_size);
    if (part.var_count == 0) continue;
    const detail::uri::operator_row row = detail::uri::row_for(part.op);
    bool first = true;
    for (std::size_t k = part.var_begin; k < part.var_begin + part.var_count; ++k) {
      const varspec_& v = varspecs_[k];
      const nlohmann::json* value = values[k];
      if (value == nullptr) continue;
      if (!first) {
        out.push_back(row.sep);
      } else if (row.first != '\0') {
        out.push_back(row.first);
      }
      first = false;
      expand_varspec_(out, row, v, *value, part.offset);
    }
  }
}

template <class Out>
void uri_template::expand_varspec_(Out& out, const detail::uri::operator_row& row,
                                   const varspec_& v, const nlohmann::json& value,
                                   std::size_t offset) const {
  namespace u = detail::uri;
  const std::string_view name = name_of_(v);
  const auto name_and_equals = [&](std::string_view key, bool encode_key, bool empty) {
    if (encode_key) {
      u::encode(out, key, row.allow_reserved);
    } else {
      out.append(key.data(), key.size());
    }
    if (!empty || row.ifemp_equals) out.push_back('=');
  };
  if (!value.is_structured()) {
    if (row.named) name_and_equals(name, false, is_empty_scalar_(value));
    expand_scalar_(out, value, v.prefix, row.allow_reserved, offset, v);
    return;
  }
  if (v.prefix != 0) {
    fail_(offset, "prefix modifier on variable '" + std::string(name) + "', which holds " +
                      (value.is_array() ? "a list" : "an associative array") +
                      " (RFC 6570 §2.4.1 applies it to strings only)");
  }
  const bool is_object = value.is_object();
  const char sep = v.explode ? row.sep : ',';
  if (!v.explode && row.named) name_and_equals(name, false, false);
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const nlohmann::json& member = it.value();
    if (member.is_null()) continue;
    if (!first) out.push_back(sep);
    first = false;
    if (v.explode) {
      // Exploded list members repeat the variable name; exploded pairs use the key.
      if (is_object) {
        name_and_equals(it.key(), true, row.named && is_empty_scalar_(member));
      } else if (row.named) {
        name_and_equals(name, false, is_empty_scalar_(member));
      }
    } else if (is_object) {
      u::encode(out, it.key(), row.allow_reserved);
      out.push_back(',');
    }
    expand_scalar_(out, member, 0, row.allow_reserved, offset, v);
  }
}

ENVELOPE_INLINE uri_template::uri_template(std::string_view text) : source_(text) {
  compile_();
}

ENVELOPE_INLINE std::string uri_template::expand(const nlohmann::json& variables) const {
  if (!variables.is_object() && !variables.is_null()) {
    throw argument_error("uri template: variables must be a JSON object, not " +
                         std::string(variables.type_name()));
  }
  // Each variable is looked up once; both passes read the resolved values.
  constexpr std::size_t inline_values = 16;
  std::array<const nlohmann::json*, inline_values> inline_storage{};
  std::vector<const nlohmann::json*> heap_storage;
  const nlohmann::json** values = inline_storage.data();
  if (varspecs_.size() > inline_values) {
    heap_storage.resize(varspecs_.size());
    values = heap_storage.data();
  }
  if (variables.is_object()) {
    const auto& object = variables.get_ref<const nlohmann::json::object_t&>();
    for (std::size_t k = 0; k < varspecs_.size(); ++k) {
      const auto it = object.find(name_of_(varspecs_[k]));
      values[k] = it != object.end() && is_defined_(it->second) ? &it->second : nullptr;
    }
  }
  detail::uri::bounded_writer<512> first;
  expand_to_(first, values);
  if (first.fits()) return std::string(first.buffer.data(), first.size);
  std::string out(first.size, '\0');
  detail::uri::buffer_writer second{out.data()};
  expand_to_(second, values);
  return out;
}

ENVELOPE_INLINE std::vector<std::string> uri_template::variables() const {
  std::vector<std::string> names;
  std::unordered_set<std::string_view> seen;
  for (const varspec_& v : varspecs_) {
    const std::string_view name = name_of_(v);
    if (seen.insert(name).second) names.emplace_back(name);
  }
  return names;
}

ENVELOPE_INLINE void uri_template::fail_(std::size_t offset, const std::string& problem) {
  throw uri_template_error(offset, problem);
}

ENVELOPE_INLINE void uri_template::compile_() {
  const std::string_view s = source_;
  // Upper bounds, so each vector allocates once.
  std::size_t braces = 0;
  std::size_t commas = 0;
  for (const char c : s) {
    braces += c == '{' ? 1 : 0;
    commas += c == ',' ? 1 : 0;
  }
  parts_.reserve(braces + 1);
  varspecs_.reserve(braces + commas);
  std::size_t i = 0;
  while (true) {
    const std::size_t literal_begin = i;
    bool needs_encoding = false;
    while (i < s.size() && s[i] != '{')
      i = check_literal_char_(s, i, needs_encoding);
    part_ part{literal_begin, i - literal_begin, i, varspecs_.size(), 0, '\0', false};
    // RFC 6570 §3.1: a literal is copied, except characters a URI cannot hold,
    // which for a valid literal means exactly its non-ASCII ones.
    if (needs_encoding) {
      part.literal_begin = literals_.size();
      detail::uri::encode(literals_, s.substr(literal_begin, part.literal_size), true);
      part.literal_size = literals_.size() - part.literal_begin;
      part.literal_encoded = true;
    }
    if (i == s.size()) {
      if (part.literal_size != 0 || parts_.empty()) parts_.push_back(part);
      break;
    }
    i = compile_expression_(s, i, part);
    parts_.push_back(part);
  }
}

ENVELOPE_INLINE std::size_t uri_template::check_literal_char_(std::string_view s, std::size_t i,
                                                              bool& non_ascii) {
  namespace u = detail::uri;
  const char c = s[i];
  if (u::has(c, u::literal)) return i + 1;
  if (c == '%') {
    if (!u::is_pct_encoded(s, i)) fail_(i, "'%' not followed by two hex digits");
    return i + 3;
  }
  if (c == '}') fail_(i, "'}' without a matching '{'");
  if (static_cast<unsigned char>(c) < 0x80) {
    fail_(i, "character " + u::describe(c) + " is not allowed in a literal (RFC 6570 §2.1)");
  }
  char32_t cp = 0;
  const std::size_t length = detail::decode_utf8(s, i, cp);
  if (length == 0) fail_(i, "invalid UTF-8 sequence");
  if (!u::is_literal_code_point(cp)) {
    fail_(i, "code point U+" + hex_code_point_(cp) + " is not allowed in a literal");
  }
  non_ascii = true;
  return i + length;
}

ENVELOPE_INLINE std::string uri_template::hex_code_point_(char32_t cp) {
  std::string digits;
  for (int shift = cp > 0xFFFFF ? 20 : cp > 0xFFFF ? 16 : 12; shift >= 0; shift -= 4) {
    digits.push_back(detail::uri::upper_hex[(cp >> shift) & 0xF]);
  }
  return digits;
}

ENVELOPE_INLINE std::size_t uri_template::compile_expression_(std::string_view s, std::size_t open,
                                                              part_& part) {
  namespace u = detail::uri;
  const auto unclosed = [&] { fail_(open, "unclosed expression: '{' without a matching '}'"); };
  std::size_t i = open + 1;
  if (i == s.size()) unclosed();
  if (std::string_view("+#./;?&").find(s[i]) != std::string_view::npos) {
    part.op = s[i++];
  } else if (std::string_view("=,!@|").find(s[i]) != std::string_view::npos) {
    fail_(i, "operator '" + std::string(1, s[i]) +
                 "' is reserved for future extensions (RFC 6570 §2.2)");
  }
  while (true) {
    varspec_ spec{i, 0, 0, false};
    bool after_dot = true;
    while (i < s.size()) {
      if (u::has(s[i], u::varchar)) {
        ++i;
      } else if (s[i] == '%') {
        if (!u::is_pct_encoded(s, i)) fail_(i, "'%' not followed by two hex digits");
        i += 3;
      } else if (s[i] == '.') {
        if (after_dot) fail_(i, "'.' must separate variable name characters");
        ++i;
        after_dot = true;
        continue;
      } else {
        break;
      }
      after_dot = false;
    }
    if (i == s.size()) unclosed();
    if (i == spec.name_begin) {
      if (s[i] == '}' && part.var_count == 0 && i == open + 1) fail_(i, "empty expression");
      fail_(i, "expected a variable name, found " + u::describe(s[i]));
    }
    if (after_dot) fail_(i - 1, "variable name ends with '.'");
    spec.name_size = i - spec.name_begin;
    if (s[i] == ':') {
      i = compile_prefix_(s, i + 1, spec);
    } else if (s[i] == '*') {
      spec.explode = true;
      ++i;
    }
    if (i == s.size()) unclosed();
    varspecs_.push_back(spec);
    ++part.var_count;
    if (s[i] == '}') return i + 1;
    if (s[i] != ',') {
      fail_(i, "expected ',' or '}' after variable '" + std::string(name_of_(spec)) + "', found " +
                   u::describe(s[i]));
    }
    ++i;
  }
}

ENVELOPE_INLINE std::size_t uri_template::compile_prefix_(std::string_view s, std::size_t i,
                                                          varspec_& spec) {
  const std::size_t begin = i;
  std::size_t value = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (i - begin < 5) value = value * 10 + static_cast<std::size_t>(s[i] - '0');
    ++i;
  }
  if (i == begin) {
    if (i == s.size()) return i;
    fail_(i, "expected a prefix length after ':', found " + detail::uri::describe(s[i]));
  }
  if (s[begin] == '0') fail_(begin, "prefix length must be 1 to 9999 without leading zeros");
  if (i - begin > 4) fail_(begin, "prefix length must be 1 to 9999");
  spec.prefix = value;
  return i;
}

ENVELOPE_INLINE bool uri_template::is_defined_(const nlohmann::json& value) noexcept {
  if (value.is_null()) return false;
  if (!value.is_structured()) return true;
  for (const auto& member : value) {
    if (!member.is_null()) return true;
  }
  return false;
}

ENVELOPE_INLINE bool uri_template::is_empty_scalar_(const nlohmann::json& value) {
  return value.is_string() && value.get_ref<const std::string&>().empty();
}

ENVELOPE_INLINE std::string expand_uri_template(std::string_view text,
                                                const nlohmann::json& variables) {
  return uri_template(text).expand(variables);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_URI_TEMPLATE_IPP

#ifndef ENVELOPE_DETAIL_IMPL_JSON_WRITER_IPP
#define ENVELOPE_DETAIL_IMPL_JSON_WRITER_IPP

#include <envelope/detail/json_writer.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace envelope::detail {

ENVELOPE_INLINE json_writer::json_writer(std::string& out, int indent)
    : out_(out),
      size_(out.size()),
      pretty_(indent >= 0),
      indent_(indent >= 0 ? static_cast<unsigned>(indent) : 0U) {}

ENVELOPE_INLINE json_writer::~json_writer() {
  out_.resize(size_);
}

ENVELOPE_INLINE void json_writer::grow_(std::size_t n) {
  // Zero-filled by resize, then overwritten: cheaper than a call per byte. The
  // capacity out_ already has is used first; past it, it doubles.
  const std::size_t needed = size_ + n;
  const std::size_t capacity = out_.capacity();
  out_.resize(needed <= capacity ? capacity
                                 : std::max(needed, std::max(capacity, std::size_t{64}) * 2));
}

ENVELOPE_INLINE void json_writer::dump_(const nlohmann::json& v) {
  if (!serializer_) {
    serializer_.emplace(nlohmann::detail::output_adapter<char, std::string>(scratch_), ' ',
                        nlohmann::json::error_handler_t::strict);
  }
  scratch_.clear();
  serializer_->dump(v, pretty_, false, indent_, depth_ * indent_);
  put_(scratch_);
}

ENVELOPE_INLINE void json_writer::begin_object() {
  open_('{');
}
ENVELOPE_INLINE void json_writer::end_object() {
  close_('}');
}
ENVELOPE_INLINE void json_writer::begin_array() {
  open_('[');
}
ENVELOPE_INLINE void json_writer::end_array() {
  close_(']');
}

ENVELOPE_INLINE void json_writer::key(std::string_view name) {
  next_();
  string(name);
  put_(pretty_ ? std::string_view(": ") : std::string_view(":"));
}

ENVELOPE_INLINE void json_writer::plain_key(std::string_view name) {
  next_();
  char* at = room_(name.size() + 4);
  *at++ = '"';
  std::char_traits<char>::copy(at, name.data(), name.size());
  at += name.size();
  *at++ = '"';
  *at++ = ':';
  *at = ' ';
  size_ += name.size() + (pretty_ ? 4 : 3);
}

ENVELOPE_INLINE void json_writer::element() {
  next_();
}

ENVELOPE_INLINE void json_writer::value(const nlohmann::json& v) {
  using kind = nlohmann::json::value_t;
  switch (v.type()) {
    case kind::object:
      begin_object();
      for (const auto& [name, member] : v.get_ref<const nlohmann::json::object_t&>()) {
        key(name);
        value(member);
      }
      end_object();
      return;
    case kind::array:
      begin_array();
      for (const nlohmann::json& item : v.get_ref<const nlohmann::json::array_t&>()) {
        element();
        value(item);
      }
      end_array();
      return;
    case kind::string:
      string(v.get_ref<const std::string&>());
      return;
    case kind::boolean:
      value(v.get<bool>());
      return;
    case kind::null:
      put_("null");
      return;
    case kind::number_integer:
      integer_(v.get<std::int64_t>());
      return;
    case kind::number_unsigned:
      integer_(v.get<std::uint64_t>());
      return;
    default:
      // Floating-point numbers, binary values and discarded ones: nlohmann's digits.
      dump_(v);
      return;
  }
}
ENVELOPE_INLINE void json_writer::value(bool v) {
  put_(v ? std::string_view("true") : std::string_view("false"));
}
ENVELOPE_INLINE void json_writer::value(int v) {
  integer_(v);
}
ENVELOPE_INLINE void json_writer::value(std::string_view v) {
  string(v);
}

// The ASCII bytes a JSON string holds as they are.
inline constexpr auto plain_byte = [] {
  std::array<bool, 256> plain{};
  for (unsigned byte = 0x20; byte < 0x80; ++byte)
    plain[byte] = byte != '"' && byte != '\\';
  return plain;
}();

// Whether the eight bytes at p are ASCII that a JSON string holds unescaped: none
// is a C0 control, '"', '\\' or above 0x7F. Tested a word at a time: a byte of
// v - 0x01.. & ~v & 0x80.. has its high bit set where v had a zero byte (or
// after one), so "any" is exact.
inline bool plain_ascii(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  constexpr std::uint64_t ones = 0x0101010101010101U;
  constexpr std::uint64_t high = 0x8080808080808080U;
  const auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & high; };
  const std::uint64_t below_space = (v - ones * 0x20U) & ~v & high;
  return ((v & high) | below_space | zero_byte(v ^ (ones * '"')) | zero_byte(v ^ (ones * '\\'))) ==
         0;
}

ENVELOPE_INLINE void json_writer::string(std::string_view text) {
  // One pass: ASCII that needs no escape is skipped over, eight bytes at a time
  // where it can be, and copied in runs; each multi-byte sequence is checked as
  // it comes, and text that is not well-formed UTF-8 is taken back out and handed
  // to nlohmann, which throws its own type_error 316. Room for the worst case
  // (every byte \u00xx) is made once.
  const std::size_t start = size_;
  char* const first = room_(text.size() * 6 + 2);
  char* at = first;
  *at++ = '"';
  const char* const end = text.data() + text.size();
  const char* run = text.data();
  for (const char* p = run; p != end;) {
    while (end - p >= 8 && plain_ascii(p))
      p += 8;
    while (p != end && plain_byte[static_cast<unsigned char>(*p)])
      ++p;
    if (p == end) break;
    const auto byte = static_cast<unsigned char>(*p);
    if (byte >= 0x80) {
      char32_t code_point = 0;
      const auto offset = static_cast<std::size_t>(p - text.data());
      const std::size_t length = decode_utf8(text, offset, code_point);
      if (length == 0) {
        size_ = start;
        dump_(nlohmann::json(text));
        return;
      }
      p += length;
      continue;
    }
    std::char_traits<char>::copy(at, run, static_cast<std::size_t>(p - run));
    at = escape_(at + (p - run), byte);
    run = ++p;
  }
  std::char_traits<char>::copy(at, run, static_cast<std::size_t>(end - run));
  at += end - run;
  *at++ = '"';
  size_ = start + static_cast<std::size_t>(at - first);
}

ENVELOPE_INLINE void json_writer::open_(char bracket) {
  put_(bracket);
  ++depth_;
  first_ = true;
}

ENVELOPE_INLINE void json_writer::close_(char bracket) {
  --depth_;
  // dump writes {} and [] for empty containers, whatever the indent.
  if (!first_ && pretty_) newline_();
  first_ = false;
  put_(bracket);
}

ENVELOPE_INLINE void json_writer::next_() {
  if (!first_) put_(',');
  first_ = false;
  if (pretty_) newline_();
}

ENVELOPE_INLINE void json_writer::newline_() {
  const std::size_t spaces = static_cast<std::size_t>(depth_) * indent_;
  char* at = room_(spaces + 1);
  *at = '\n';
  std::char_traits<char>::assign(at + 1, spaces, ' ');
  size_ += spaces + 1;
}

ENVELOPE_INLINE char* json_writer::escape_(char* at, unsigned char byte) {
  const auto two = [at](char second) {
    at[0] = '\\';
    at[1] = second;
    return at + 2;
  };
  switch (byte) {
    case '"':
      return two('"');
    case '\\':
      return two('\\');
    case '\b':
      return two('b');
    case '\f':
      return two('f');
    case '\n':
      return two('n');
    case '\r':
      return two('r');
    case '\t':
      return two('t');
    default: {
      constexpr char hex[] = "0123456789abcdef";
      const char escaped[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xF]};
      std::char_traits<char>::copy(at, escaped, sizeof escaped);
      return at + sizeof escaped;
    }
  }
}

}  // namespace envelope::detail

#endif  // ENVELOPE_DETAIL_IMPL_JSON_WRITER_IPP

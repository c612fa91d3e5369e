#ifndef ENVELOPE_DETAIL_IMPL_JSON_WRITER_IPP
#define ENVELOPE_DETAIL_IMPL_JSON_WRITER_IPP

#include <envelope/detail/json_writer.hpp>

namespace envelope::detail {

ENVELOPE_INLINE json_writer::json_writer(std::string& out, int indent)
    : out_(out),
      serializer_(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                  nlohmann::json::error_handler_t::strict),
      pretty_(indent >= 0),
      indent_(indent >= 0 ? static_cast<unsigned>(indent) : 0U) {}

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
  out_ += pretty_ ? std::string_view(": ") : std::string_view(":");
}

ENVELOPE_INLINE void json_writer::element() {
  next_();
}

ENVELOPE_INLINE void json_writer::value(const nlohmann::json& v) {
  serializer_.dump(v, pretty_, false, indent_, depth_ * indent_);
}
ENVELOPE_INLINE void json_writer::value(bool v) {
  out_ += v ? std::string_view("true") : std::string_view("false");
}
ENVELOPE_INLINE void json_writer::value(int v) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  out_.append(digits, static_cast<std::size_t>(end - digits));
}
ENVELOPE_INLINE void json_writer::value(std::string_view v) {
  string(v);
}

ENVELOPE_INLINE void json_writer::string(std::string_view text) {
  // One pass: ASCII that needs no escape is copied in runs, each multi-byte
  // sequence is checked as it comes, and text that is not well-formed UTF-8 is
  // taken back out and handed to nlohmann, which throws its own type_error 316.
  const std::size_t start = out_.size();
  out_ += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      char32_t code_point = 0;
      const std::size_t length = decode_utf8(text, i, code_point);
      if (length == 0) {
        out_.resize(start);
        serializer_.dump(nlohmann::json(text), false, false, 0, 0);
        return;
      }
      i += length;
      continue;
    }
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      ++i;
      continue;
    }
    out_.append(text.data() + run, i - run);
    run = i + 1;
    escape_(byte);
    ++i;
  }
  out_.append(text.data() + run, text.size() - run);
  out_ += '"';
}

ENVELOPE_INLINE void json_writer::open_(char bracket) {
  out_ += bracket;
  ++depth_;
  first_ = true;
}

ENVELOPE_INLINE void json_writer::close_(char bracket) {
  --depth_;
  // dump writes {} and [] for empty containers, whatever the indent.
  if (!first_ && pretty_) newline_();
  first_ = false;
  out_ += bracket;
}

ENVELOPE_INLINE void json_writer::next_() {
  if (!first_) out_ += ',';
  first_ = false;
  if (pretty_) newline_();
}

ENVELOPE_INLINE void json_writer::newline_() {
  out_ += '\n';
  out_.append(static_cast<std::size_t>(depth_) * indent_, ' ');
}

ENVELOPE_INLINE void json_writer::escape_(unsigned char byte) {
  switch (byte) {
    case '"':
      out_ += "\\\"";
      return;
    case '\\':
      out_ += "\\\\";
      return;
    case '\b':
      out_ += "\\b";
      return;
    case '\f':
      out_ += "\\f";
      return;
    case '\n':
      out_ += "\\n";
      return;
    case '\r':
      out_ += "\\r";
      return;
    case '\t':
      out_ += "\\t";
      return;
    default: {
      constexpr char hex[] = "0123456789abcdef";
      const char escaped[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xF]};
      out_.append(escaped, sizeof escaped);
    }
  }
}

}  // namespace envelope::detail

#endif  // ENVELOPE_DETAIL_IMPL_JSON_WRITER_IPP

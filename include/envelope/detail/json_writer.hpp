#ifndef ENVELOPE_DETAIL_JSON_WRITER_HPP
#define ENVELOPE_DETAIL_JSON_WRITER_HPP

// Writes JSON text straight into a std::string, byte for byte as nlohmann::json::dump
// would write the same document: the typed parts of a resource or a problem are written
// without first being copied into an nlohmann::json, and nlohmann's own serializer
// writes every nlohmann::json value (state, extensions) in place.

#include <envelope/detail/config.hpp>
#include <envelope/detail/utf8.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

namespace envelope::detail {

class json_writer {
 public:
  // indent < 0 is compact; otherwise members and elements go on lines of their own,
  // indented by that many spaces per level, as dump(indent) does.
  json_writer(std::string& out, int indent);

  json_writer(const json_writer&) = delete;
  json_writer& operator=(const json_writer&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();

  // Starts a member of the current object: separator, indentation, the quoted name.
  void key(std::string_view name);

  // Starts an element of the current array.
  void element();

  void value(const nlohmann::json& v);
  void value(bool v);
  void value(int v);
  void value(std::string_view v);

  // A JSON string escaped as nlohmann escapes it with ensure_ascii off: '"', '\\' and
  // the C0 controls escaped (named where JSON has a name, else \u00xx), well-formed
  // UTF-8 copied as is. Anything else is not well-formed UTF-8, which nlohmann's
  // strict handler refuses with its own exception: that text goes to nlohmann.
  void string(std::string_view text);

 private:
  void open_(char bracket);
  void close_(char bracket);
  void next_();
  void newline_();
  void escape_(unsigned char byte);

  // The Unicode Standard's Table 3-7 (well-formed UTF-8 byte sequences), which is what
  // nlohmann's decoder accepts. ASCII runs are skipped first: they are the common case.
  static bool well_formed_utf8_(std::string_view text) noexcept;

  std::string& out_;
  nlohmann::detail::serializer<nlohmann::json> serializer_;
  bool pretty_;
  unsigned indent_;
  unsigned depth_ = 0;
  bool first_ = true;
};

// Writes an object's members in nlohmann::json's order (by name, bytewise): the typed
// members `names` (count of them, sorted) merged with the members of `others` (an
// object, else none). present(i) says whether typed member i is written and write(i)
// writes its value; a typed member wins over another of the same name, and skip(name)
// drops one of `others`.
template <class Present, class Write, class Skip>
void write_members(json_writer& w, const std::string_view* names, std::size_t count,
                   const nlohmann::json& others, Present present, Write write, Skip skip) {
  std::size_t i = 0;
  const auto typed_before = [&](std::string_view limit, bool all) {
    for (; i < count && (all || names[i] < limit); ++i) {
      if (!present(i)) continue;
      w.key(names[i]);
      write(i);
    }
  };
  if (others.is_object()) {
    for (const auto& [name, value] : others.get_ref<const nlohmann::json::object_t&>()) {
      typed_before(name, false);
      if (i < count && names[i] == name) {
        const bool typed = present(i);
        if (typed) {
          w.key(names[i]);
          write(i);
        }
        ++i;
        if (typed) continue;
      }
      if (skip(name)) continue;
      w.key(name);
      w.value(value);
    }
  }
  typed_before({}, true);
}

}  // namespace envelope::detail

#if ENVELOPE_DEFINITIONS
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
  if (!well_formed_utf8_(text)) {
    serializer_.dump(nlohmann::json(text), false, false, 0, 0);
    return;
  }
  out_ += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out_.append(text.data() + run, i - run);
    run = i + 1;
    escape_(byte);
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

ENVELOPE_INLINE bool json_writer::well_formed_utf8_(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i != text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t code_point = 0;
    const std::size_t length = decode_utf8(text, i, code_point);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace envelope::detail
#endif  // ENVELOPE_DEFINITIONS

#endif  // ENVELOPE_DETAIL_JSON_WRITER_HPP

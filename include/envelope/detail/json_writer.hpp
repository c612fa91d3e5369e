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
#include <optional>
#include <string>
#include <string_view>

namespace envelope::detail {

class json_writer {
 public:
  // Appends to out. indent < 0 is compact; otherwise members and elements go on lines
  // of their own, indented by that many spaces per level, as dump(indent) does.
  json_writer(std::string& out, int indent);
  // Gives out its final size: the writer writes into room it made past the end.
  ~json_writer();

  json_writer(const json_writer&) = delete;
  json_writer& operator=(const json_writer&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();

  // Starts a member of the current object: separator, indentation, the quoted name.
  void key(std::string_view name);
  // key() for a name known to need no escape (the standard members' names).
  void plain_key(std::string_view name);

  // Starts an element of the current array.
  void element();

  // Any JSON value, as nlohmann's dump writes it. Numbers with a fraction or an
  // exponent are written by nlohmann's own serializer, so their digits match.
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
  // Writes the escape of byte at `at`, which has room for six; returns its end.
  static char* escape_(char* at, unsigned char byte);
  // Has nlohmann's serializer write v (into scratch_), then copies it.
  void dump_(const nlohmann::json& v);

  // out_ holds size_ bytes of text and room past them, which put_ fills; libstdc++'s
  // push_back and append are calls into the shared library, put_ is a store.
  char* room_(std::size_t n) {
    if (out_.size() - size_ < n) grow_(n);
    return out_.data() + size_;
  }
  void put_(char c) {
    *room_(1) = c;
    ++size_;
  }
  void put_(std::string_view text) {
    std::char_traits<char>::copy(room_(text.size()), text.data(), text.size());
    size_ += text.size();
  }
  void grow_(std::size_t n);
  // Decimal digits, as nlohmann writes integers; 24 bytes hold any 64-bit one.
  template <class Integer>
  void integer_(Integer v) {
    char* at = room_(24);
    size_ = static_cast<std::size_t>(std::to_chars(at, at + 24, v).ptr - out_.data());
  }

  std::string& out_;
  std::size_t size_;
  std::string scratch_;
  std::optional<nlohmann::detail::serializer<nlohmann::json>> serializer_;
  bool pretty_;
  unsigned indent_;
  unsigned depth_ = 0;
  bool first_ = true;
};

// Writes an object's members in nlohmann::json's order (by name, bytewise): the typed
// members `names` (count of them, sorted, none needing an escape) merged with the members of
// `others` (an object, else none). present(i) says whether typed member i is written and write(i)
// writes its value; a typed member wins over another of the same name, and skip(name)
// drops one of `others`.
template <class Present, class Write, class Skip>
void write_members(json_writer& w, const std::string_view* names, std::size_t count,
                   const nlohmann::json& others, Present present, Write write, Skip skip) {
  std::size_t i = 0;
  const auto typed_before = [&](std::string_view limit, bool all) {
    for (; i < count && (all || names[i] < limit); ++i) {
      if (!present(i)) continue;
      w.plain_key(names[i]);
      write(i);
    }
  };
  if (others.is_object()) {
    for (const auto& [name, value] : others.get_ref<const nlohmann::json::object_t&>()) {
      typed_before(name, false);
      if (i < count && names[i] == name) {
        const bool typed = present(i);
        if (typed) {
          w.plain_key(names[i]);
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

#if ENVELOPE_HEADER_ONLY
#include <envelope/detail/impl/json_writer.ipp>
#endif

#endif  // ENVELOPE_DETAIL_JSON_WRITER_HPP

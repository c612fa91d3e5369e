#ifndef ENVELOPE_DETAIL_PROBLEM_XML_HPP
#define ENVELOPE_DETAIL_PROBLEM_XML_HPP

// The application/problem+xml writer of RFC 9457 Appendix B, without an XML
// library: a JSON value becomes elements in the urn:ietf:rfc:7807 namespace.

#include <envelope/detail/config.hpp>
#include <envelope/detail/utf8.hpp>
#include <envelope/error.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace envelope::detail::xml {

// One code point decoded from UTF-8, or a malformed sequence (code == invalid).
struct decoded {
  std::uint32_t code;
  std::size_t length;
};

inline constexpr std::uint32_t invalid = 0xFFFFFFFFu;

// XML 1.0 §2.2 Char: what may appear in a document at all.
[[nodiscard]] constexpr bool is_xml_char(std::uint32_t c) noexcept {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// XML 1.0 §2.3 NameStartChar, without ':' (a colon would name a namespace prefix
// that the document never declares).
[[nodiscard]] constexpr bool is_name_start(std::uint32_t c) noexcept {
  return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

[[nodiscard]] constexpr bool is_name_char(std::uint32_t c) noexcept {
  return is_name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

// RFC 9457 §3.2: extension names must match the XML Name rule to appear in XML.
[[nodiscard]] bool is_element_name(std::string_view name) noexcept;

// Character data with the five predefined entities. Text XML 1.0 cannot carry
// at all (most C0 controls, malformed UTF-8) becomes U+FFFD, so the output is
// always well-formed.
void append_text(std::string& out, std::string_view text);

void indent(std::string& out, std::size_t depth);

template <class BasicJsonType>
void append_element(std::string& out, std::string_view name, const BasicJsonType& value,
                    std::size_t depth);

// Elements nest at most this deep: the writer recurses once per level, and a
// value nested deeper (built by code, or parsed without a depth bound) would
// otherwise overflow the stack. nlohmann's dump() fails far deeper, near 100,000.
inline constexpr std::size_t max_depth = 512;

// Appendix B: an object's members are child elements; an array's items are
// <i> elements. Members whose names are not XML names are left out.
template <class BasicJsonType>
void append_children(std::string& out, const BasicJsonType& value, std::size_t depth) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (is_element_name(it.key())) append_element(out, it.key(), it.value(), depth);
    }
  } else {
    for (const auto& item : value)
      append_element(out, "i", item, depth);
  }
}

template <class BasicJsonType>
void append_element(std::string& out, std::string_view name, const BasicJsonType& value,
                    std::size_t depth) {
  indent(out, depth);
  out += '<';
  out += name;
  const bool structured = value.is_object() || value.is_array();
  const bool empty = value.is_null() || (structured && value.empty()) ||
                     (value.is_number_float() && !std::isfinite(value.template get<double>()));
  if (empty) {
    out += "/>\n";
    return;
  }
  out += '>';
  if (structured) {
    if (depth >= max_depth) {
      throw argument_error(
          "problem details: a value nested deeper than " + std::to_string(max_depth) +
          " levels cannot be written as XML (element <" + std::string(name) + ">)");
    }
    out += '\n';
    append_children(out, value, depth + 1);
    indent(out, depth);
  } else if (value.is_string()) {
    append_text(out, value.template get_ref<const typename BasicJsonType::string_t&>());
  } else {
    // Numbers and booleans as JSON writes them: they need no escaping.
    out += value.dump();
  }
  out += "</";
  out += name;
  out += ">\n";
}

inline constexpr std::string_view document_start =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<problem xmlns=\"urn:ietf:rfc:7807\">\n";
inline constexpr std::string_view document_end = "</problem>";

// The whole document: declaration, root element and the members that keep(name,
// value) accepts, in the object's order.
template <class BasicJsonType, class Keep>
[[nodiscard]] std::string write_problem(const BasicJsonType& object, Keep keep) {
  std::string out(document_start);
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!is_element_name(it.key()) || !keep(it.key(), it.value())) continue;
    if (it.key() == "status" && it.value().is_number_float()) {
      // A kept status is a whole number in 100-599 (404.0 is 404 to JSON), and
      // Appendix B types it xs:positiveInteger: no "404.0".
      out += "  <status>" +
             std::to_string(static_cast<long long>(it.value().template get<double>())) +
             "</status>\n";
      continue;
    }
    append_element(out, it.key(), it.value(), 1);
  }
  out += document_end;
  return out;
}

}  // namespace envelope::detail::xml

#if ENVELOPE_HEADER_ONLY
#include <envelope/detail/impl/problem_xml.ipp>
#endif

#endif  // ENVELOPE_DETAIL_PROBLEM_XML_HPP

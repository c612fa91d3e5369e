#ifndef ENVELOPE_URI_TEMPLATE_HPP
#define ENVELOPE_URI_TEMPLATE_HPP

// RFC 6570 URI Templates, levels 1 to 4. A template is compiled once into literal
// runs and expressions; expand() then walks that compiled form without parsing.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace envelope {

// A malformed template, or a value the template cannot expand. offset() is the
// byte offset into the template text (the character offset for ASCII templates).
class uri_template_error : public detail::error_with<std::invalid_argument> {
 public:
  uri_template_error(std::size_t offset, const std::string& problem);

  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

// Defined in impl/uri_template.ipp, with the rest of the expansion machinery.
namespace detail::uri {
struct operator_row;
}  // namespace detail::uri

class uri_template {
 public:
  // The empty template, which expands to "".
  uri_template() = default;

  explicit uri_template(std::string_view text);

  // Variables are a JSON object. null, an empty array, an empty object and a
  // list or object holding only nulls are undefined (RFC 6570 §2.3); numbers and
  // booleans expand as their JSON text. Throws uri_template_error for a prefix on
  // a list or object and for a list or object nested inside one, argument_error
  // when `variables` is neither an object nor null.
  [[nodiscard]] std::string expand(const nlohmann::json& variables) const;

  // Variable names in order of first appearance, each once.
  [[nodiscard]] std::vector<std::string> variables() const;

  // The template text as given.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  // The compiled form is a function of the text, so the text decides.
  friend bool operator==(const uri_template& a, const uri_template& b) noexcept {
    return a.source_ == b.source_;
  }
  friend bool operator!=(const uri_template& a, const uri_template& b) noexcept {
    return !(a == b);
  }

 private:
  struct varspec_ {
    std::size_t name_begin;  // into source_
    std::size_t name_size;
    std::size_t prefix;  // 0: no prefix modifier
    bool explode;
  };

  // A literal run followed by an expression; var_count is 0 after the last literal.
  struct part_ {
    std::size_t literal_begin;  // into source_, or into literals_ when literal_encoded
    std::size_t literal_size;
    std::size_t offset;  // of the expression's '{' in source_
    std::size_t var_begin;
    std::size_t var_count;
    char op;
    bool literal_encoded;
  };

  std::string source_;
  std::string literals_;  // literal runs that needed pct-encoding, encoded
  std::vector<part_> parts_;
  std::vector<varspec_> varspecs_;

  [[nodiscard]] std::string_view name_of_(const varspec_& v) const noexcept {
    return std::string_view(source_).substr(v.name_begin, v.name_size);
  }

  [[noreturn]] static void fail_(std::size_t offset, const std::string& problem);

  void compile_();

  // Validates one literal character (RFC 6570 §2.1) and returns the next offset.
  static std::size_t check_literal_char_(std::string_view s, std::size_t i, bool& non_ascii);

  static std::string hex_code_point_(char32_t cp);

  // expression = "{" [ operator ] variable-list "}"   (RFC 6570 §2.2)
  std::size_t compile_expression_(std::string_view s, std::size_t open, part_& part);

  // max-length = %x31-39 0*3DIGIT   (RFC 6570 §2.4.1)
  std::size_t compile_prefix_(std::string_view s, std::size_t i, varspec_& spec);

  // RFC 6570 §2.3: null and lists or associative arrays without defined members
  // are undefined.
  static bool is_defined_(const nlohmann::json& value) noexcept;

  template <class Out>
  void expand_scalar_(Out& out, const nlohmann::json& value, std::size_t prefix,
                      bool allow_reserved, std::size_t offset, const varspec_& v) const;

  static bool is_empty_scalar_(const nlohmann::json& value);

  // The expansion algorithm of RFC 6570 Appendix A.
  template <class Out>
  void expand_to_(Out& out, const nlohmann::json* const* values) const;

  template <class Out>
  void expand_varspec_(Out& out, const detail::uri::operator_row& row, const varspec_& v,
                       const nlohmann::json& value, std::size_t offset) const;
};

static_assert(std::is_nothrow_move_constructible_v<uri_template>);
static_assert(std::is_nothrow_move_assignable_v<uri_template>);

// One-shot expansion, for a template used once.
[[nodiscard]] std::string expand_uri_template(std::string_view text,
                                              const nlohmann::json& variables);

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/uri_template.ipp>
#endif

#endif  // ENVELOPE_URI_TEMPLATE_HPP

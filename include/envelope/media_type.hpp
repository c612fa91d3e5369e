#ifndef ENVELOPE_MEDIA_TYPE_HPP
#define ENVELOPE_MEDIA_TYPE_HPP

// Media types: the constants the conventions use, Content-Type parsing (RFC 9110
// §8.3.1, §5.6.6) and Accept negotiation (RFC 9110 §12.5.1). No nlohmann/json
// here: a service can read Content-Type and Accept without the JSON library.

#include <envelope/detail/config.hpp>
#include <envelope/detail/media_type_names.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

// Everything about one media type is in namespace media_type: the names the
// conventions use (media_type::hal_json, hal_forms_json, problem_json, problem_xml, json, in
// <envelope/detail/media_type_names.hpp>, which http_status.hpp shares), the
// parsed form of a Content-Type value (media_type::parsed) and its parser
// (media_type::parse). Functions that weigh several media types (negotiate,
// quality) are outside it.
namespace media_type {

// Why a media type did not parse; parse_result::offset says where.
enum class errc : unsigned char {
  ok,
  empty_type,               // nothing before "/"
  missing_slash,            // a type with no "/subtype"
  empty_subtype,            // nothing after "/"
  invalid_character,        // a character the grammar does not allow there
  empty_parameter_name,     // ";=value"
  missing_parameter_value,  // ";name" or ";name=" (RFC 9110 §5.6.6 requires a value)
  unterminated_quote,       // a quoted-string with no closing DQUOTE
};

struct parsed {
  std::string type;     // lower-cased: RFC 9110 §8.3.1 makes type and subtype case-insensitive
  std::string subtype;  // lower-cased
  // In order, duplicates kept. Names lower-cased (RFC 9110 §5.6.6); values as sent,
  // with a quoted-string's quotes and backslash escapes removed (RFC 9110 §5.6.4).
  std::vector<std::pair<std::string, std::string>> parameters;

  // "type/subtype", without parameters.
  [[nodiscard]] std::string essence() const;

  // The structured syntax suffix (RFC 6838 §4.2.8): "json" for "hal+json", "" for none.
  [[nodiscard]] std::string_view suffix() const noexcept {
    const std::size_t plus = subtype.rfind('+');
    if (plus == std::string::npos) return {};
    return std::string_view(subtype).substr(plus + 1);
  }

  // The first parameter of that name, compared case-insensitively.
  [[nodiscard]] std::optional<std::string_view> parameter(std::string_view name) const noexcept;

  // application/json or any +json type (RFC 6839 §3.1).
  [[nodiscard]] bool is_json() const noexcept {
    return (type == "application" && subtype == "json") || suffix() == "json";
  }

  friend bool operator==(const parsed& a, const parsed& b) {
    return a.type == b.type && a.subtype == b.subtype && a.parameters == b.parameters;
  }
  friend bool operator!=(const parsed& a, const parsed& b) { return !(a == b); }
};

// parse_detailed's answer: the media type, or why and where it failed.
struct parse_result {
  std::optional<parsed> value;
  errc error = errc::ok;
  std::size_t offset = 0;  // byte offset into the text of the first offending character

  explicit operator bool() const noexcept { return value.has_value(); }
  [[nodiscard]] std::string_view message() const noexcept;
};

// Parses a Content-Type field value; on failure says why and at which offset.
[[nodiscard]] parse_result parse_detailed(std::string_view text);

// Parses a Content-Type field value (RFC 9110 §8.3); nullopt when malformed.
[[nodiscard]] std::optional<parsed> parse(std::string_view text);

}  // namespace media_type

// application/json or any +json type (RFC 6839 §3.1), parameters ignored; false
// for a malformed value.
[[nodiscard]] constexpr bool is_json_media_type(std::string_view content_type) noexcept;

// Same type and subtype, case-insensitively, parameters ignored; false when
// either is malformed.
[[nodiscard]] constexpr bool same_media_type(std::string_view a, std::string_view b) noexcept;

// The offer the Accept field value (RFC 9110 §12.5.1) weighs highest, ties going
// to the earlier offer; nullopt when none is acceptable (q=0 excludes). An empty
// `accept` means "*/*". The view returned refers to the offer's characters.
[[nodiscard]] std::optional<std::string_view> negotiate(
    std::string_view accept, std::initializer_list<std::string_view> offers);

[[nodiscard]] std::optional<std::string_view> negotiate(
    std::string_view accept, const std::vector<std::string_view>& offers);

// The weight, 0 to 1, the Accept field value gives `offer`; 0 for a malformed offer.
[[nodiscard]] double quality(std::string_view accept, std::string_view offer);

}  // namespace envelope

#include <envelope/impl/media_type.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/media_type.ipp>
#endif

#endif  // ENVELOPE_MEDIA_TYPE_HPP

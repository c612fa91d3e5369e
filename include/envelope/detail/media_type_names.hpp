#ifndef ENVELOPE_DETAIL_MEDIA_TYPE_NAMES_HPP
#define ENVELOPE_DETAIL_MEDIA_TYPE_NAMES_HPP

// The media types the conventions use, defined once for both <envelope/media_type.hpp>
// (which documents them) and <envelope/http_status.hpp>, which must not pull in the
// parser's <string> and <vector>.

#include <string_view>

namespace envelope::media_type {

inline constexpr std::string_view hal_json = "application/hal+json";
// HAL-FORMS (a HAL document with "_templates"); the "prs." tree of RFC 6838 §3.3.
inline constexpr std::string_view hal_forms_json = "application/prs.hal-forms+json";
inline constexpr std::string_view problem_json = "application/problem+json";
inline constexpr std::string_view problem_xml = "application/problem+xml";
inline constexpr std::string_view json = "application/json";

}  // namespace envelope::media_type

#endif  // ENVELOPE_DETAIL_MEDIA_TYPE_NAMES_HPP

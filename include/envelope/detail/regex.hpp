#ifndef ENVELOPE_DETAIL_REGEX_HPP
#define ENVELOPE_DETAIL_REGEX_HPP

// The one use of std::regex, shared by JSON Schema's "pattern" and HAL-FORMS'
// "regex": patterns and subjects as code points, so that `.` and ranges see
// characters, and the limits that keep libstdc++'s recursive matcher off the
// end of the stack.

#include <envelope/detail/config.hpp>

#include <cstddef>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace envelope::detail::regex {

// A longer subject fails the pattern: the bound on the matcher's work (pattern
// states times subject length) and, where the matcher backtracks (standard
// libraries other than libstdc++), on its recursion, several frames per
// character. docs/validation.md states this limit.
inline constexpr std::size_t max_subject = 1024;

// The compiler recurses per group: a pattern nested deeper does not compile.
inline constexpr std::size_t max_nesting = 64;

// The most digits in a back-reference or a repetition bound. libstdc++ refuses a
// pattern of more than 100,000 states anyway, so no bound of seven digits compiles.
inline constexpr std::size_t max_number_digits = 6;

// UTF-8 as code points; false (out unspecified) when text is not well-formed.
[[nodiscard]] bool widen(std::string_view text, std::wstring& out);

// An ECMAScript pattern (ECMA-262 with the u flag, as JSON Schema and HTML's pattern
// attribute intend); nullopt when it does not compile, is nested too deep, holds a number
// longer than max_number_digits, puts a quantifier after a quantifier, escapes a letter
// ECMAScript gives no meaning (std::regex would take \Z as Z), or, with libstdc++,
// holds a back-reference (its polynomial matcher, which never backtracks, has none).
[[nodiscard]] std::optional<std::wregex> compile(std::string_view pattern);

enum class match { anywhere, whole };

// Whether subject matches; false for a subject longer than max_subject bytes or not
// well-formed UTF-8.
[[nodiscard]] bool matches(const std::wregex& re, std::string_view subject, match how);

}  // namespace envelope::detail::regex

#if ENVELOPE_HEADER_ONLY
#include <envelope/detail/impl/regex.ipp>
#endif

#endif  // ENVELOPE_DETAIL_REGEX_HPP

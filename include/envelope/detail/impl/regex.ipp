#ifndef ENVELOPE_DETAIL_IMPL_REGEX_IPP
#define ENVELOPE_DETAIL_IMPL_REGEX_IPP

#include <envelope/detail/regex.hpp>

#include <envelope/detail/utf8.hpp>

namespace envelope::detail::regex {

#if defined(__GLIBCXX__)
// libstdc++'s own flag: match with its breadth-first executor, in time bounded
// by the pattern's size times the subject's length, never backtracking, with
// no recursion per character. It refuses back-references.
inline constexpr std::regex::flag_type polynomial = std::regex_constants::__polynomial;
#else
inline constexpr std::regex::flag_type polynomial = std::regex::flag_type{};
#endif

ENVELOPE_INLINE bool widen(std::string_view text, std::wstring& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += static_cast<wchar_t>(byte);
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) return false;
    out += static_cast<wchar_t>(cp);
    i += n;
  }
  return true;
}

ENVELOPE_INLINE std::optional<std::wregex> compile(std::string_view pattern) {
  static constexpr std::string_view letters = "dDwWsSbBnrtfvcxuk";
  // libstdc++ reads a back-reference's number and a {n,m} bound into a long
  // without an overflow check: a number longer than max_number_digits is
  // refused here, before it reaches the compiler.
  const auto digits_end = [&pattern](std::size_t from) {
    while (from < pattern.size() && pattern[from] >= '0' && pattern[from] <= '9')
      ++from;
    return from;
  };
  const auto long_number = [&digits_end](std::size_t from) {
    return digits_end(from) - from > max_number_digits;
  };
  // A quantifier directly after another (a**, a+*, a{2}+) is a SyntaxError in
  // ECMAScript, but libstdc++ takes it as a quantified quantifier: a** nests a
  // star in a star, and a hundred of them backtrack for hours. Only the lazy
  // mark may follow a quantifier (a*?, a{2}?).
  enum class after { atom, quantifier, lazy } last = after::atom;
  const auto quantifier = [&last](bool may_be_lazy) {
    if (last == after::quantifier && may_be_lazy) {
      last = after::lazy;
      return true;
    }
    if (last != after::atom) return false;
    last = after::quantifier;
    return true;
  };
  std::size_t depth = 0;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      if (long_number(i + 1)) return std::nullopt;
      const char e = pattern[++i];
      const bool letter = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z');
      if (letter && letters.find(e) == std::string_view::npos) return std::nullopt;
      last = after::atom;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      last = after::atom;
    } else if (c == '*' || c == '+' || c == '?') {
      if (!quantifier(c == '?')) return std::nullopt;
    } else if (c == '{') {
      if (long_number(i + 1)) return std::nullopt;
      std::size_t end = digits_end(i + 1);
      const bool has_min = end > i + 1;
      if (end < pattern.size() && pattern[end] == ',') {
        if (long_number(end + 1)) return std::nullopt;
        end = digits_end(end + 1);
      }
      if (has_min && end < pattern.size() && pattern[end] == '}') {
        if (!quantifier(false)) return std::nullopt;
        i = end;
      } else {
        last = after::atom;
      }
    } else if (c == '(') {
      if (++depth > max_nesting) return std::nullopt;
      // (?: (?= (?! open a group; their '?' quantifies nothing.
      if (i + 1 < pattern.size() && pattern[i + 1] == '?') ++i;
      last = after::atom;
    } else {
      if (c == ')' && depth > 0) --depth;
      last = after::atom;
    }
  }
  std::wstring wide;
  if (!widen(pattern, wide)) return std::nullopt;
  try {
    return std::wregex(wide, std::regex::ECMAScript | std::regex::optimize | polynomial);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

ENVELOPE_INLINE bool matches(const std::wregex& re, std::string_view subject, match how) {
  std::wstring wide;
  if (subject.size() > max_subject || !widen(subject, wide)) return false;
  try {
    return how == match::whole ? std::regex_match(wide, re) : std::regex_search(wide, re);
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace envelope::detail::regex

#endif  // ENVELOPE_DETAIL_IMPL_REGEX_IPP

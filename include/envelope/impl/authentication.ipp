#ifndef ENVELOPE_IMPL_AUTHENTICATION_IPP
#define ENVELOPE_IMPL_AUTHENTICATION_IPP

#include <envelope/authentication.hpp>

namespace envelope {

ENVELOPE_INLINE challenge challenge::bearer(std::string realm) {
  challenge c;
  if (!realm.empty()) c.parameters.emplace_back("realm", std::move(realm));
  return c;
}

ENVELOPE_INLINE challenge& challenge::with_error(std::string error, std::string description) & {
  with("error", std::move(error));
  if (!description.empty()) with("error_description", std::move(description));
  return *this;
}

ENVELOPE_INLINE std::string challenge::to_string() const {
  if (!is_token(scheme)) {
    throw response_error(response_rule::invalid_argument,
                         "auth-scheme \"" + scheme + "\" is not a token (RFC 9110 Section 11.1)");
  }
  std::string out = scheme;
  bool first = true;
  for (const auto& [name, value] : parameters) {
    if (!is_token(name)) {
      throw response_error(response_rule::invalid_argument,
                           "auth-param name \"" + name + "\" is not a token");
    }
    out += first ? " " : ", ";
    first = false;
    out += name;
    out += "=\"";
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      // qdtext and quoted-pair allow HTAB, SP, VCHAR and obs-text only.
      if ((u < 0x20 && c != '\t') || u == 0x7F) {
        throw response_error(
            response_rule::invalid_header_value,
            "auth-param " + name + " has a control character, which a quoted-string cannot hold");
      }
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

ENVELOPE_INLINE std::optional<std::string_view> bearer_token(
    std::string_view authorization) noexcept {
  constexpr std::string_view scheme = "bearer";
  std::size_t start = 0;
  while (start < authorization.size() &&
         (authorization[start] == ' ' || authorization[start] == '\t')) {
    ++start;
  }
  authorization.remove_prefix(start);
  if (authorization.size() <= scheme.size() + 1 ||
      !detail::iequals(authorization.substr(0, scheme.size()), scheme) ||
      authorization[scheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view token = authorization.substr(scheme.size() + 1);
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
    token.remove_suffix(1);
  // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
  std::size_t i = 0;
  const auto b64 = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  };
  while (i < token.size() && b64(token[i]))
    ++i;
  if (i == 0) return std::nullopt;
  while (i < token.size() && token[i] == '=')
    ++i;
  if (i != token.size()) return std::nullopt;
  return token;
}

ENVELOPE_INLINE bool secret_equals(std::string_view presented, std::string_view expected) noexcept {
  // The difference is gathered through a volatile, so that the compiler cannot
  // stop at the first differing byte; an empty expected secret is compared
  // against itself, with the outcome fixed by the lengths.
  volatile unsigned difference = presented.size() == expected.size() ? 0U : 1U;
  const std::string_view against = expected.empty() ? presented : expected;
  for (std::size_t i = 0, j = 0; i < presented.size(); ++i, j = j + 1 == against.size() ? 0 : j + 1)
    difference = difference | static_cast<unsigned>(static_cast<unsigned char>(presented[i]) ^
                                                    static_cast<unsigned char>(against[j]));
  return difference == 0U;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_AUTHENTICATION_IPP

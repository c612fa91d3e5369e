#ifndef ENVELOPE_AUTHENTICATION_HPP
#define ENVELOPE_AUTHENTICATION_HPP

// HTTP authentication (RFC 9110 §11): the challenge a 401 sends in
// WWW-Authenticate, and the Bearer token of an Authorization field (RFC 6750).

#include <envelope/detail/config.hpp>
#include <envelope/message.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

// An authentication challenge for WWW-Authenticate (RFC 9110 §11.6.1), with
// the Bearer scheme's parameters of RFC 6750 §3 at hand.
struct challenge {
  std::string scheme = "Bearer";
  std::vector<std::pair<std::string, std::string>> parameters;

  static challenge bearer(std::string realm = {});

  challenge& with(std::string name, std::string value) & {
    parameters.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  challenge with(std::string name, std::string value) && {
    with(std::move(name), std::move(value));
    return std::move(*this);
  }

  // RFC 6750 §3.1: error codes invalid_request, invalid_token, insufficient_scope.
  challenge& with_error(std::string error, std::string description = {}) &;
  challenge with_error(std::string error, std::string description = {}) && {
    with_error(std::move(error), std::move(description));
    return std::move(*this);
  }

  // The header value: scheme, then auth-params with quoted-string values in
  // which '"' and '\' are escaped (RFC 9110 §5.6.4).
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const challenge& a, const challenge& b) {
    return a.scheme == b.scheme && a.parameters == b.parameters;
  }
  friend bool operator!=(const challenge& a, const challenge& b) { return !(a == b); }
};

// The token of an "Authorization: Bearer <token>" field value (RFC 6750 §2.1);
// nullopt for another scheme or a malformed credential. The scheme is matched
// case-insensitively (RFC 9110 §11.1); the token must be a b64token.
[[nodiscard]] std::optional<std::string_view> bearer_token(std::string_view authorization) noexcept;

// Whether a presented secret (a token, a key) equals the expected one, in a time
// that depends on the presented length alone: every byte is compared, so how long
// an answer takes does not tell a client how much of its guess was right. The
// expected secret's length is not hidden from a client that can vary its own.
[[nodiscard]] bool secret_equals(std::string_view presented, std::string_view expected) noexcept;

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/authentication.ipp>
#endif

#endif  // ENVELOPE_AUTHENTICATION_HPP

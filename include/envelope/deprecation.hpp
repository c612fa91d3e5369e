#ifndef ENVELOPE_DEPRECATION_HPP
#define ENVELOPE_DEPRECATION_HPP

// Telling clients a resource is going away: the Deprecation field (RFC 9745), a
// Structured Fields Date such as `Deprecation: @1735689600`, and the Sunset field
// (RFC 8594), an HTTP-date such as `Sunset: Wed, 01 Jul 2026 00:00:00 GMT`; each
// with its link relation ("deprecation", "sunset") to the documentation when the
// service has one. A HAL link says the same of one link with its `deprecation`
// member (docs/http-fields.md shows both). No nlohmann/json here.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>
#include <envelope/message.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace envelope {

// Sets `Deprecation: @<seconds>` (RFC 9745 §2; the time may be in the past or the
// future), and when `documentation` is given adds
// `Link: <documentation>; rel="deprecation"` (§3). Throws argument_error when the
// response already has a Sunset earlier than `when` (RFC 9745 §4: a resource is
// not retired before it is deprecated) or the URI cannot be written.
void deprecate(response& r, std::chrono::system_clock::time_point when,
               std::string_view documentation = {});

// Sets `Sunset: <HTTP-date>` (RFC 8594 §3), and when `documentation` is given
// adds `Link: <documentation>; rel="sunset"` (§6). Throws argument_error for a
// year IMF-fixdate cannot write, a time before the response's Deprecation, or a
// URI that cannot be written.
void sunset(response& r, std::chrono::system_clock::time_point when,
            std::string_view documentation = {});

// A Deprecation field value read as RFC 9745 §2 defines it (an SF Date); nullopt
// for anything else, such as the `true` of earlier drafts.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_deprecation(
    std::string_view value);

// The response's Deprecation and Sunset, when present and valid.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> deprecation_of(
    const response& r);
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> sunset_of(const response& r);

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/deprecation.ipp>
#endif

#endif  // ENVELOPE_DEPRECATION_HPP

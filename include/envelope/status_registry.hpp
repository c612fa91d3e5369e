#ifndef ENVELOPE_STATUS_REGISTRY_HPP
#define ENVELOPE_STATUS_REGISTRY_HPP

// A service's own view of the registry: extra codes (say 499) and other content
// types, held in a copyable value instead of a mutable global.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>
#include <envelope/http_status.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

class status_registry {
 public:
  // Starts as the IANA registry with the convention's content types.
  status_registry();

  // Adds a code IANA has not assigned. Its content type follows its class
  // (HAL for 2xx/3xx, problem details for 4xx/5xx) until set_content_type.
  // Throws argument_error for a code outside 100-599 or assigned by IANA, and for
  // an empty title or a title or reference with control characters.
  status_registry& define(int code, std::string_view title, std::string_view reference = {}) &;
  status_registry define(int code, std::string_view title, std::string_view reference = {}) && {
    define(code, title, reference);
    return std::move(*this);
  }

  // Overrides the body type of a known code, e.g. "application/vnd.acme+json".
  // Throws argument_error for a code neither assigned nor defined, a code that
  // never has a body, or a value that is not a type/subtype free of controls.
  status_registry& set_content_type(int code, std::string_view content_type) &;
  status_registry set_content_type(int code, std::string_view content_type) && {
    set_content_type(code, content_type);
    return std::move(*this);
  }

  // The entry for an assigned or defined code; nullptr otherwise.
  [[nodiscard]] const status_info* find(int code) const noexcept;

  // As find, but an unknown code in 100-599 reads as the x00 code of its class.
  [[nodiscard]] const status_info* resolve(int code) const noexcept;

  [[nodiscard]] std::string_view reason_phrase(int code) const noexcept;

  // The body type for any valid code (through resolve); "" where no body is allowed.
  [[nodiscard]] std::string_view content_type(int code) const noexcept;

  // Entries in the order they were added: IANA's first, then the service's own.
  [[nodiscard]] const std::vector<status_info>& entries() const noexcept { return entries_; }

  friend bool operator==(const status_registry& a, const status_registry& b) noexcept {
    return equal_(a, b);
  }
  friend bool operator!=(const status_registry& a, const status_registry& b) noexcept {
    return !(a == b);
  }

 private:
  static bool equal_(const status_registry& a, const status_registry& b) noexcept;
  static constexpr std::uint16_t no_row = 0xFFFF;

  status_info* find_mutable(int code) noexcept;

  // A reason phrase or media type goes into a status line or header field:
  // RFC 9110 §5.5 allows no CR, LF, NUL or other controls but HTAB.
  static void check_text(std::string_view what, std::string_view text, bool may_be_empty);

  // The strings are immutable and shared, so copies of the registry keep every
  // string_view valid without re-pointing them.
  std::string_view own(std::string_view text);

  std::vector<status_info> entries_;
  std::uint16_t rows_[detail::max_status - detail::min_status + 1]{};
  std::vector<std::shared_ptr<const std::string>> strings_;
};

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/status_registry.ipp>
#endif

#endif  // ENVELOPE_STATUS_REGISTRY_HPP

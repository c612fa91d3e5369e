#ifndef ENVELOPE_STATUS_REGISTRY_HPP
#define ENVELOPE_STATUS_REGISTRY_HPP

// A service's own view of the registry: extra codes (say 499) and other content
// types, held in a copyable value instead of a mutable global.

#include <envelope/detail/config.hpp>
#include <envelope/http_status.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace envelope {

class status_registry {
 public:
  // Starts as the IANA registry with the convention's content types.
  status_registry();

  // Adds a code IANA has not assigned. Its content type follows its class
  // (HAL for 2xx/3xx, problem details for 4xx/5xx) until set_content_type.
  status_registry& define(int code, std::string_view title, std::string_view reference = {});

  // Overrides the body type of a known code, e.g. "application/vnd.acme+json".
  status_registry& set_content_type(int code, std::string_view content_type);

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

#if ENVELOPE_DEFINITIONS
namespace envelope {

ENVELOPE_INLINE status_registry::status_registry()
    : entries_(all_statuses().begin(), all_statuses().end()) {
  std::fill(std::begin(rows_), std::end(rows_), no_row);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    rows_[entries_[i].code - detail::min_status] = static_cast<std::uint16_t>(i);
  }
}

ENVELOPE_INLINE status_registry& status_registry::define(int code, std::string_view title,
                                                         std::string_view reference) {
  if (!is_valid_status(code)) {
    throw std::invalid_argument("status_registry::define: " + std::to_string(code) +
                                " is outside 100-599 (RFC 9110 Section 15)");
  }
  if (envelope::find_status(code) != nullptr) {
    throw std::invalid_argument("status_registry::define: " + std::to_string(code) +
                                " is assigned by IANA; only its content type can change");
  }
  check_text("title", title, false);
  check_text("reference", reference, true);
  status_info info{static_cast<std::uint16_t>(code),
                   own(title),
                   own(reference),
                   static_cast<status_class>(code / 100),
                   default_content_type(code),
                   allows_body(code)};
  std::uint16_t& row = rows_[code - detail::min_status];
  if (row == no_row) {
    row = static_cast<std::uint16_t>(entries_.size());
    entries_.push_back(info);
  } else {
    entries_[row] = info;
  }
  return *this;
}

ENVELOPE_INLINE status_registry& status_registry::set_content_type(int code,
                                                                   std::string_view content_type) {
  status_info* info = find_mutable(code);
  if (info == nullptr) {
    throw std::invalid_argument("status_registry::set_content_type: " + std::to_string(code) +
                                " is neither assigned nor defined");
  }
  if (!info->body_allowed) {
    throw std::invalid_argument("status_registry::set_content_type: " + std::to_string(code) +
                                " never has a body (RFC 9110 Section 6.4.1)");
  }
  if (content_type.find('/') == std::string_view::npos) {
    throw std::invalid_argument("status_registry::set_content_type: \"" +
                                std::string(content_type) + "\" is not a type/subtype");
  }
  check_text("content type", content_type, false);
  info->content_type = own(content_type);
  return *this;
}

ENVELOPE_INLINE const status_info* status_registry::find(int code) const noexcept {
  if (!is_valid_status(code)) return nullptr;
  const std::uint16_t row = rows_[code - detail::min_status];
  return row == no_row ? nullptr : &entries_[row];
}

ENVELOPE_INLINE const status_info* status_registry::resolve(int code) const noexcept {
  if (const status_info* info = find(code)) return info;
  return is_valid_status(code) ? find(code / 100 * 100) : nullptr;
}

ENVELOPE_INLINE std::string_view status_registry::reason_phrase(int code) const noexcept {
  const status_info* info = find(code);
  return info != nullptr ? info->title : std::string_view{};
}

ENVELOPE_INLINE std::string_view status_registry::content_type(int code) const noexcept {
  const status_info* info = resolve(code);
  return info != nullptr ? info->content_type : std::string_view{};
}

ENVELOPE_INLINE bool status_registry::equal_(const status_registry& a,
                                             const status_registry& b) noexcept {
  return std::equal(a.entries_.begin(), a.entries_.end(), b.entries_.begin(), b.entries_.end(),
                    [](const status_info& x, const status_info& y) {
                      return x.code == y.code && x.title == y.title && x.reference == y.reference &&
                             x.category == y.category && x.content_type == y.content_type &&
                             x.body_allowed == y.body_allowed;
                    });
}

ENVELOPE_INLINE status_info* status_registry::find_mutable(int code) noexcept {
  if (!is_valid_status(code)) return nullptr;
  const std::uint16_t row = rows_[code - detail::min_status];
  return row == no_row ? nullptr : &entries_[row];
}

ENVELOPE_INLINE void status_registry::check_text(std::string_view what, std::string_view text,
                                                 bool may_be_empty) {
  if (text.empty() && !may_be_empty) {
    throw std::invalid_argument("status_registry: the " + std::string(what) + " must not be empty");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      throw std::invalid_argument("status_registry: the " + std::string(what) +
                                  " has a control character at offset " + std::to_string(i));
    }
  }
}

ENVELOPE_INLINE std::string_view status_registry::own(std::string_view text) {
  if (text.empty()) return {};
  strings_.push_back(std::make_shared<const std::string>(text));
  return *strings_.back();
}

}  // namespace envelope
#endif  // ENVELOPE_DEFINITIONS

#endif  // ENVELOPE_STATUS_REGISTRY_HPP

#ifndef ENVELOPE_IMPL_STATUS_REGISTRY_IPP
#define ENVELOPE_IMPL_STATUS_REGISTRY_IPP

#include <envelope/message.hpp>
#include <envelope/status_registry.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace envelope {

ENVELOPE_INLINE status_registry::status_registry()
    : entries_(all_statuses().begin(), all_statuses().end()) {
  std::fill(std::begin(rows_), std::end(rows_), no_row);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    rows_[entries_[i].code - detail::min_status] = static_cast<std::uint16_t>(i);
  }
}

ENVELOPE_INLINE status_registry& status_registry::define(int code, std::string_view title,
                                                         std::string_view reference) & {
  if (!is_valid_status(code)) {
    throw argument_error(
        "status_registry::define: " +
        detail::rule_message(response_rule::status_out_of_range, {code, {}, {}, 0}));
  }
  if (envelope::find_status(code) != nullptr) {
    throw argument_error("status_registry::define: " + std::to_string(code) +
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

ENVELOPE_INLINE status_registry& status_registry::set_content_type(
    int code, std::string_view content_type) & {
  status_info* info = find_mutable(code);
  if (info == nullptr) {
    throw argument_error("status_registry::set_content_type: " + std::to_string(code) +
                         " is neither assigned nor defined");
  }
  if (!info->body_allowed) {
    throw argument_error("status_registry::set_content_type: " + std::to_string(code) +
                         " never has a body (RFC 9110 Section 6.4.1)");
  }
  if (content_type.find('/') == std::string_view::npos) {
    throw argument_error("status_registry::set_content_type: \"" + std::string(content_type) +
                         "\" is not a type/subtype");
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
    throw argument_error("status_registry: the " + std::string(what) + " must not be empty");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      throw argument_error("status_registry: the " + std::string(what) +
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

#endif  // ENVELOPE_IMPL_STATUS_REGISTRY_IPP

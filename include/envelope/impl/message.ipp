#ifndef ENVELOPE_IMPL_MESSAGE_IPP
#define ENVELOPE_IMPL_MESSAGE_IPP

#include <envelope/http_date.hpp>
#include <envelope/message.hpp>

namespace envelope {

namespace detail {

// How a refused control character is named in a message: the names everyone
// knows for the three that inject fields, the code for the rest.
ENVELOPE_INLINE std::string control_name(unsigned char c) {
  switch (c) {
    case '\0':
      return "NUL";
    case '\r':
      return "CR";
    case '\n':
      return "LF";
    case 0x7F:
      return "DEL";
    default: {
      static constexpr char hex[] = "0123456789ABCDEF";
      return std::string("control character 0x") + hex[c >> 4] + hex[c & 0xF];
    }
  }
}

ENVELOPE_INLINE std::string rule_message(response_rule rule, const rule_subject& subject) {
  const std::string code = std::to_string(subject.status);
  const std::string a_response = "a " + code + " response";
  switch (rule) {
    case response_rule::status_out_of_range:
      return "status " + code + " is outside 100-599 (RFC 9110 Section 15)";
    case response_rule::status_unassigned:
      return "status " + code + " is not IANA-assigned; clients treat it as " +
             std::to_string(subject.status / 100 * 100) + " (RFC 9110 Section 15)";
    case response_rule::invalid_header_name:
      return "header name \"" + std::string(subject.name) +
             "\" is not an RFC 9110 token (Section 5.1)";
    case response_rule::invalid_header_value: {
      const auto c = static_cast<unsigned char>(subject.value[subject.number]);
      return "header " + std::string(subject.name) + ": value has " + control_name(c) +
             " at offset " + std::to_string(subject.number) + " (RFC 9110 Section 5.5)";
    }
    case response_rule::body_not_allowed:
      if (subject.name.empty()) {
        return a_response + " has no content (RFC 9110 Section 6.4.1), but a body of " +
               std::to_string(subject.number) + " bytes was given";
      }
      return a_response + " has no content, so no Content-Type, but \"" +
             std::string(subject.value) + "\" was given";
    case response_rule::content_length_without_content:
      return a_response + " has no content, but Content-Length is " + std::string(subject.value) +
             " (RFC 9110 Section 8.6)";
    case response_rule::problem_status_mismatch:
      return "the problem's status " + std::string(subject.value) +
             " disagrees with the HTTP status " + code + " (RFC 9457 Section 3.1.2)";
    case response_rule::missing_www_authenticate:
      return "a 401 response must carry WWW-Authenticate (RFC 9110 Section 15.5.2)";
    case response_rule::missing_allow:
      return "a 405 response must carry Allow (RFC 9110 Section 15.5.6)";
    case response_rule::missing_location:
      return "a 201 response must carry Location, the URI of the resource it created (the "
             "conventions; RFC 9110 Section 15.3.2)";
    case response_rule::redirect_without_location:
      return a_response +
             " should carry Location, the target of the redirect (RFC 9110 Section 10.2.2)";
    case response_rule::missing_retry_after:
      return "a 429 response should say when to retry with Retry-After (RFC 6585 Section 4)";
    case response_rule::invalid_retry_after:
      return "\"" + std::string(subject.value) +
             "\" is neither a number of seconds nor an HTTP-date (RFC 9110 Section 10.2.3)";
    case response_rule::error_without_body:
      return a_response +
             " has no body; the conventions answer an error with problem details that have a "
             "title and a detail";
    case response_rule::invalid_argument:
      break;
  }
  return std::string(subject.value);
}

ENVELOPE_INLINE void check_status(int status) {
  if (!is_valid_status(status)) {
    throw response_error(response_rule::status_out_of_range,
                         rule_message(response_rule::status_out_of_range, {status, {}, {}, 0}));
  }
}

// The offset of the first control character in a field value, or npos. RFC 9110
// §5.5 allows visible characters, SP, HTAB and obs-text (0x80-0xFF); CR, LF and NUL
// would let the value's author write fields of their own, and the other controls
// (ESC, BS, DEL, ...) reach logs and terminals that act on them.
[[nodiscard]] ENVELOPE_INLINE std::size_t injection_at(std::string_view value) noexcept {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return i;
  }
  return std::string_view::npos;
}

// Collects findings, or throws the first error when asked to (check_response).
class finding_list {
 public:
  finding_list(const response& r, rule_set rules, bool throw_first_error)
      : response_(r), rules_(rules), throw_(throw_first_error) {}

  [[nodiscard]] bool conventions() const noexcept { return rules_ == rule_set::conventions; }

  void add(response_rule rule, severity level, std::string_view where, std::string_view name = {},
           std::string_view value = {}, std::size_t number = 0) {
    std::string message = rule_message(rule, {response_.status, name, value, number});
    if (throw_ && level == severity::error) throw response_error(rule, message);
    found_.push_back({rule, level, std::string(where), std::move(message)});
  }

  [[nodiscard]] std::vector<response_finding> take() && { return std::move(found_); }

 private:
  const response& response_;
  rule_set rules_;
  bool throw_;
  std::vector<response_finding> found_;
};

ENVELOPE_INLINE void find_violations(const response& r, finding_list& out) {
  const int code = r.status;
  if (!is_valid_status(code)) {
    out.add(response_rule::status_out_of_range, severity::error, ":status");
    return;
  }
  if (out.conventions() && find_status(code) == nullptr) {
    out.add(response_rule::status_unassigned, severity::warning, ":status");
  }
  for (const auto& [name, value] : r.headers) {
    if (!is_token(name)) {
      out.add(response_rule::invalid_header_name, severity::error, name, name);
    } else if (const std::size_t at = injection_at(value); at != std::string_view::npos) {
      out.add(response_rule::invalid_header_value, severity::error, name, name, value, at);
    }
  }
  if (code == 401 && !r.header("WWW-Authenticate")) {
    out.add(response_rule::missing_www_authenticate, severity::error, "WWW-Authenticate");
  }
  if (code == 405 && !r.header("Allow")) {
    out.add(response_rule::missing_allow, severity::error, "Allow");
  }
  if (out.conventions()) {
    if (code == 201 && !r.header("Location")) {
      out.add(response_rule::missing_location, severity::error, "Location");
    }
    if ((code == 301 || code == 302 || code == 303 || code == 307 || code == 308) &&
        !r.header("Location")) {
      out.add(response_rule::redirect_without_location, severity::warning, "Location");
    }
    if (code == 429 && !r.header("Retry-After")) {
      out.add(response_rule::missing_retry_after, severity::warning, "Retry-After");
    }
    if (const auto retry = r.header("Retry-After"); retry && !is_valid_retry_after(*retry)) {
      out.add(response_rule::invalid_retry_after, severity::error, "Retry-After", {}, *retry);
    }
  }
  if (!allows_body(code)) {
    if (!r.body.empty()) {
      out.add(response_rule::body_not_allowed, severity::error, "", {}, {}, r.body.size());
    }
    if (const auto type = r.header("Content-Type")) {
      out.add(response_rule::body_not_allowed, severity::error, "Content-Type", "Content-Type",
              *type);
    }
    // A 304's Content-Length describes the representation it stands for (RFC 9110 §8.6).
    const auto length = r.header("Content-Length");
    if (out.conventions() && code != 304 && length && *length != "0") {
      out.add(response_rule::content_length_without_content, severity::error, "Content-Length", {},
              *length);
    }
  } else if (out.conventions() && is_error(code) && r.body.empty()) {
    out.add(response_rule::error_without_body, severity::error, "");
  }
}

}  // namespace detail

ENVELOPE_INLINE void check_header(std::string_view name, std::string_view value) {
  if (!is_token(name)) {
    throw response_error(
        response_rule::invalid_header_name,
        detail::rule_message(response_rule::invalid_header_name, {0, name, {}, 0}));
  }
  if (const std::size_t at = detail::injection_at(value); at != std::string_view::npos) {
    throw response_error(
        response_rule::invalid_header_value,
        detail::rule_message(response_rule::invalid_header_value, {0, name, value, at}));
  }
}

ENVELOPE_INLINE std::optional<std::string_view> response::header(
    std::string_view name) const noexcept {
  for (const auto& field : headers) {
    if (detail::iequals(field.first, name)) return std::string_view(field.second);
  }
  return std::nullopt;
}

ENVELOPE_INLINE response& response::add_header(std::string name, std::string value) & {
  check_header(name, value);
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

ENVELOPE_INLINE response& response::set_header(std::string name, std::string value) & {
  check_header(name, value);
  remove_header(name);
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

ENVELOPE_INLINE std::size_t response::remove_header(std::string_view name) noexcept {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (!detail::iequals(headers[i].first, name)) {
      if (kept != i) headers[kept] = std::move(headers[i]);
      ++kept;
    }
  }
  const std::size_t removed = headers.size() - kept;
  headers.resize(kept);
  return removed;
}

ENVELOPE_INLINE std::string_view response::reason() const noexcept {
  const status_info* info = resolve_status(status);
  return info != nullptr ? info->title : std::string_view{};
}

ENVELOPE_INLINE std::vector<response_finding> response_findings(const response& r, rule_set rules) {
  detail::finding_list out(r, rules, false);
  detail::find_violations(r, out);
  return std::move(out).take();
}

ENVELOPE_INLINE void check_response(const response& r) {
  detail::finding_list out(r, rule_set::http, true);
  detail::find_violations(r, out);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_MESSAGE_IPP

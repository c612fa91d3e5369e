#ifndef ENVELOPE_MESSAGE_HPP
#define ENVELOPE_MESSAGE_HPP

// The response message every builder produces and every adapter translates: a
// status code, header fields in order, and a body; and the one list of rules a
// response obeys, which check_response enforces and envelope-lint reports from.
// No nlohmann/json here, so framework adapters stay light.

#include <envelope/detail/ascii.hpp>
#include <envelope/detail/config.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/error.hpp>
#include <envelope/http_status.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

// The rules a response can break. response_error::rule() and response_finding::rule
// name one to code that wants to react; the message says it to people.
enum class response_rule {
  status_out_of_range,  // RFC 9110 §15: 100-599
  body_not_allowed,  // RFC 9110 §6.4.1, §15.3.5, §15.3.6, §15.4.5: no content, no Content-Type
  problem_status_mismatch,         // RFC 9457 §3.1.2: "status" must match the response
  invalid_header_name,             // RFC 9110 §5.1: a field name is a token
  invalid_header_value,            // RFC 9110 §5.5: no control character but HTAB
  missing_www_authenticate,        // RFC 9110 §15.5.2: a 401 must send a challenge
  missing_allow,                   // RFC 9110 §15.5.6: a 405 must send Allow
  invalid_argument,                // a builder's argument cannot be represented
  status_unassigned,               // RFC 9110 §15: read as the x00 code of its class
  content_length_without_content,  // RFC 9110 §8.6: no content, so Content-Length 0
  missing_location,           // the conventions; RFC 9110 §15.3.2: a 201 names what it created
  redirect_without_location,  // RFC 9110 §10.2.2: a redirect names its target
  missing_retry_after,        // RFC 6585 §4: a 429 should say when to retry
  invalid_retry_after,        // RFC 9110 §10.2.3: delay-seconds or an HTTP-date
  error_without_body,         // the conventions: every error carries problem details
};

class response_error : public detail::error_with<std::invalid_argument> {
 public:
  response_error(response_rule rule, const std::string& message)
      : error_with(message), rule_(rule) {}
  [[nodiscard]] response_rule rule() const noexcept { return rule_; }

 private:
  response_rule rule_;
};

// RFC 9110 §5.6.2.
[[nodiscard]] constexpr bool is_token(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text) {
    if (!detail::is_tchar(c)) return false;
  }
  return true;
}

// Throws response_error unless `name` is a token and `value` carries no control
// character but HTAB (RFC 9110 §5.5): CR, LF or NUL would let its author write
// headers of their own. The message names the character and its offset.
void check_header(std::string_view name, std::string_view value);

struct response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first field of that name, compared case-insensitively (RFC 9110 §5.1).
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept;

  // Appends a field, after checking it.
  response& add_header(std::string name, std::string value) &;
  response add_header(std::string name, std::string value) && {
    add_header(std::move(name), std::move(value));
    return std::move(*this);
  }

  // Replaces every field of that name with one field, after checking it.
  response& set_header(std::string name, std::string value) &;
  response set_header(std::string name, std::string value) && {
    set_header(std::move(name), std::move(value));
    return std::move(*this);
  }

  // Returns how many fields were removed.
  std::size_t remove_header(std::string_view name) noexcept;

  [[nodiscard]] std::string_view reason() const noexcept;

  friend bool operator==(const response& a, const response& b) {
    return a.status == b.status && a.headers == b.headers && a.body == b.body;
  }
  friend bool operator!=(const response& a, const response& b) { return !(a == b); }
};

// One rule a response breaks: which, how badly, where, and the sentence that says it.
struct response_finding {
  response_rule rule = response_rule::status_out_of_range;
  severity level = severity::error;
  // ":status" for the status code, a header field name ("Location"), or "" for the body.
  std::string where;
  std::string message;

  friend bool operator==(const response_finding& a, const response_finding& b) {
    return a.rule == b.rule && a.level == b.level && a.where == b.where && a.message == b.message;
  }
  friend bool operator!=(const response_finding& a, const response_finding& b) { return !(a == b); }
};

// Which rules to look at. http: what RFC 9110 and RFC 9457 require of every
// response, whoever built it (check_response throws on these). conventions: those
// and the conventions' own (a 201 names its Location, a 429 says when to retry,
// every error has a body, a status is IANA-assigned), as envelope-lint reports.
enum class rule_set { http, conventions };

// Every rule of `rules` that the response's status, header fields and body size
// break, in a fixed order: the status first, then header fields, then the body.
// It does not read the body: what the body says is checked by validate_hal and
// validate_problem.
[[nodiscard]] std::vector<response_finding> response_findings(const response& r,
                                                              rule_set rules = rule_set::http);

// Throws response_error for the first error response_findings(r, rule_set::http) finds.
void check_response(const response& r);

namespace detail {

// What a rule's message is about: the status code, and the header field, value or
// number the rule looked at.
struct rule_subject {
  int status = 0;
  std::string_view name;
  std::string_view value;
  std::size_t number = 0;
};

// The one sentence for each rule: the library's exceptions and envelope-lint's
// findings both take their text from here.
[[nodiscard]] std::string rule_message(response_rule rule, const rule_subject& subject);

// Throws response_error (status_out_of_range) for a status outside 100-599.
void check_status(int status);

}  // namespace detail

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/message.ipp>
#endif

#endif  // ENVELOPE_MESSAGE_HPP

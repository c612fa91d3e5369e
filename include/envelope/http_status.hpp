#ifndef ENVELOPE_HTTP_STATUS_HPP
#define ENVELOPE_HTTP_STATUS_HPP

// The IANA HTTP Status Code Registry as constexpr data. Deliberately free of
// <string>, <stdexcept> and nlohmann/json so that a service can use the registry
// alone at a fraction of their compile cost. Constexpr throughout, so it has no
// impl/ files: there is nothing to compile out of line.

#include <envelope/detail/media_type_names.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace envelope {

// One enumerator per IANA-assigned code, named after its RFC 9110 title.
enum class status : std::uint16_t {
  continue_ = 100,
  switching_protocols = 101,
  processing = 102,
  early_hints = 103,
  ok = 200,
  created = 201,
  accepted = 202,
  non_authoritative_information = 203,
  no_content = 204,
  reset_content = 205,
  partial_content = 206,
  multi_status = 207,
  already_reported = 208,
  im_used = 226,
  multiple_choices = 300,
  moved_permanently = 301,
  found = 302,
  see_other = 303,
  not_modified = 304,
  use_proxy = 305,
  unused_306 = 306,
  temporary_redirect = 307,
  permanent_redirect = 308,
  bad_request = 400,
  unauthorized = 401,
  payment_required = 402,
  forbidden = 403,
  not_found = 404,
  method_not_allowed = 405,
  not_acceptable = 406,
  proxy_authentication_required = 407,
  request_timeout = 408,
  conflict = 409,
  gone = 410,
  length_required = 411,
  precondition_failed = 412,
  content_too_large = 413,
  uri_too_long = 414,
  unsupported_media_type = 415,
  range_not_satisfiable = 416,
  expectation_failed = 417,
  unused_418 = 418,
  misdirected_request = 421,
  unprocessable_content = 422,
  locked = 423,
  failed_dependency = 424,
  too_early = 425,
  upgrade_required = 426,
  precondition_required = 428,
  too_many_requests = 429,
  request_header_fields_too_large = 431,
  unavailable_for_legal_reasons = 451,
  internal_server_error = 500,
  not_implemented = 501,
  bad_gateway = 502,
  service_unavailable = 503,
  gateway_timeout = 504,
  http_version_not_supported = 505,
  variant_also_negotiates = 506,
  insufficient_storage = 507,
  loop_detected = 508,
  not_extended = 510,
  network_authentication_required = 511,

  // Earlier names (RFC 7231) of 413 and 422, kept for code written against them.
  payload_too_large = 413,
  unprocessable_entity = 422,
};

enum class status_class : std::uint8_t {
  informational = 1,
  success,
  redirection,
  client_error,
  server_error,
};

struct status_info {
  std::uint16_t code;
  std::string_view title;      // the IANA reason phrase
  std::string_view reference;  // the defining specification and section
  status_class category;
  std::string_view content_type;  // the convention's body type; "" where no body is allowed
  bool body_allowed;
};

namespace detail {

inline constexpr std::string_view no_body = "";

// Sorted by code; the index below maps a code to its row in O(1).
inline constexpr status_info status_table[] = {
    {100, "Continue", "RFC 9110, Section 15.2.1", status_class::informational, detail::no_body,
     false},
    {101, "Switching Protocols", "RFC 9110, Section 15.2.2", status_class::informational,
     detail::no_body, false},
    {102, "Processing", "RFC 2518, Section 10.1", status_class::informational, detail::no_body,
     false},
    {103, "Early Hints", "RFC 8297, Section 2", status_class::informational, detail::no_body,
     false},
    {200, "OK", "RFC 9110, Section 15.3.1", status_class::success, media_type::hal_json, true},
    {201, "Created", "RFC 9110, Section 15.3.2", status_class::success, media_type::hal_json, true},
    {202, "Accepted", "RFC 9110, Section 15.3.3", status_class::success, media_type::hal_json,
     true},
    {203, "Non-Authoritative Information", "RFC 9110, Section 15.3.4", status_class::success,
     media_type::hal_json, true},
    {204, "No Content", "RFC 9110, Section 15.3.5", status_class::success, detail::no_body, false},
    {205, "Reset Content", "RFC 9110, Section 15.3.6", status_class::success, detail::no_body,
     false},
    {206, "Partial Content", "RFC 9110, Section 15.3.7", status_class::success,
     media_type::hal_json, true},
    {207, "Multi-Status", "RFC 4918, Section 11.1", status_class::success, media_type::hal_json,
     true},
    {208, "Already Reported", "RFC 5842, Section 7.1", status_class::success, media_type::hal_json,
     true},
    {226, "IM Used", "RFC 3229, Section 10.4.1", status_class::success, media_type::hal_json, true},
    {300, "Multiple Choices", "RFC 9110, Section 15.4.1", status_class::redirection,
     media_type::hal_json, true},
    {301, "Moved Permanently", "RFC 9110, Section 15.4.2", status_class::redirection,
     media_type::hal_json, true},
    {302, "Found", "RFC 9110, Section 15.4.3", status_class::redirection, media_type::hal_json,
     true},
    {303, "See Other", "RFC 9110, Section 15.4.4", status_class::redirection, media_type::hal_json,
     true},
    {304, "Not Modified", "RFC 9110, Section 15.4.5", status_class::redirection, detail::no_body,
     false},
    {305, "Use Proxy", "RFC 9110, Section 15.4.6", status_class::redirection, media_type::hal_json,
     true},
    {306, "(Unused)", "RFC 9110, Section 15.4.7", status_class::redirection, media_type::hal_json,
     true},
    {307, "Temporary Redirect", "RFC 9110, Section 15.4.8", status_class::redirection,
     media_type::hal_json, true},
    {308, "Permanent Redirect", "RFC 9110, Section 15.4.9", status_class::redirection,
     media_type::hal_json, true},
    {400, "Bad Request", "RFC 9110, Section 15.5.1", status_class::client_error,
     media_type::problem_json, true},
    {401, "Unauthorized", "RFC 9110, Section 15.5.2", status_class::client_error,
     media_type::problem_json, true},
    {402, "Payment Required", "RFC 9110, Section 15.5.3", status_class::client_error,
     media_type::problem_json, true},
    {403, "Forbidden", "RFC 9110, Section 15.5.4", status_class::client_error,
     media_type::problem_json, true},
    {404, "Not Found", "RFC 9110, Section 15.5.5", status_class::client_error,
     media_type::problem_json, true},
    {405, "Method Not Allowed", "RFC 9110, Section 15.5.6", status_class::client_error,
     media_type::problem_json, true},
    {406, "Not Acceptable", "RFC 9110, Section 15.5.7", status_class::client_error,
     media_type::problem_json, true},
    {407, "Proxy Authentication Required", "RFC 9110, Section 15.5.8", status_class::client_error,
     media_type::problem_json, true},
    {408, "Request Timeout", "RFC 9110, Section 15.5.9", status_class::client_error,
     media_type::problem_json, true},
    {409, "Conflict", "RFC 9110, Section 15.5.10", status_class::client_error,
     media_type::problem_json, true},
    {410, "Gone", "RFC 9110, Section 15.5.11", status_class::client_error, media_type::problem_json,
     true},
    {411, "Length Required", "RFC 9110, Section 15.5.12", status_class::client_error,
     media_type::problem_json, true},
    {412, "Precondition Failed", "RFC 9110, Section 15.5.13", status_class::client_error,
     media_type::problem_json, true},
    {413, "Content Too Large", "RFC 9110, Section 15.5.14", status_class::client_error,
     media_type::problem_json, true},
    {414, "URI Too Long", "RFC 9110, Section 15.5.15", status_class::client_error,
     media_type::problem_json, true},
    {415, "Unsupported Media Type", "RFC 9110, Section 15.5.16", status_class::client_error,
     media_type::problem_json, true},
    {416, "Range Not Satisfiable", "RFC 9110, Section 15.5.17", status_class::client_error,
     media_type::problem_json, true},
    {417, "Expectation Failed", "RFC 9110, Section 15.5.18", status_class::client_error,
     media_type::problem_json, true},
    {418, "(Unused)", "RFC 9110, Section 15.5.19", status_class::client_error,
     media_type::problem_json, true},
    {421, "Misdirected Request", "RFC 9110, Section 15.5.20", status_class::client_error,
     media_type::problem_json, true},
    {422, "Unprocessable Content", "RFC 9110, Section 15.5.21", status_class::client_error,
     media_type::problem_json, true},
    {423, "Locked", "RFC 4918, Section 11.3", status_class::client_error, media_type::problem_json,
     true},
    {424, "Failed Dependency", "RFC 4918, Section 11.4", status_class::client_error,
     media_type::problem_json, true},
    {425, "Too Early", "RFC 8470, Section 5.2", status_class::client_error,
     media_type::problem_json, true},
    {426, "Upgrade Required", "RFC 9110, Section 15.5.22", status_class::client_error,
     media_type::problem_json, true},
    {428, "Precondition Required", "RFC 6585, Section 3", status_class::client_error,
     media_type::problem_json, true},
    {429, "Too Many Requests", "RFC 6585, Section 4", status_class::client_error,
     media_type::problem_json, true},
    {431, "Request Header Fields Too Large", "RFC 6585, Section 5", status_class::client_error,
     media_type::problem_json, true},
    {451, "Unavailable For Legal Reasons", "RFC 7725, Section 3", status_class::client_error,
     media_type::problem_json, true},
    {500, "Internal Server Error", "RFC 9110, Section 15.6.1", status_class::server_error,
     media_type::problem_json, true},
    {501, "Not Implemented", "RFC 9110, Section 15.6.2", status_class::server_error,
     media_type::problem_json, true},
    {502, "Bad Gateway", "RFC 9110, Section 15.6.3", status_class::server_error,
     media_type::problem_json, true},
    {503, "Service Unavailable", "RFC 9110, Section 15.6.4", status_class::server_error,
     media_type::problem_json, true},
    {504, "Gateway Timeout", "RFC 9110, Section 15.6.5", status_class::server_error,
     media_type::problem_json, true},
    {505, "HTTP Version Not Supported", "RFC 9110, Section 15.6.6", status_class::server_error,
     media_type::problem_json, true},
    {506, "Variant Also Negotiates", "RFC 2295, Section 8.1", status_class::server_error,
     media_type::problem_json, true},
    {507, "Insufficient Storage", "RFC 4918, Section 11.5", status_class::server_error,
     media_type::problem_json, true},
    {508, "Loop Detected", "RFC 5842, Section 7.2", status_class::server_error,
     media_type::problem_json, true},
    {510, "Not Extended (OBSOLETED)", "RFC 2774, Section 7", status_class::server_error,
     media_type::problem_json, true},
    {511, "Network Authentication Required", "RFC 6585, Section 6", status_class::server_error,
     media_type::problem_json, true},
};

inline constexpr std::size_t status_count = sizeof(status_table) / sizeof(status_table[0]);
inline constexpr int min_status = 100;
inline constexpr int max_status = 599;
inline constexpr std::uint8_t no_row = 0xFF;

struct status_index {
  std::uint8_t row[max_status - min_status + 1];
};

constexpr status_index make_status_index() noexcept {
  status_index index{};
  for (auto& slot : index.row)
    slot = no_row;
  for (std::size_t i = 0; i < status_count; ++i) {
    index.row[status_table[i].code - min_status] = static_cast<std::uint8_t>(i);
  }
  return index;
}

inline constexpr status_index status_rows = make_status_index();

}  // namespace detail

[[nodiscard]] constexpr std::uint16_t to_code(status s) noexcept {
  return static_cast<std::uint16_t>(s);
}

// RFC 9110 §15: a status code is a three-digit integer from 100 to 599.
[[nodiscard]] constexpr bool is_valid_status(int code) noexcept {
  return code >= detail::min_status && code <= detail::max_status;
}

// The registry entry of an IANA-assigned code; nullptr for any other code.
[[nodiscard]] constexpr const status_info* find_status(int code) noexcept {
  if (!is_valid_status(code)) return nullptr;
  const std::uint8_t row = detail::status_rows.row[code - detail::min_status];
  return row == detail::no_row ? nullptr : &detail::status_table[row];
}

// Whether IANA assigned the code. Prefer it to `find_status(c) != nullptr` in a
// static_assert: gcc 12 warns there (-Waddress) that a table address is never null.
[[nodiscard]] constexpr bool is_assigned(int code) noexcept {
  return is_valid_status(code) &&
         detail::status_rows.row[code - detail::min_status] != detail::no_row;
}

[[nodiscard]] constexpr const status_info* find_status(status s) noexcept {
  return find_status(static_cast<int>(s));
}

// RFC 9110 §15: a recipient must treat an unrecognized code as the x00 code of
// its class. nullptr only for codes outside 100-599, which have no class.
[[nodiscard]] constexpr const status_info* resolve_status(int code) noexcept {
  if (const status_info* info = find_status(code)) return info;
  return is_valid_status(code) ? find_status(code / 100 * 100) : nullptr;
}

// The IANA reason phrase; "" unless the code is assigned (never a guess).
[[nodiscard]] constexpr std::string_view reason_phrase(int code) noexcept {
  const status_info* info = find_status(code);
  return info != nullptr ? info->title : std::string_view{};
}

[[nodiscard]] constexpr std::string_view reason_phrase(status s) noexcept {
  return reason_phrase(static_cast<int>(s));
}

[[nodiscard]] constexpr bool is_informational(int code) noexcept {
  return code >= 100 && code <= 199;
}
[[nodiscard]] constexpr bool is_success(int code) noexcept {
  return code >= 200 && code <= 299;
}
[[nodiscard]] constexpr bool is_redirection(int code) noexcept {
  return code >= 300 && code <= 399;
}
[[nodiscard]] constexpr bool is_client_error(int code) noexcept {
  return code >= 400 && code <= 499;
}
[[nodiscard]] constexpr bool is_server_error(int code) noexcept {
  return code >= 500 && code <= 599;
}
[[nodiscard]] constexpr bool is_error(int code) noexcept {
  return code >= 400 && code <= 599;
}

[[nodiscard]] constexpr bool is_informational(status s) noexcept {
  return is_informational(static_cast<int>(s));
}
[[nodiscard]] constexpr bool is_success(status s) noexcept {
  return is_success(static_cast<int>(s));
}
[[nodiscard]] constexpr bool is_redirection(status s) noexcept {
  return is_redirection(static_cast<int>(s));
}
[[nodiscard]] constexpr bool is_client_error(status s) noexcept {
  return is_client_error(static_cast<int>(s));
}
[[nodiscard]] constexpr bool is_server_error(status s) noexcept {
  return is_server_error(static_cast<int>(s));
}
[[nodiscard]] constexpr bool is_error(status s) noexcept {
  return is_error(static_cast<int>(s));
}

// RFC 9110 §6.4.1: 1xx, 204 and 304 never have content; §15.3.6: 205 must not.
// Holds for unassigned codes too, by their class.
[[nodiscard]] constexpr bool allows_body(int code) noexcept {
  return is_valid_status(code) && !is_informational(code) && code != 204 && code != 205 &&
         code != 304;
}

// The convention's body type for any valid code ("" where no body is allowed or
// the code is invalid): HAL for 2xx and 3xx, problem details for 4xx and 5xx.
[[nodiscard]] constexpr std::string_view default_content_type(int code) noexcept {
  if (!allows_body(code)) return detail::no_body;
  return is_error(code) ? media_type::problem_json : media_type::hal_json;
}

// Every registry entry in code order, for iteration: `for (auto& s : all_statuses())`.
struct status_range {
  const status_info* first;
  const status_info* last;
  [[nodiscard]] constexpr const status_info* begin() const noexcept { return first; }
  [[nodiscard]] constexpr const status_info* end() const noexcept { return last; }
  [[nodiscard]] constexpr std::size_t size() const noexcept {
    return static_cast<std::size_t>(last - first);
  }
};

[[nodiscard]] constexpr status_range all_statuses() noexcept {
  return {detail::status_table, detail::status_table + detail::status_count};
}

}  // namespace envelope

#endif  // ENVELOPE_HTTP_STATUS_HPP

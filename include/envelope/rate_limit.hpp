#ifndef ENVELOPE_RATE_LIMIT_HPP
#define ENVELOPE_RATE_LIMIT_HPP

// The RateLimit-Policy and RateLimit fields of draft-ietf-httpapi-ratelimit-headers
// (written against draft -09; drafts -10 and -11 keep this syntax): Structured
// Fields Lists whose items name a policy and carry its numbers as parameters.
//
//   RateLimit-Policy: "default";q=100;w=60      100 requests per 60 s
//   RateLimit: "default";r=50;t=30              50 left, window resets in 30 s
//
// A service sends both on successes, and on the 429 beside Retry-After (RFC 6585
// §4). The draft is not an RFC yet: names and parameters may still change. No
// nlohmann/json here.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>
#include <envelope/message.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace envelope {

// A RateLimit or RateLimit-Policy value that parses as Structured Fields but
// breaks the draft: a missing or negative q or r, a parameter of the wrong type.
// index() is the list member (from 0) that is wrong. Syntax errors throw
// sf::parse_error, with the byte offset.
class rate_limit_error : public detail::error_with<std::runtime_error> {
 public:
  rate_limit_error(std::size_t index, const std::string& problem);
  [[nodiscard]] std::size_t index() const noexcept { return index_; }

 private:
  std::size_t index_;
};

// A Quota Policy Item of RateLimit-Policy.
struct quota_policy {
  std::string name;                          // the item: the policy's identifier
  std::int64_t quota = 0;                    // q: quota units allowed in the window
  std::optional<std::int64_t> window;        // w: the window, in seconds
  std::optional<std::string> quota_unit;     // qu: "requests" (the default), "content-bytes",
                                             //     "concurrent-requests"
  std::optional<std::string> partition_key;  // pk: bytes naming the client's partition

  friend bool operator==(const quota_policy& a, const quota_policy& b) {
    return a.name == b.name && a.quota == b.quota && a.window == b.window &&
           a.quota_unit == b.quota_unit && a.partition_key == b.partition_key;
  }
  friend bool operator!=(const quota_policy& a, const quota_policy& b) { return !(a == b); }
};

// A Service Limit Item of RateLimit: where the client stands in one policy.
struct service_limit {
  std::string name;                          // the policy it reports on
  std::int64_t remaining = 0;                // r: quota units left
  std::optional<std::int64_t> reset;         // t: seconds until the quota is restored
  std::optional<std::string> partition_key;  // pk

  friend bool operator==(const service_limit& a, const service_limit& b) {
    return a.name == b.name && a.remaining == b.remaining && a.reset == b.reset &&
           a.partition_key == b.partition_key;
  }
  friend bool operator!=(const service_limit& a, const service_limit& b) { return !(a == b); }
};

// Field values. Throw argument_error for an empty list, a negative number, or
// what Structured Fields cannot write (a name with control characters).
[[nodiscard]] std::string format_rate_limit_policy(const std::vector<quota_policy>& policies);
[[nodiscard]] std::string format_rate_limit(const std::vector<service_limit>& limits);

// Read back through the Structured Fields parser; unknown parameters are ignored,
// as the draft asks. Throw sf::parse_error or rate_limit_error.
[[nodiscard]] std::vector<quota_policy> parse_rate_limit_policy(std::string_view field_value);
[[nodiscard]] std::vector<service_limit> parse_rate_limit(std::string_view field_value);

// Sets both fields on a response (a success, or the 429 from too_many_requests()).
void set_rate_limit(response& r, const std::vector<quota_policy>& policies,
                    const std::vector<service_limit>& limits);

// The common case: one policy of `quota` requests per `window`, `remaining` left,
// restored in `reset`.
void set_rate_limit(response& r, std::string_view policy, std::int64_t quota,
                    std::chrono::seconds window, std::int64_t remaining,
                    std::chrono::seconds reset);

// A response's fields, all field lines of each joined; empty when absent.
[[nodiscard]] std::vector<quota_policy> rate_limit_policies_of(const response& r);
[[nodiscard]] std::vector<service_limit> rate_limits_of(const response& r);

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/rate_limit.ipp>
#endif

#endif  // ENVELOPE_RATE_LIMIT_HPP

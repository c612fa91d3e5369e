#ifndef ENVELOPE_IMPL_RATE_LIMIT_IPP
#define ENVELOPE_IMPL_RATE_LIMIT_IPP

#include <envelope/rate_limit.hpp>

#include <envelope/detail/ascii.hpp>
#include <envelope/structured_fields.hpp>

namespace envelope {

ENVELOPE_INLINE rate_limit_error::rate_limit_error(std::size_t index, const std::string& problem)
    : error_with("RateLimit field: member " + std::to_string(index) + ": " + problem),
      index_(index) {}

namespace detail::rate {

inline std::int64_t non_negative(std::int64_t value, const char* what) {
  if (value < 0) throw argument_error(std::string("rate limit: ") + what + " is negative");
  return value;
}

inline std::string serialized(const sf::list& l) {
  try {
    return sf::serialize(l);
  } catch (const sf::serialize_error& e) {
    throw argument_error(std::string("rate limit: ") + e.what());
  }
}

// The policy name: a String or, as the draft also allows, a Token.
inline std::string name_of(const sf::member& m, std::size_t index, const sf::item*& out) {
  out = std::get_if<sf::item>(&m);
  if (out == nullptr) throw rate_limit_error(index, "an inner list, not a policy item");
  if (const auto* s = out->value.get_if<std::string>()) return *s;
  if (const auto* t = out->value.get_if<sf::token>()) return t->value;
  throw rate_limit_error(index, "the policy is named by a String or a Token");
}

inline std::optional<std::int64_t> integer_param(const sf::item& i, std::string_view key,
                                                 std::size_t index) {
  const sf::bare_item* value = i.params.find(key);
  if (value == nullptr) return std::nullopt;
  const auto* n = value->get_if<std::int64_t>();
  if (n == nullptr || *n < 0) {
    throw rate_limit_error(index, "\"" + std::string(key) + "\" is not a non-negative Integer");
  }
  return *n;
}

inline std::optional<std::string> bytes_param(const sf::item& i, std::size_t index) {
  const sf::bare_item* value = i.params.find("pk");
  if (value == nullptr) return std::nullopt;
  const auto* b = value->get_if<sf::byte_sequence>();
  if (b == nullptr) throw rate_limit_error(index, "\"pk\" is not a Byte Sequence");
  return b->bytes;
}

inline std::string joined_fields(const response& r, std::string_view name) {
  std::string joined;
  for (const auto& [field, value] : r.headers) {
    if (!iequals(field, name)) continue;
    if (!joined.empty()) joined += ", ";
    joined += value;
  }
  return joined;
}

}  // namespace detail::rate

ENVELOPE_INLINE std::string format_rate_limit_policy(const std::vector<quota_policy>& policies) {
  using namespace detail::rate;
  if (policies.empty()) throw argument_error("format_rate_limit_policy: no policies");
  sf::list l;
  for (const auto& p : policies) {
    sf::item i{p.name};
    i.with_param("q", non_negative(p.quota, "q"));
    if (p.quota_unit) i.with_param("qu", *p.quota_unit);
    if (p.window) i.with_param("w", non_negative(*p.window, "w"));
    if (p.partition_key) i.with_param("pk", sf::byte_sequence{*p.partition_key});
    l.emplace_back(std::move(i));
  }
  return serialized(l);
}

ENVELOPE_INLINE std::string format_rate_limit(const std::vector<service_limit>& limits) {
  using namespace detail::rate;
  if (limits.empty()) throw argument_error("format_rate_limit: no limits");
  sf::list l;
  for (const auto& s : limits) {
    sf::item i{s.name};
    i.with_param("r", non_negative(s.remaining, "r"));
    if (s.reset) i.with_param("t", non_negative(*s.reset, "t"));
    if (s.partition_key) i.with_param("pk", sf::byte_sequence{*s.partition_key});
    l.emplace_back(std::move(i));
  }
  return serialized(l);
}

ENVELOPE_INLINE std::vector<quota_policy> parse_rate_limit_policy(std::string_view field_value) {
  using namespace detail::rate;
  std::vector<quota_policy> out;
  const sf::list l = sf::parse_list(field_value);
  for (std::size_t index = 0; index < l.size(); ++index) {
    const sf::item* i = nullptr;
    quota_policy p;
    p.name = name_of(l[index], index, i);
    const auto q = integer_param(*i, "q", index);
    if (!q) throw rate_limit_error(index, "a quota policy needs \"q\"");
    p.quota = *q;
    p.window = integer_param(*i, "w", index);
    if (const sf::bare_item* qu = i->params.find("qu")) {
      const auto* unit = qu->get_if<std::string>();
      if (unit == nullptr) throw rate_limit_error(index, "\"qu\" is not a String");
      p.quota_unit = *unit;
    }
    p.partition_key = bytes_param(*i, index);
    out.push_back(std::move(p));
  }
  return out;
}

ENVELOPE_INLINE std::vector<service_limit> parse_rate_limit(std::string_view field_value) {
  using namespace detail::rate;
  std::vector<service_limit> out;
  const sf::list l = sf::parse_list(field_value);
  for (std::size_t index = 0; index < l.size(); ++index) {
    const sf::item* i = nullptr;
    service_limit s;
    s.name = name_of(l[index], index, i);
    const auto r = integer_param(*i, "r", index);
    if (!r) throw rate_limit_error(index, "a service limit needs \"r\"");
    s.remaining = *r;
    s.reset = integer_param(*i, "t", index);
    s.partition_key = bytes_param(*i, index);
    out.push_back(std::move(s));
  }
  return out;
}

ENVELOPE_INLINE void set_rate_limit(response& r, const std::vector<quota_policy>& policies,
                                    const std::vector<service_limit>& limits) {
  std::string policy_value = format_rate_limit_policy(policies);
  std::string limit_value = format_rate_limit(limits);
  r.set_header("RateLimit-Policy", std::move(policy_value));
  r.set_header("RateLimit", std::move(limit_value));
}

ENVELOPE_INLINE void set_rate_limit(response& r, std::string_view policy, std::int64_t quota,
                                    std::chrono::seconds window, std::int64_t remaining,
                                    std::chrono::seconds reset) {
  quota_policy p;
  p.name = std::string(policy);
  p.quota = quota;
  p.window = window.count();
  service_limit s;
  s.name = p.name;
  s.remaining = remaining;
  s.reset = reset.count();
  set_rate_limit(r, {p}, {s});
}

ENVELOPE_INLINE std::vector<quota_policy> rate_limit_policies_of(const response& r) {
  return parse_rate_limit_policy(detail::rate::joined_fields(r, "RateLimit-Policy"));
}

ENVELOPE_INLINE std::vector<service_limit> rate_limits_of(const response& r) {
  return parse_rate_limit(detail::rate::joined_fields(r, "RateLimit"));
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_RATE_LIMIT_IPP

#ifndef ENVELOPE_IMPL_DEPRECATION_IPP
#define ENVELOPE_IMPL_DEPRECATION_IPP

#include <envelope/deprecation.hpp>

#include <envelope/http_date.hpp>
#include <envelope/structured_fields.hpp>
#include <envelope/web_linking.hpp>

#include <cstdint>

namespace envelope {

namespace detail {

[[nodiscard]] inline std::int64_t epoch_seconds(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

}  // namespace detail

ENVELOPE_INLINE void deprecate(response& r, std::chrono::system_clock::time_point when,
                               std::string_view documentation) {
  const std::int64_t seconds = detail::epoch_seconds(when);
  if (const auto retired = sunset_of(r); retired && detail::epoch_seconds(*retired) < seconds) {
    throw argument_error("deprecate: the response's Sunset is earlier than the deprecation");
  }
  std::string value = sf::serialize(sf::item{sf::date{seconds}});
  std::string link;
  if (!documentation.empty()) {
    link = format_link_header({web_link(std::string(documentation), "deprecation")});
  }
  r.set_header("Deprecation", std::move(value));
  if (!link.empty()) r.add_header("Link", std::move(link));
}

ENVELOPE_INLINE void sunset(response& r, std::chrono::system_clock::time_point when,
                            std::string_view documentation) {
  if (const auto deprecated = deprecation_of(r);
      deprecated && detail::epoch_seconds(when) < detail::epoch_seconds(*deprecated)) {
    throw argument_error("sunset: the time is earlier than the response's Deprecation");
  }
  std::string value = http_date(when);
  std::string link;
  if (!documentation.empty()) {
    link = format_link_header({web_link(std::string(documentation), "sunset")});
  }
  r.set_header("Sunset", std::move(value));
  if (!link.empty()) r.add_header("Link", std::move(link));
}

ENVELOPE_INLINE std::optional<std::chrono::system_clock::time_point> parse_deprecation(
    std::string_view value) {
  try {
    const sf::item item = sf::parse_item(value);
    const auto* d = item.value.get_if<sf::date>();
    // Dates a time_point cannot hold (beyond about 292 years for nanosecond clocks).
    constexpr auto limit =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::duration::max())
            .count();
    if (d == nullptr || d->seconds >= limit || d->seconds <= -limit) return std::nullopt;
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(d->seconds)));
  } catch (const sf::parse_error&) {
    return std::nullopt;
  }
}

ENVELOPE_INLINE std::optional<std::chrono::system_clock::time_point> deprecation_of(
    const response& r) {
  const auto value = r.header("Deprecation");
  if (!value) return std::nullopt;
  return parse_deprecation(*value);
}

ENVELOPE_INLINE std::optional<std::chrono::system_clock::time_point> sunset_of(const response& r) {
  const auto value = r.header("Sunset");
  if (!value) return std::nullopt;
  return parse_http_date(*value);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_DEPRECATION_IPP

// Included only from <envelope/request.hpp>.
#ifndef ENVELOPE_IMPL_REQUEST_HPP
#define ENVELOPE_IMPL_REQUEST_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace envelope {

namespace detail {

// Out of line (request.ipp): they build problems, which the template need not see.
[[noreturn]] void throw_not_json_media_type(std::string_view content_type);
[[noreturn]] void throw_body_too_large(std::size_t size, std::size_t limit);

}  // namespace detail

template <class Json>
Json read_json_body(std::string_view content_type, std::string_view body,
                    const request_limits& limits) {
  if (!is_json_media_type(content_type)) detail::throw_not_json_media_type(content_type);
  if (body.size() > limits.body_limit) detail::throw_body_too_large(body.size(), limits.body_limit);
  return parse_request_json<Json>(body, limits.max_depth);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_REQUEST_HPP

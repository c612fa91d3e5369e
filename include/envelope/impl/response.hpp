// Included only from <envelope/response.hpp>.
#ifndef ENVELOPE_IMPL_RESPONSE_HPP
#define ENVELOPE_IMPL_RESPONSE_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace envelope {

namespace detail {

// JSON text read with the limits every body needs, request or response: well
// formed, numbers a double can hold, at most depth_limit levels. nlohmann parses
// deep text without recursion, but copying, comparing and dumping the result
// recurse once per level, so depth is refused while parsing. Throws
// response_parse_error; its message names the text as `what` ("the body", "the
// document") and quotes nothing of nlohmann's. envelope-lint reads with it too.
template <class Json = nlohmann::json>
[[nodiscard]] Json parse_json_text(std::string_view body, std::size_t depth_limit,
                                   std::string_view what = "the body") {
  struct too_deep {};
  try {
    return Json::parse(body, [depth_limit](int depth, typename Json::parse_event_t, Json&) {
      if (static_cast<std::size_t>(depth) > depth_limit) throw too_deep{};
      return true;
    });
  } catch (const too_deep&) {
    throw response_parse_error(std::string(what) + " nests deeper than " +
                               std::to_string(depth_limit) + " levels");
  } catch (const typename Json::parse_error& e) {
    // nlohmann counts bytes from 1; every offset of this library counts from 0.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    throw response_parse_error(
        std::string(what) + " is not JSON: syntax error at byte " + std::to_string(offset), offset);
  } catch (const typename Json::exception&) {
    // A number no double holds (1e309) is out_of_range.406, not a parse_error.
    throw response_parse_error(std::string(what) +
                               " is not usable JSON: it holds a number too large for a double");
  }
}

}  // namespace detail

template <class Json>
Json parse_request_json(std::string_view body, std::size_t max_depth) {
  try {
    return detail::parse_json_text<Json>(body, max_depth);
  } catch (const response_parse_error& e) {
    std::string what = e.what();  // "the body ...", a sentence once capitalized
    if (!what.empty() && what[0] >= 'a' && what[0] <= 'z')
      what[0] = static_cast<char>(what[0] - 'a' + 'A');
    throw problem_exception(
        problem::validation_failed({validation_error::titled("invalid_json", what + ".")})
            .with_detail("The body is not well-formed JSON."));
  }
}

template <class Json>
parsed_response parse_response(int status, std::string_view content_type, std::string_view body,
                               const parse_options& options) {
  if (!is_valid_status(status)) {
    throw response_parse_error(
        detail::rule_message(response_rule::status_out_of_range, {status, {}, {}, 0}));
  }
  parsed_response out;
  out.status = status;
  if (body.empty()) return out;
  if (!allows_body(status)) {
    throw response_parse_error(
        detail::rule_message(response_rule::body_not_allowed, {status, {}, {}, body.size()}));
  }
  if (content_type.empty()) {
    throw response_parse_error(
        "the body has no Content-Type, so it is neither HAL nor problem "
        "details");
  }
  const auto media = media_type::parse_detailed(content_type);
  if (!media) {
    throw response_parse_error("Content-Type \"" + std::string(content_type) +
                                   "\" is malformed: " + std::string(media.message()),
                               media.offset);
  }
  if (!media.value->is_json()) {
    throw response_parse_error("Content-Type " + media.value->essence() +
                               " is neither HAL nor problem details (a JSON type was expected)");
  }
  const std::size_t depth_limit = options.max_depth < 32 ? 256 : 8 * options.max_depth;
  Json document = detail::parse_json_text<Json>(body, depth_limit);
  const bool problem_type =
      media.value->type == "application" && media.value->subtype == "problem+json";
  if (problem_type || is_error(status)) {
    if (!document.is_object()) {
      throw response_parse_error("problem details must be a JSON object (RFC 9457 Section 3)");
    }
    out.body = problem::parse(std::move(document));
  } else {
    out.body = resource::parse(std::move(document), options);
  }
  return out;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_RESPONSE_HPP

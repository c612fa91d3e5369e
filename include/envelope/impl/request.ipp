#ifndef ENVELOPE_IMPL_REQUEST_IPP
#define ENVELOPE_IMPL_REQUEST_IPP

#include <envelope/request.hpp>

#include <string>
#include <utility>

namespace envelope {

namespace detail {

ENVELOPE_INLINE void throw_not_json_media_type(std::string_view content_type) {
  std::string sentence = "The body must be JSON (application/json or a +json type)";
  const auto parsed = media_type::parse(content_type);
  if (content_type.empty()) {
    sentence += "; the request has no Content-Type.";
  } else if (parsed) {
    sentence += ", not " + parsed->essence() + ".";
  } else {
    sentence += "; the request's Content-Type is malformed.";
  }
  // RFC 9110 §15.5.16: the Accept field of a 415 names what would have been taken.
  throw problem_exception(problem::from_status(415).with_detail(std::move(sentence)),
                          {{"Accept", "application/json, application/*+json"}});
}

ENVELOPE_INLINE void throw_body_too_large(std::size_t size, std::size_t limit) {
  throw problem_exception(problem::from_status(413).with_detail(
      "The body is " + std::to_string(size) + " bytes; this server accepts at most " +
      std::to_string(limit) + "."));
}

}  // namespace detail

ENVELOPE_INLINE void require_acceptable(std::string_view accept, std::string_view offered) {
  if (negotiate(accept, {offered, media_type::json})) return;
  throw problem_exception(problem::from_status(406).with_detail(
      "This resource is available as " + std::string(offered) + " or " +
      std::string(media_type::json) + "."));
}

ENVELOPE_INLINE response framework_error(framework_failure kind,
                                         const std::vector<std::string>& allowed, std::size_t limit,
                                         const response_options& options) {
  const auto at_most = [limit](std::string_view what) {
    std::string sentence(what);
    if (limit != 0) sentence += " (at most " + std::to_string(limit) + " bytes)";
    return sentence + ".";
  };
  switch (kind) {
    case framework_failure::no_route:
      return not_found("No resource exists at this path.", options);
    case framework_failure::method_not_allowed:
      return method_not_allowed(
          allowed,
          allowed.empty()
              ? "This resource supports no request method at the moment."
              : "This resource does not support the request method; Allow lists those it does.",
          options);
    case framework_failure::unknown_method:
      return not_implemented("The server does not support the request method for any resource.",
                             options);
    case framework_failure::malformed:
      return error_response(400, "The request is not a well-formed HTTP/1.1 request.", options);
    case framework_failure::uri_too_long:
      return error_response(414, at_most("The request target is longer than the server accepts"),
                            options);
    case framework_failure::header_fields_too_large:
      return error_response(431, at_most("The header fields are larger than the server accepts"),
                            options);
    case framework_failure::body_too_large:
      return content_too_large(std::nullopt, at_most("The body is larger than the server accepts"),
                               options);
    case framework_failure::read_timeout: {
      response r = error_response(
          408, "The request did not arrive in full before the server stopped waiting.", options);
      r.add_header("Connection", "close");
      return r;
    }
  }
  return error_response(400, {}, options);
}

ENVELOPE_INLINE response exception_response(std::exception_ptr error, const error_log& log,
                                            std::string_view request,
                                            const response_options& options) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const problem_exception& e) {
    const auto& details = e.details();
    if (details.status) {
      try {
        return make_response(e, options);
      } catch (const envelope::error&) {
        // A status make_response refuses: a fault of the service, logged below.
      }
    }
  } catch (...) {
  }
  if (log) {
    try {
      log(error, request);
    } catch (...) {
    }
  }
  return internal_server_error(options);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_REQUEST_IPP

#ifndef ENVELOPE_ADAPTERS_HTTPLIB_HPP
#define ENVELOPE_ADAPTERS_HTTPLIB_HPP

// Translates an envelope::response into a cpp-httplib response, and reads what
// the envelope needs from a cpp-httplib request. Nothing else: the status, the
// fields and the body are the envelope's. Inline throughout, with no impl/ files:
// an adapter is compiled where its framework is, in both build modes.
//
// What cpp-httplib (checked with 0.11.4) does on the wire regardless: it writes
// its own reason phrase (httplib::detail::status_message, e.g. "Unprocessable
// Entity" for 422; Response::reason is ignored), sorts the fields by name (fields
// of one name keep their order), adds Keep-Alive or Connection, and sends
// "Content-Length: 0" with every empty body, 204 and 304 included.

#include <envelope/detail/ascii.hpp>
#include <envelope/message.hpp>

#include <httplib.h>

#include <string>
#include <utility>

namespace envelope::adapters {

// Fills `out` from `from`, after check_response (so a hand-built response with
// CR or LF in a value is refused here rather than silently dropped or sent).
// Fields whose names the envelope carries replace `out`'s fields of those names;
// other fields already on `out` (set by a pre-routing handler, say) are kept.
inline void to_httplib(const response& from, httplib::Response& out) {
  check_response(from);
  for (const auto& field : from.headers)
    out.headers.erase(field.first);
  // Content-Type always goes through set_content, and is erased first: set_header
  // appends, and an empty Content-Type would make httplib add "text/plain".
  out.headers.erase("Content-Type");
  const auto content_type = from.header("Content-Type");
  for (const auto& field : from.headers) {
    if (!envelope::detail::iequals(field.first, "Content-Type")) out.headers.emplace(field);
  }
  out.status = from.status;
  if (content_type) {
    out.set_content(from.body, std::string(*content_type));
  } else {
    out.body = from.body;
  }
}

// The request's Accept fields as one list (RFC 9110 §5.3: several fields of one
// name are one comma-separated value); empty when the request sent none.
[[nodiscard]] inline std::string accept_header(const httplib::Request& request) {
  std::string joined;
  const auto [first, last] = request.headers.equal_range("Accept");
  for (auto it = first; it != last; ++it) {
    if (it->second.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += it->second;
  }
  return joined;
}

}  // namespace envelope::adapters

#endif  // ENVELOPE_ADAPTERS_HTTPLIB_HPP

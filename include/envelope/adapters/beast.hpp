#ifndef ENVELOPE_ADAPTERS_BEAST_HPP
#define ENVELOPE_ADAPTERS_BEAST_HPP

// Translates an envelope::response into a Boost.Beast message, and reads what
// the envelope needs from a Beast request. Nothing else: the status, the fields
// and the body are the envelope's. Keep-alive is the caller's: call
// keep_alive(request.keep_alive()) on the result, as Beast's examples do. Inline
// throughout, with no impl/ files: an adapter is compiled where its framework is.

#include <envelope/message.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <string_view>

namespace envelope::adapters {

// `version` is Beast's: 11 for HTTP/1.1, 10 for HTTP/1.0. Throws response_error
// when check_response does: Beast would otherwise send a value with CR or LF.
[[nodiscard]] inline boost::beast::http::response<boost::beast::http::string_body> to_beast(
    const response& from, unsigned version = 11) {
  check_response(from);
  const auto view = [](std::string_view text) noexcept {
    return boost::beast::string_view(text.data(), text.size());
  };
  boost::beast::http::response<boost::beast::http::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(from.status));
  // Beast's own phrases are RFC 7231's ("Unprocessable Entity" for 422); ours
  // are the IANA registry's. An unassigned code gets its class's x00 phrase.
  out.reason(view(from.reason()));
  // Fields of one name keep their order; Beast puts each after the last field of
  // its name, which RFC 9110 §5.3 allows.
  for (const auto& field : from.headers)
    out.insert(view(field.first), view(field.second));
  out.body() = from.body;
  // RFC 9110 §8.6: no Content-Length in a 1xx or 204, and in a 304 it would
  // describe the 200's content, which this message does not carry; Beast's
  // prepare_payload would write "Content-Length: 0" there. A 205 keeps it, since
  // RFC 9112 §6.3 frames a 205 like any other response.
  const bool framed_without_body =
      (from.status >= 100 && from.status < 200) || from.status == 204 || from.status == 304;
  if (!framed_without_body) out.prepare_payload();
  return out;
}

// The request's Accept fields as one list (RFC 9110 §5.3: several fields of one
// name are one comma-separated value); empty when the request sent none.
template <class Body, class Fields>
[[nodiscard]] std::string accept_header(const boost::beast::http::request<Body, Fields>& request) {
  std::string joined;
  const auto range = request.equal_range(boost::beast::http::field::accept);
  for (auto it = range.first; it != range.second; ++it) {
    const auto value = it->value();
    if (value.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined.append(value.data(), value.size());
  }
  return joined;
}

}  // namespace envelope::adapters

#endif  // ENVELOPE_ADAPTERS_BEAST_HPP

// Included only from <envelope/response.hpp>.
#ifndef ENVELOPE_IMPL_RESPONSE_HPP
#define ENVELOPE_IMPL_RESPONSE_HPP

#include <envelope/impl/typed_reader.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

namespace detail {

// Builds the DOM from nlohmann's SAX events, as nlohmann's own parser does, and
// counts the arrays and objects open: one too many stops the parse at once. A
// parse callback would do the same at a quarter more than the plain parse (it
// is called for every value); counting here costs nothing measurable. The whole
// document is one value kept as JSON, built by sax_reader_base.
template <class Json>
class bounded_dom_builder : public sax_reader_base<Json> {
  using base = sax_reader_base<Json>;

 public:
  bounded_dom_builder(Json& root, std::size_t depth_limit) : base(depth_limit), root_(root) {}

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(typename Json::number_integer_t value) { return put(value); }
  bool number_unsigned(typename Json::number_unsigned_t value) { return put(value); }
  bool number_float(typename Json::number_float_t value, const typename Json::string_t&) {
    return put(value);
  }
  // Strings and names are copied, as nlohmann copies them: moving would take
  // the lexer's buffer, which then grows again for each long string.
  bool string(typename Json::string_t& value) { return put(value); }
  bool binary(typename Json::binary_t& value) { return put(value); }
  bool start_object(std::size_t) { return open(Json::value_t::object); }
  bool key(typename Json::string_t& name) {
    this->raw_key(name);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Json::value_t::array); }
  bool end_array() { return close(); }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& error) {
    throw error;
  }

  [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }

 private:
  template <class Value>
  bool put(Value&& value) {
    if (this->in_raw()) {
      this->raw_put(std::forward<Value>(value));
    } else {
      this->raw_scalar(root_, std::forward<Value>(value));
    }
    return true;
  }
  bool open(typename Json::value_t kind) {
    too_deep_ = !(this->in_raw() ? this->raw_start(kind) : this->raw_open(root_, kind));
    return !too_deep_;
  }
  bool close() {
    this->raw_end();
    return true;
  }

  Json& root_;
  bool too_deep_ = false;
};

// JSON text read with the limits every body needs, request or response: well
// formed, numbers a double can hold, at most depth_limit arrays and objects
// nested (the outermost counts one). nlohmann parses deep text without
// recursion, but copying, comparing and dumping the result recurse once per
// level, so depth is refused while parsing. Throws response_parse_error; its
// message names the text as `what` ("the body", "the document") and quotes
// nothing of nlohmann's. envelope-lint reads with it too.
template <class Json = nlohmann::json>
[[nodiscard]] Json parse_json_text(std::string_view body, std::size_t depth_limit,
                                   std::string_view what = "the body") {
  Json document;
  try {
    bounded_dom_builder<Json> builder(document, depth_limit);
    if (!Json::sax_parse(body, &builder) && builder.too_deep()) {
      throw response_parse_error(std::string(what) + " nests deeper than " +
                                 std::to_string(depth_limit) + " levels");
    }
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
  return document;
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
  const bool as_problem = is_error(status) || (media.value->type == "application" &&
                                               media.value->subtype == "problem+json");
  // The typed readers take the text's events straight into a problem or a
  // resource. Whatever they leave (errors among it) the DOM path below reads.
  const auto typed = [&](auto&& reader) {
    if (!Json::sax_parse(body, &reader)) return false;
    out.body = reader.take();
    return true;
  };
  if (as_problem ? typed(detail::problem_members::typed_reader<Json>(depth_limit))
                 : typed(detail::hal_document::typed_reader<Json>(depth_limit, options))) {
    return out;
  }
  Json document = detail::parse_json_text<Json>(body, depth_limit);
  if (as_problem) {
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

#ifndef ENVELOPE_FORM_TEMPLATE_HPP
#define ENVELOPE_FORM_TEMPLATE_HPP

// HAL-FORMS (the rwcbook working draft, media type application/prs.hal-forms+json):
// the templates a resource writes under "_templates", which tell a client the method,
// the content type and the fields of the actions it may take. resource
// (<envelope/hal.hpp>, which includes this header) holds them; checking a submitted
// body against a template is in <envelope/hal_forms.hpp>, apart because it needs
// <regex>, which would add a fifth to the compile time of every user of hal.hpp.
//
// Every type here keeps what it does not model: a member it does not know, or a known
// member whose value has the wrong type ("required": "yes"), stays in `extensions` and
// is written back unchanged, so a parsed document round-trips. A typed member that is
// set wins over a raw one of the same name, as for link.

#include <envelope/detail/config.hpp>
#include <envelope/link.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace envelope {

// A property's possible values (the draft's "options"): listed inline, or at a link
// the client fetches. Both may be given; the draft has the client use the inline ones.
struct form_options {
  // "inline": an array of values, or of objects whose value_field member is the value
  // and prompt_field member the prompt. null when absent.
  nlohmann::json inline_values;
  std::optional<envelope::link> link;
  // "selectedValues": the values chosen beforehand; an array, null when absent.
  nlohmann::json selected_values;
  // "promptField" and "valueField": the member names in objects of inline_values (or of
  // what the link returns); the draft's defaults are "prompt" and "value".
  std::optional<std::string> prompt_field;
  std::optional<std::string> value_field;
  std::optional<std::uint64_t> min_items;
  std::optional<std::uint64_t> max_items;
  // Unknown members and known ones of the wrong type; an object, null for none.
  nlohmann::json extensions;

  form_options() = default;

  // Options listed inline (an array; anything else is argument_error).
  [[nodiscard]] static form_options of(nlohmann::json values);
  // Options at a link.
  [[nodiscard]] static form_options at(envelope::link where);

  form_options& with_selected_values(nlohmann::json values) &;
  form_options with_selected_values(nlohmann::json values) && {
    with_selected_values(std::move(values));
    return std::move(*this);
  }
  form_options& with_fields(std::string prompt, std::string value) &;
  form_options with_fields(std::string prompt, std::string value) && {
    with_fields(std::move(prompt), std::move(value));
    return std::move(*this);
  }
  form_options& with_items(std::optional<std::uint64_t> min,
                           std::optional<std::uint64_t> max = std::nullopt) &;
  form_options with_items(std::optional<std::uint64_t> min,
                          std::optional<std::uint64_t> max = std::nullopt) && {
    with_items(min, max);
    return std::move(*this);
  }

  // The allowed values: each element of inline_values, or its value_field member (default
  // "value") when it is an object. Empty without inline values.
  [[nodiscard]] std::vector<nlohmann::json> values() const;

  // Equal when they write the same JSON.
  friend bool operator==(const form_options& a, const form_options& b) { return equal_(a, b); }
  friend bool operator!=(const form_options& a, const form_options& b) { return !(a == b); }

 private:
  static bool equal_(const form_options& a, const form_options& b);
};

// One field of a template (the draft's "property" element).
struct form_property {
  // Required by the draft: a parsed property without a string name is a document_error.
  std::string name;
  std::optional<std::string> prompt;
  // required, readOnly, templated: anything but true reads as false; a parsed false is
  // kept raw, so that it is written back.
  bool required = false;
  bool read_only = false;
  // An HTML pattern: the whole value must match (ECMAScript syntax).
  std::optional<std::string> regex;
  // Whether value is a URI Template (RFC 6570).
  bool templated = false;
  // The value the client starts from; any JSON value, null when absent.
  nlohmann::json value;
  // "text", "number", "email", ... (HTML input types); absent means "text".
  std::optional<std::string> type;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> step;
  std::optional<std::uint64_t> min_length;
  std::optional<std::uint64_t> max_length;
  std::optional<std::string> placeholder;
  std::optional<std::uint64_t> cols;
  std::optional<std::uint64_t> rows;
  std::optional<form_options> options;
  // Unknown members and known ones of the wrong type; an object, null for none.
  nlohmann::json extensions;

  form_property() = default;
  form_property(std::string property_name);
  form_property(const char* property_name);

  // The lvalue overloads return the property, the rvalue ones a new value.
  form_property& with_prompt(std::string text) &;
  form_property with_prompt(std::string text) && {
    with_prompt(std::move(text));
    return std::move(*this);
  }
  form_property& with_required(bool yes = true) &;
  form_property with_required(bool yes = true) && {
    with_required(yes);
    return std::move(*this);
  }
  form_property& with_read_only(bool yes = true) &;
  form_property with_read_only(bool yes = true) && {
    with_read_only(yes);
    return std::move(*this);
  }
  form_property& with_regex(std::string pattern) &;
  form_property with_regex(std::string pattern) && {
    with_regex(std::move(pattern));
    return std::move(*this);
  }
  form_property& with_value(nlohmann::json v) &;
  form_property with_value(nlohmann::json v) && {
    with_value(std::move(v));
    return std::move(*this);
  }
  form_property& with_type(std::string input_type) &;
  form_property with_type(std::string input_type) && {
    with_type(std::move(input_type));
    return std::move(*this);
  }
  // Numeric bounds (min, max); either may be nullopt.
  form_property& with_range(std::optional<double> low, std::optional<double> high) &;
  form_property with_range(std::optional<double> low, std::optional<double> high) && {
    with_range(low, high);
    return std::move(*this);
  }
  form_property& with_step(double interval) &;
  form_property with_step(double interval) && {
    with_step(interval);
    return std::move(*this);
  }
  // Bounds on the length in characters (minLength, maxLength); either may be nullopt.
  form_property& with_length(std::optional<std::uint64_t> low, std::optional<std::uint64_t> high) &;
  form_property with_length(std::optional<std::uint64_t> low,
                            std::optional<std::uint64_t> high) && {
    with_length(low, high);
    return std::move(*this);
  }
  form_property& with_placeholder(std::string text) &;
  form_property with_placeholder(std::string text) && {
    with_placeholder(std::move(text));
    return std::move(*this);
  }
  form_property& with_options(form_options choices) &;
  form_property with_options(form_options choices) && {
    with_options(std::move(choices));
    return std::move(*this);
  }

  // Equal when they write the same JSON.
  friend bool operator==(const form_property& a, const form_property& b) { return equal_(a, b); }
  friend bool operator!=(const form_property& a, const form_property& b) { return !(a == b); }

 private:
  static bool equal_(const form_property& a, const form_property& b);
};

// One action (the draft's "template" element), held by a resource under a name; the
// template named "default" is the draft's default.
struct form_template {
  // The draft calls it REQUIRED but tells a client to read an empty or unknown method
  // as GET, and its own examples leave it out: a template without one parses, and
  // validate_hal_forms warns. nullopt when absent.
  std::optional<std::string> method;
  std::optional<std::string> title;
  // "contentType" of the body to send; absent means application/json.
  std::optional<std::string> content_type;
  // Where to send it; absent means the resource's "self" link.
  std::optional<std::string> target;
  std::vector<form_property> properties;
  // Unknown members and known ones of the wrong type; an object, null for none.
  nlohmann::json extensions;

  form_template() = default;
  explicit form_template(std::string http_method);

  form_template& with_title(std::string text) &;
  form_template with_title(std::string text) && {
    with_title(std::move(text));
    return std::move(*this);
  }
  form_template& with_content_type(std::string media_type) &;
  form_template with_content_type(std::string media_type) && {
    with_content_type(std::move(media_type));
    return std::move(*this);
  }
  form_template& with_target(std::string uri) &;
  form_template with_target(std::string uri) && {
    with_target(std::move(uri));
    return std::move(*this);
  }
  form_template& add_property(form_property property) &;
  form_template add_property(form_property property) && {
    add_property(std::move(property));
    return std::move(*this);
  }

  // The property of that name, or nullptr.
  [[nodiscard]] const form_property* find_property(std::string_view property_name) const;

  // Equal when they write the same JSON.
  friend bool operator==(const form_template& a, const form_template& b) { return equal_(a, b); }
  friend bool operator!=(const form_template& a, const form_template& b) { return !(a == b); }

 private:
  static bool equal_(const form_template& a, const form_template& b);
};

static_assert(std::is_nothrow_move_constructible_v<form_options>);
static_assert(std::is_nothrow_move_constructible_v<form_property>);
static_assert(std::is_nothrow_move_constructible_v<form_template>);
static_assert(std::is_nothrow_move_assignable_v<form_template>);

// ADL conversions, for nlohmann::ordered_json too. Reading is strict where the draft
// says REQUIRED (a document_error with the pointer of the member, relative to the
// value read) and keeps everything else.
template <class BasicJsonType>
void to_json(BasicJsonType& j, const form_options& o);
template <class BasicJsonType>
void from_json(const BasicJsonType& j, form_options& o);
template <class BasicJsonType>
void to_json(BasicJsonType& j, const form_property& p);
template <class BasicJsonType>
void from_json(const BasicJsonType& j, form_property& p);
template <class BasicJsonType>
void to_json(BasicJsonType& j, const form_template& t);
template <class BasicJsonType>
void from_json(const BasicJsonType& j, form_template& t);

}  // namespace envelope

#include <envelope/impl/form_template.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/form_template.ipp>
#endif

#endif  // ENVELOPE_FORM_TEMPLATE_HPP

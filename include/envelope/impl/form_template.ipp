#ifndef ENVELOPE_IMPL_FORM_TEMPLATE_IPP
#define ENVELOPE_IMPL_FORM_TEMPLATE_IPP

#include <envelope/form_template.hpp>

#include <envelope/detail/json_writer.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {
namespace detail::hal_forms {

ENVELOPE_INLINE std::string templates_not_object(const nlohmann::json& v) {
  return "\"_templates\" must be an object of HAL-FORMS templates" + hal_document::got(v);
}

ENVELOPE_INLINE std::string template_not_object(const nlohmann::json& v) {
  return "a HAL-FORMS template must be a JSON object" + hal_document::got(v);
}

ENVELOPE_INLINE std::string properties_not_array(const nlohmann::json& v) {
  return "\"properties\" must be an array of property objects" + hal_document::got(v);
}

ENVELOPE_INLINE std::string property_not_object(const nlohmann::json& v) {
  return "a HAL-FORMS property must be a JSON object" + hal_document::got(v);
}

ENVELOPE_INLINE std::string missing_name(const nlohmann::json& property_object) {
  const auto it = property_object.find("name");
  std::string reason = "a HAL-FORMS property must have a string \"name\" (REQUIRED)";
  if (it != property_object.end()) reason += hal_document::got(*it);
  return reason;
}

ENVELOPE_INLINE std::optional<std::uint64_t> count_of(const nlohmann::json& v) noexcept {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(v.get<std::int64_t>());
  }
  return std::nullopt;
}

ENVELOPE_INLINE bool has_templates(std::string_view json_text) noexcept {
  const std::size_t n = json_text.size();
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < n && (json_text[i] == ' ' || json_text[i] == '\n' || json_text[i] == '\r' ||
                     json_text[i] == '\t'))
      ++i;
  };
  // From an opening quote to just past the closing one (past the end when unterminated).
  const auto skip_string = [&] {
    for (++i; i < n && json_text[i] != '"'; ++i) {
      if (json_text[i] == '\\') ++i;
    }
    ++i;
  };
  skip_space();
  if (i >= n || json_text[i] != '{') return false;
  ++i;
  for (;;) {
    skip_space();
    if (i >= n || json_text[i] != '"') return false;
    const std::size_t start = i + 1;
    skip_string();
    if (i > n) return false;
    if (json_text.substr(start, i - 1 - start) == "_templates") return true;
    skip_space();
    if (i >= n || json_text[i] != ':') return false;
    ++i;
    std::size_t depth = 0;
    while (i < n) {
      const char c = json_text[i];
      if (c == '"') {
        skip_string();
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return false;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
      ++i;
    }
    if (i >= n) return false;
    ++i;
  }
}

// 2^53: every integer up to it has a double of its own.
inline constexpr double exact_integers = 9007199254740992.0;

ENVELOPE_INLINE std::optional<double> number_of(const nlohmann::json& v) noexcept {
  if (v.is_number_float()) return v.get<double>();
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(exact_integers)) return std::nullopt;
    return static_cast<double>(n);
  }
  if (v.is_number_integer()) {
    const auto n = v.get<std::int64_t>();
    if (n > static_cast<std::int64_t>(exact_integers) ||
        n < -static_cast<std::int64_t>(exact_integers)) {
      return std::nullopt;
    }
    return static_cast<double>(n);
  }
  return std::nullopt;
}

ENVELOPE_INLINE nlohmann::json number_value(double d) {
  if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= exact_integers) {
    if (d >= 0) return static_cast<std::uint64_t>(d);
    return static_cast<std::int64_t>(d);
  }
  return d;
}

ENVELOPE_INLINE nlohmann::json start(const nlohmann::json& extensions) {
  return extensions.is_object() ? extensions : nlohmann::json::object();
}

ENVELOPE_INLINE nlohmann::json to_value(const form_options& o) {
  nlohmann::json j = start(o.extensions);
  if (!o.inline_values.is_null()) j["inline"] = o.inline_values;
  if (o.link) j["link"] = *o.link;
  if (!o.selected_values.is_null()) j["selectedValues"] = o.selected_values;
  if (o.prompt_field) j["promptField"] = *o.prompt_field;
  if (o.value_field) j["valueField"] = *o.value_field;
  if (o.min_items) j["minItems"] = *o.min_items;
  if (o.max_items) j["maxItems"] = *o.max_items;
  return j;
}

ENVELOPE_INLINE nlohmann::json to_value(const form_property& p) {
  nlohmann::json j = start(p.extensions);
  j["name"] = p.name;
  if (p.prompt) j["prompt"] = *p.prompt;
  if (p.required) j["required"] = true;
  if (p.read_only) j["readOnly"] = true;
  if (p.regex) j["regex"] = *p.regex;
  if (p.templated) j["templated"] = true;
  if (!p.value.is_null()) j["value"] = p.value;
  if (p.type) j["type"] = *p.type;
  if (p.min) j["min"] = number_value(*p.min);
  if (p.max) j["max"] = number_value(*p.max);
  if (p.step) j["step"] = number_value(*p.step);
  if (p.min_length) j["minLength"] = *p.min_length;
  if (p.max_length) j["maxLength"] = *p.max_length;
  if (p.placeholder) j["placeholder"] = *p.placeholder;
  if (p.cols) j["cols"] = *p.cols;
  if (p.rows) j["rows"] = *p.rows;
  if (p.options) j["options"] = to_value(*p.options);
  return j;
}

ENVELOPE_INLINE nlohmann::json to_value(const form_template& t) {
  nlohmann::json j = start(t.extensions);
  if (t.method) j["method"] = *t.method;
  if (t.title) j["title"] = *t.title;
  if (t.content_type) j["contentType"] = *t.content_type;
  if (t.target) j["target"] = *t.target;
  // An empty list is not written; a parsed "properties": [] stays raw and is.
  if (!t.properties.empty()) {
    nlohmann::json properties = nlohmann::json::array();
    for (const form_property& p : t.properties)
      properties.push_back(to_value(p));
    j["properties"] = std::move(properties);
  }
  return j;
}

// The members of each type in nlohmann::json's order (by name), for write_members.
inline constexpr std::string_view options_members[] = {
    "inline", "link", "maxItems", "minItems", "promptField", "selectedValues", "valueField"};
inline constexpr std::string_view property_members[] = {
    "cols",    "max",         "maxLength", "min",      "minLength", "name",
    "options", "placeholder", "prompt",    "readOnly", "regex",     "required",
    "rows",    "step",        "templated", "type",     "value"};
inline constexpr std::string_view template_members[] = {"contentType", "method", "properties",
                                                        "target", "title"};

ENVELOPE_INLINE bool no_skip(const std::string&) noexcept {
  return false;
}

ENVELOPE_INLINE void write(json_writer& w, const form_options& o) {
  w.begin_object();
  write_members(
      w, options_members, std::size(options_members), o.extensions,
      [&o](std::size_t i) {
        switch (i) {
          case 0:
            return !o.inline_values.is_null();
          case 1:
            return o.link.has_value();
          case 2:
            return o.max_items.has_value();
          case 3:
            return o.min_items.has_value();
          case 4:
            return o.prompt_field.has_value();
          case 5:
            return !o.selected_values.is_null();
          default:
            return o.value_field.has_value();
        }
      },
      [&w, &o](std::size_t i) {
        switch (i) {
          case 0:
            return w.value(o.inline_values);
          case 1:
            return hal_document::write_link(w, *o.link);
          case 2:
            return w.value(nlohmann::json(*o.max_items));
          case 3:
            return w.value(nlohmann::json(*o.min_items));
          case 4:
            return w.value(std::string_view(*o.prompt_field));
          case 5:
            return w.value(o.selected_values);
          default:
            return w.value(std::string_view(*o.value_field));
        }
      },
      no_skip);
  w.end_object();
}

ENVELOPE_INLINE void write(json_writer& w, const form_property& p) {
  const auto text = [&w](const std::optional<std::string>& s) { w.value(std::string_view(*s)); };
  const auto count = [&w](const std::optional<std::uint64_t>& n) { w.value(nlohmann::json(*n)); };
  const auto number = [&w](const std::optional<double>& d) { w.value(number_value(*d)); };
  w.begin_object();
  write_members(
      w, property_members, std::size(property_members), p.extensions,
      [&p](std::size_t i) {
        switch (i) {
          case 0:
            return p.cols.has_value();
          case 1:
            return p.max.has_value();
          case 2:
            return p.max_length.has_value();
          case 3:
            return p.min.has_value();
          case 4:
            return p.min_length.has_value();
          case 5:
            return true;
          case 6:
            return p.options.has_value();
          case 7:
            return p.placeholder.has_value();
          case 8:
            return p.prompt.has_value();
          case 9:
            return p.read_only;
          case 10:
            return p.regex.has_value();
          case 11:
            return p.required;
          case 12:
            return p.rows.has_value();
          case 13:
            return p.step.has_value();
          case 14:
            return p.templated;
          case 15:
            return p.type.has_value();
          default:
            return !p.value.is_null();
        }
      },
      [&](std::size_t i) {
        switch (i) {
          case 0:
            return count(p.cols);
          case 1:
            return number(p.max);
          case 2:
            return count(p.max_length);
          case 3:
            return number(p.min);
          case 4:
            return count(p.min_length);
          case 5:
            return w.value(std::string_view(p.name));
          case 6:
            return write(w, *p.options);
          case 7:
            return text(p.placeholder);
          case 8:
            return text(p.prompt);
          case 9:
          case 11:
          case 14:
            return w.value(true);
          case 10:
            return text(p.regex);
          case 12:
            return count(p.rows);
          case 13:
            return number(p.step);
          case 15:
            return text(p.type);
          default:
            return w.value(p.value);
        }
      },
      no_skip);
  w.end_object();
}

ENVELOPE_INLINE void write(json_writer& w, const form_template& t) {
  w.begin_object();
  write_members(
      w, template_members, std::size(template_members), t.extensions,
      [&t](std::size_t i) {
        switch (i) {
          case 0:
            return t.content_type.has_value();
          case 1:
            return t.method.has_value();
          case 2:
            return !t.properties.empty();
          case 3:
            return t.target.has_value();
          default:
            return t.title.has_value();
        }
      },
      [&w, &t](std::size_t i) {
        switch (i) {
          case 0:
            return w.value(std::string_view(*t.content_type));
          case 1:
            return w.value(std::string_view(*t.method));
          case 2:
            w.begin_array();
            for (const form_property& p : t.properties) {
              w.element();
              write(w, p);
            }
            return w.end_array();
          case 3:
            return w.value(std::string_view(*t.target));
          default:
            return w.value(std::string_view(*t.title));
        }
      },
      no_skip);
  w.end_object();
}

}  // namespace detail::hal_forms

ENVELOPE_INLINE form_options form_options::of(nlohmann::json values) {
  if (!values.is_array()) {
    throw argument_error(std::string("form_options: inline values must be a JSON array, not ") +
                         values.type_name());
  }
  form_options o;
  o.inline_values = std::move(values);
  return o;
}

ENVELOPE_INLINE form_options form_options::at(envelope::link where) {
  form_options o;
  o.link = std::move(where);
  return o;
}

ENVELOPE_INLINE form_options& form_options::with_selected_values(nlohmann::json values) & {
  selected_values = std::move(values);
  return *this;
}

ENVELOPE_INLINE form_options& form_options::with_fields(std::string prompt, std::string value) & {
  prompt_field = std::move(prompt);
  value_field = std::move(value);
  return *this;
}

ENVELOPE_INLINE form_options& form_options::with_items(std::optional<std::uint64_t> min,
                                                       std::optional<std::uint64_t> max) & {
  min_items = min;
  max_items = max;
  return *this;
}

ENVELOPE_INLINE std::vector<nlohmann::json> form_options::values() const {
  std::vector<nlohmann::json> out;
  if (!inline_values.is_array()) return out;
  const std::string field = value_field.value_or("value");
  out.reserve(inline_values.size());
  for (const nlohmann::json& item : inline_values) {
    if (!item.is_object()) {
      out.push_back(item);
    } else if (const auto it = item.find(field); it != item.end()) {
      out.push_back(*it);
    }
  }
  return out;
}

ENVELOPE_INLINE bool form_options::equal_(const form_options& a, const form_options& b) {
  return detail::hal_forms::to_value(a) == detail::hal_forms::to_value(b);
}

ENVELOPE_INLINE form_property::form_property(std::string property_name)
    : name(std::move(property_name)) {}
ENVELOPE_INLINE form_property::form_property(const char* property_name) : name(property_name) {}

ENVELOPE_INLINE form_property& form_property::with_prompt(std::string text) & {
  prompt = std::move(text);
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_required(bool yes) & {
  required = yes;
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_read_only(bool yes) & {
  read_only = yes;
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_regex(std::string pattern) & {
  regex = std::move(pattern);
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_value(nlohmann::json v) & {
  value = std::move(v);
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_type(std::string input_type) & {
  type = std::move(input_type);
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_range(std::optional<double> low,
                                                         std::optional<double> high) & {
  min = low;
  max = high;
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_step(double interval) & {
  step = interval;
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_length(std::optional<std::uint64_t> low,
                                                          std::optional<std::uint64_t> high) & {
  min_length = low;
  max_length = high;
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_placeholder(std::string text) & {
  placeholder = std::move(text);
  return *this;
}

ENVELOPE_INLINE form_property& form_property::with_options(form_options choices) & {
  options = std::move(choices);
  return *this;
}

ENVELOPE_INLINE bool form_property::equal_(const form_property& a, const form_property& b) {
  return detail::hal_forms::to_value(a) == detail::hal_forms::to_value(b);
}

ENVELOPE_INLINE form_template::form_template(std::string http_method)
    : method(std::move(http_method)) {}

ENVELOPE_INLINE form_template& form_template::with_title(std::string text) & {
  title = std::move(text);
  return *this;
}

ENVELOPE_INLINE form_template& form_template::with_content_type(std::string media_type) & {
  content_type = std::move(media_type);
  return *this;
}

ENVELOPE_INLINE form_template& form_template::with_target(std::string uri) & {
  target = std::move(uri);
  return *this;
}

ENVELOPE_INLINE form_template& form_template::add_property(form_property property) & {
  properties.push_back(std::move(property));
  return *this;
}

ENVELOPE_INLINE const form_property* form_template::find_property(
    std::string_view property_name) const {
  for (const form_property& p : properties) {
    if (p.name == property_name) return &p;
  }
  return nullptr;
}

ENVELOPE_INLINE bool form_template::equal_(const form_template& a, const form_template& b) {
  return detail::hal_forms::to_value(a) == detail::hal_forms::to_value(b);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_FORM_TEMPLATE_IPP

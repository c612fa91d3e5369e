#ifndef ENVELOPE_IMPL_FORM_TEMPLATE_HPP
#define ENVELOPE_IMPL_FORM_TEMPLATE_HPP

// Included only from <envelope/form_template.hpp>: the parsers (templates, so that
// strings move out of a document parsed by value) and the writers into nlohmann::json.

#include <envelope/impl/link.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace envelope {
namespace detail {
class json_writer;
}  // namespace detail

namespace detail::hal_forms {

// The reasons are shared by the parser and validate_hal, so both say the same thing.
std::string templates_not_object(const nlohmann::json& v);
std::string template_not_object(const nlohmann::json& v);
std::string properties_not_array(const nlohmann::json& v);
std::string property_not_object(const nlohmann::json& v);
std::string missing_name(const nlohmann::json& property_object);

// The JSON each type writes (what to_json gives), and the same written as text.
nlohmann::json to_value(const form_options& o);
nlohmann::json to_value(const form_property& p);
nlohmann::json to_value(const form_template& t);
void write(json_writer& w, const form_options& o);
void write(json_writer& w, const form_property& p);
void write(json_writer& w, const form_template& t);

// Whether a JSON object written as text has a member "_templates" (its own, not one
// of a nested value): a scan that skips values, for negotiating a written response.
bool has_templates(std::string_view json_text) noexcept;

// A non-negative integer that fits, else nullopt (the member is then kept raw).
std::optional<std::uint64_t> count_of(const nlohmann::json& v) noexcept;
// A number that a double holds exactly, else nullopt.
std::optional<double> number_of(const nlohmann::json& v) noexcept;
// A whole number as an integer, as it was read ("min": 1, not 1.0).
nlohmann::json number_value(double d);

// HAL-FORMS options hold a Link Object, read by link's own parser.
struct link_reader {
  template <class Json>
  static link read(Json& value) {
    return link::parse_(value);
  }
};

template <class Json>
void keep(nlohmann::json& extensions, const std::string& key, Json& value) {
  if (extensions.is_null()) extensions = nlohmann::json::object();
  extensions.emplace(key, hal_document::take(value));
}

template <class Json>
bool take_string(Json& value, std::optional<std::string>& field) {
  if (!value.is_string()) return false;
  field = hal_document::take(hal_document::string(value));
  return true;
}

// Only true is read into the field; false and other values stay raw so that they
// are written back.
template <class Json>
bool take_true(const Json& value, bool& field) {
  if (!value.is_boolean() || !value.template get<bool>()) return false;
  field = true;
  return true;
}

template <class Json>
bool take_count(const Json& value, std::optional<std::uint64_t>& field) {
  field = count_of(value);
  return field.has_value();
}

template <class Json>
bool take_number(const Json& value, std::optional<double>& field) {
  field = number_of(value);
  return field.has_value();
}

template <class Json>
form_options parse_form_options(Json& object) {
  form_options result;
  for (auto& [key, value] : hal_document::object(object)) {
    bool typed = false;
    if (key == "inline") {
      if (value.is_array()) {
        result.inline_values = hal_document::take(value);
        typed = true;
      }
    } else if (key == "link") {
      const auto href = value.is_object() ? value.find("href") : value.end();
      if (value.is_object() && href != value.end() && href->is_string()) {
        result.link = link_reader::read(value);
        typed = true;
      }
    } else if (key == "selectedValues") {
      if (value.is_array()) {
        result.selected_values = hal_document::take(value);
        typed = true;
      }
    } else if (key == "promptField") {
      typed = take_string(value, result.prompt_field);
    } else if (key == "valueField") {
      typed = take_string(value, result.value_field);
    } else if (key == "minItems") {
      typed = take_count(value, result.min_items);
    } else if (key == "maxItems") {
      typed = take_count(value, result.max_items);
    }
    if (!typed) keep(result.extensions, key, value);
  }
  return result;
}

// Errors are thrown relative to the property.
template <class Json>
form_property parse_property(Json& object) {
  auto& members = hal_document::object(object);
  const auto name = members.find("name");
  if (name == members.end() || !name->second.is_string()) {
    throw document_error("/name", missing_name(object));
  }
  form_property result;
  result.name = hal_document::take(hal_document::string(name->second));
  for (auto& [key, value] : members) {
    if (key == "name") continue;
    bool typed = false;
    if (key == "prompt") {
      typed = take_string(value, result.prompt);
    } else if (key == "required") {
      typed = take_true(value, result.required);
    } else if (key == "readOnly") {
      typed = take_true(value, result.read_only);
    } else if (key == "regex") {
      typed = take_string(value, result.regex);
    } else if (key == "templated") {
      typed = take_true(value, result.templated);
    } else if (key == "value") {
      if (!value.is_null()) {
        result.value = hal_document::take(value);
        typed = true;
      }
    } else if (key == "type") {
      typed = take_string(value, result.type);
    } else if (key == "min") {
      typed = take_number(value, result.min);
    } else if (key == "max") {
      typed = take_number(value, result.max);
    } else if (key == "step") {
      typed = take_number(value, result.step);
    } else if (key == "minLength") {
      typed = take_count(value, result.min_length);
    } else if (key == "maxLength") {
      typed = take_count(value, result.max_length);
    } else if (key == "placeholder") {
      typed = take_string(value, result.placeholder);
    } else if (key == "cols") {
      typed = take_count(value, result.cols);
    } else if (key == "rows") {
      typed = take_count(value, result.rows);
    } else if (key == "options") {
      // The draft has a client ignore options it cannot read: kept raw.
      if (value.is_object()) {
        result.options = parse_form_options(value);
        typed = true;
      }
    }
    if (!typed) keep(result.extensions, key, value);
  }
  return result;
}

// Errors are thrown relative to the template.
template <class Json>
form_template parse_template(Json& object) {
  auto& members = hal_document::object(object);
  form_template result;
  for (auto& [key, value] : members) {
    bool typed = false;
    if (key == "method") {
      typed = take_string(value, result.method);
    } else if (key == "title") {
      typed = take_string(value, result.title);
    } else if (key == "contentType") {
      typed = take_string(value, result.content_type);
    } else if (key == "target") {
      typed = take_string(value, result.target);
    } else if (key == "properties") {
      if (!value.is_array()) throw document_error("/properties", properties_not_array(value));
      auto& items = hal_document::array(value);
      // An empty list is kept raw, so that it is written back (the writer leaves out
      // a template's empty properties).
      if (items.empty()) {
        keep(result.extensions, key, value);
        continue;
      }
      result.properties.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string at = "/properties" + hal_document::token(i);
        if (!items[i].is_object()) throw document_error(at, property_not_object(items[i]));
        try {
          result.properties.push_back(parse_property(items[i]));
        } catch (const document_error& e) {
          throw document_error(at + e.pointer(), e.reason());
        }
      }
      typed = true;
    }
    if (!typed) keep(result.extensions, key, value);
  }
  return result;
}

template <class Result, class BasicJsonType, class Parse>
void read(const BasicJsonType& j, Result& out, const char* what, Parse parse) {
  if constexpr (std::is_same_v<BasicJsonType, nlohmann::json>) {
    if (!j.is_object()) {
      throw document_error("", std::string(what) + " must be a JSON object" + hal_document::got(j));
    }
    out = parse(j);
  } else {
    const nlohmann::json converted(j);
    read(converted, out, what, parse);
  }
}

}  // namespace detail::hal_forms

template <class BasicJsonType>
void to_json(BasicJsonType& j, const form_options& o) {
  j = BasicJsonType(detail::hal_forms::to_value(o));
}

template <class BasicJsonType>
void from_json(const BasicJsonType& j, form_options& o) {
  detail::hal_forms::read(j, o, "HAL-FORMS options", [](const nlohmann::json& v) {
    return detail::hal_forms::parse_form_options(v);
  });
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const form_property& p) {
  j = BasicJsonType(detail::hal_forms::to_value(p));
}

template <class BasicJsonType>
void from_json(const BasicJsonType& j, form_property& p) {
  detail::hal_forms::read(j, p, "a HAL-FORMS property", [](const nlohmann::json& v) {
    return detail::hal_forms::parse_property(v);
  });
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const form_template& t) {
  j = BasicJsonType(detail::hal_forms::to_value(t));
}

template <class BasicJsonType>
void from_json(const BasicJsonType& j, form_template& t) {
  detail::hal_forms::read(j, t, "a HAL-FORMS template", [](const nlohmann::json& v) {
    return detail::hal_forms::parse_template(v);
  });
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_FORM_TEMPLATE_HPP

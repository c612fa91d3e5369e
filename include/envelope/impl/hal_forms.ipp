#ifndef ENVELOPE_IMPL_HAL_FORMS_IPP
#define ENVELOPE_IMPL_HAL_FORMS_IPP

#include <envelope/hal_forms.hpp>

#include <envelope/detail/regex.hpp>
#include <envelope/validation.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {
namespace detail::hal_forms {

// compile() of the shared helper: nullopt when the pattern does not compile.
using detail::regex::compile;

// RFC 3986 §4.1: only the characters of a URI, with well-formed percent-encodings.
ENVELOPE_INLINE bool is_uri_reference(std::string_view s) noexcept {
  static constexpr std::string_view marks = "-._~:/?#[]@!$&'()*+,;=";
  const auto hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !hex(s[i + 1]) || !hex(s[i + 2])) return false;
      i += 2;
    } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 marks.find(c) != std::string_view::npos)) {
      return false;
    }
  }
  return true;
}

ENVELOPE_INLINE std::size_t characters(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

ENVELOPE_INLINE std::size_t size_of(std::uint64_t n) noexcept {
  return n > SIZE_MAX ? SIZE_MAX : static_cast<std::size_t>(n);
}

ENVELOPE_INLINE void check_number(const form_property& p, const nlohmann::json& v,
                                  const std::string& at, std::vector<validation_error>& out) {
  const double d = v.get<double>();
  if (p.min && d < *p.min) out.push_back(validation::too_small(at, v, number_value(*p.min)));
  if (p.max && d > *p.max) out.push_back(validation::too_big(at, v, number_value(*p.max)));
  if (p.step && *p.step > 0) {
    // HTML's step base is min; the quotient is compared with a tolerance for decimal
    // steps such as 0.1, which a double cannot hold exactly.
    const double q = (d - p.min.value_or(0)) / *p.step;
    if (std::fabs(q - std::round(q)) > 1e-9 * std::max(1.0, std::fabs(q))) {
      // Steps counted from a min that is itself on a step are the multiples of step.
      const double base = p.min.value_or(0) / *p.step;
      const bool from_zero =
          std::fabs(base - std::round(base)) <= 1e-9 * std::max(1.0, std::fabs(base));
      out.push_back(from_zero ? validation::not_multiple_of(at, v, number_value(*p.step))
                              : validation::not_multiple_of(at, v, number_value(*p.step),
                                                            number_value(*p.min)));
    }
  }
}

ENVELOPE_INLINE bool is_numeric(const form_property& p) noexcept {
  return p.type && (*p.type == "number" || *p.type == "range");
}

// The JSON type a property's value must have, empty when any is taken: "number" for
// number and range, "string" for the other input types a template names (HTML submits
// text for each). A property with options takes its options' values.
ENVELOPE_INLINE std::string_view declared_type(const form_property& p) noexcept {
  if (is_numeric(p)) return "number";
  if (p.options || !p.type) return {};
  return "string";
}

// declared_type, or "string" for a property without a type whose regex or length bounds
// only a string can meet.
ENVELOPE_INLINE std::string_view expected_type(const form_property& p) noexcept {
  const std::string_view declared = declared_type(p);
  if (!declared.empty() || p.options) return declared;
  const bool text_bounds = (p.regex && !p.regex->empty()) || p.min_length || p.max_length;
  return text_bounds ? "string" : std::string_view();
}

ENVELOPE_INLINE void check_string(const form_property& p, const std::wregex* re,
                                  const std::string& s, const std::string& at,
                                  std::vector<validation_error>& out) {
  const std::size_t n = characters(s);
  if (p.min_length && n < size_of(*p.min_length)) {
    out.push_back(validation::too_few(at, n, size_of(*p.min_length), validation::unit::characters));
  }
  if (p.max_length && n > size_of(*p.max_length)) {
    out.push_back(
        validation::too_many(at, n, size_of(*p.max_length), validation::unit::characters));
  }
  if (re != nullptr && !detail::regex::matches(*re, s, detail::regex::match::whole))
    out.push_back(validation::pattern_mismatch(at, *p.regex));
}

ENVELOPE_INLINE void check_single(const form_property& p, const std::wregex* re,
                                  const nlohmann::json& v, const std::string& at,
                                  std::vector<validation_error>& out) {
  const std::string_view expected = expected_type(p);
  const bool wrong = expected == "number" ? !v.is_number() : expected == "string" && !v.is_string();
  if (wrong) {
    out.push_back(validation::invalid_type(at, validation::type_name(v), expected));
    return;
  }
  if (v.is_number()) check_number(p, v, at, out);
  if (v.is_string()) check_string(p, re, v.get_ref<const std::string&>(), at, out);
}

ENVELOPE_INLINE void check_options(const form_property& p, const nlohmann::json& v,
                                   const std::string& at, std::vector<validation_error>& out) {
  const form_options& o = *p.options;
  const std::size_t count = v.is_array() ? v.size() : 1;
  if (o.min_items && count < size_of(*o.min_items)) {
    out.push_back(validation::too_few(at, count, size_of(*o.min_items), validation::unit::items));
  }
  if (o.max_items && count > size_of(*o.max_items)) {
    out.push_back(validation::too_many(at, count, size_of(*o.max_items), validation::unit::items));
  }
  // Only inline values can be checked here: those behind a link are the client's to fetch.
  if (!o.inline_values.is_array()) return;
  const nlohmann::json allowed(o.values());
  const auto check_one = [&](const nlohmann::json& item, std::string pointer) {
    if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      out.push_back(validation::invalid_enum_value(std::move(pointer), item, allowed));
    }
  };
  if (!v.is_array()) {
    check_one(v, at);
    return;
  }
  for (std::size_t i = 0; i < v.size(); ++i)
    check_one(v[i], validation::child(at, i));
}

// The checks of one template, beyond the parser's; `at` is the template's pointer.
ENVELOPE_INLINE void lint_template(const nlohmann::json& form, const std::string& at,
                                   std::vector<finding>& out) {
  const auto warn = [&out](std::string pointer, std::string message) {
    out.push_back(finding{severity::warning, std::move(pointer), std::move(message)});
  };
  const auto method = form.find("method");
  if (method == form.end() || !method->is_string()) {
    warn(at,
         "a template should have a string \"method\" (the draft requires one); clients "
         "use GET");
  }
  const auto target = form.find("target");
  if (target != form.end() && target->is_string()) {
    const std::string& text = target->get_ref<const std::string&>();
    if (text.empty() || !is_uri_reference(text)) {
      warn(at + "/target",
           "\"target\" should be a URI reference (RFC 3986 §4.1); clients ignore "
           "it and submit to the \"self\" link");
    }
  }
  const auto properties = form.find("properties");
  if (properties == form.end() || !properties->is_array()) return;
  for (std::size_t i = 0; i < properties->size(); ++i) {
    const nlohmann::json& p = (*properties)[i];
    if (!p.is_object()) continue;
    const std::string item = at + "/properties" + hal_document::token(i);
    const auto name = p.find("name");
    if (name != p.end() && name->is_string() && name->get_ref<const std::string&>().empty()) {
      warn(item + "/name", "a property with an empty \"name\" is ignored by clients");
    }
    const auto regex = p.find("regex");
    if (regex != p.end() && regex->is_string() && !regex->get_ref<const std::string&>().empty()) {
      if (!compile(regex->get_ref<const std::string&>())) {
        // Not the standard library's reason: it differs between implementations.
        warn(item + "/regex",
             "\"regex\" is not a valid regular expression (ECMAScript syntax, as HTML's "
             "pattern attribute); clients ignore it");
      }
    }
    const auto above = [&](const char* low, const char* high, const auto& read) {
      const auto l = p.find(low);
      const auto h = p.find(high);
      if (l == p.end() || h == p.end()) return;
      const auto lv = read(*l);
      const auto hv = read(*h);
      if (lv && hv && *lv > *hv) {
        warn(item, std::string("\"") + low + "\" is above \"" + high + "\": no value can pass");
      }
    };
    above("min", "max", &number_of);
    above("minLength", "maxLength", &count_of);
    const auto options = p.find("options");
    if (options == p.end() || !options->is_object()) continue;
    const auto values = options->find("inline");
    const auto link = options->find("link");
    const bool has_inline = values != options->end() && values->is_array();
    const bool has_link = link != options->end() && link->is_object() && link->contains("href") &&
                          (*link)["href"].is_string();
    if (!has_inline && !has_link) {
      warn(item + "/options",
           "\"options\" should have an \"inline\" array or a \"link\" with an \"href\"; clients "
           "ignore it");
    }
    const auto min_items = options->find("minItems");
    const auto max_items = options->find("maxItems");
    if (min_items != options->end() && max_items != options->end()) {
      const auto l = count_of(*min_items);
      const auto h = count_of(*max_items);
      if (l && h && *l > *h) {
        warn(item + "/options", "\"minItems\" is above \"maxItems\": no selection can pass");
      }
    }
  }
}

ENVELOPE_INLINE void lint_resource(const nlohmann::json& r, const std::string& at,
                                   std::size_t depth, const parse_options& options,
                                   std::vector<finding>& out) {
  if (depth > options.max_depth) return;
  const auto templates = r.find("_templates");
  if (templates != r.end() && templates->is_object()) {
    for (const auto& [name, form] : templates->items()) {
      if (form.is_object())
        lint_template(form, at + "/_templates" + hal_document::token(name), out);
    }
  }
  const auto embedded = r.find("_embedded");
  if (embedded == r.end() || !embedded->is_object()) return;
  for (const auto& [rel, member] : embedded->items()) {
    const std::string rel_at = at + "/_embedded" + hal_document::token(rel);
    if (member.is_object()) {
      lint_resource(member, rel_at, depth + 1, options, out);
    } else if (member.is_array()) {
      for (std::size_t i = 0; i < member.size(); ++i) {
        if (member[i].is_object()) {
          lint_resource(member[i], rel_at + hal_document::token(i), depth + 1, options, out);
        }
      }
    }
  }
}

}  // namespace detail::hal_forms

namespace detail::hal_forms {

ENVELOPE_INLINE std::vector<validation_error> validate(
    const form_template& form, const std::vector<std::optional<std::wregex>>& patterns,
    const nlohmann::json& body) {
  std::vector<validation_error> errors;
  if (!body.is_object()) {
    errors.push_back(validation::invalid_type("", validation::type_name(body), "object"));
    return errors;
  }
  for (std::size_t i = 0; i < form.properties.size(); ++i) {
    const form_property& p = form.properties[i];
    if (p.name.empty()) continue;
    const std::string at = validation::child("", p.name);
    const auto it = body.find(p.name);
    if (it == body.end() || it->is_null()) {
      if (p.required) errors.push_back(validation::missing(at, declared_type(p)));
      continue;
    }
    const nlohmann::json& v = *it;
    if (p.read_only) {
      // The draft reads an absent value as "".
      if (p.value.is_null() ? v != "" : v != p.value) {
        errors.push_back(p.value.is_null() ? validation::invalid_value(at, "is read-only")
                                           : validation::invalid_literal(at, v, p.value));
      }
      continue;
    }
    if (p.options) {
      check_options(p, v, at, errors);
      if (v.is_array()) continue;
    }
    const std::optional<std::wregex>& re = patterns[i];
    check_single(p, re ? &*re : nullptr, v, at, errors);
  }
  return errors;
}

// One compiled pattern per property, nullopt where there is none or it does not compile.
ENVELOPE_INLINE std::vector<std::optional<std::wregex>> compile_all(const form_template& form) {
  std::vector<std::optional<std::wregex>> out;
  out.reserve(form.properties.size());
  for (const form_property& p : form.properties) {
    if (p.regex && !p.regex->empty()) {
      out.push_back(compile(*p.regex));
    } else {
      out.emplace_back();
    }
  }
  return out;
}

}  // namespace detail::hal_forms

ENVELOPE_INLINE form_validator::form_validator(form_template form)
    : form_(std::move(form)), patterns_(detail::hal_forms::compile_all(form_)) {}

ENVELOPE_INLINE std::vector<validation_error> form_validator::validate(
    const nlohmann::json& body) const {
  return detail::hal_forms::validate(form_, patterns_, body);
}

ENVELOPE_INLINE void form_validator::check(const nlohmann::json& body, int status) const {
  std::vector<validation_error> errors = validate(body);
  if (!errors.empty()) throw_validation_failed(std::move(errors), status);
}

ENVELOPE_INLINE std::vector<validation_error> validate(const form_template& form,
                                                       const nlohmann::json& body) {
  return detail::hal_forms::validate(form, detail::hal_forms::compile_all(form), body);
}

ENVELOPE_INLINE void check(const form_template& form, const nlohmann::json& body, int status) {
  std::vector<validation_error> errors = validate(form, body);
  if (!errors.empty()) throw_validation_failed(std::move(errors), status);
}

ENVELOPE_INLINE std::vector<finding> validate_hal_forms(const nlohmann::json& document,
                                                        const parse_options& options) {
  std::vector<finding> findings = validate_hal(document, options);
  if (document.is_object()) detail::hal_forms::lint_resource(document, "", 0, options, findings);
  return findings;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_HAL_FORMS_IPP

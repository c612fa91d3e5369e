#ifndef ENVELOPE_IMPL_HAL_FORMS_IPP
#define ENVELOPE_IMPL_HAL_FORMS_IPP

#include <envelope/hal_forms.hpp>

#include <envelope/detail/utf8.hpp>
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

// std::wregex recurses per character: longer values are refused by a regex check
// rather than risking the stack.
inline constexpr std::size_t max_regex_subject = 8192;

// UTF-8 as code points, so that `.` and ranges in a pattern see characters; false when
// the text is not well-formed UTF-8.
ENVELOPE_INLINE bool widen(std::string_view text, std::wstring& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += static_cast<wchar_t>(byte);
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) return false;
    out += static_cast<wchar_t>(cp);
    i += n;
  }
  return true;
}

// std::regex's compiler recurses per group: a pattern nested deeper than this is
// treated as one that does not compile, rather than risking the stack.
inline constexpr std::size_t max_regex_nesting = 64;

ENVELOPE_INLINE bool nested_too_deep(std::string_view pattern) noexcept {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '(' && ++depth > max_regex_nesting) {
      return true;
    } else if (pattern[i] == ')' && depth > 0) {
      --depth;
    }
  }
  return false;
}

// An HTML pattern compiles as a JavaScript regular expression; nullopt when it does not.
ENVELOPE_INLINE std::optional<std::wregex> compile(std::string_view pattern) {
  std::wstring wide;
  if (nested_too_deep(pattern) || !widen(pattern, wide)) return std::nullopt;
  try {
    return std::wregex(wide, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

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
      out.push_back(validation::not_multiple_of(at, v, number_value(*p.step)));
    }
  }
}

ENVELOPE_INLINE void check_string(const form_property& p, const std::string& s,
                                  const std::string& at, std::vector<validation_error>& out) {
  const std::size_t n = characters(s);
  if (p.min_length && n < size_of(*p.min_length)) {
    out.push_back(validation::too_few(at, n, size_of(*p.min_length), validation::unit::characters));
  }
  if (p.max_length && n > size_of(*p.max_length)) {
    out.push_back(
        validation::too_many(at, n, size_of(*p.max_length), validation::unit::characters));
  }
  if (!p.regex || p.regex->empty()) return;
  const std::optional<std::wregex> re = compile(*p.regex);
  if (!re) return;
  std::wstring wide;
  bool match = s.size() <= max_regex_subject && widen(s, wide);
  if (match) {
    try {
      match = std::regex_match(wide, *re);
    } catch (const std::regex_error&) {
      match = false;
    }
  }
  if (!match) out.push_back(validation::pattern_mismatch(at, *p.regex));
}

ENVELOPE_INLINE void check_single(const form_property& p, const nlohmann::json& v,
                                  const std::string& at, std::vector<validation_error>& out) {
  const bool numeric = p.type && (*p.type == "number" || *p.type == "range");
  if (numeric && !v.is_number()) {
    out.push_back(validation::invalid_type(at, validation::type_name(v), "number"));
    return;
  }
  if (v.is_number()) check_number(p, v, at, out);
  if (v.is_string()) check_string(p, v.get_ref<const std::string&>(), at, out);
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

ENVELOPE_INLINE std::vector<validation_error> validate(const form_template& form,
                                                       const nlohmann::json& body) {
  std::vector<validation_error> errors;
  if (!body.is_object()) {
    errors.push_back(validation::invalid_type("", validation::type_name(body), "object"));
    return errors;
  }
  for (const form_property& p : form.properties) {
    if (p.name.empty()) continue;
    const std::string at = validation::child("", p.name);
    const auto it = body.find(p.name);
    if (it == body.end() || it->is_null()) {
      if (p.required) errors.push_back(validation::missing(at));
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
      detail::hal_forms::check_options(p, v, at, errors);
      if (v.is_array()) continue;
    }
    detail::hal_forms::check_single(p, v, at, errors);
  }
  return errors;
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

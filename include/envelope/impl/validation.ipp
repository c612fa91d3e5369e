#ifndef ENVELOPE_IMPL_VALIDATION_IPP
#define ENVELOPE_IMPL_VALIDATION_IPP

#include <envelope/validation.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {
namespace validation {
namespace detail {

// A value quoted in a sentence, cut to a readable length on a UTF-8 boundary:
// a client's 10 kB string is not echoed back whole.
ENVELOPE_INLINE std::string render(const nlohmann::json& value) {
  constexpr std::size_t limit = 64;
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  text.resize(cut);
  text += "...";
  return text;
}

ENVELOPE_INLINE bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

ENVELOPE_INLINE bool is_index(std::string_view token) {
  if (token.empty() || token.size() > 19) return false;
  if (token.size() > 1 && token[0] == '0') return false;
  for (const char c : token) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

ENVELOPE_INLINE std::string quoted(std::string_view path) {
  std::string s = "`";
  s += path;
  s += '`';
  return s;
}

ENVELOPE_INLINE validation_error make(std::string_view code, std::string detail_text,
                                      std::string pointer) {
  validation_error e;
  e.title = std::string(code);
  e.detail = std::move(detail_text);
  e.pointer = std::move(pointer);
  return e;
}

ENVELOPE_INLINE std::string counted(std::size_t n, unit what) {
  std::string s = std::to_string(n);
  switch (what) {
    case unit::characters:
      s += n == 1 ? " character" : " characters";
      break;
    case unit::items:
      s += n == 1 ? " item" : " items";
      break;
    case unit::properties:
      s += n == 1 ? " member" : " members";
      break;
  }
  return s;
}

// A member name in a sentence: bare when it is an identifier, else JSON-quoted.
ENVELOPE_INLINE std::string key_text(const std::string& name) {
  return is_identifier(name) ? name : render(nlohmann::json(name));
}

// The parent's pointer and the last token, decoded.
ENVELOPE_INLINE std::pair<std::string, std::string> split_last(std::string_view pointer) {
  const std::size_t slash = pointer.rfind('/');
  if (slash == std::string_view::npos) return {std::string(), std::string(pointer)};
  std::string name;
  for (std::size_t i = slash + 1; i < pointer.size(); ++i) {
    if (pointer[i] == '~' && i + 1 < pointer.size() &&
        (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
      name += pointer[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      name += pointer[i];
    }
  }
  return {std::string(pointer.substr(0, slash)), std::move(name)};
}

}  // namespace detail

ENVELOPE_INLINE std::string path(std::string_view pointer) {
  std::string out = "body";
  std::size_t i = 0;
  if (!pointer.empty() && pointer[0] == '/') i = 1;
  if (pointer.empty()) return out;
  while (true) {
    const std::size_t end = pointer.find('/', i);
    const std::string_view raw =
        pointer.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    std::string token;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
        token += raw[k + 1] == '0' ? '~' : '/';
        ++k;
      } else {
        token += raw[k];
      }
    }
    if (detail::is_index(token)) {
      out += '[';
      out += token;
      out += ']';
    } else if (detail::is_identifier(token)) {
      out += '.';
      out += token;
    } else {
      out += '[';
      out += detail::render(nlohmann::json(token));
      out += ']';
    }
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
  return out;
}

ENVELOPE_INLINE std::string_view type_name(const nlohmann::json& value) noexcept {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "number";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::object:
      return "object";
    default:
      return "undefined";
  }
}

ENVELOPE_INLINE std::string child(std::string_view parent, std::string_view name) {
  std::string out;
  out.reserve(parent.size() + name.size() + 1);
  out += parent;
  out += '/';
  for (const char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

ENVELOPE_INLINE std::string child(std::string_view parent, std::size_t index) {
  std::string out(parent);
  out += '/';
  out += std::to_string(index);
  return out;
}

ENVELOPE_INLINE validation_error invalid_type(std::string pointer, std::string_view actual,
                                              std::string_view expected) {
  std::string text = detail::quoted(path(pointer)) + " is " + detail::quoted(actual) + ", but " +
                     detail::quoted(expected) + " is expected.";
  return detail::make(validation_code::invalid_type, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error invalid_type(std::string pointer, std::string_view actual,
                                              const std::vector<std::string>& expected) {
  std::string list;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (i > 0) list += i + 1 == expected.size() ? " or " : ", ";
    list += detail::quoted(expected[i]);
  }
  std::string text = detail::quoted(path(pointer)) + " is " + detail::quoted(actual) + ", but " +
                     list + " is expected.";
  return detail::make(validation_code::invalid_type, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error missing(std::string pointer, std::string_view expected) {
  if (!expected.empty()) return invalid_type(std::move(pointer), "undefined", expected);
  std::string text = detail::quoted(path(pointer)) + " is required.";
  return detail::make(validation_code::required, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error missing_dependency(std::string pointer, std::string_view because) {
  const auto parent = detail::split_last(pointer).first;
  std::string text = detail::quoted(path(pointer)) + " is required when " +
                     detail::quoted(path(child(parent, because))) + " is present.";
  return detail::make(validation_code::required, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error unrecognized_key(std::string member_pointer) {
  const auto parts = detail::split_last(member_pointer);
  std::string text = detail::quoted(path(parts.first)) + " has the unrecognized key " +
                     detail::quoted(detail::key_text(parts.second)) + ".";
  return detail::make(validation_code::unrecognized_keys, std::move(text),
                      std::move(member_pointer));
}

ENVELOPE_INLINE validation_error invalid_key(std::string member_pointer) {
  const auto parts = detail::split_last(member_pointer);
  std::string text = detail::quoted(path(parts.first)) + " has the key " +
                     detail::quoted(detail::key_text(parts.second)) + ", which is not allowed.";
  return detail::make(validation_code::invalid_key, std::move(text), std::move(member_pointer));
}

ENVELOPE_INLINE validation_error too_small(std::string pointer, const nlohmann::json& actual,
                                           const nlohmann::json& limit, bound b) {
  std::string text = detail::quoted(path(pointer)) + " is " +
                     detail::quoted(detail::render(actual)) +
                     (b == bound::inclusive ? ", but at least " : ", but more than ") +
                     detail::quoted(detail::render(limit)) + " is expected.";
  return detail::make(validation_code::too_small, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error too_big(std::string pointer, const nlohmann::json& actual,
                                         const nlohmann::json& limit, bound b) {
  std::string text = detail::quoted(path(pointer)) + " is " +
                     detail::quoted(detail::render(actual)) +
                     (b == bound::inclusive ? ", but at most " : ", but less than ") +
                     detail::quoted(detail::render(limit)) + " is expected.";
  return detail::make(validation_code::too_big, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error too_few(std::string pointer, std::size_t count, std::size_t limit,
                                         unit what) {
  std::string text = detail::quoted(path(pointer)) + " has " + detail::counted(count, what) +
                     ", but at least " + detail::counted(limit, what) +
                     (limit == 1 ? " is expected." : " are expected.");
  return detail::make(validation_code::too_small, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error too_many(std::string pointer, std::size_t count, std::size_t limit,
                                          unit what) {
  std::string text = detail::quoted(path(pointer)) + " has " + detail::counted(count, what) +
                     ", but at most " + detail::counted(limit, what) +
                     (limit == 1 ? " is expected." : " are expected.");
  return detail::make(validation_code::too_big, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error invalid_format(std::string pointer, std::string_view format) {
  std::string text =
      detail::quoted(path(pointer)) + " is not a valid " + detail::quoted(format) + ".";
  return detail::make(validation_code::invalid_string, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error pattern_mismatch(std::string pointer, std::string_view pattern) {
  std::string text = detail::quoted(path(pointer)) + " does not match the pattern " +
                     detail::quoted(detail::render(nlohmann::json(pattern))) + ".";
  return detail::make(validation_code::invalid_string, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error invalid_enum_value(std::string pointer,
                                                    const nlohmann::json& actual,
                                                    const nlohmann::json& allowed) {
  std::string list;
  std::size_t shown = 0;
  if (allowed.is_array()) {
    for (const auto& option : allowed) {
      if (shown == 10) {
        list += ", ...";
        break;
      }
      if (shown > 0) list += ", ";
      list += detail::quoted(detail::render(option));
      ++shown;
    }
  }
  std::string text = detail::quoted(path(pointer)) + " is " +
                     detail::quoted(detail::render(actual)) + ", but one of " + list +
                     " is expected.";
  return detail::make(validation_code::invalid_enum_value, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error invalid_literal(std::string pointer, const nlohmann::json& actual,
                                                 const nlohmann::json& expected) {
  std::string text = detail::quoted(path(pointer)) + " is " +
                     detail::quoted(detail::render(actual)) + ", but " +
                     detail::quoted(detail::render(expected)) + " is expected.";
  return detail::make(validation_code::invalid_literal, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error not_multiple_of(std::string pointer, const nlohmann::json& actual,
                                                 const nlohmann::json& divisor) {
  std::string text = detail::quoted(path(pointer)) + " is " +
                     detail::quoted(detail::render(actual)) + ", but a multiple of " +
                     detail::quoted(detail::render(divisor)) + " is expected.";
  return detail::make(validation_code::not_multiple_of, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error not_multiple_of(std::string pointer, const nlohmann::json& actual,
                                                 const nlohmann::json& divisor,
                                                 const nlohmann::json& base) {
  std::string text = detail::quoted(path(pointer)) + " is " +
                     detail::quoted(detail::render(actual)) + ", but " +
                     detail::quoted(detail::render(base)) + " plus a multiple of " +
                     detail::quoted(detail::render(divisor)) + " is expected.";
  return detail::make(validation_code::not_multiple_of, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error invalid_union(std::string pointer, std::size_t matched,
                                               std::size_t alternatives) {
  std::string text = detail::quoted(path(pointer));
  if (matched == 0) {
    text += " matches none of the " + std::to_string(alternatives) + " allowed alternatives.";
  } else {
    text += " matches " + std::to_string(matched) +
            " of the alternatives, but exactly one is expected.";
  }
  return detail::make(validation_code::invalid_union, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error not_unique(std::string pointer, std::size_t first,
                                            std::size_t second) {
  std::string text = detail::quoted(path(pointer)) + " has equal items at [" +
                     std::to_string(first) + "] and [" + std::to_string(second) +
                     "], but unique items are expected.";
  return detail::make(validation_code::not_unique, std::move(text), std::move(pointer));
}

ENVELOPE_INLINE validation_error invalid_value(std::string pointer, std::string_view reason) {
  std::string text = detail::quoted(path(pointer)) + " " + std::string(reason) + ".";
  return detail::make(validation_code::invalid_value, std::move(text), std::move(pointer));
}

}  // namespace validation

ENVELOPE_INLINE void throw_validation_failed(std::vector<validation_error> errors, int code) {
  throw problem_exception(problem::validation_failed(std::move(errors), code));
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_VALIDATION_IPP

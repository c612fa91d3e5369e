// Included only from <envelope/problem.hpp>.
#ifndef ENVELOPE_IMPL_PROBLEM_HPP
#define ENVELOPE_IMPL_PROBLEM_HPP

#include <envelope/detail/problem_xml.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace envelope {

// http_status.hpp has a detail::problem (a media type), hence envelope::problem in detail.
namespace detail::problem_members {

// RFC 9457 §3.1 members, plus "errors", whose shape this library types.
[[nodiscard]] bool is_reserved(std::string_view name) noexcept;

// Whether a writer leaves the extension `name` out: a standard member has its
// typed field, and an "errors" the reader could not type is written unless the
// typed list (non-empty) takes its place.
[[nodiscard]] bool shadowed_extension(std::string_view name, bool typed_errors) noexcept;

[[nodiscard]] bool is_reserved_in_error(std::string_view name) noexcept;

void refuse_reserved(bool reserved, std::string_view name, std::string_view owner);

template <class T, class BasicJsonType>
[[nodiscard]] std::optional<T> checked_get(const BasicJsonType& value) {
  if constexpr (std::is_same_v<T, bool>) {
    if (value.is_boolean()) return value.template get<bool>();
    return std::nullopt;
  } else if constexpr (std::is_integral_v<T>) {
    // nlohmann's own get<int>() truncates floats and wraps large integers; an
    // extension that does not fit T is "not convertible", not a different number.
    if (value.is_number_unsigned()) {
      const auto u = value.template get<std::uint64_t>();
      if (u <= static_cast<std::make_unsigned_t<T>>(std::numeric_limits<T>::max())) {
        return static_cast<T>(u);
      }
    } else if (value.is_number_integer()) {
      const auto i = value.template get<std::int64_t>();
      if constexpr (std::is_signed_v<T>) {
        if (i >= std::numeric_limits<T>::min() && i <= std::numeric_limits<T>::max()) {
          return static_cast<T>(i);
        }
      } else {
        if (i >= 0 && static_cast<std::uint64_t>(i) <= std::numeric_limits<T>::max()) {
          return static_cast<T>(i);
        }
      }
    }
    return std::nullopt;
  } else if constexpr (std::is_floating_point_v<T>) {
    if (value.is_number()) return value.template get<T>();
    return std::nullopt;
  } else {
    // A from_json may throw anything derived from std::exception (this library's
    // own argument_error among them); each means "not a T" here.
    try {
      return value.template get<T>();
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
}

template <class BasicJsonType>
[[nodiscard]] BasicJsonType convert(const nlohmann::json& value) {
  if constexpr (std::is_same_v<BasicJsonType, nlohmann::json>) {
    return value;
  } else {
    return BasicJsonType(value);
  }
}

// Adds a member known not to be there yet. nlohmann::ordered_json finds keys by
// linear search, so operator[] per member would make many extensions quadratic;
// its map is a vector underneath, and appending to that is what it would do.
template <class BasicJsonType>
void append_member(BasicJsonType& object, const std::string& name, BasicJsonType value) {
  using object_t = typename BasicJsonType::object_t;
  auto& members = object.template get_ref<object_t&>();
  using members_vector = std::vector<typename object_t::value_type>;
  if constexpr (std::is_base_of_v<members_vector, object_t>) {
    static_cast<members_vector&>(members).emplace_back(name, std::move(value));
  } else {
    members.emplace(name, std::move(value));
  }
}

template <class Json>
inline constexpr bool can_move =
    !std::is_lvalue_reference_v<Json> && !std::is_const_v<std::remove_reference_t<Json>>;

template <class Json>
using json_of = std::remove_cv_t<std::remove_reference_t<Json>>;

// A member's value as nlohmann::json, moved out of the document when allowed.
template <bool Move, class Value>
[[nodiscard]] nlohmann::json take(Value& value) {
  if constexpr (Move && std::is_same_v<std::remove_const_t<Value>, nlohmann::json>) {
    return std::move(value);
  } else {
    return nlohmann::json(value);
  }
}

template <bool Move, class Value>
[[nodiscard]] std::string take_string(Value& value) {
  using string_type = typename std::remove_const_t<Value>::string_t;
  if constexpr (Move) {
    return std::move(value.template get_ref<string_type&>());
  } else {
    return value.template get_ref<const string_type&>();
  }
}

// RFC 9457 §3.1.2: a JSON number naming an HTTP status code. JSON (RFC 8259 §6)
// does not tell 404 from 404.0, so an integral float counts; anything outside
// 100-599 (RFC 9110 §15), fractional, infinite or too large for int does not.
template <class BasicJsonType>
[[nodiscard]] std::optional<int> read_status(const BasicJsonType& value) noexcept {
  if (value.is_number_unsigned()) {
    const auto u = value.template get<std::uint64_t>();
    if (u >= 100 && u <= 599) return static_cast<int>(u);
  } else if (value.is_number_integer()) {
    const auto i = value.template get<std::int64_t>();
    if (i >= 100 && i <= 599) return static_cast<int>(i);
  } else if (value.is_number_float()) {
    const double d = value.template get<double>();
    if (d >= 100.0 && d <= 599.0 && d == std::floor(d)) return static_cast<int>(d);
  }
  return std::nullopt;
}

// Why an "errors" value cannot be read as validation errors, or nullptr when it
// can: an array of objects whose title, detail and pointer, when present, are strings.
template <class BasicJsonType>
[[nodiscard]] const char* errors_shape_problem(const BasicJsonType& value,
                                               std::size_t* bad_index = nullptr,
                                               const char** bad_member = nullptr) noexcept {
  if (!value.is_array()) return "is not an array";
  std::size_t index = 0;
  for (const auto& item : value) {
    if (bad_index != nullptr) *bad_index = index;
    if (!item.is_object()) return "is not an object";
    for (const char* member : {"title", "detail", "pointer"}) {
      const auto it = item.find(member);
      if (it != item.end() && !it->is_string()) {
        if (bad_member != nullptr) *bad_member = member;
        return "is not a string";
      }
    }
    ++index;
  }
  return nullptr;
}

// Takes a title, detail or pointer into e, moving its value out when Move, and
// says whether the member was one of them. One that is not a string is ignored.
template <bool Move, class Value>
[[nodiscard]] bool read_error_member(validation_error& e, const std::string& name, Value& value) {
  const bool text = value.is_string();
  if (name == "title") {
    if (text) e.title = take_string<Move>(value);
  } else if (name == "detail") {
    if (text) e.detail = take_string<Move>(value);
  } else if (name == "pointer") {
    if (text) e.pointer = take_string<Move>(value);
  } else {
    return false;
  }
  return true;
}

template <class Json>
void read_error_members(Json&& item, validation_error& e) {
  constexpr bool move = can_move<Json>;
  if constexpr (move && std::is_same_v<json_of<Json>, nlohmann::json>) {
    // The standard members are taken out; what remains of the object, already
    // allocated by the parser, becomes the extensions.
    auto& members = item.template get_ref<nlohmann::json::object_t&>();
    for (auto it = members.begin(); it != members.end();) {
      it = read_error_member<true>(e, it->first, it->second) ? members.erase(it) : std::next(it);
    }
    e.extensions = std::move(item);
  } else {
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (!read_error_member<move>(e, it.key(), it.value()))
        e.extensions[it.key()] = take<move>(it.value());
    }
  }
}

// Takes a member RFC 9457 §3.1 defines into p, moving its value out when Move, and
// says whether it did. A member of the wrong type is ignored, as if absent. An
// "errors" of another shape is left as an extension (§3.2), and so is an empty
// list: the typed list writes nothing when empty, and "errors": [] must survive
// a round trip.
template <bool Move, class Value>
[[nodiscard]] bool read_member(envelope::problem& p, const std::string& name, Value& value) {
  if (name == "type") {
    if (value.is_string()) p.type = take_string<Move>(value);
  } else if (name == "title") {
    if (value.is_string()) p.title = take_string<Move>(value);
  } else if (name == "status") {
    p.status = read_status(value);
  } else if (name == "detail") {
    if (value.is_string()) p.detail = take_string<Move>(value);
  } else if (name == "instance") {
    if (value.is_string()) p.instance = take_string<Move>(value);
  } else if (name == "errors" && !value.empty() && errors_shape_problem(value) == nullptr) {
    p.errors.reserve(value.size());
    for (auto& item : value) {
      if constexpr (Move) {
        // Extensions start null, not {}: the item's own object replaces them.
        read_error_members(std::move(item),
                           p.errors.emplace_back(validation_error{std::nullopt, std::string(),
                                                                  std::nullopt, nlohmann::json()}));
      } else {
        read_error_members(item, p.errors.emplace_back());
      }
    }
  } else {
    return false;
  }
  return true;
}

// Reads a document it must leave as it is (the copying parse, from_json).
template <class BasicJsonType>
[[nodiscard]] envelope::problem read(const BasicJsonType& document) {
  if (!document.is_object()) {
    throw argument_error(std::string("problem details: the document (JSON Pointer \"\") is ") +
                         document.type_name() + ", not an object");
  }
  envelope::problem p;
  for (auto it = document.begin(); it != document.end(); ++it) {
    if (!read_member<false>(p, it.key(), it.value()))
      p.extensions[it.key()] = take<false>(it.value());
  }
  return p;
}

// read() for a document it may take apart: the document's own object, already
// allocated by the parser, becomes the extensions, and the standard members are
// taken out of it. Every unknown member stays where the parser put it.
template <class Json>
[[nodiscard]] envelope::problem read_moved(Json&& document) {
  if (!document.is_object()) return read(document);  // throws, as the copying read does
  envelope::problem p{"about:blank", std::nullopt, std::nullopt,       std::nullopt,
                      std::nullopt,  {},           std::move(document)};
  auto& members = p.extensions.template get_ref<nlohmann::json::object_t&>();
  for (auto it = members.begin(); it != members.end();) {
    it = read_member<true>(p, it->first, it->second) ? members.erase(it) : std::next(it);
  }
  return p;
}

std::string pointer_to(std::string_view name);

// RFC 9457 §3.2: names SHOULD start with a letter, hold only letters, digits
// and "_", and be three characters or longer.
[[nodiscard]] bool is_portable_name(std::string_view name) noexcept;

// RFC 9457 §3.1.1 and §3.1.5 recommend absolute URIs, or relative ones with the full path.
void check_uri_member(const nlohmann::json& value, std::string_view name,
                      std::vector<finding>& out);

void check_errors(const nlohmann::json& value, std::vector<finding>& out);

}  // namespace detail::problem_members

template <class T>
validation_error& validation_error::with(const std::string& name, T&& value) & {
  detail::problem_members::refuse_reserved(detail::problem_members::is_reserved_in_error(name),
                                           name, "validation_error::with");
  extensions[name] = nlohmann::json(std::forward<T>(value));
  return *this;
}

template <class T>
validation_error validation_error::with(const std::string& name, T&& value) && {
  with(name, std::forward<T>(value));
  return std::move(*this);
}

template <class Json>
problem problem::parse(const nlohmann::json& document) {
  return detail::problem_members::read(static_cast<const Json&>(document));
}

template <class Json>
problem problem::parse(nlohmann::json&& document) {
  return detail::problem_members::read_moved(std::move(static_cast<Json&>(document)));
}

template <class T>
problem& problem::with(const std::string& name, T&& value) & {
  detail::problem_members::refuse_reserved(detail::problem_members::is_reserved(name), name,
                                           "problem::with");
  extensions[name] = nlohmann::json(std::forward<T>(value));
  return *this;
}

template <class T>
problem problem::with(const std::string& name, T&& value) && {
  return std::move(with(name, std::forward<T>(value)));
}

template <class T>
std::optional<T> problem::extension(std::string_view name) const {
  if (!extensions.is_object()) return std::nullopt;
  const auto it = extensions.find(name);
  if (it == extensions.end()) return std::nullopt;
  return detail::problem_members::checked_get<T>(*it);
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const validation_error& e) {
  j = BasicJsonType::object();
  if (e.title) j["title"] = *e.title;
  if (!e.detail.empty()) j["detail"] = e.detail;
  if (e.pointer) j["pointer"] = *e.pointer;
  if (e.extensions.is_object()) {
    for (auto it = e.extensions.begin(); it != e.extensions.end(); ++it) {
      if (detail::problem_members::is_reserved_in_error(it.key())) continue;
      j[it.key()] = detail::problem_members::convert<BasicJsonType>(it.value());
    }
  }
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const problem& p, const problem_options& options) {
  j = BasicJsonType::object();
  if (options.write_about_blank || p.type != "about:blank") j["type"] = p.type;
  if (p.title) j["title"] = *p.title;
  if (p.status) j["status"] = *p.status;
  if (p.detail) j["detail"] = *p.detail;
  if (p.instance) j["instance"] = *p.instance;
  if (!p.errors.empty()) {
    auto& list = j["errors"] = BasicJsonType::array();
    for (const auto& e : p.errors)
      list.push_back(BasicJsonType(e));
  }
  if (p.extensions.is_object()) {
    for (auto it = p.extensions.begin(); it != p.extensions.end(); ++it) {
      const std::string& name = it.key();
      if (detail::problem_members::shadowed_extension(name, !p.errors.empty())) continue;
      detail::problem_members::append_member(
          j, name, detail::problem_members::convert<BasicJsonType>(it.value()));
    }
  }
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const problem& p) {
  to_json(j, p, problem_options{});
}

template <class BasicJsonType>
void from_json(const BasicJsonType& j, problem& p) {
  p = detail::problem_members::read(j);
}

template <class BasicJsonType>
void from_json(const BasicJsonType& j, validation_error& e) {
  if (!j.is_object()) {
    throw argument_error(std::string("validation error: expected an object, got ") + j.type_name());
  }
  e = validation_error{};
  detail::problem_members::read_error_members(j, e);
}

template <class Json>
std::string to_xml(const problem& p, const problem_options& options) {
  namespace xml = detail::xml;
  const Json& extensions = p.extensions;
  std::string out(xml::document_start);
  const auto text = [&out](std::string_view name, std::string_view value, std::size_t depth) {
    xml::indent(out, depth);
    out += '<';
    out += name;
    out += '>';
    xml::append_text(out, value);
    out += "</";
    out += name;
    out += ">\n";
  };
  if (options.write_about_blank || p.type != "about:blank") text("type", p.type, 1);
  if (p.title) text("title", *p.title, 1);
  if (p.status) text("status", std::to_string(*p.status), 1);
  if (p.detail) text("detail", *p.detail, 1);
  if (p.instance) text("instance", *p.instance, 1);
  if (!p.errors.empty()) {
    out += "  <errors>\n";
    for (const validation_error& e : p.errors) {
      out += "    <i>\n";
      if (e.title) text("title", *e.title, 3);
      if (!e.detail.empty()) text("detail", e.detail, 3);
      if (e.pointer) text("pointer", *e.pointer, 3);
      const Json& members = e.extensions;
      if (members.is_object()) {
        for (auto it = members.begin(); it != members.end(); ++it) {
          if (detail::problem_members::is_reserved_in_error(it.key())) continue;
          if (xml::is_element_name(it.key())) xml::append_element(out, it.key(), it.value(), 3);
        }
      }
      out += "    </i>\n";
    }
    out += "  </errors>\n";
  }
  if (extensions.is_object()) {
    for (auto it = extensions.begin(); it != extensions.end(); ++it) {
      const std::string& name = it.key();
      if (detail::problem_members::shadowed_extension(name, !p.errors.empty())) continue;
      if (xml::is_element_name(name)) xml::append_element(out, name, it.value(), 1);
    }
  }
  out += xml::document_end;
  return out;
}

template <class BasicJsonType,
          std::enable_if_t<detail::problem_members::is_document<BasicJsonType>, int>>
std::string to_xml(const BasicJsonType& document) {
  if (!document.is_object()) {
    throw argument_error(std::string("problem details: the document (JSON Pointer \"\") is ") +
                         document.type_name() + ", not an object");
  }
  return detail::xml::write_problem(
      document, [](const std::string& name, const BasicJsonType& value) {
        if (name == "status") return detail::problem_members::read_status(value).has_value();
        if (name == "type" || name == "title" || name == "detail" || name == "instance") {
          return value.is_string();
        }
        return true;
      });
}

template <class Json>
std::vector<finding> validate_problem(const nlohmann::json& given) {
  namespace pm = detail::problem_members;
  const Json& document = given;
  std::vector<finding> out;
  if (!document.is_object()) {
    out.push_back({severity::error, "",
                   std::string("problem details are a JSON object, not ") + document.type_name()});
    return out;
  }
  const auto ignored = [&](std::string_view name, const char* expected) {
    out.push_back(
        {severity::error, pm::pointer_to(name),
         std::string(name) + " is not " + expected + "; RFC 9457 Section 3.1 says to ignore it"});
  };
  std::string type = "about:blank";
  std::optional<int> status;
  std::optional<std::string> title;
  bool has_detail = false;
  for (auto it = document.begin(); it != document.end(); ++it) {
    const std::string& name = it.key();
    const auto& value = it.value();
    if (name == "type" || name == "instance") {
      if (!value.is_string()) {
        ignored(name, "a string");
        continue;
      }
      pm::check_uri_member(value, name, out);
      if (name == "type") type = value.template get<std::string>();
    } else if (name == "title" || name == "detail") {
      if (!value.is_string()) {
        ignored(name, "a string");
        continue;
      }
      if (name == "title") title = value.template get<std::string>();
      has_detail = has_detail || name == "detail";
    } else if (name == "status") {
      status = pm::read_status(value);
      if (!value.is_number()) {
        ignored(name, "a number");
      } else if (!status) {
        out.push_back({severity::error, "/status",
                       "status " + value.dump() +
                           " is not an HTTP status code (an integer in 100-599, RFC 9110 "
                           "Section 15); RFC 9457 Section 3.1 says to ignore it"});
      } else if (value.is_number_float()) {
        out.push_back({severity::info, "/status",
                       "status is written as " + value.dump() + "; most clients expect " +
                           std::to_string(*status)});
      }
    } else if (name == "errors") {
      pm::check_errors(value, out);
    } else if (!pm::is_portable_name(name)) {
      out.push_back({severity::warning, pm::pointer_to(name),
                     "extension name \"" + name +
                         "\" should start with a letter, hold only letters, digits and \"_\", "
                         "and be at least three characters (RFC 9457 Section 3.2)"});
    }
  }
  if (!title) out.push_back({severity::warning, "", "no title; the conventions require one"});
  if (!has_detail) out.push_back({severity::warning, "", "no detail; the conventions require one"});
  if (type == "about:blank" && status && title) {
    // RFC 9457 §4.2.1: about:blank's title SHOULD be the status phrase. A code
    // IANA has not assigned has no phrase to compare with.
    if (const status_info* info = find_status(*status); info && *title != info->title) {
      out.push_back({severity::warning, "/title",
                     "about:blank with status " + std::to_string(*status) + " should be titled \"" +
                         std::string(info->title) + "\", not \"" + *title + "\""});
    }
  }
  return out;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_PROBLEM_HPP

#ifndef ENVELOPE_IMPL_LINK_HPP
#define ENVELOPE_IMPL_LINK_HPP

// Included only from <envelope/link.hpp>: the Link Object parser and writer into
// nlohmann::json, and the helpers the HAL and HAL-FORMS parsers share.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace envelope {
namespace detail {
class json_writer;
}  // namespace detail

namespace detail::hal_document {

// RFC 6901 §3: "~" is written "~0" and "/" is written "~1".
std::string token(std::string_view name);

std::string token(std::size_t index);

std::string got(const nlohmann::json& value);

std::string link_not_object(const nlohmann::json& v);
std::string missing_href(const nlohmann::json& link_object);

inline constexpr std::string_view optional_members[] = {"type",    "deprecation", "name",
                                                        "profile", "title",       "hreflang"};

// Whether the raw extension member `key` of l is written: not "href", and not a standard
// member whose typed field is set (the typed value wins).
bool writes_raw(const link& l, std::string_view key) noexcept;

// What to_json(json&, const link&) builds, written as text.
void write_link(json_writer& w, const link& l);

template <class T>
std::conditional_t<std::is_const_v<T>, std::remove_const_t<T>, T&&> take(T& value) {
  if constexpr (std::is_const_v<T>) {
    return value;
  } else {
    return std::move(value);
  }
}

template <class Json>
using object_of = std::conditional_t<std::is_const_v<Json>, const nlohmann::json::object_t,
                                     nlohmann::json::object_t>;
template <class Json>
using array_of = std::conditional_t<std::is_const_v<Json>, const nlohmann::json::array_t,
                                    nlohmann::json::array_t>;
template <class Json>
using string_of = std::conditional_t<std::is_const_v<Json>, const std::string, std::string>;

template <class Json>
object_of<Json>& object(Json& j) noexcept {
  return *j.template get_ptr<object_of<Json>*>();
}
template <class Json>
array_of<Json>& array(Json& j) noexcept {
  return *j.template get_ptr<array_of<Json>*>();
}
template <class Json>
string_of<Json>& string(Json& j) noexcept {
  return *j.template get_ptr<string_of<Json>*>();
}

}  // namespace detail::hal_document

template <class Json>
link link::parse_(Json& value) {
  auto& members = detail::hal_document::object(value);
  const auto href = members.find("href");
  if (href == members.end() || !href->second.is_string()) {
    throw document_error("", detail::hal_document::missing_href(value));
  }
  link result;
  result.href = detail::hal_document::take(detail::hal_document::string(href->second));
  for (auto& [key, member] : members) {
    if (key == "href") continue;
    if (key == "templated") {
      if (member.is_boolean() && member.template get<bool>()) {
        result.templated = true;
        continue;
      }
    } else if (member.is_string()) {
      std::optional<std::string>* field = key == "type"          ? &result.type
                                          : key == "deprecation" ? &result.deprecation
                                          : key == "name"        ? &result.name
                                          : key == "profile"     ? &result.profile
                                          : key == "title"       ? &result.title
                                          : key == "hreflang"    ? &result.hreflang
                                                                 : nullptr;
      if (field != nullptr) {
        *field = detail::hal_document::take(detail::hal_document::string(member));
        continue;
      }
    }
    // Unknown members, and standard ones of the wrong type, are kept raw for the round trip.
    if (result.extensions.is_null()) result.extensions = nlohmann::json::object();
    result.extensions.emplace(key, detail::hal_document::take(member));
  }
  return result;
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const link& l) {
  j = BasicJsonType::object();
  j["href"] = l.href;
  if (l.templated) j["templated"] = true;
  const auto put = [&j](const char* key, const std::optional<std::string>& value) {
    if (value) j[key] = *value;
  };
  put("type", l.type);
  put("deprecation", l.deprecation);
  put("name", l.name);
  put("profile", l.profile);
  put("title", l.title);
  put("hreflang", l.hreflang);
  if (!l.extensions.is_object()) return;
  for (const auto& [key, value] : l.extensions.get_ref<const nlohmann::json::object_t&>()) {
    if (detail::hal_document::writes_raw(l, key)) j[key] = BasicJsonType(value);
  }
}

template <class BasicJsonType>
void from_json(const BasicJsonType& j, link& l) {
  if constexpr (std::is_same_v<BasicJsonType, nlohmann::json>) {
    if (!j.is_object()) throw document_error("", detail::hal_document::link_not_object(j));
    l = link::parse_(j);
  } else {
    const nlohmann::json converted(j);
    from_json(converted, l);
  }
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_LINK_HPP

#ifndef ENVELOPE_IMPL_LINK_IPP
#define ENVELOPE_IMPL_LINK_IPP

#include <envelope/link.hpp>

#include <envelope/detail/json_writer.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/uri_template.hpp>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace envelope {

ENVELOPE_INLINE std::string document_error::format_(const std::string& pointer,
                                                    const std::string& reason) {
  return (pointer.empty() ? std::string("(root)") : pointer) + ": " + reason;
}

namespace detail::hal_document {

ENVELOPE_INLINE std::string token(std::string_view name) {
  return json_pointer_token(name);
}

ENVELOPE_INLINE std::string token(std::size_t index) {
  return "/" + std::to_string(index);
}

ENVELOPE_INLINE std::string got(const nlohmann::json& value) {
  return std::string(", got ") + value.type_name();
}

ENVELOPE_INLINE std::string link_not_object(const nlohmann::json& v) {
  return "a Link Object must be a JSON object (§5)" + got(v);
}

ENVELOPE_INLINE std::string missing_href(const nlohmann::json& link_object) {
  const auto it = link_object.find("href");
  std::string reason = "a Link Object must have a string \"href\" (§5.1)";
  if (it != link_object.end()) reason += got(*it);
  return reason;
}

ENVELOPE_INLINE bool is_standard_member(std::string_view key) noexcept {
  if (key == "href" || key == "templated") return true;
  return std::find(std::begin(optional_members), std::end(optional_members), key) !=
         std::end(optional_members);
}

// The Link Object members in nlohmann::json's order (by name).
inline constexpr std::string_view link_members[] = {"deprecation", "href",      "hreflang", "name",
                                                    "profile",     "templated", "title",    "type"};

ENVELOPE_INLINE const std::optional<std::string>* optional_member(const link& l,
                                                                  std::size_t i) noexcept {
  switch (i) {
    case 0:
      return &l.deprecation;
    case 2:
      return &l.hreflang;
    case 3:
      return &l.name;
    case 4:
      return &l.profile;
    case 6:
      return &l.title;
    case 7:
      return &l.type;
    default:
      return nullptr;
  }
}

// Whether member i of link_members is written from its typed field.
ENVELOPE_INLINE bool typed_present(const link& l, std::size_t i) noexcept {
  if (i == 1) return true;
  if (i == 5) return l.templated;
  return optional_member(l, i)->has_value();
}

ENVELOPE_INLINE bool writes_raw(const link& l, std::string_view key) noexcept {
  const auto first = std::begin(link_members);
  const auto last = std::end(link_members);
  const auto it = std::lower_bound(first, last, key);
  return it == last || *it != key || !typed_present(l, static_cast<std::size_t>(it - first));
}

// The raw members each link writes, compared in name order; an extensions value that is
// not an object writes none.
ENVELOPE_INLINE bool same_written_extensions(const link& a, const link& b) {
  if (a.extensions.empty() && b.extensions.empty()) return true;
  static const nlohmann::json::object_t none;
  const auto& x =
      a.extensions.is_object() ? a.extensions.get_ref<const nlohmann::json::object_t&>() : none;
  const auto& y =
      b.extensions.is_object() ? b.extensions.get_ref<const nlohmann::json::object_t&>() : none;
  auto i = x.begin();
  auto j = y.begin();
  for (;;) {
    while (i != x.end() && !writes_raw(a, i->first))
      ++i;
    while (j != y.end() && !writes_raw(b, j->first))
      ++j;
    if (i == x.end() || j == y.end()) return i == x.end() && j == y.end();
    if (i->first != j->first || i->second != j->second) return false;
    ++i;
    ++j;
  }
}

ENVELOPE_INLINE void write_link(json_writer& w, const link& l) {
  w.begin_object();
  write_members(
      w, link_members, std::size(link_members), l.extensions,
      [&l](std::size_t i) { return typed_present(l, i); },
      [&w, &l](std::size_t i) {
        if (i == 1) {
          w.value(std::string_view(l.href));
        } else if (i == 5) {
          w.value(true);
        } else {
          w.value(std::string_view(**optional_member(l, i)));
        }
      },
      [](const std::string& name) { return name == "href"; });
  w.end_object();
}

}  // namespace detail::hal_document

ENVELOPE_INLINE link::link(std::string uri) : href(std::move(uri)) {}
ENVELOPE_INLINE link::link(const char* uri) : href(uri) {}

ENVELOPE_INLINE link& link::with_templated(bool value) & {
  templated = value;
  return *this;
}

ENVELOPE_INLINE link& link::with_type(std::string value) & {
  type = std::move(value);
  return *this;
}

ENVELOPE_INLINE link& link::with_deprecation(std::string value) & {
  deprecation = std::move(value);
  return *this;
}

ENVELOPE_INLINE link& link::with_name(std::string value) & {
  name = std::move(value);
  return *this;
}

ENVELOPE_INLINE link& link::with_profile(std::string value) & {
  profile = std::move(value);
  return *this;
}

ENVELOPE_INLINE link& link::with_title(std::string value) & {
  title = std::move(value);
  return *this;
}

ENVELOPE_INLINE link& link::with_hreflang(std::string value) & {
  hreflang = std::move(value);
  return *this;
}

ENVELOPE_INLINE link& link::with(const std::string& member, nlohmann::json value) & {
  if (detail::hal_document::is_standard_member(member)) {
    throw argument_error("link: \"" + member + "\" is a standard Link Object member");
  }
  if (!extensions.is_object()) extensions = nlohmann::json::object();
  extensions[member] = std::move(value);
  return *this;
}

ENVELOPE_INLINE std::string link::expand(const nlohmann::json& variables) const {
  if (!templated) return href;
  return uri_template(href).expand(variables);
}

ENVELOPE_INLINE bool link::equal_(const link& a, const link& b) {
  return a.href == b.href && a.templated == b.templated && a.type == b.type &&
         a.deprecation == b.deprecation && a.name == b.name && a.profile == b.profile &&
         a.title == b.title && a.hreflang == b.hreflang &&
         detail::hal_document::same_written_extensions(a, b);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_LINK_IPP

#ifndef ENVELOPE_IMPL_PROBLEM_IPP
#define ENVELOPE_IMPL_PROBLEM_IPP

#include <envelope/problem.hpp>

#include <envelope/detail/ascii.hpp>
#include <envelope/detail/json_writer.hpp>
#include <envelope/detail/uri.hpp>
#include <envelope/message.hpp>

#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envelope {

namespace detail::problem_members {

ENVELOPE_INLINE bool is_reserved(std::string_view name) noexcept {
  return name == "type" || name == "title" || name == "status" || name == "detail" ||
         name == "instance" || name == "errors";
}

ENVELOPE_INLINE bool shadowed_extension(std::string_view name, bool typed_errors) noexcept {
  return name == "errors" ? typed_errors : is_reserved(name);
}

ENVELOPE_INLINE bool is_reserved_in_error(std::string_view name) noexcept {
  return name == "title" || name == "detail" || name == "pointer";
}

ENVELOPE_INLINE void refuse_reserved(bool reserved, std::string_view name, std::string_view owner) {
  if (reserved) {
    throw argument_error(std::string(owner) + ": \"" + std::string(name) +
                         "\" is a standard member, not an extension; set it directly");
  }
}

// Whether two extensions values give the same written members: those skip(name)
// drops are left out, and a value that is not an object gives none.
template <class Skip>
bool same_written(const nlohmann::json& a, const nlohmann::json& b, Skip skip) {
  using object_t = nlohmann::json::object_t;
  const object_t none;
  const object_t& x = a.is_object() ? a.get_ref<const object_t&>() : none;
  const object_t& y = b.is_object() ? b.get_ref<const object_t&>() : none;
  auto i = x.begin();
  auto k = y.begin();
  for (;;) {
    while (i != x.end() && skip(i->first))
      ++i;
    while (k != y.end() && skip(k->first))
      ++k;
    if (i == x.end() || k == y.end()) return i == x.end() && k == y.end();
    if (i->first != k->first || i->second != k->second) return false;
    ++i;
    ++k;
  }
}

}  // namespace detail::problem_members

ENVELOPE_INLINE validation_error validation_error::at(std::string where, std::string what) {
  validation_error e;
  e.detail = std::move(what);
  e.pointer = std::move(where);
  return e;
}

ENVELOPE_INLINE validation_error validation_error::titled(std::string kind, std::string what) {
  validation_error e;
  e.title = std::move(kind);
  e.detail = std::move(what);
  return e;
}

ENVELOPE_INLINE bool validation_error::equal_(const validation_error& a,
                                              const validation_error& b) {
  return a.title == b.title && a.detail == b.detail && a.pointer == b.pointer &&
         detail::problem_members::same_written(a.extensions, b.extensions,
                                               detail::problem_members::is_reserved_in_error);
}

ENVELOPE_INLINE problem problem::from_status(int code) {
  problem p;
  p.status = code;
  if (const status_info* info = resolve_status(code)) p.title = std::string(info->title);
  return p;
}

ENVELOPE_INLINE problem problem::validation_failed(std::vector<validation_error> failures,
                                                   int code) {
  problem p = from_status(code);
  p.detail = "Request failed validation";
  p.errors = std::move(failures);
  return p;
}

ENVELOPE_INLINE bool problem::has_extension(std::string_view name) const {
  return extensions.is_object() && extensions.contains(name);
}

ENVELOPE_INLINE bool problem::equal_(const problem& a, const problem& b) {
  const bool typed_errors = !a.errors.empty();
  return a.type == b.type && a.title == b.title && a.status == b.status && a.detail == b.detail &&
         a.instance == b.instance && a.errors == b.errors &&
         detail::problem_members::same_written(
             a.extensions, b.extensions, [typed_errors](std::string_view name) {
               return detail::problem_members::shadowed_extension(name, typed_errors);
             });
}

ENVELOPE_INLINE problem_exception::problem_exception(problem p, header_fields fields)
    : state_(std::make_shared<const state>(std::move(p), std::move(fields))) {}

ENVELOPE_INLINE problem_exception::state::state(problem p, header_fields f)
    : details(std::move(p)), fields(std::move(f)), what(describe(details)) {}

ENVELOPE_INLINE std::string problem_exception::describe(const problem& p) {
  if (p.title) return *p.title;
  if (p.status) {
    if (const status_info* info = resolve_status(*p.status)) return std::string(info->title);
  }
  return p.type;
}

ENVELOPE_INLINE problem problem::from_exception(const std::exception& e, int code,
                                                exception_detail what) {
  if (const auto* carried = dynamic_cast<const problem_exception*>(&e)) return carried->details();
  problem p = from_status(code);
  if (what == exception_detail::exposed) p.detail = e.what();
  return p;
}

ENVELOPE_INLINE problem problem_type::make() const {
  problem p;
  p.type = type;
  p.title = title;
  p.status = status;
  return p;
}

ENVELOPE_INLINE problem problem_type::make(std::string occurrence_detail) const {
  problem p = make();
  p.detail = std::move(occurrence_detail);
  return p;
}

ENVELOPE_INLINE problem_catalogue& problem_catalogue::add(problem_type definition) {
  if (definition.type.empty() || definition.title.empty()) {
    throw argument_error("problem_catalogue::add: a problem type needs a type URI and a title");
  }
  if (!is_valid_status(definition.status)) {
    throw argument_error(
        "problem_catalogue::add: \"" + definition.type + "\": " +
        detail::rule_message(response_rule::status_out_of_range, {definition.status, {}, {}, 0}));
  }
  if (find(definition.type) != nullptr) {
    throw argument_error("problem_catalogue::add: \"" + definition.type + "\" is already defined");
  }
  types_.push_back(std::move(definition));
  return *this;
}

ENVELOPE_INLINE const problem_type* problem_catalogue::find(
    std::string_view type_uri) const noexcept {
  for (const auto& t : types_) {
    if (t.type == type_uri) return &t;
  }
  return nullptr;
}

ENVELOPE_INLINE nlohmann::json to_json(const problem& p, const problem_options& options) {
  nlohmann::json j;
  to_json(j, p, options);
  return j;
}

namespace detail::problem_members {

// Members in nlohmann::json's order (by name).
inline constexpr std::string_view error_members[] = {"detail", "pointer", "title"};

// What to_json(json&, const validation_error&) builds, written as text.
ENVELOPE_INLINE void write(json_writer& w, const validation_error& e) {
  w.begin_object();
  write_members(
      w, error_members, std::size(error_members), e.extensions,
      [&e](std::size_t i) {
        return i == 0 ? !e.detail.empty() : i == 1 ? e.pointer.has_value() : e.title.has_value();
      },
      [&w, &e](std::size_t i) {
        w.value(std::string_view(i == 0 ? e.detail : i == 1 ? *e.pointer : *e.title));
      },
      [](const std::string& name) { return is_reserved_in_error(name); });
  w.end_object();
}

// What to_json(json&, const problem&, options) builds, written as text.
ENVELOPE_INLINE void write(json_writer& w, const envelope::problem& p,
                           const problem_options& options) {
  static constexpr std::string_view names[] = {"detail", "errors", "instance",
                                               "status", "title",  "type"};
  w.begin_object();
  write_members(
      w, names, std::size(names), p.extensions,
      [&p, &options](std::size_t i) {
        switch (i) {
          case 0:
            return p.detail.has_value();
          case 1:
            return !p.errors.empty();
          case 2:
            return p.instance.has_value();
          case 3:
            return p.status.has_value();
          case 4:
            return p.title.has_value();
          default:
            return options.write_about_blank || p.type != "about:blank";
        }
      },
      [&w, &p](std::size_t i) {
        switch (i) {
          case 0:
            w.value(std::string_view(*p.detail));
            return;
          case 1:
            w.begin_array();
            for (const validation_error& e : p.errors) {
              w.element();
              write(w, e);
            }
            w.end_array();
            return;
          case 2:
            w.value(std::string_view(*p.instance));
            return;
          case 3:
            w.value(*p.status);
            return;
          case 4:
            w.value(std::string_view(*p.title));
            return;
          default:
            w.value(std::string_view(p.type));
        }
      },
      [&p](const std::string& name) { return shadowed_extension(name, !p.errors.empty()); });
  w.end_object();
}

}  // namespace detail::problem_members

ENVELOPE_INLINE std::string dump(const problem& p, const problem_options& options, int indent) {
  std::string out;
  out.reserve(256);
  {
    detail::json_writer w(out, indent);  // out has its final size once w is gone
    detail::problem_members::write(w, p, options);
  }
  return out;
}

ENVELOPE_INLINE std::string dump(const problem& p, int indent) {
  return dump(p, problem_options{}, indent);
}

ENVELOPE_INLINE void to_json(nlohmann::json& j, const problem_type& t) {
  j = nlohmann::json{{"type", t.type}, {"title", t.title}, {"status", t.status}};
}

ENVELOPE_INLINE void to_json(nlohmann::json& j, const problem_catalogue& c) {
  j = nlohmann::json::array();
  for (const auto& t : c)
    j.push_back(t);
}

namespace detail::problem_members {

ENVELOPE_INLINE std::string pointer_to(std::string_view name) {
  return json_pointer_token(name);
}

ENVELOPE_INLINE bool is_portable_name(std::string_view name) noexcept {
  if (name.size() < 3 || !is_alpha(name[0])) return false;
  for (const char c : name) {
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  }
  return true;
}

ENVELOPE_INLINE void check_uri_member(const nlohmann::json& value, std::string_view name,
                                      std::vector<finding>& out) {
  const auto& uri = value.get_ref<const std::string&>();
  if (!has_scheme(uri) && (uri.empty() || uri[0] != '/')) {
    out.push_back({severity::warning, pointer_to(name),
                   std::string(name) + " \"" + uri +
                       "\" is a relative reference without a full path; RFC 9457 recommends "
                       "absolute URIs"});
  }
}

ENVELOPE_INLINE void check_errors(const nlohmann::json& value, std::vector<finding>& out) {
  std::size_t index = 0;
  const char* member = nullptr;
  if (const char* why = errors_shape_problem(value, &index, &member)) {
    std::string where = "/errors";
    if (value.is_array()) where += "/" + std::to_string(index);
    if (member != nullptr) where += std::string("/") + member;
    out.push_back({severity::warning, where,
                   std::string(member != nullptr ? member : "value") + " " + why +
                       "; \"errors\" is kept as a plain extension, not as validation errors"});
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto& item = value[i];
    const std::string where = "/errors/" + std::to_string(i);
    if (!item.contains("detail")) {
      out.push_back({severity::warning, where, "a validation error without a detail"});
    }
    const auto pointer = item.find("pointer");
    if (pointer != item.end()) {
      // RFC 6901: "" or "/..." as a string, "#" or "#/..." as a URI fragment.
      const auto& text = pointer->get_ref<const std::string&>();
      std::string_view path = text;
      if (!path.empty() && path[0] == '#') path.remove_prefix(1);
      if (!path.empty() && path[0] != '/') {
        out.push_back({severity::warning, where + "/pointer",
                       "\"" + text + "\" is not a JSON Pointer (RFC 6901)"});
      }
    }
  }
}

}  // namespace detail::problem_members

}  // namespace envelope

#endif  // ENVELOPE_IMPL_PROBLEM_IPP

#ifndef ENVELOPE_HAL_HPP
#define ENVELOPE_HAL_HPP

// HAL (draft-kelly-json-hal-11): Link Objects, Resource Objects with their links,
// curies and embedded resources, a strict parser and a diagnostic pass.

#include <envelope/detail/config.hpp>
#include <envelope/detail/json_writer.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/uri_template.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace envelope {

// A HAL document breaks a MUST of the draft. pointer() is the RFC 6901 JSON Pointer
// of the offending member ("" is the whole document); reason() says what was expected.
class document_error : public std::runtime_error {
 public:
  document_error(std::string pointer, std::string reason)
      : std::runtime_error(format_(pointer, reason)),
        pointer_(std::move(pointer)),
        reason_(std::move(reason)) {}

  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  static std::string format_(const std::string& pointer, const std::string& reason);

  std::string pointer_;
  std::string reason_;
};

struct parse_options {
  // Levels of _embedded below the root that are accepted; deeper is a document_error.
  // The parser and validate_hal recurse at most this deep.
  std::size_t max_depth = 64;
};

namespace detail::hal_document {

// RFC 6901 §3: "~" is written "~0" and "/" is written "~1".
std::string token(std::string_view name);

std::string token(std::size_t index);

std::string got(const nlohmann::json& value);

// The reasons are shared by the parser and validate_hal, so both say the same thing.
std::string root_not_object(const nlohmann::json& v);
std::string links_not_object(const nlohmann::json& v);
std::string relation_not_link(const nlohmann::json& v);
std::string link_not_object(const nlohmann::json& v);
std::string missing_href(const nlohmann::json& link_object);
std::string embedded_not_object(const nlohmann::json& v);
std::string relation_not_resource(const nlohmann::json& v);
std::string resource_not_object(const nlohmann::json& v);
std::string too_deep(std::size_t limit);

bool is_reserved(std::string_view key) noexcept;

inline constexpr std::string_view optional_members[] = {"type",    "deprecation", "name",
                                                        "profile", "title",       "hreflang"};

// A compact relation is prefix ":" reference (§8.3). "scheme://..." is an absolute
// URI whatever names are declared, so it never splits.
bool split_compact(std::string_view rel, std::string_view& prefix,
                   std::string_view& reference) noexcept;

template <class T>
std::conditional_t<std::is_const_v<T>, std::remove_const_t<T>, T&&> take(T& value) {
  if constexpr (std::is_const_v<T>) {
    return value;
  } else {
    return std::move(value);
  }
}

}  // namespace detail::hal_document

struct link {
  std::string href;
  // §5.2: anything but true reads as false. A parsed non-true value is kept, raw,
  // in extensions["templated"] so that the document round-trips unchanged.
  bool templated = false;
  std::optional<std::string> type;
  std::optional<std::string> deprecation;
  std::optional<std::string> name;
  std::optional<std::string> profile;
  std::optional<std::string> title;
  std::optional<std::string> hreflang;
  // Non-standard members, and standard ones whose value had the wrong type (kept raw).
  // An object; null means none.
  nlohmann::json extensions;

  link() = default;
  link(std::string uri);
  link(const char* uri);

  // Each setter also drops a raw value of the same name that parsing kept in
  // extensions (a wrong-typed "templated": "true"): the typed member replaces it,
  // and the link then reads back equal to what it writes.
  link& with_templated(bool value = true) &;
  link&& with_templated(bool value = true) && { return std::move(with_templated(value)); }
  link& with_type(std::string value) &;
  link&& with_type(std::string value) && { return std::move(with_type(std::move(value))); }
  link& with_deprecation(std::string value) &;
  link&& with_deprecation(std::string value) && {
    return std::move(with_deprecation(std::move(value)));
  }
  link& with_name(std::string value) &;
  link&& with_name(std::string value) && { return std::move(with_name(std::move(value))); }
  link& with_profile(std::string value) &;
  link&& with_profile(std::string value) && { return std::move(with_profile(std::move(value))); }
  link& with_title(std::string value) &;
  link&& with_title(std::string value) && { return std::move(with_title(std::move(value))); }
  link& with_hreflang(std::string value) &;
  link&& with_hreflang(std::string value) && { return std::move(with_hreflang(std::move(value))); }

  // A non-standard member. The draft's own member names are refused (std::invalid_argument):
  // they have typed fields.
  link& with(const std::string& member, nlohmann::json value) &;
  link&& with(const std::string& member, nlohmann::json value) && {
    return std::move(with(member, std::move(value)));
  }

  // The href with its RFC 6570 expressions expanded when templated, else the href as is.
  // Throws uri_template_error when a templated href is not a valid template.
  [[nodiscard]] std::string expand(const nlohmann::json& variables) const;

  friend bool operator==(const link& a, const link& b) { return equal_(a, b); }
  friend bool operator!=(const link& a, const link& b) { return !(a == b); }

 private:
  static bool equal_(const link& a, const link& b);
  link& set_(std::optional<std::string>& member, const char* member_name, std::string value);
  void drop_raw_(const char* member_name);

  // Json is nlohmann::json (strings are moved out) or const nlohmann::json; an object.
  template <class Json>
  static link parse_(Json& object);
  friend class resource;
  template <class BasicJsonType>
  friend void from_json(const BasicJsonType& j, link& l);
};

class resource {
 public:
  // A relation keeps the shape it was written or parsed with (§4.1.1: servers SHOULD
  // NOT change it), whatever its count.
  struct link_relation {
    std::string rel;
    bool is_array = false;
    std::vector<link> links;

    friend bool operator==(const link_relation& a, const link_relation& b) {
      return a.rel == b.rel && a.is_array == b.is_array && a.links == b.links;
    }
    friend bool operator!=(const link_relation& a, const link_relation& b) { return !(a == b); }
  };

  struct embedded_relation {
    std::string rel;
    bool is_array = false;
    std::vector<resource> resources;

    friend bool operator==(const embedded_relation& a, const embedded_relation& b) {
      return a.rel == b.rel && a.is_array == b.is_array && a.resources == b.resources;
    }
    friend bool operator!=(const embedded_relation& a, const embedded_relation& b) {
      return !(a == b);
    }
  };

  resource();

  // The state is a JSON object (null reads as {}); anything else, or an object holding
  // "_links" or "_embedded", is refused with std::invalid_argument: a whole document is
  // read with parse().
  explicit resource(nlohmann::json state);

  // resource({{"id", 1}}) builds the state as nlohmann::json would; without this the
  // braces are ambiguous with the copy constructor.
  explicit resource(nlohmann::json::initializer_list_t state);
  // Strict parsing: document_error for every MUST the document breaks.
  //
  // Both overloads are templates only so that the parser is compiled where it is
  // called; Json is always nlohmann::json.
  template <class Json = nlohmann::json>
  [[nodiscard]] static resource parse(const nlohmann::json& document,
                                      const parse_options& options = {}) {
    return parse_root_(static_cast<const Json&>(document), options);
  }
  // Moves state values and strings out of the document instead of copying them. On a
  // document_error the document is left valid but unspecified.
  template <class Json = nlohmann::json>
  [[nodiscard]] static resource parse(nlohmann::json&& document,
                                      const parse_options& options = {}) {
    return parse_root_(static_cast<Json&>(document), options);
  }

  [[nodiscard]] const nlohmann::json& state() const noexcept { return state_; }
  // Members named "_links" or "_embedded" put here are not written out (§4 reserves them).
  [[nodiscard]] nlohmann::json& state() noexcept { return state_; }

  template <class T>
  [[nodiscard]] T state_as() const {
    return state_.get<T>();
  }

  // The relation becomes a single Link Object, replacing what it held.
  resource& set_link(std::string rel, link value) &;
  resource&& set_link(std::string rel, link value) && {
    return std::move(set_link(std::move(rel), std::move(value)));
  }

  // Appends to the relation, which is (or becomes) an array, even of one.
  resource& add_link(std::string rel, link value) &;
  resource&& add_link(std::string rel, link value) && {
    return std::move(add_link(std::move(rel), std::move(value)));
  }

  // The relation becomes an array holding exactly these links, kept when empty.
  resource& set_links(std::string rel, std::vector<link> values) &;
  resource&& set_links(std::string rel, std::vector<link> values) && {
    return std::move(set_links(std::move(rel), std::move(values)));
  }

  // Declares a curie in the reserved "curies" relation, always an array (§8.3). A curie
  // of the same name is replaced.
  resource& add_curie(std::string name, std::string href_template) &;
  resource&& add_curie(std::string name, std::string href_template) && {
    return std::move(add_curie(std::move(name), std::move(href_template)));
  }

  resource& set_embedded(std::string rel, resource value) &;
  resource&& set_embedded(std::string rel, resource value) && {
    return std::move(set_embedded(std::move(rel), std::move(value)));
  }

  resource& add_embedded(std::string rel, resource value) &;
  resource&& add_embedded(std::string rel, resource value) && {
    return std::move(add_embedded(std::move(rel), std::move(value)));
  }

  // An array relation holding exactly these resources; an empty one is written as [].
  resource& set_embedded(std::string rel, std::vector<resource> values) &;
  resource&& set_embedded(std::string rel, std::vector<resource> values) && {
    return std::move(set_embedded(std::move(rel), std::move(values)));
  }

  bool remove_link(std::string_view rel);
  bool remove_embedded(std::string_view rel);

  // Every relation, in the order written or parsed.
  [[nodiscard]] const std::vector<link_relation>& links() const noexcept { return links_; }
  [[nodiscard]] const std::vector<embedded_relation>& embedded() const noexcept {
    return embedded_;
  }

  // Look-ups by relation accept the name as stored, or its other spelling through the
  // curies in scope: "acme:widgets" finds a relation stored under its expansion, and the
  // full URI finds one stored as "acme:widgets". The curies in scope are this resource's,
  // then those of `enclosing` (the resources this one is embedded in, innermost first),
  // so an embedded resource's own curies take precedence (§8.3).
  [[nodiscard]] const link_relation* find_link_relation(
      std::string_view rel, const std::vector<const resource*>& enclosing = {}) const;
  [[nodiscard]] const embedded_relation* find_embedded_relation(
      std::string_view rel, const std::vector<const resource*>& enclosing = {}) const;

  // The first link of the relation, or nullptr.
  [[nodiscard]] const link* find_link(std::string_view rel,
                                      const std::vector<const resource*>& enclosing = {}) const;
  // All links of the relation; empty when there is none.
  [[nodiscard]] const std::vector<link>& find_links(
      std::string_view rel, const std::vector<const resource*>& enclosing = {}) const;

  // The first embedded resource of the relation, or nullptr.
  [[nodiscard]] const resource* find_embedded(
      std::string_view rel, const std::vector<const resource*>& enclosing = {}) const;
  [[nodiscard]] resource* find_embedded(std::string_view rel,
                                        const std::vector<const resource*>& enclosing = {});
  [[nodiscard]] const std::vector<resource>& find_all_embedded(
      std::string_view rel, const std::vector<const resource*>& enclosing = {}) const;

  // The full relation URI of a compact "prefix:reference" relation: the href of the
  // curie named prefix, with {rel} expanded to reference (RFC 6570). nullopt when rel is
  // not compact, when no curie in scope has that name (an absolute URI such as
  // "urn:x" or "https://..." is therefore never taken for a curie), or when the curie's
  // href is not a valid URI template.
  [[nodiscard]] std::optional<std::string> expand_curie(
      std::string_view rel, const std::vector<const resource*>& enclosing = {}) const;

  // Equal state and equal relations; the order of relations carries no meaning (they
  // are members of a JSON object), the order of links within a relation does.
  friend bool operator==(const resource& a, const resource& b) { return equal_(a, b); }
  friend bool operator!=(const resource& a, const resource& b) { return !(a == b); }

 private:
  static bool equal_(const resource& a, const resource& b);
  void check_state_();

  struct unset_state {};
  explicit resource(unset_state) noexcept;

  template <class Relation>
  static const Relation* find_exact_(const std::vector<Relation>& relations,
                                     std::string_view rel) noexcept {
    for (const Relation& relation : relations) {
      if (relation.rel == rel) return &relation;
    }
    return nullptr;
  }

  template <class Relation>
  const Relation* resolve_(const std::vector<Relation>& relations, std::string_view rel,
                           const std::vector<const resource*>& enclosing) const {
    if (const Relation* exact = find_exact_(relations, rel)) return exact;
    if (rel.find(':') == std::string_view::npos) return nullptr;
    if (const std::optional<std::string> full = expand_curie(rel, enclosing)) {
      if (const Relation* expanded = find_exact_(relations, *full)) return expanded;
    }
    // The reverse direction: a relation stored as "prefix:reference" whose expansion
    // is rel. The curies in scope are gathered once, so this stays linear.
    const auto scope = curies_in_scope_(enclosing);
    if (scope.empty()) return nullptr;
    for (const Relation& relation : relations) {
      std::string_view prefix;
      std::string_view reference;
      if (!detail::hal_document::split_compact(relation.rel, prefix, reference)) continue;
      const auto curie = scope.find(prefix);
      if (curie == scope.end()) continue;
      const std::optional<std::string> full = expand_with_(*curie->second, reference);
      if (full && *full == rel) return &relation;
    }
    return nullptr;
  }

  // Curie name to curie, for this resource's curies and then its enclosing ones'; the
  // first declaration of a name wins, so inner curies take precedence (§8.3).
  std::unordered_map<std::string_view, const link*> curies_in_scope_(
      const std::vector<const resource*>& enclosing) const;

  static std::optional<std::string> expand_with_(const link& curie, std::string_view reference);

  const link* find_curie_(std::string_view name) const noexcept;

  template <class Relation, class Value>
  static void put_(std::vector<Relation>& relations, std::string rel, bool is_array,
                   std::vector<Value> values) {
    for (Relation& relation : relations) {
      if (relation.rel == rel) {
        relation.is_array = is_array;
        values_of_(relation) = std::move(values);
        return;
      }
    }
    Relation relation;
    relation.rel = std::move(rel);
    relation.is_array = is_array;
    values_of_(relation) = std::move(values);
    relations.push_back(std::move(relation));
  }

  template <class Relation, class Value>
  static void append_(std::vector<Relation>& relations, std::string rel, Value value) {
    for (Relation& relation : relations) {
      if (relation.rel == rel) {
        relation.is_array = true;
        values_of_(relation).push_back(std::move(value));
        return;
      }
    }
    std::vector<Value> values;
    values.push_back(std::move(value));
    put_(relations, std::move(rel), true, std::move(values));
  }

  template <class Relation>
  static bool remove_(std::vector<Relation>& relations, std::string_view rel) {
    const auto it = std::find_if(relations.begin(), relations.end(),
                                 [rel](const Relation& r) { return r.rel == rel; });
    if (it == relations.end()) return false;
    relations.erase(it);
    return true;
  }

  static std::vector<link>& values_of_(link_relation& r) noexcept { return r.links; }
  static std::vector<resource>& values_of_(embedded_relation& r) noexcept { return r.resources; }

  // Linear when the relations are in the same order (always, for two parses of one
  // text); otherwise sorted by name, never quadratic.
  template <class Relation>
  static bool same_relations_(const std::vector<Relation>& a, const std::vector<Relation>& b) {
    if (a.size() != b.size()) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i])
      ++i;
    if (i == a.size()) return true;
    std::vector<const Relation*> left;
    std::vector<const Relation*> right;
    left.reserve(a.size() - i);
    right.reserve(b.size() - i);
    for (std::size_t k = i; k < a.size(); ++k) {
      left.push_back(&a[k]);
      right.push_back(&b[k]);
    }
    const auto by_rel = [](const Relation* x, const Relation* y) { return x->rel < y->rel; };
    std::sort(left.begin(), left.end(), by_rel);
    std::sort(right.begin(), right.end(), by_rel);
    for (std::size_t k = 0; k < left.size(); ++k) {
      if (!(*left[k] == *right[k])) return false;
    }
    return true;
  }

  template <class Json>
  static resource parse_root_(Json& document, const parse_options& options) {
    if (!document.is_object()) {
      throw document_error("", detail::hal_document::root_not_object(document));
    }
    return parse_(document, 0, options);
  }

  // Json is nlohmann::json (values are moved out) or const nlohmann::json (copied).
  // Errors are thrown relative to this resource; callers prefix their own path.
  template <class Json>
  static resource parse_(Json& document, std::size_t depth, const parse_options& options);

  template <class Json>
  static void parse_links_(Json& links, std::vector<link_relation>& out);

  template <class Json>
  static void parse_embedded_(Json& embedded, std::vector<embedded_relation>& out,
                              std::size_t depth, const parse_options& options);

  // The resource at /_embedded/rel, or at /_embedded/rel/index when index is given;
  // the pointer is spelled out only for an error.
  template <class Json>
  static resource parse_child_(Json& value, const std::string& rel, const std::size_t* index,
                               std::size_t depth, const parse_options& options) {
    const auto pointer = [&] {
      std::string at = "/_embedded" + detail::hal_document::token(rel);
      if (index != nullptr) at += detail::hal_document::token(*index);
      return at;
    };
    if (!value.is_object()) {
      throw document_error(pointer(), detail::hal_document::resource_not_object(value));
    }
    try {
      return parse_(value, depth, options);
    } catch (const document_error& e) {
      throw document_error(pointer() + e.pointer(), e.reason());
    }
  }

  template <class BasicJsonType>
  void write_(BasicJsonType& j, bool move_state);

  template <class BasicJsonType>
  friend void to_json(BasicJsonType& j, const resource& r);
  template <class BasicJsonType>
  friend void to_json(BasicJsonType& j, resource&& r);

  nlohmann::json state_;
  std::vector<link_relation> links_;
  std::vector<embedded_relation> embedded_;
};

static_assert(std::is_nothrow_move_constructible_v<link>);
static_assert(std::is_nothrow_move_assignable_v<link>);
static_assert(std::is_nothrow_move_constructible_v<resource>);
static_assert(std::is_nothrow_move_assignable_v<resource>);

namespace detail::hal_document {

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

template <class Json>
resource resource::parse_(Json& document, std::size_t depth, const parse_options& options) {
  if (depth > options.max_depth) {
    throw document_error("", detail::hal_document::too_deep(options.max_depth));
  }
  auto& members = detail::hal_document::object(document);
  resource result{unset_state{}};
  const auto links = members.find("_links");
  if (links != members.end()) {
    if (!links->second.is_object()) {
      throw document_error("/_links", detail::hal_document::links_not_object(links->second));
    }
    parse_links_(links->second, result.links_);
  }
  const auto embedded = members.find("_embedded");
  if (embedded != members.end()) {
    if (!embedded->second.is_object()) {
      throw document_error("/_embedded",
                           detail::hal_document::embedded_not_object(embedded->second));
    }
    parse_embedded_(embedded->second, result.embedded_, depth, options);
  }
  if constexpr (std::is_const_v<Json>) {
    result.state_ = nlohmann::json::object();
    auto& state = result.state_.get_ref<nlohmann::json::object_t&>();
    for (const auto& [key, value] : members) {
      if (!detail::hal_document::is_reserved(key)) state.emplace_hint(state.end(), key, value);
    }
  } else {
    // What remains of the document is the state: no member is copied.
    if (links != members.end()) members.erase(links);
    if (embedded != members.end()) members.erase(embedded);
    result.state_ = std::move(document);
  }
  return result;
}

template <class Json>
void resource::parse_links_(Json& links, std::vector<link_relation>& out) {
  auto& members = detail::hal_document::object(links);
  out.reserve(members.size());
  for (auto& [rel, value] : members) {
    link_relation relation;
    relation.rel = rel;
    if (value.is_object()) {
      try {
        relation.links.push_back(link::parse_(value));
      } catch (const document_error& e) {
        throw document_error("/_links" + detail::hal_document::token(rel) + e.pointer(),
                             e.reason());
      }
    } else if (value.is_array()) {
      relation.is_array = true;
      auto& items = detail::hal_document::array(value);
      relation.links.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_object()) {
          throw document_error(
              "/_links" + detail::hal_document::token(rel) + detail::hal_document::token(i),
              detail::hal_document::link_not_object(items[i]));
        }
        try {
          relation.links.push_back(link::parse_(items[i]));
        } catch (const document_error& e) {
          throw document_error("/_links" + detail::hal_document::token(rel) +
                                   detail::hal_document::token(i) + e.pointer(),
                               e.reason());
        }
      }
    } else {
      throw document_error("/_links" + detail::hal_document::token(rel),
                           detail::hal_document::relation_not_link(value));
    }
    out.push_back(std::move(relation));
  }
}

template <class Json>
void resource::parse_embedded_(Json& embedded, std::vector<embedded_relation>& out,
                               std::size_t depth, const parse_options& options) {
  auto& members = detail::hal_document::object(embedded);
  out.reserve(members.size());
  for (auto& [rel, value] : members) {
    embedded_relation relation;
    relation.rel = rel;
    if (value.is_object()) {
      relation.resources.push_back(parse_child_(value, rel, nullptr, depth + 1, options));
    } else if (value.is_array()) {
      relation.is_array = true;
      auto& items = detail::hal_document::array(value);
      relation.resources.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        relation.resources.push_back(parse_child_(items[i], rel, &i, depth + 1, options));
      }
    } else {
      throw document_error("/_embedded" + detail::hal_document::token(rel),
                           detail::hal_document::relation_not_resource(value));
    }
    out.push_back(std::move(relation));
  }
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
    // A typed member wins over a raw one of the same name.
    if (key == "href" || (key == "templated" && l.templated)) continue;
    if (j.contains(key)) continue;
    j[key] = BasicJsonType(value);
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

template <class BasicJsonType>
void resource::write_(BasicJsonType& j, bool move_state) {
  // Into nlohmann::json the members sort anyway; start from the state itself.
  if constexpr (std::is_same_v<BasicJsonType, nlohmann::json>) {
    if (move_state) {
      j = std::move(state_);
    } else {
      j = state_;
    }
    j.erase("_links");
    j.erase("_embedded");
  } else {
    j = BasicJsonType::object();
  }
  if (!links_.empty()) {
    BasicJsonType links = BasicJsonType::object();
    for (const link_relation& relation : links_) {
      if (relation.is_array) {
        BasicJsonType values = BasicJsonType::array();
        for (const link& l : relation.links)
          values.push_back(BasicJsonType(l));
        links[relation.rel] = std::move(values);
      } else if (!relation.links.empty()) {
        links[relation.rel] = BasicJsonType(relation.links.front());
      }
    }
    j["_links"] = std::move(links);
  }
  if constexpr (!std::is_same_v<BasicJsonType, nlohmann::json>) {
    // ordered_json keeps insertion order: _links, then the state, then _embedded.
    for (const auto& [key, value] : state_.get_ref<const nlohmann::json::object_t&>()) {
      if (!detail::hal_document::is_reserved(key)) j[key] = BasicJsonType(value);
    }
  }
  if (!embedded_.empty()) {
    BasicJsonType embedded = BasicJsonType::object();
    for (embedded_relation& relation : embedded_) {
      if (relation.is_array) {
        BasicJsonType values = BasicJsonType::array();
        for (resource& child : relation.resources) {
          BasicJsonType value;
          child.write_(value, move_state);
          values.push_back(std::move(value));
        }
        embedded[relation.rel] = std::move(values);
      } else if (!relation.resources.empty()) {
        BasicJsonType value;
        relation.resources.front().write_(value, move_state);
        embedded[relation.rel] = std::move(value);
      }
    }
    j["_embedded"] = std::move(embedded);
  }
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const resource& r) {
  if (!r.state_.is_object()) {
    throw std::invalid_argument(std::string("resource: the state must be a JSON object, not ") +
                                r.state_.type_name());
  }
  // write_ only moves when asked to; nothing of r changes here.
  const_cast<resource&>(r).write_(j, false);
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, resource&& r) {
  if (!r.state_.is_object()) {
    throw std::invalid_argument(std::string("resource: the state must be a JSON object, not ") +
                                r.state_.type_name());
  }
  r.write_(j, true);
}

template <class BasicJsonType>
void from_json(const BasicJsonType& j, resource& r) {
  if constexpr (std::is_same_v<BasicJsonType, nlohmann::json>) {
    r = resource::parse(j);
  } else {
    r = resource::parse(nlohmann::json(j));
  }
}

namespace detail::hal_document {

// The Link Object members in nlohmann::json's order (by name).
inline constexpr std::string_view link_members[] = {"deprecation", "href",      "hreflang", "name",
                                                    "profile",     "templated", "title",    "type"};

// What to_json(json&, const link&) builds, written as text.
void write_link(json_writer& w, const link& l);

// Relations in name order, as the members of _links and _embedded sort. A parsed
// resource's already are; a built one's are sorted through pointers, on the stack when
// there are few.
template <class Relation, class Write>
void for_each_by_rel(const std::vector<Relation>& relations, Write write) {
  const auto by_rel = [](const Relation* a, const Relation* b) { return a->rel < b->rel; };
  const auto sorted = [&relations] {
    for (std::size_t i = 1; i < relations.size(); ++i) {
      if (!(relations[i - 1].rel < relations[i].rel)) return false;
    }
    return true;
  };
  if (sorted()) {
    for (const Relation& relation : relations)
      write(relation);
    return;
  }
  constexpr std::size_t on_stack = 32;
  const Relation* local[on_stack];
  std::vector<const Relation*> heap;
  const Relation** first = local;
  if (relations.size() > on_stack) {
    heap.resize(relations.size());
    first = heap.data();
  }
  for (std::size_t i = 0; i < relations.size(); ++i)
    first[i] = &relations[i];
  std::sort(first, first + relations.size(), by_rel);
  for (std::size_t i = 0; i < relations.size(); ++i)
    write(*first[i]);
}

void write_resource(json_writer& w, const resource& r);

}  // namespace detail::hal_document

// The document as JSON text, the same bytes as nlohmann::json(r).dump(indent), written
// without building that nlohmann::json first. Throws std::invalid_argument when a state
// is not an object, and nlohmann::json::type_error (316) for text that is not UTF-8.
[[nodiscard]] std::string dump(const resource& r, int indent = -1);

namespace detail::hal_document {

// Collects instead of throwing; recurses no deeper than options.max_depth. A
// template on the JSON type so that it is compiled only where validate_hal is called.
template <class Json>
class validator {
 public:
  explicit validator(const parse_options& options) : options_(options) {}

  std::vector<finding> run(const Json& document) {
    if (!document.is_object()) {
      add_(severity::error, "", root_not_object(document));
    } else {
      resource_(document, "", 0);
    }
    return std::move(findings_);
  }

 private:
  using object_t = typename Json::object_t;

  void add_(severity level, std::string pointer, std::string message) {
    findings_.push_back(finding{level, std::move(pointer), std::move(message)});
  }

  void resource_(const Json& value, const std::string& pointer, std::size_t depth) {
    if (depth > options_.max_depth) {
      add_(severity::error, pointer, too_deep(options_.max_depth));
      return;
    }
    scopes_.emplace_back();
    bool has_self = false;
    const auto links = value.find("_links");
    if (links != value.end()) {
      if (!links->is_object()) {
        add_(severity::error, pointer + "/_links", links_not_object(*links));
      } else {
        has_self = links->contains("self");
        declare_curies_(*links, pointer + "/_links");
        links_(*links, pointer + "/_links");
      }
    }
    if (!has_self) {
      add_(severity::warning, pointer, "a Resource Object should have a \"self\" link (§8.1)");
    }
    const auto embedded = value.find("_embedded");
    if (embedded != value.end()) {
      if (!embedded->is_object()) {
        add_(severity::error, pointer + "/_embedded", embedded_not_object(*embedded));
      } else {
        for (const auto& [rel, member] : embedded->template get_ref<const object_t&>()) {
          const std::string rel_pointer = pointer + "/_embedded" + token(rel);
          relation_name_(rel, rel_pointer);
          if (member.is_object()) {
            resource_(member, rel_pointer, depth + 1);
          } else if (member.is_array()) {
            const auto& items = member.template get_ref<const typename Json::array_t&>();
            for (std::size_t i = 0; i < items.size(); ++i) {
              if (items[i].is_object()) {
                resource_(items[i], rel_pointer + token(i), depth + 1);
              } else {
                add_(severity::error, rel_pointer + token(i), resource_not_object(items[i]));
              }
            }
          } else {
            add_(severity::error, rel_pointer, relation_not_resource(member));
          }
        }
      }
    }
    scopes_.pop_back();
  }

  void declare_curies_(const Json& links, const std::string& pointer) {
    const auto curies = links.find("curies");
    if (curies == links.end()) return;
    if (curies->is_object()) {
      add_(severity::warning, pointer + "/curies",
           "\"curies\" should be an array of Link Objects (§8.3)");
      declare_(*curies, pointer + "/curies");
    } else if (curies->is_array()) {
      const auto& items = curies->template get_ref<const typename Json::array_t&>();
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].is_object()) declare_(items[i], pointer + "/curies" + token(i));
      }
    }
  }

  void declare_(const Json& curie, const std::string& pointer) {
    const auto name = curie.find("name");
    if (name == curie.end() || !name->is_string()) {
      add_(severity::warning, pointer, "a curie should have a string \"name\" (§8.3)");
    } else {
      const std::string& text = name->template get_ref<const std::string&>();
      if (!scopes_.back().insert(text).second) {
        add_(severity::warning, pointer, "the curie \"" + text + "\" is declared twice");
      }
    }
    const auto href = curie.find("href");
    if (href != curie.end() && href->is_string()) {
      const std::string rel_token =
          "a curie's \"href\" must be a URI Template with the token {rel} (§8.3)";
      try {
        const std::vector<std::string> variables =
            uri_template(href->template get_ref<const std::string&>()).variables();
        if (std::find(variables.begin(), variables.end(), "rel") == variables.end()) {
          add_(severity::error, pointer + "/href", rel_token);
        }
      } catch (const std::invalid_argument& e) {
        add_(severity::error, pointer + "/href", rel_token + ": " + e.what());
      }
    }
    const auto templated = curie.find("templated");
    if (templated == curie.end() || *templated != true) {
      add_(severity::warning, pointer, "a curie should have \"templated\": true (§8.3)");
    }
  }

  void links_(const Json& links, const std::string& pointer) {
    for (const auto& [rel, member] : links.template get_ref<const object_t&>()) {
      const std::string rel_pointer = pointer + token(rel);
      const bool curies = rel == "curies";
      if (!curies) relation_name_(rel, rel_pointer);
      if (member.is_object()) {
        link_(member, rel_pointer, curies);
      } else if (member.is_array()) {
        const auto& items = member.template get_ref<const typename Json::array_t&>();
        std::unordered_set<std::string_view> names;
        for (std::size_t i = 0; i < items.size(); ++i) {
          const std::string item_pointer = rel_pointer + token(i);
          if (!items[i].is_object()) {
            add_(severity::error, item_pointer, link_not_object(items[i]));
            continue;
          }
          link_(items[i], item_pointer, curies);
          const auto name = items[i].find("name");
          if (!curies && name != items[i].end() && name->is_string() &&
              !names.insert(name->template get_ref<const std::string&>()).second) {
            add_(severity::info, item_pointer,
                 "another link of this relation has the name \"" +
                     name->template get_ref<const std::string&>() + "\" (§5.5)");
          }
        }
      } else {
        add_(severity::error, rel_pointer, relation_not_link(member));
      }
    }
  }

  void link_(const Json& value, const std::string& pointer, bool curie) {
    const auto href = value.find("href");
    const bool has_href = href != value.end() && href->is_string();
    if (!has_href) add_(severity::error, pointer, missing_href(value));
    const auto templated = value.find("templated");
    if (templated != value.end() && !templated->is_boolean()) {
      add_(severity::warning, pointer + "/templated",
           "\"templated\" should be a boolean; any value but true reads as false (§5.2)");
    }
    for (const std::string_view member : optional_members) {
      const auto it = value.find(member);
      if (it != value.end() && !it->is_string()) {
        add_(severity::warning, pointer + token(member),
             "\"" + std::string(member) + "\" should be a string" + got(*it));
      }
    }
    const auto deprecation = value.find("deprecation");
    if (deprecation != value.end()) {
      add_(severity::warning, pointer,
           "the link is deprecated, see " + deprecation->dump() + " (§5.4)");
    }
    if (!has_href || curie) return;
    const std::string& text = href->template get_ref<const std::string&>();
    if (templated != value.end() && *templated == true) {
      try {
        static_cast<void>(uri_template(text));
      } catch (const std::invalid_argument& e) {
        add_(severity::warning, pointer + "/href",
             std::string("\"templated\" is true but \"href\" is not a URI Template: ") + e.what());
      }
    } else if (text.find('{') != std::string::npos) {
      add_(severity::warning, pointer + "/href",
           "\"href\" looks like a URI Template but \"templated\" is not true (§5.1)");
    }
  }

  // §8.3: a compact name needs a curie declared here or in an enclosing resource.
  // Registered URI schemes (IANA) that relations are written with, often without
  // "//", are absolute URIs, never taken for curies.
  void relation_name_(const std::string& rel, const std::string& pointer) {
    std::string_view prefix;
    std::string_view reference;
    if (!split_compact(rel, prefix, reference)) return;
    for (const std::string_view scheme :
         {"urn", "tag", "mailto", "data", "info", "http", "https", "ftp", "file", "ws",   "wss",
          "tel", "sms", "sip",    "sips", "geo",  "did",  "ni",    "dns", "ldap", "news", "xmpp"}) {
      if (prefix == scheme) return;
    }
    const std::string name(prefix);
    for (const auto& scope : scopes_) {
      if (scope.count(name) != 0) return;
    }
    add_(severity::warning, pointer,
         "the relation \"" + rel + "\" uses the curie prefix \"" + std::string(prefix) +
             "\", which no \"curies\" link in scope declares (§8.3)");
  }

  const parse_options& options_;
  std::vector<finding> findings_;
  // The curie names declared by each enclosing resource, innermost last; sets, so
  // that a document of many curies and compact relations is checked in linear time.
  std::vector<std::unordered_set<std::string>> scopes_;
};

}  // namespace detail::hal_document

// Every MUST the parser enforces (as errors, collected rather than thrown) and the
// draft's SHOULDs (warnings), in document order.
template <class Json = nlohmann::json>
[[nodiscard]] std::vector<finding> validate_hal(const nlohmann::json& document,
                                                const parse_options& options = {}) {
  return detail::hal_document::validator<Json>(options).run(document);
}

}  // namespace envelope

#if ENVELOPE_DEFINITIONS
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

ENVELOPE_INLINE std::string root_not_object(const nlohmann::json& v) {
  return "a HAL document must be a JSON object (a Resource Object, §3)" + got(v);
}

ENVELOPE_INLINE std::string links_not_object(const nlohmann::json& v) {
  return "\"_links\" must be an object of link relations (§4.1.1)" + got(v);
}

ENVELOPE_INLINE std::string relation_not_link(const nlohmann::json& v) {
  return "a link relation must hold a Link Object or an array of Link Objects (§4.1.1)" + got(v);
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

ENVELOPE_INLINE std::string embedded_not_object(const nlohmann::json& v) {
  return "\"_embedded\" must be an object of link relations (§4.1.2)" + got(v);
}

ENVELOPE_INLINE std::string relation_not_resource(const nlohmann::json& v) {
  return "an embedded relation must hold a Resource Object or an array of Resource Objects "
         "(§4.1.2)" +
         got(v);
}

ENVELOPE_INLINE std::string resource_not_object(const nlohmann::json& v) {
  return "an embedded resource must be a JSON object (a Resource Object, §4.1.2)" + got(v);
}

ENVELOPE_INLINE std::string too_deep(std::size_t limit) {
  return "embedded resources are nested deeper than the limit of " + std::to_string(limit) +
         " levels";
}

ENVELOPE_INLINE bool is_reserved(std::string_view key) noexcept {
  return key == "_links" || key == "_embedded";
}

ENVELOPE_INLINE bool is_standard_member(std::string_view key) noexcept {
  if (key == "href" || key == "templated") return true;
  return std::find(std::begin(optional_members), std::end(optional_members), key) !=
         std::end(optional_members);
}

ENVELOPE_INLINE bool split_compact(std::string_view rel, std::string_view& prefix,
                                   std::string_view& reference) noexcept {
  const std::size_t colon = rel.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  reference = rel.substr(colon + 1);
  if (reference.substr(0, 2) == "//") return false;
  prefix = rel.substr(0, colon);
  return true;
}

// Extensions are an object; null (the default) and {} both mean "none".
ENVELOPE_INLINE bool same_extensions(const nlohmann::json& a, const nlohmann::json& b) {
  return (a.empty() && b.empty()) || a == b;
}

}  // namespace detail::hal_document

ENVELOPE_INLINE link::link(std::string uri) : href(std::move(uri)) {}
ENVELOPE_INLINE link::link(const char* uri) : href(uri) {}

ENVELOPE_INLINE link& link::with_templated(bool value) & {
  templated = value;
  drop_raw_("templated");
  return *this;
}

ENVELOPE_INLINE link& link::with_type(std::string value) & {
  return set_(type, "type", std::move(value));
}

ENVELOPE_INLINE link& link::with_deprecation(std::string value) & {
  return set_(deprecation, "deprecation", std::move(value));
}

ENVELOPE_INLINE link& link::with_name(std::string value) & {
  return set_(name, "name", std::move(value));
}

ENVELOPE_INLINE link& link::with_profile(std::string value) & {
  return set_(profile, "profile", std::move(value));
}

ENVELOPE_INLINE link& link::with_title(std::string value) & {
  return set_(title, "title", std::move(value));
}

ENVELOPE_INLINE link& link::with_hreflang(std::string value) & {
  return set_(hreflang, "hreflang", std::move(value));
}

ENVELOPE_INLINE link& link::with(const std::string& member, nlohmann::json value) & {
  if (detail::hal_document::is_standard_member(member)) {
    throw std::invalid_argument("link: \"" + member + "\" is a standard Link Object member");
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
         detail::hal_document::same_extensions(a.extensions, b.extensions);
}

ENVELOPE_INLINE link& link::set_(std::optional<std::string>& member, const char* member_name,
                                 std::string value) {
  member = std::move(value);
  drop_raw_(member_name);
  return *this;
}
ENVELOPE_INLINE void link::drop_raw_(const char* member_name) {
  if (extensions.is_object()) extensions.erase(member_name);
}

ENVELOPE_INLINE resource::resource() : state_(nlohmann::json::object()) {}

ENVELOPE_INLINE resource::resource(nlohmann::json state) : state_(std::move(state)) {
  check_state_();
}

ENVELOPE_INLINE resource::resource(nlohmann::json::initializer_list_t state) : state_(state) {
  check_state_();
}

ENVELOPE_INLINE resource& resource::set_link(std::string rel, link value) & {
  std::vector<link> links;
  links.push_back(std::move(value));
  put_(links_, std::move(rel), false, std::move(links));
  return *this;
}

ENVELOPE_INLINE resource& resource::add_link(std::string rel, link value) & {
  append_(links_, std::move(rel), std::move(value));
  return *this;
}

ENVELOPE_INLINE resource& resource::set_links(std::string rel, std::vector<link> values) & {
  put_(links_, std::move(rel), true, std::move(values));
  return *this;
}

ENVELOPE_INLINE resource& resource::add_curie(std::string name, std::string href_template) & {
  link curie(std::move(href_template));
  curie.templated = true;
  curie.name = std::move(name);
  for (link_relation& relation : links_) {
    if (relation.rel != "curies") continue;
    relation.is_array = true;
    for (link& existing : relation.links) {
      if (existing.name == curie.name) {
        existing = std::move(curie);
        return *this;
      }
    }
    relation.links.push_back(std::move(curie));
    return *this;
  }
  return add_link("curies", std::move(curie));
}

ENVELOPE_INLINE resource& resource::set_embedded(std::string rel, resource value) & {
  std::vector<resource> resources;
  resources.push_back(std::move(value));
  put_(embedded_, std::move(rel), false, std::move(resources));
  return *this;
}

ENVELOPE_INLINE resource& resource::add_embedded(std::string rel, resource value) & {
  append_(embedded_, std::move(rel), std::move(value));
  return *this;
}

ENVELOPE_INLINE resource& resource::set_embedded(std::string rel, std::vector<resource> values) & {
  put_(embedded_, std::move(rel), true, std::move(values));
  return *this;
}

ENVELOPE_INLINE bool resource::remove_link(std::string_view rel) {
  return remove_(links_, rel);
}
ENVELOPE_INLINE bool resource::remove_embedded(std::string_view rel) {
  return remove_(embedded_, rel);
}

ENVELOPE_INLINE const resource::link_relation* resource::find_link_relation(
    std::string_view rel, const std::vector<const resource*>& enclosing) const {
  return resolve_(links_, rel, enclosing);
}

ENVELOPE_INLINE const resource::embedded_relation* resource::find_embedded_relation(
    std::string_view rel, const std::vector<const resource*>& enclosing) const {
  return resolve_(embedded_, rel, enclosing);
}

ENVELOPE_INLINE const link* resource::find_link(
    std::string_view rel, const std::vector<const resource*>& enclosing) const {
  const link_relation* relation = find_link_relation(rel, enclosing);
  return relation == nullptr || relation->links.empty() ? nullptr : &relation->links.front();
}

ENVELOPE_INLINE const std::vector<link>& resource::find_links(
    std::string_view rel, const std::vector<const resource*>& enclosing) const {
  static const std::vector<link> none;
  const link_relation* relation = find_link_relation(rel, enclosing);
  return relation == nullptr ? none : relation->links;
}

ENVELOPE_INLINE const resource* resource::find_embedded(
    std::string_view rel, const std::vector<const resource*>& enclosing) const {
  const embedded_relation* relation = find_embedded_relation(rel, enclosing);
  return relation == nullptr || relation->resources.empty() ? nullptr
                                                            : &relation->resources.front();
}

ENVELOPE_INLINE resource* resource::find_embedded(std::string_view rel,
                                                  const std::vector<const resource*>& enclosing) {
  return const_cast<resource*>(std::as_const(*this).find_embedded(rel, enclosing));
}

ENVELOPE_INLINE const std::vector<resource>& resource::find_all_embedded(
    std::string_view rel, const std::vector<const resource*>& enclosing) const {
  static const std::vector<resource> none;
  const embedded_relation* relation = find_embedded_relation(rel, enclosing);
  return relation == nullptr ? none : relation->resources;
}

ENVELOPE_INLINE std::optional<std::string> resource::expand_curie(
    std::string_view rel, const std::vector<const resource*>& enclosing) const {
  std::string_view prefix;
  std::string_view reference;
  if (!detail::hal_document::split_compact(rel, prefix, reference)) return std::nullopt;
  const link* curie = find_curie_(prefix);
  for (auto it = enclosing.begin(); curie == nullptr && it != enclosing.end(); ++it) {
    if (*it != nullptr) curie = (*it)->find_curie_(prefix);
  }
  if (curie == nullptr) return std::nullopt;
  return expand_with_(*curie, reference);
}

ENVELOPE_INLINE bool resource::equal_(const resource& a, const resource& b) {
  return a.state_ == b.state_ && resource::same_relations_(a.links_, b.links_) &&
         resource::same_relations_(a.embedded_, b.embedded_);
}

ENVELOPE_INLINE void resource::check_state_() {
  if (state_.is_null()) state_ = nlohmann::json::object();
  if (!state_.is_object()) {
    throw std::invalid_argument(std::string("resource: the state must be a JSON object, not ") +
                                state_.type_name());
  }
  if (state_.contains("_links") || state_.contains("_embedded")) {
    throw std::invalid_argument(
        "resource: \"_links\" and \"_embedded\" are reserved (§4); read a document with "
        "resource::parse");
  }
}

ENVELOPE_INLINE resource::resource(unset_state) noexcept {}

ENVELOPE_INLINE std::unordered_map<std::string_view, const link*> resource::curies_in_scope_(
    const std::vector<const resource*>& enclosing) const {
  std::unordered_map<std::string_view, const link*> scope;
  const auto gather = [&scope](const resource& r) {
    if (const link_relation* curies = find_exact_(r.links_, "curies")) {
      for (const link& curie : curies->links) {
        if (curie.name) scope.emplace(*curie.name, &curie);
      }
    }
  };
  gather(*this);
  for (const resource* outer : enclosing) {
    if (outer != nullptr) gather(*outer);
  }
  return scope;
}

ENVELOPE_INLINE std::optional<std::string> resource::expand_with_(const link& curie,
                                                                  std::string_view reference) {
  try {
    return uri_template(curie.href).expand(nlohmann::json{{"rel", std::string(reference)}});
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

ENVELOPE_INLINE const link* resource::find_curie_(std::string_view name) const noexcept {
  const link_relation* curies = find_exact_(links_, "curies");
  if (curies == nullptr) return nullptr;
  for (const link& curie : curies->links) {
    if (curie.name && *curie.name == name) return &curie;
  }
  return nullptr;
}

namespace detail::hal_document {

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

ENVELOPE_INLINE void write_link(json_writer& w, const link& l) {
  w.begin_object();
  write_members(
      w, link_members, std::size(link_members), l.extensions,
      [&l](std::size_t i) {
        if (i == 1) return true;
        if (i == 5) return l.templated;
        return optional_member(l, i)->has_value();
      },
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

ENVELOPE_INLINE void write_resource(json_writer& w, const resource& r) {
  if (!r.state().is_object()) {
    throw std::invalid_argument(std::string("resource: the state must be a JSON object, not ") +
                                r.state().type_name());
  }
  static constexpr std::string_view reserved_members[] = {"_embedded", "_links"};
  w.begin_object();
  write_members(
      w, reserved_members, 2, r.state(),
      [&r](std::size_t i) { return i == 0 ? !r.embedded().empty() : !r.links().empty(); },
      [&w, &r](std::size_t i) {
        w.begin_object();
        if (i == 1) {
          for_each_by_rel(r.links(), [&w](const resource::link_relation& relation) {
            if (relation.is_array) {
              w.key(relation.rel);
              w.begin_array();
              for (const link& l : relation.links) {
                w.element();
                write_link(w, l);
              }
              w.end_array();
            } else if (!relation.links.empty()) {
              w.key(relation.rel);
              write_link(w, relation.links.front());
            }
          });
        } else {
          for_each_by_rel(r.embedded(), [&w](const resource::embedded_relation& relation) {
            if (relation.is_array) {
              w.key(relation.rel);
              w.begin_array();
              for (const resource& child : relation.resources) {
                w.element();
                write_resource(w, child);
              }
              w.end_array();
            } else if (!relation.resources.empty()) {
              w.key(relation.rel);
              write_resource(w, relation.resources.front());
            }
          });
        }
        w.end_object();
      },
      [](const std::string& name) { return is_reserved(name); });
  w.end_object();
}

}  // namespace detail::hal_document

ENVELOPE_INLINE std::string dump(const resource& r, int indent) {
  std::string out;
  out.reserve(512);
  detail::json_writer w(out, indent);
  detail::hal_document::write_resource(w, r);
  return out;
}

}  // namespace envelope
#endif  // ENVELOPE_DEFINITIONS

#endif  // ENVELOPE_HAL_HPP

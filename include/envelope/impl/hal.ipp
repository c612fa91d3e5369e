#ifndef ENVELOPE_IMPL_HAL_IPP
#define ENVELOPE_IMPL_HAL_IPP

#include <envelope/hal.hpp>

#include <envelope/detail/json_writer.hpp>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace envelope {

namespace detail::hal_document {

ENVELOPE_INLINE std::string root_not_object(const nlohmann::json& v) {
  return "a HAL document must be a JSON object (a Resource Object, §3)" + got(v);
}

ENVELOPE_INLINE std::string links_not_object(const nlohmann::json& v) {
  return "\"_links\" must be an object of link relations (§4.1.1)" + got(v);
}

ENVELOPE_INLINE std::string relation_not_link(const nlohmann::json& v) {
  return "a link relation must hold a Link Object or an array of Link Objects (§4.1.1)" + got(v);
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

ENVELOPE_INLINE void check_object_state(const nlohmann::json& state) {
  if (!state.is_object()) {
    throw argument_error(std::string("resource: the state must be a JSON object, not ") +
                         state.type_name());
  }
}

ENVELOPE_INLINE bool is_reserved(std::string_view key) noexcept {
  return key == "_links" || key == "_embedded" || key == "_templates";
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

template <class Relation>
const Relation* find_exact(const std::vector<Relation>& relations, std::string_view rel) noexcept {
  for (const Relation& relation : relations) {
    if (relation.rel == rel) return &relation;
  }
  return nullptr;
}

ENVELOPE_INLINE std::vector<link>& values_of(resource::link_relation& r) noexcept {
  return r.links;
}
ENVELOPE_INLINE std::vector<resource>& values_of(resource::embedded_relation& r) noexcept {
  return r.resources;
}

template <class Relation, class Value>
void put(std::vector<Relation>& relations, std::string rel, bool is_array,
         std::vector<Value> values) {
  for (Relation& relation : relations) {
    if (relation.rel == rel) {
      relation.is_array = is_array;
      values_of(relation) = std::move(values);
      return;
    }
  }
  reserve_first(relations);
  Relation& relation = relations.emplace_back();
  relation.rel = std::move(rel);
  relation.is_array = is_array;
  values_of(relation) = std::move(values);
}

template <class Relation, class Value>
void append(std::vector<Relation>& relations, std::string rel, Value value) {
  for (Relation& relation : relations) {
    if (relation.rel == rel) {
      relation.is_array = true;
      values_of(relation).push_back(std::move(value));
      return;
    }
  }
  std::vector<Value> values;
  values.push_back(std::move(value));
  put(relations, std::move(rel), true, std::move(values));
}

template <class Relation>
bool remove(std::vector<Relation>& relations, std::string_view rel) {
  const auto it = std::find_if(relations.begin(), relations.end(),
                               [rel](const Relation& r) { return r.rel == rel; });
  if (it == relations.end()) return false;
  relations.erase(it);
  return true;
}

// Names are unique, so the order of templates carries no meaning: linear when both are
// in the same order (two parses of one text), else compared sorted by name.
ENVELOPE_INLINE bool same_templates(const std::vector<std::pair<std::string, form_template>>& a,
                                    const std::vector<std::pair<std::string, form_template>>& b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;
  using entry = const std::pair<std::string, form_template>*;
  std::vector<entry> left;
  std::vector<entry> right;
  for (std::size_t k = 0; k < a.size(); ++k) {
    left.push_back(&a[k]);
    right.push_back(&b[k]);
  }
  const auto by_name = [](entry x, entry y) { return x->first < y->first; };
  std::sort(left.begin(), left.end(), by_name);
  std::sort(right.begin(), right.end(), by_name);
  for (std::size_t k = 0; k < left.size(); ++k) {
    if (*left[k] != *right[k]) return false;
  }
  return true;
}

// Linear when the relations are in the same order (always, for two parses of one
// text); otherwise sorted by name, never quadratic.
template <class Relation>
bool same_relations(const std::vector<Relation>& a, const std::vector<Relation>& b) {
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

}  // namespace detail::hal_document

ENVELOPE_INLINE resource::resource() : state_(nlohmann::json::object()) {}

ENVELOPE_INLINE resource::resource(nlohmann::json state) : state_(std::move(state)) {
  check_state_();
}

ENVELOPE_INLINE resource::resource(
    std::initializer_list<detail::hal_document::state_member> members)
    : state_(nlohmann::json::object()) {
  auto& state = state_.get_ref<nlohmann::json::object_t&>();
  for (const detail::hal_document::state_member& member : members) {
    state.emplace(std::move(member.name), std::move(member.value));
  }
  check_state_();
}

ENVELOPE_INLINE resource& resource::set_link(std::string rel, link value) & {
  std::vector<link> links;
  links.push_back(std::move(value));
  detail::hal_document::put(links_, std::move(rel), false, std::move(links));
  return *this;
}

ENVELOPE_INLINE resource& resource::add_link(std::string rel, link value) & {
  detail::hal_document::append(links_, std::move(rel), std::move(value));
  return *this;
}

ENVELOPE_INLINE resource& resource::set_links(std::string rel, std::vector<link> values) & {
  detail::hal_document::put(links_, std::move(rel), true, std::move(values));
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
  detail::hal_document::put(embedded_, std::move(rel), false, std::move(resources));
  return *this;
}

ENVELOPE_INLINE resource& resource::add_embedded(std::string rel, resource value) & {
  detail::hal_document::append(embedded_, std::move(rel), std::move(value));
  return *this;
}

ENVELOPE_INLINE resource& resource::set_embedded(std::string rel, std::vector<resource> values) & {
  detail::hal_document::put(embedded_, std::move(rel), true, std::move(values));
  return *this;
}

ENVELOPE_INLINE bool resource::remove_link(std::string_view rel) {
  return detail::hal_document::remove(links_, rel);
}
ENVELOPE_INLINE bool resource::remove_embedded(std::string_view rel) {
  return detail::hal_document::remove(embedded_, rel);
}

ENVELOPE_INLINE resource& resource::set_template(std::string name, form_template value) & {
  for (auto& [existing, form] : templates_) {
    if (existing == name) {
      form = std::move(value);
      return *this;
    }
  }
  templates_.emplace_back(std::move(name), std::move(value));
  return *this;
}

ENVELOPE_INLINE bool resource::remove_template(std::string_view name) {
  const auto it = std::find_if(templates_.begin(), templates_.end(),
                               [name](const auto& entry) { return entry.first == name; });
  if (it == templates_.end()) return false;
  templates_.erase(it);
  return true;
}

ENVELOPE_INLINE const form_template* resource::find_template(std::string_view name) const noexcept {
  for (const auto& [existing, form] : templates_) {
    if (existing == name) return &form;
  }
  return nullptr;
}

template <class Relation>
const Relation* resource::resolve_(const std::vector<Relation>& relations, std::string_view rel,
                                   const std::vector<const resource*>& enclosing) const {
  if (const Relation* exact = detail::hal_document::find_exact(relations, rel)) return exact;
  if (rel.find(':') == std::string_view::npos) return nullptr;
  if (const std::optional<std::string> full = expand_curie(rel, enclosing)) {
    if (const Relation* expanded = detail::hal_document::find_exact(relations, *full)) {
      return expanded;
    }
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
  if (!detail::hal_document::same_templates(a.templates_, b.templates_)) return false;
  return a.state_ == b.state_ && detail::hal_document::same_relations(a.links_, b.links_) &&
         detail::hal_document::same_relations(a.embedded_, b.embedded_);
}

ENVELOPE_INLINE void resource::check_state_() {
  if (state_.is_null()) state_ = nlohmann::json::object();
  detail::hal_document::check_object_state(state_);
  // The reserved names all start with '_', which sorts after upper-case letters
  // and before lower-case ones: one search finds where they would be.
  const auto& members = state_.get_ref<const nlohmann::json::object_t&>();
  bool reserved = false;
  for (auto it = members.lower_bound("_");
       !reserved && it != members.end() && it->first.front() == '_'; ++it) {
    reserved = detail::hal_document::is_reserved(it->first);
  }
  if (reserved) {
    throw argument_error(
        "resource: \"_links\", \"_embedded\" (§4) and \"_templates\" (HAL-FORMS) are "
        "reserved; read a document with resource::parse");
  }
}

ENVELOPE_INLINE resource::resource(unset_state) noexcept {}

ENVELOPE_INLINE std::unordered_map<std::string_view, const link*> resource::curies_in_scope_(
    const std::vector<const resource*>& enclosing) const {
  std::unordered_map<std::string_view, const link*> scope;
  const auto gather = [&scope](const resource& r) {
    if (const link_relation* curies = detail::hal_document::find_exact(r.links_, "curies")) {
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
  const link_relation* curies = detail::hal_document::find_exact(links_, "curies");
  if (curies == nullptr) return nullptr;
  for (const link& curie : curies->links) {
    if (curie.name && *curie.name == name) return &curie;
  }
  return nullptr;
}

namespace detail::hal_document {

// Templates in name order, as the members of _templates sort; a parsed resource's
// already are.
ENVELOPE_INLINE void write_templates(
    json_writer& w, const std::vector<std::pair<std::string, form_template>>& templates) {
  const auto write_one = [&w](const std::pair<std::string, form_template>& entry) {
    w.key(entry.first);
    hal_forms::write(w, entry.second);
  };
  bool sorted = true;
  for (std::size_t i = 1; i < templates.size() && sorted; ++i)
    sorted = templates[i - 1].first < templates[i].first;
  if (sorted) {
    for (const auto& entry : templates)
      write_one(entry);
    return;
  }
  std::vector<const std::pair<std::string, form_template>*> order;
  order.reserve(templates.size());
  for (const auto& entry : templates)
    order.push_back(&entry);
  std::sort(order.begin(), order.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  for (const auto* entry : order)
    write_one(*entry);
}

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

ENVELOPE_INLINE void write_resource(json_writer& w, const resource& r) {
  check_object_state(r.state());
  static constexpr std::string_view reserved_members[] = {"_embedded", "_links", "_templates"};
  w.begin_object();
  write_members(
      w, reserved_members, 3, r.state(),
      [&r](std::size_t i) {
        return i == 0   ? !r.embedded().empty()
               : i == 1 ? !r.links().empty()
                        : !r.templates().empty() || r.empty_templates_;
      },
      [&w, &r](std::size_t i) {
        w.begin_object();
        if (i == 2) {
          write_templates(w, r.templates());
          w.end_object();
          return;
        }
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

// Roughly the compact text's size, from the links and the number of state members:
// enough that the writer seldom grows its string, and grows it at most a few times.
ENVELOPE_INLINE std::size_t estimated_size(const resource& r) noexcept {
  std::size_t size = 32 + 24 * r.state().size();
  for (const resource::link_relation& relation : r.links()) {
    size += relation.rel.size() + 8;
    for (const link& l : relation.links)
      size += l.href.size() + 16;
  }
  for (const resource::embedded_relation& relation : r.embedded()) {
    size += relation.rel.size() + 8;
    for (const resource& child : relation.resources)
      size += estimated_size(child);
  }
  return size;
}

}  // namespace detail::hal_document

ENVELOPE_INLINE std::string dump(const resource& r, int indent) {
  std::string out;
  // Indented text is longer; the writer grows the string where the guess falls short.
  out.reserve(detail::hal_document::estimated_size(r) * (indent < 0 ? 1 : 2));
  {
    detail::json_writer w(out, indent);  // out has its final size once w is gone
    detail::hal_document::write_resource(w, r);
  }
  return out;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_HAL_IPP

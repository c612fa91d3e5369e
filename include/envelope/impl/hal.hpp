#ifndef ENVELOPE_IMPL_HAL_HPP
#define ENVELOPE_IMPL_HAL_HPP

// Included only from <envelope/hal.hpp>: the templates (the parser, the writers into
// nlohmann::json, the validator) and the helpers they call.

#include <envelope/uri_template.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

namespace envelope {
namespace detail::hal_document {

// The reasons are shared by the parser and validate_hal, so both say the same thing.
std::string root_not_object(const nlohmann::json& v);
std::string links_not_object(const nlohmann::json& v);
std::string relation_not_link(const nlohmann::json& v);
std::string embedded_not_object(const nlohmann::json& v);
std::string relation_not_resource(const nlohmann::json& v);
std::string resource_not_object(const nlohmann::json& v);
std::string too_deep(std::size_t limit);

// argument_error unless the state is an object; the writers cannot write anything else.
void check_object_state(const nlohmann::json& state);

bool is_reserved(std::string_view key) noexcept;

// A compact relation is prefix ":" reference (§8.3). "scheme://..." is an absolute
// URI whatever names are declared, so it never splits.
bool split_compact(std::string_view rel, std::string_view& prefix,
                   std::string_view& reference) noexcept;

// Most resources have a handful of relations: the first one makes room for four,
// sparing the allocations and moves of growing 1, 2, 4.
template <class Relation>
void reserve_first(std::vector<Relation>& relations) {
  if (relations.capacity() == 0) relations.reserve(4);
}

}  // namespace detail::hal_document

template <class Json>
resource resource::parse(const nlohmann::json& document, const parse_options& options) {
  return parse_root_(static_cast<const Json&>(document), options);
}

template <class Json>
resource resource::parse(nlohmann::json&& document, const parse_options& options) {
  return parse_root_(static_cast<Json&>(document), options);
}

template <class Json>
resource resource::parse_root_(Json& document, const parse_options& options) {
  if (!document.is_object()) {
    throw document_error("", detail::hal_document::root_not_object(document));
  }
  return parse_(document, 0, options);
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
  const auto templates = members.find("_templates");
  if (templates != members.end()) {
    if (!templates->second.is_object()) {
      throw document_error("/_templates",
                           detail::hal_forms::templates_not_object(templates->second));
    }
    auto& named = detail::hal_document::object(templates->second);
    result.empty_templates_ = named.empty();
    result.templates_.reserve(named.size());
    for (auto& [name, value] : named) {
      const auto pointer = [&name = name] {
        return "/_templates" + detail::hal_document::token(name);
      };
      if (!value.is_object()) {
        throw document_error(pointer(), detail::hal_forms::template_not_object(value));
      }
      try {
        result.templates_.emplace_back(name, detail::hal_forms::parse_template(value));
      } catch (const document_error& e) {
        throw document_error(pointer() + e.pointer(), e.reason());
      }
    }
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
    if (templates != members.end()) members.erase(templates);
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

// The resource at /_embedded/rel, or at /_embedded/rel/index when index is given; the
// pointer is spelled out only for an error.
template <class Json>
resource resource::parse_child_(Json& value, const std::string& rel, const std::size_t* index,
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
    j.erase("_templates");
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
  if (!templates_.empty() || empty_templates_) {
    BasicJsonType templates = BasicJsonType::object();
    for (const auto& [name, value] : templates_)
      templates[name] = BasicJsonType(detail::hal_forms::to_value(value));
    j["_templates"] = std::move(templates);
  }
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, const resource& r) {
  detail::hal_document::check_object_state(r.state_);
  // write_ only moves when asked to; nothing of r changes here.
  const_cast<resource&>(r).write_(j, false);
}

template <class BasicJsonType>
void to_json(BasicJsonType& j, resource&& r) {
  detail::hal_document::check_object_state(r.state_);
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

// Collects instead of throwing; recurses no deeper than options.max_depth.
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
    const auto templates = value.find("_templates");
    if (templates != value.end()) templates_(*templates, pointer + "/_templates");
    scopes_.pop_back();
  }

  // The HAL-FORMS members the parser requires; <envelope/hal_forms.hpp> has the rest.
  void templates_(const Json& templates, const std::string& pointer) {
    if (!templates.is_object()) {
      add_(severity::error, pointer, hal_forms::templates_not_object(templates));
      return;
    }
    for (const auto& [name, form] : templates.template get_ref<const object_t&>()) {
      const std::string at = pointer + token(name);
      if (!form.is_object()) {
        add_(severity::error, at, hal_forms::template_not_object(form));
        continue;
      }
      const auto properties = form.find("properties");
      if (properties == form.end()) continue;
      if (!properties->is_array()) {
        add_(severity::error, at + "/properties", hal_forms::properties_not_array(*properties));
        continue;
      }
      const auto& items = properties->template get_ref<const typename Json::array_t&>();
      for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string item = at + "/properties" + token(i);
        if (!items[i].is_object()) {
          add_(severity::error, item, hal_forms::property_not_object(items[i]));
          continue;
        }
        const auto property_name = items[i].find("name");
        if (property_name == items[i].end() || !property_name->is_string()) {
          add_(severity::error, item + "/name", hal_forms::missing_name(items[i]));
        }
      }
    }
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

template <class Json>
std::vector<finding> validate_hal(const nlohmann::json& document, const parse_options& options) {
  return detail::hal_document::validator<Json>(options).run(document);
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_HAL_HPP

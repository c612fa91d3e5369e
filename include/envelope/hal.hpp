#ifndef ENVELOPE_HAL_HPP
#define ENVELOPE_HAL_HPP

// HAL (draft-kelly-json-hal-11): Link Objects, Resource Objects with their links,
// curies, embedded resources and HAL-FORMS templates, a strict parser and a
// diagnostic pass.

#include <envelope/detail/config.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/error.hpp>
#include <envelope/form_template.hpp>
#include <envelope/link.hpp>
#include <envelope/uri_template.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace envelope {

struct parse_options {
  // Levels of _embedded below the root that are accepted; deeper is a document_error.
  // The parser and validate_hal recurse at most this deep.
  std::size_t max_depth = 64;
};

namespace detail::hal_document {

// One member of a state written in braces: resource({{"id", 1}, {"name", "x"}}).
// Nothing converts a JSON value into it, so `resource r{j};` is not taken for a list
// of members (as it would be for nlohmann's own initializer list) and reaches the
// constructor taking a JSON value. Mutable so that the constructor moves out of the
// list, as nlohmann's json_ref does.
struct state_member {
  state_member(std::string member_name, nlohmann::json member_value)
      : name(std::move(member_name)), value(std::move(member_value)) {}

  mutable std::string name;
  mutable nlohmann::json value;
};

// Writes a resource as JSON text (dump), from its private members.
void write_resource(json_writer& w, const resource& r);

// Reads a HAL document's SAX events into a resource (parse_response).
template <class Json>
class typed_reader;

}  // namespace detail::hal_document

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
  // "_links", "_embedded" or "_templates", is refused with argument_error: a whole
  // document is read with parse(). Braces around one JSON value mean that value:
  // `resource r{j};` has the state j, as `resource r(j);` does.
  explicit resource(nlohmann::json state);

  // The state's members, written in braces as for nlohmann::json:
  // resource({{"id", 1}, {"name", "x"}}) or resource r{{"id", 1}}. A name given twice
  // keeps its first value, as nlohmann::json does.
  explicit resource(std::initializer_list<detail::hal_document::state_member> members);

  // Strict parsing: document_error for every MUST the document breaks.
  template <class Json = nlohmann::json>
  [[nodiscard]] static resource parse(const nlohmann::json& document,
                                      const parse_options& options = {});
  // Moves state values and strings out of the document instead of copying them. On a
  // document_error the document is left valid but unspecified.
  template <class Json = nlohmann::json>
  [[nodiscard]] static resource parse(nlohmann::json&& document, const parse_options& options = {});

  [[nodiscard]] const nlohmann::json& state() const noexcept { return state_; }
  // Members named "_links", "_embedded" (§4 reserves them) or "_templates" (HAL-FORMS)
  // put here are not written out.
  [[nodiscard]] nlohmann::json& state() noexcept { return state_; }

  template <class T>
  [[nodiscard]] T state_as() const {
    return state_.get<T>();
  }

  // The lvalue overloads return the resource itself, the rvalue ones a new value (no
  // dangling `const auto&`).

  // The relation becomes a single Link Object, replacing what it held.
  resource& set_link(std::string rel, link value) &;
  resource set_link(std::string rel, link value) && {
    set_link(std::move(rel), std::move(value));
    return std::move(*this);
  }

  // Appends to the relation, which is (or becomes) an array, even of one.
  resource& add_link(std::string rel, link value) &;
  resource add_link(std::string rel, link value) && {
    add_link(std::move(rel), std::move(value));
    return std::move(*this);
  }

  // The relation becomes an array holding exactly these links, kept when empty.
  resource& set_links(std::string rel, std::vector<link> values) &;
  resource set_links(std::string rel, std::vector<link> values) && {
    set_links(std::move(rel), std::move(values));
    return std::move(*this);
  }

  // Declares a curie in the reserved "curies" relation, always an array (§8.3). A curie
  // of the same name is replaced.
  resource& add_curie(std::string name, std::string href_template) &;
  resource add_curie(std::string name, std::string href_template) && {
    add_curie(std::move(name), std::move(href_template));
    return std::move(*this);
  }

  resource& set_embedded(std::string rel, resource value) &;
  resource set_embedded(std::string rel, resource value) && {
    set_embedded(std::move(rel), std::move(value));
    return std::move(*this);
  }

  resource& add_embedded(std::string rel, resource value) &;
  resource add_embedded(std::string rel, resource value) && {
    add_embedded(std::move(rel), std::move(value));
    return std::move(*this);
  }

  // An array relation holding exactly these resources; an empty one is written as [].
  resource& set_embedded(std::string rel, std::vector<resource> values) &;
  resource set_embedded(std::string rel, std::vector<resource> values) && {
    set_embedded(std::move(rel), std::move(values));
    return std::move(*this);
  }

  bool remove_link(std::string_view rel);
  bool remove_embedded(std::string_view rel);

  // HAL-FORMS templates, written as "_templates"; the one named "default" is the draft's
  // default template. A template of the same name is replaced.
  resource& set_template(std::string name, form_template value) &;
  resource set_template(std::string name, form_template value) && {
    set_template(std::move(name), std::move(value));
    return std::move(*this);
  }
  bool remove_template(std::string_view name);
  // The template of that name, or nullptr.
  [[nodiscard]] const form_template* find_template(std::string_view name) const noexcept;
  // Every template with its name, in the order set or parsed.
  [[nodiscard]] const std::vector<std::pair<std::string, form_template>>& templates()
      const noexcept {
    return templates_;
  }

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
  const Relation* resolve_(const std::vector<Relation>& relations, std::string_view rel,
                           const std::vector<const resource*>& enclosing) const;

  // Curie name to curie, for this resource's curies and then its enclosing ones'; the
  // first declaration of a name wins, so inner curies take precedence (§8.3).
  std::unordered_map<std::string_view, const link*> curies_in_scope_(
      const std::vector<const resource*>& enclosing) const;

  static std::optional<std::string> expand_with_(const link& curie, std::string_view reference);

  const link* find_curie_(std::string_view name) const noexcept;

  template <class Json>
  static resource parse_root_(Json& document, const parse_options& options);

  // Json is nlohmann::json (values are moved out) or const nlohmann::json (copied).
  // Errors are thrown relative to this resource; callers prefix their own path.
  template <class Json>
  static resource parse_(Json& document, std::size_t depth, const parse_options& options);

  template <class Json>
  static void parse_links_(Json& links, std::vector<link_relation>& out);

  template <class Json>
  static void parse_embedded_(Json& embedded, std::vector<embedded_relation>& out,
                              std::size_t depth, const parse_options& options);

  template <class Json>
  static resource parse_child_(Json& value, const std::string& rel, const std::size_t* index,
                               std::size_t depth, const parse_options& options);

  template <class BasicJsonType>
  void write_(BasicJsonType& j, bool move_state);

  template <class BasicJsonType>
  friend void to_json(BasicJsonType& j, const resource& r);
  template <class BasicJsonType>
  friend void to_json(BasicJsonType& j, resource&& r);
  friend void detail::hal_document::write_resource(detail::json_writer& w, const resource& r);
  template <class Json>
  friend class detail::hal_document::typed_reader;

  nlohmann::json state_;
  std::vector<link_relation> links_;
  std::vector<embedded_relation> embedded_;
  std::vector<std::pair<std::string, form_template>> templates_;
  // A parsed "_templates": {} is written back, so that nothing read is dropped.
  bool empty_templates_ = false;
};

static_assert(std::is_nothrow_move_constructible_v<resource>);
static_assert(std::is_nothrow_move_assignable_v<resource>);

// ADL conversions, so that `nlohmann::json j = r;` and `j.get<envelope::resource>()`
// work, for nlohmann::ordered_json too. Reading is resource::parse (document_error);
// writing a resource whose state is not an object throws argument_error. Into
// nlohmann::ordered_json the order is _links, the state, _embedded, then _templates
// (where Spring HATEOAS writes them); writing an rvalue resource moves its state.
template <class BasicJsonType>
void to_json(BasicJsonType& j, const resource& r);
template <class BasicJsonType>
void to_json(BasicJsonType& j, resource&& r);
template <class BasicJsonType>
void from_json(const BasicJsonType& j, resource& r);

// The document as JSON text, the same bytes as nlohmann::json(r).dump(indent), written
// without building that nlohmann::json first. Throws argument_error when a state is not
// an object, and nlohmann::json::type_error (316) for text that is not UTF-8.
[[nodiscard]] std::string dump(const resource& r, int indent = -1);

// Every MUST the parser enforces (as errors, collected rather than thrown) and the
// draft's SHOULDs (warnings), in document order.
template <class Json = nlohmann::json>
[[nodiscard]] std::vector<finding> validate_hal(const nlohmann::json& document,
                                                const parse_options& options = {});

}  // namespace envelope

#include <envelope/impl/hal.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/hal.ipp>
#endif

#endif  // ENVELOPE_HAL_HPP

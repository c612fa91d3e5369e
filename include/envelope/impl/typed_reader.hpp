// Included only from <envelope/impl/response.hpp>.
#ifndef ENVELOPE_IMPL_TYPED_READER_HPP
#define ENVELOPE_IMPL_TYPED_READER_HPP

// Readers of nlohmann's SAX events straight into a resource or a problem, without
// the DOM in between: a link becomes its strings, not a map of JSON values. What
// stays nlohmann::json (a resource's state, extension members, HAL-FORMS
// templates) is built as nlohmann's own parser builds it.
//
// They take the common case fast and leave every other case to the DOM path: a
// reader that meets anything the DOM path would refuse, or anything whose outcome
// depends on more than the events seen so far (a member named twice, an "errors"
// of a shape that only its end decides), stops and says so, and parse_response
// reads the text again with json::parse and resource::parse / problem::parse. So
// errors, their pointers and their messages are the DOM path's by construction,
// and what a reader accepts it must build exactly as the DOM path would:
// response_fuzzer checks that on every input.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace envelope::detail {

// What every reader of SAX events here shares (the typed readers below and
// bounded_dom_builder): building the values kept as JSON, and counting the open
// arrays and objects against the depth limit. A reader's events return false to
// stop the parse.
template <class Json>
class sax_reader_base {
 public:
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;

  explicit sax_reader_base(std::size_t depth_limit) : limit_(depth_limit) {}

  bool binary(typename Json::binary_t&) { return false; }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception&) {
    return false;
  }

 protected:
  // A value kept as JSON starts at `slot`: a scalar is stored at once, a container
  // is opened and the events up to its close are built under it.
  template <class Value>
  void raw_scalar(Json& slot, Value&& value) {
    slot = Json(std::forward<Value>(value));
  }
  bool raw_open(Json& slot, typename Json::value_t kind) {
    if (!room_()) return false;
    slot = Json(kind);
    raw_.push_back(&slot);
    return true;
  }
  [[nodiscard]] bool in_raw() const noexcept { return !raw_.empty(); }

  // Inside a raw value: place a scalar, open a container, take a key, close.
  template <class Value>
  void raw_put(Value&& value) {
    place_(std::forward<Value>(value));
  }
  bool raw_start(typename Json::value_t kind) {
    if (!room_()) return false;
    raw_.push_back(&place_(kind));
    return true;
  }
  void raw_key(const string_t& name) { member_ = &(*raw_.back())[name]; }
  // True when the outermost raw container has just closed.
  bool raw_end() {
    raw_.pop_back();
    return raw_.empty();
  }

  // Typed containers count against the limit too.
  bool typed_open() {
    if (!room_()) return false;
    ++typed_;
    return true;
  }
  void typed_close() noexcept { --typed_; }

  // Marks a standard member as met; false when it was met before. The DOM keeps
  // the last of a name given twice, which may be of another type than the first
  // a typed reader already took, so a repeat hands the text to the DOM path.
  static bool first_time(unsigned& seen, unsigned bit) noexcept {
    if ((seen & bit) != 0) return false;
    seen |= bit;
    return true;
  }

 private:
  [[nodiscard]] bool room_() const noexcept { return typed_ + raw_.size() < limit_; }

  template <class Value>
  Json& place_(Value&& value) {
    Json& parent = *raw_.back();
    if (parent.is_array()) {
      parent.emplace_back(std::forward<Value>(value));
      return parent.back();
    }
    *member_ = Json(std::forward<Value>(value));
    return *member_;
  }

  std::size_t limit_;
  std::size_t typed_ = 0;
  std::vector<Json*> raw_;
  Json* member_ = nullptr;
};

// Member names that appear twice in one typed object: the DOM keeps the last, and
// a reader that has already typed the first cannot, so it hands the text over.
template <class Relation>
bool sort_and_check_unique(std::vector<Relation>& relations) {
  // The DOM path yields relations in the order of nlohmann's map: by name. Most
  // resources have a handful, which an insertion sort orders in little code (the
  // parse's hot code has to share the instruction cache with the lexer's).
  if (relations.size() <= 16) {
    for (std::size_t i = 1; i < relations.size(); ++i) {
      for (std::size_t j = i; j > 0 && relations[j].rel < relations[j - 1].rel; --j)
        std::swap(relations[j], relations[j - 1]);
    }
  } else {
    std::sort(relations.begin(), relations.end(),
              [](const Relation& a, const Relation& b) { return a.rel < b.rel; });
  }
  for (std::size_t i = 1; i < relations.size(); ++i) {
    if (relations[i].rel == relations[i - 1].rel) return false;
  }
  return true;
}

}  // namespace envelope::detail

namespace envelope::detail::hal_document {

// A HAL document's events into a resource, with parse_'s rules.
template <class Json>
class typed_reader : public sax_reader_base<Json> {
  using base = sax_reader_base<Json>;

 public:
  using typename base::number_float_t;
  using typename base::number_integer_t;
  using typename base::number_unsigned_t;
  using typename base::string_t;

  typed_reader(std::size_t depth_limit, const parse_options& options)
      : base(depth_limit), options_(options), root_(resource::unset_state{}) {}

  [[nodiscard]] resource take() { return std::move(root_); }

  bool null() { return scalar(nullptr); }
  bool boolean(bool value) { return scalar(value); }
  bool number_integer(number_integer_t value) { return scalar(value); }
  bool number_unsigned(number_unsigned_t value) { return scalar(value); }
  bool number_float(number_float_t value, const string_t&) { return scalar(value); }
  bool string(string_t& value) {
    if (this->in_raw()) {
      this->raw_put(value);
      return true;
    }
    switch (next()) {
      case slot::href:
        link_->href = value;
        return true;
      case slot::link_text:
        *text_field() = value;
        return true;
      default:
        return scalar(value);
    }
  }

  bool start_object(std::size_t) {
    if (this->in_raw()) return this->raw_start(Json::value_t::object);
    switch (next()) {
      case slot::root:
        return open_resource(root_, 0);
      case slot::raw:
        return this->raw_open(*raw_slot_, Json::value_t::object);
      case slot::links:
        reserve_first(top().res->links_);
        return open(frame::links);
      case slot::embedded:
        return open(frame::embedded);
      case slot::templates:
        templates_owner_ = top().res;
        return this->raw_open(templates_, Json::value_t::object);
      case slot::link_relation:
      case slot::link_item:
        link_ = &top().res->links_.back().links.emplace_back();
        return open(frame::link);
      case slot::embedded_relation:
      case slot::embedded_item:
        return open_resource(
            top().res->embedded_.back().resources.emplace_back(resource{resource::unset_state{}}),
            top().depth + 1);
      case slot::templated:
      case slot::link_text:
        return this->raw_open(extension(), Json::value_t::object);
      case slot::href:
        return false;
    }
    return false;
  }

  bool start_array(std::size_t) {
    if (this->in_raw()) return this->raw_start(Json::value_t::array);
    switch (next()) {
      case slot::raw:
        return this->raw_open(*raw_slot_, Json::value_t::array);
      case slot::link_relation:
        top().res->links_.back().is_array = true;
        return open(frame::link_array);
      case slot::embedded_relation:
        top().res->embedded_.back().is_array = true;
        return open(frame::embedded_array);
      case slot::templated:
      case slot::link_text:
        return this->raw_open(extension(), Json::value_t::array);
      default:
        return false;
    }
  }

  bool key(string_t& name) {
    if (this->in_raw()) {
      this->raw_key(name);
      return true;
    }
    level& at = top();
    switch (at.kind) {
      case frame::resource:
        return resource_key(at, name);
      case frame::links:
        at.res->links_.push_back(resource::link_relation{name, false, {}});
        next_ = slot::link_relation;
        return true;
      case frame::embedded:
        at.res->embedded_.push_back(resource::embedded_relation{name, false, {}});
        next_ = slot::embedded_relation;
        return true;
      case frame::link:
        return link_key(at, name);
      default:
        return false;
    }
  }

  bool end_object() {
    if (this->in_raw()) return !this->raw_end() || raw_done();
    const level done = top();
    levels_.pop_back();
    this->typed_close();
    if (done.kind == frame::link) return (done.seen & href_bit) != 0;
    if (done.kind == frame::resource) {
      return sort_and_check_unique(done.res->links_) && sort_and_check_unique(done.res->embedded_);
    }
    return true;
  }

  bool end_array() {
    if (this->in_raw()) return !this->raw_end() || raw_done();
    levels_.pop_back();
    this->typed_close();
    return true;
  }

 private:
  enum class frame : unsigned char { resource, links, link_array, link, embedded, embedded_array };
  // What the next value is.
  enum class slot : unsigned char {
    root,
    raw,  // kept as JSON at raw_slot_
    links,
    embedded,
    templates,
    link_relation,
    link_item,
    href,
    templated,
    link_text,  // one of the optional string members, text_index_
    embedded_relation,
    embedded_item,
  };
  struct level {
    frame kind;
    unsigned seen;  // members met, for names given twice
    resource* res;
    std::size_t depth;  // levels of _embedded below the root
  };

  static constexpr unsigned links_bit = 1U << 0;
  static constexpr unsigned embedded_bit = 1U << 1;
  static constexpr unsigned templates_bit = 1U << 2;
  static constexpr unsigned href_bit = 1U << 0;
  static constexpr unsigned templated_bit = 1U << 1;

  level& top() noexcept { return levels_.back(); }

  [[nodiscard]] slot next() const noexcept {
    if (levels_.empty()) return slot::root;
    switch (levels_.back().kind) {
      case frame::link_array:
        return slot::link_item;
      case frame::embedded_array:
        return slot::embedded_item;
      default:
        return next_;
    }
  }

  bool open(frame kind) {
    if (!this->typed_open()) return false;
    levels_.push_back(level{kind, 0, top().res, top().depth});
    return true;
  }

  bool open_resource(resource& r, std::size_t depth) {
    if (depth > options_.max_depth || !this->typed_open()) return false;
    r.state_ = Json::value_t::object;
    levels_.push_back(level{frame::resource, 0, &r, depth});
    return true;
  }

  bool resource_key(level& at, const string_t& text) {
    const std::string_view name(text);
    unsigned bit = 0;
    if (name == "_links") {
      bit = links_bit;
      next_ = slot::links;
    } else if (name == "_embedded") {
      bit = embedded_bit;
      next_ = slot::embedded;
    } else if (name == "_templates") {
      bit = templates_bit;
      next_ = slot::templates;
    } else {
      // The DOM keeps the last of a name given twice; so does operator[].
      raw_slot_ = &at.res->state_[text];
      next_ = slot::raw;
      return true;
    }
    return this->first_time(at.seen, bit);
  }

  bool link_key(level& at, const string_t& text) {
    const std::string_view name(text);
    unsigned bit = 0;
    if (name == "href") {
      bit = href_bit;
      next_ = slot::href;
    } else if (name == "templated") {
      bit = templated_bit;
      next_ = slot::templated;
    } else {
      for (std::size_t i = 0; i < std::size(optional_members); ++i) {
        if (name == optional_members[i]) {
          bit = 1U << (2 + i);
          next_ = slot::link_text;
          text_index_ = i;
          break;
        }
      }
      if (bit == 0) {
        raw_slot_ = &extensions()[text];
        next_ = slot::raw;
        return true;
      }
    }
    return this->first_time(at.seen, bit);
  }

  nlohmann::json& extensions() {
    if (link_->extensions.is_null()) link_->extensions = Json::value_t::object;
    return link_->extensions;
  }

  // A standard member kept raw because its value has the wrong type (§5: the
  // document round-trips unchanged).
  nlohmann::json& extension() {
    const std::string_view name =
        next_ == slot::templated ? std::string_view("templated") : optional_members[text_index_];
    return extensions()[std::string(name)];
  }

  std::optional<std::string>* text_field() noexcept {
    std::optional<std::string>* fields[] = {&link_->type,    &link_->deprecation, &link_->name,
                                            &link_->profile, &link_->title,       &link_->hreflang};
    return fields[text_index_];
  }

  template <class Value>
  bool scalar(Value&& value) {
    if (this->in_raw()) {
      this->raw_put(std::forward<Value>(value));
      return true;
    }
    switch (next()) {
      case slot::raw:
        this->raw_scalar(*raw_slot_, std::forward<Value>(value));
        return true;
      case slot::templated:
        if constexpr (std::is_same_v<std::decay_t<Value>, bool>) {
          if (value) {
            link_->templated = true;
            return true;
          }
        }
        this->raw_scalar(extension(), std::forward<Value>(value));
        return true;
      case slot::link_text:
        this->raw_scalar(extension(), std::forward<Value>(value));
        return true;
      default:
        // A document, _links, a relation, a link, an href, _embedded or a resource
        // that is a scalar breaks a MUST: the DOM path says which.
        return false;
    }
  }

  // The outermost raw value has closed; "_templates" is converted now, as
  // resource::parse_ converts it.
  bool raw_done() {
    if (templates_owner_ == nullptr) return true;
    resource& r = *templates_owner_;
    templates_owner_ = nullptr;
    auto& named = object(templates_);
    r.empty_templates_ = named.empty();
    r.templates_.reserve(named.size());
    for (auto& [name, value] : named) {
      if (!value.is_object()) return false;
      try {
        r.templates_.emplace_back(name, hal_forms::parse_template(value));
      } catch (const document_error&) {
        return false;
      }
    }
    return true;
  }

  const parse_options& options_;
  resource root_;
  std::vector<level> levels_;
  slot next_ = slot::root;
  nlohmann::json* raw_slot_ = nullptr;
  link* link_ = nullptr;
  std::size_t text_index_ = 0;
  Json templates_;
  resource* templates_owner_ = nullptr;
};

}  // namespace envelope::detail::hal_document

namespace envelope::detail::problem_members {

// Problem details' events into a problem, with read_moved's rules: members of
// the wrong type ignored, unknown ones kept, "errors" typed when it is a
// non-empty array of objects whose title, detail and pointer are strings.
template <class Json>
class typed_reader : public sax_reader_base<Json> {
  using base = sax_reader_base<Json>;

 public:
  using typename base::number_float_t;
  using typename base::number_integer_t;
  using typename base::number_unsigned_t;
  using typename base::string_t;

  explicit typed_reader(std::size_t depth_limit) : base(depth_limit) {}

  [[nodiscard]] problem take() { return std::move(result_); }

  bool null() { return scalar(nullptr); }
  bool boolean(bool value) { return scalar(value); }
  bool number_integer(number_integer_t value) { return number(value); }
  bool number_unsigned(number_unsigned_t value) { return number(value); }
  bool number_float(number_float_t value, const string_t&) { return number(value); }
  bool string(string_t& value) {
    if (this->in_raw() || next() != slot::text) return scalar(value);
    if (text_.plain != nullptr) {
      *text_.plain = value;
    } else {
      *text_.optional = value;
    }
    return true;
  }

  bool start_object(std::size_t) {
    if (this->in_raw()) return this->raw_start(Json::value_t::object);
    switch (next()) {
      case slot::root:
        return open(frame::problem);
      case slot::error_item:
        error_ = &result_.errors.emplace_back(
            validation_error{std::nullopt, std::string(), std::nullopt, Json::value_t::object});
        return open(frame::error);
      case slot::errors:
        return this->raw_open(result_.extensions["errors"], Json::value_t::object);
      default:
        return container(Json::value_t::object);
    }
  }

  bool start_array(std::size_t) {
    if (this->in_raw()) return this->raw_start(Json::value_t::array);
    switch (next()) {
      case slot::root:
      case slot::error_item:
        // Not an object: the DOM path refuses the document, or keeps "errors" raw.
        return false;
      case slot::errors:
        return open(frame::errors);
      default:
        return container(Json::value_t::array);
    }
  }

  bool key(string_t& name) {
    if (this->in_raw()) {
      this->raw_key(name);
      return true;
    }
    level& at = top();
    return at.kind == frame::error ? error_key(at, name) : problem_key(at, name);
  }

  bool end_object() {
    if (this->in_raw()) {
      this->raw_end();
      return true;
    }
    levels_.pop_back();
    this->typed_close();
    return true;
  }

  bool end_array() {
    if (this->in_raw()) {
      this->raw_end();
      return true;
    }
    levels_.pop_back();
    this->typed_close();
    // An empty "errors" stays an extension, so that it survives a round trip.
    if (result_.errors.empty()) result_.extensions["errors"] = Json::value_t::array;
    return true;
  }

 private:
  enum class frame : unsigned char { problem, errors, error };
  enum class slot : unsigned char { root, raw, text, status, errors, error_item };
  struct level {
    frame kind;
    unsigned seen;
  };

  level& top() noexcept { return levels_.back(); }

  [[nodiscard]] slot next() const noexcept {
    if (levels_.empty()) return slot::root;
    return levels_.back().kind == frame::errors ? slot::error_item : next_;
  }

  bool open(frame kind) {
    if (!this->typed_open()) return false;
    levels_.push_back(level{kind, 0});
    return true;
  }

  bool problem_key(level& at, const string_t& text) {
    const std::string_view name(text);
    unsigned bit = 0;
    next_ = slot::text;
    if (name == "type") {
      bit = 1U << 0;
      text_ = {&result_.type, nullptr};
    } else if (name == "title") {
      bit = 1U << 1;
      text_ = {nullptr, &result_.title};
    } else if (name == "detail") {
      bit = 1U << 2;
      text_ = {nullptr, &result_.detail};
    } else if (name == "instance") {
      bit = 1U << 3;
      text_ = {nullptr, &result_.instance};
    } else if (name == "status") {
      bit = 1U << 4;
      next_ = slot::status;
    } else if (name == "errors") {
      bit = 1U << 5;
      next_ = slot::errors;
    } else {
      raw_slot_ = &result_.extensions[text];
      next_ = slot::raw;
      return true;
    }
    text_in_error_ = false;
    return this->first_time(at.seen, bit);
  }

  bool error_key(level& at, const string_t& text) {
    const std::string_view name(text);
    unsigned bit = 0;
    next_ = slot::text;
    if (name == "title") {
      bit = 1U << 0;
      text_ = {nullptr, &error_->title};
    } else if (name == "detail") {
      bit = 1U << 1;
      text_ = {&error_->detail, nullptr};
    } else if (name == "pointer") {
      bit = 1U << 2;
      text_ = {nullptr, &error_->pointer};
    } else {
      raw_slot_ = &error_->extensions[text];
      next_ = slot::raw;
      return true;
    }
    text_in_error_ = true;
    return this->first_time(at.seen, bit);
  }

  // A container where a standard member's value was expected: ignored, as a
  // member of the wrong type is, once read; "errors" or a raw slot keep it.
  bool container(typename Json::value_t kind) {
    switch (next()) {
      case slot::raw:
        return this->raw_open(*raw_slot_, kind);
      case slot::text:
        // An error's title, detail or pointer must be a string for "errors" to be typed.
        if (text_in_error_) return false;
        return this->raw_open(ignored_, kind);
      case slot::status:
        return this->raw_open(ignored_, kind);
      default:
        return false;
    }
  }

  template <class Value>
  bool number(Value value) {
    if (!this->in_raw() && next() == slot::status) {
      result_.status = read_status(Json(value));
      return true;
    }
    return scalar(value);
  }

  template <class Value>
  bool scalar(Value&& value) {
    if (this->in_raw()) {
      this->raw_put(std::forward<Value>(value));
      return true;
    }
    switch (next()) {
      case slot::raw:
        this->raw_scalar(*raw_slot_, std::forward<Value>(value));
        return true;
      case slot::text:
        return !text_in_error_;
      case slot::status:
        return true;
      case slot::errors:
        this->raw_scalar(result_.extensions["errors"], std::forward<Value>(value));
        return true;
      default:
        return false;
    }
  }

  problem result_{"about:blank", std::nullopt, std::nullopt,         std::nullopt,
                  std::nullopt,  {},           Json::value_t::object};
  std::vector<level> levels_;
  slot next_ = slot::root;
  nlohmann::json* raw_slot_ = nullptr;
  validation_error* error_ = nullptr;
  // Where a string member goes: a std::string (type, an error's detail) or an optional.
  struct text_target {
    std::string* plain = nullptr;
    std::optional<std::string>* optional = nullptr;
  };
  text_target text_;
  bool text_in_error_ = false;
  Json ignored_;
};

}  // namespace envelope::detail::problem_members

#endif  // ENVELOPE_IMPL_TYPED_READER_HPP

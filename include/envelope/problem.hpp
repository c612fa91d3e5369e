#ifndef ENVELOPE_PROBLEM_HPP
#define ENVELOPE_PROBLEM_HPP

// RFC 9457 problem details: the value type, its JSON and XML forms, a tolerant
// reader for what a client receives, and a diagnostic pass for what a server sends.

#include <envelope/detail/config.hpp>
#include <envelope/detail/json_writer.hpp>
#include <envelope/detail/problem_xml.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/http_status.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace envelope {

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
    // own throw std::invalid_argument); each means "not a T" here.
    try {
      return value.template get<T>();
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
}

}  // namespace detail::problem_members

// One failed check of a request, an element of a problem's "errors" member. Two
// shapes are in use and both fit: the conventions' {title, detail} (title names
// the kind of failure) and RFC 9457 §3's {detail, pointer} (pointer is a JSON
// Pointer into the request, e.g. "#/age").
struct validation_error {
  std::optional<std::string> title;
  std::string detail;  // "" is not written
  std::optional<std::string> pointer;
  nlohmann::json extensions = nlohmann::json::object();

  // RFC 9457 shape: where in the request, and what is wrong there.
  [[nodiscard]] static validation_error at(std::string where, std::string what);

  // Conventions shape: the kind of failure (e.g. "invalid_type") and a sentence.
  [[nodiscard]] static validation_error titled(std::string kind, std::string what);

  // An extension member of this error; "title", "detail" and "pointer" are refused.
  template <class T>
  validation_error& with(const std::string& name, T&& value) & {
    detail::problem_members::refuse_reserved(detail::problem_members::is_reserved_in_error(name),
                                             name, "validation_error::with");
    extensions[name] = nlohmann::json(std::forward<T>(value));
    return *this;
  }
  template <class T>
  [[nodiscard]] validation_error with(const std::string& name, T&& value) && {
    with(name, std::forward<T>(value));
    return std::move(*this);
  }

  friend bool operator==(const validation_error& a, const validation_error& b) {
    return equal_(a, b);
  }
  friend bool operator!=(const validation_error& a, const validation_error& b) { return !(a == b); }

 private:
  static bool equal_(const validation_error& a, const validation_error& b);
};

// problem::from_exception: whether the exception's what() becomes the detail.
enum class exception_detail { hidden, exposed };

struct problem;
struct problem_options;

// Declared before the class: nlohmann caches its has_from_json trait at first
// use, which comes before the definitions further down.
template <class BasicJsonType>
void to_json(BasicJsonType& j, const problem& p);
template <class BasicJsonType>
void to_json(BasicJsonType& j, const problem& p, const problem_options& options);
template <class BasicJsonType>
void from_json(const BasicJsonType& j, problem& p);

// http_status.hpp has a detail::problem (a media type), hence envelope::problem in detail.
namespace detail::problem_members {
template <class BasicJsonType>
[[nodiscard]] envelope::problem read(const BasicJsonType& document);
template <class Json>
[[nodiscard]] envelope::problem read_moved(Json&& document);
}  // namespace detail::problem_members

// A problem details object (RFC 9457 §3). Optional members are written only when
// set; "errors" only when non-empty; extension members at the top level.
struct problem {
  // RFC 9457 §3.1.1: absent means "about:blank", so the default is that.
  std::string type = "about:blank";
  std::optional<std::string> title;
  std::optional<int> status;
  std::optional<std::string> detail;
  std::optional<std::string> instance;
  std::vector<validation_error> errors;
  // Members beyond RFC 9457 §3.1, by name (an object). A reserved name placed here
  // directly is not written: the standard member wins.
  nlohmann::json extensions = nlohmann::json::object();

  // about:blank with the status's reason phrase as title (RFC 9457 §4.2.1). An
  // unassigned code in 100-599 takes the phrase of its class's x00 code, as
  // RFC 9110 §15 tells recipients to treat it; outside 100-599 there is no
  // title and the status is kept as given, for the response layer to refuse.
  [[nodiscard]] static problem from_status(int code);

  // The conventions' validation failure: 400 "Bad Request", "Request failed
  // validation", and one entry per failed check. 422 suits checks of business rules.
  [[nodiscard]] static problem validation_failed(std::vector<validation_error> failures,
                                                 int code = 400);

  // A problem for an exception caught at a service boundary. A problem_exception
  // gives its own problem, which was written for the client. Any other exception
  // gives from_status(code), and its what() becomes the detail only when asked:
  // RFC 9457 §5 warns against exposing implementation internals.
  [[nodiscard]] static problem from_exception(const std::exception& e, int code = 500,
                                              exception_detail what = exception_detail::hidden);

  // Reads a problem the RFC 9457 §3.1 way: members of the wrong type are ignored,
  // unknown members kept as extensions. Throws std::invalid_argument only when
  // the document is not a JSON object. The rvalue overload moves strings and
  // extension values out of the document instead of copying them.
  // Templates only so that the reader is compiled where it is called; Json is
  // always nlohmann::json.
  template <class Json = nlohmann::json>
  [[nodiscard]] static problem parse(const nlohmann::json& document) {
    return detail::problem_members::read(static_cast<const Json&>(document));
  }
  template <class Json = nlohmann::json>
  [[nodiscard]] static problem parse(nlohmann::json&& document) {
    return detail::problem_members::read_moved(std::move(static_cast<Json&>(document)));
  }

  problem& with_type(std::string uri) & {
    type = std::move(uri);
    return *this;
  }
  [[nodiscard]] problem with_type(std::string uri) && {
    return std::move(with_type(std::move(uri)));
  }

  problem& with_title(std::string text) & {
    title = std::move(text);
    return *this;
  }
  [[nodiscard]] problem with_title(std::string text) && {
    return std::move(with_title(std::move(text)));
  }

  problem& with_status(int code) & {
    status = code;
    return *this;
  }
  [[nodiscard]] problem with_status(int code) && { return std::move(with_status(code)); }

  problem& with_detail(std::string text) & {
    detail = std::move(text);
    return *this;
  }
  [[nodiscard]] problem with_detail(std::string text) && {
    return std::move(with_detail(std::move(text)));
  }

  problem& with_instance(std::string uri) & {
    instance = std::move(uri);
    return *this;
  }
  [[nodiscard]] problem with_instance(std::string uri) && {
    return std::move(with_instance(std::move(uri)));
  }

  // Also drops an "errors" that parsing kept untyped: the typed list replaces it
  // on output, so the problem then reads back equal to what it writes.
  problem& add_error(validation_error e) &;
  [[nodiscard]] problem add_error(validation_error e) && {
    return std::move(add_error(std::move(e)));
  }

  // An extension member (RFC 9457 §3.2), any value nlohmann can convert,
  // including a user type with its own to_json. Standard member names and
  // "errors" are refused with std::invalid_argument.
  template <class T>
  problem& with(const std::string& name, T&& value) & {
    detail::problem_members::refuse_reserved(detail::problem_members::is_reserved(name), name,
                                             "problem::with");
    extensions[name] = nlohmann::json(std::forward<T>(value));
    return *this;
  }
  template <class T>
  [[nodiscard]] problem with(const std::string& name, T&& value) && {
    return std::move(with(name, std::forward<T>(value)));
  }

  // The extension converted to T; nullopt when absent or not convertible.
  // Arithmetic types are checked rather than converted: 1.5 is not an int and
  // 300 is not a std::int8_t.
  template <class T>
  [[nodiscard]] std::optional<T> extension(std::string_view name) const {
    if (!extensions.is_object()) return std::nullopt;
    const auto it = extensions.find(name);
    if (it == extensions.end()) return std::nullopt;
    return detail::problem_members::checked_get<T>(*it);
  }

  [[nodiscard]] bool has_extension(std::string_view name) const;

  friend bool operator==(const problem& a, const problem& b) { return equal_(a, b); }
  friend bool operator!=(const problem& a, const problem& b) { return !(a == b); }

 private:
  static bool equal_(const problem& a, const problem& b);
};

static_assert(std::is_nothrow_move_constructible_v<validation_error>);
static_assert(std::is_nothrow_move_assignable_v<validation_error>);
static_assert(std::is_nothrow_move_constructible_v<problem>);
static_assert(std::is_nothrow_move_assignable_v<problem>);

// Carries a problem through a service's layers to the boundary that answers.
// Copies share one immutable problem, so copying never throws (an exception
// object is copied while it propagates).
class problem_exception : public std::exception {
 public:
  explicit problem_exception(problem p);

  [[nodiscard]] const problem& details() const noexcept { return state_->details; }

  // The problem's title; without one, the status's reason phrase, then the type.
  [[nodiscard]] const char* what() const noexcept override { return state_->what.c_str(); }

 private:
  struct state {
    explicit state(problem p);
    problem details;
    std::string what;
  };

  static std::string describe(const problem& p);

  std::shared_ptr<const state> state_;
};

static_assert(std::is_nothrow_copy_constructible_v<problem_exception>);

// A problem type definition (RFC 9457 §4): the type URI, its title and the
// status it is used with, declared once and instantiated per occurrence.
struct problem_type {
  std::string type;
  std::string title;
  int status = 500;

  [[nodiscard]] problem make() const;

  [[nodiscard]] problem make(std::string occurrence_detail) const;

  friend bool operator==(const problem_type& a, const problem_type& b) {
    return a.type == b.type && a.title == b.title && a.status == b.status;
  }
  friend bool operator!=(const problem_type& a, const problem_type& b) { return !(a == b); }
};

// A service's problem types, in the order added, for look-up and documentation.
// A plain value: build one at start-up and pass it where it is needed.
class problem_catalogue {
 public:
  using const_iterator = std::vector<problem_type>::const_iterator;

  // Throws std::invalid_argument for an incomplete definition (RFC 9457 §4
  // requires a type URI, a title and a status) or a type URI already present.
  problem_catalogue& add(problem_type definition);

  [[nodiscard]] const problem_type* find(std::string_view type_uri) const noexcept;

  [[nodiscard]] const std::vector<problem_type>& list() const noexcept { return types_; }
  [[nodiscard]] std::size_t size() const noexcept { return types_.size(); }
  [[nodiscard]] bool empty() const noexcept { return types_.empty(); }
  [[nodiscard]] const_iterator begin() const noexcept { return types_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return types_.end(); }

  friend bool operator==(const problem_catalogue& a, const problem_catalogue& b) {
    return a.types_ == b.types_;
  }
  friend bool operator!=(const problem_catalogue& a, const problem_catalogue& b) {
    return !(a == b);
  }

 private:
  std::vector<problem_type> types_;
};

// How a problem is written.
struct problem_options {
  // RFC 9457 §3.1.1 makes an absent type mean about:blank, so omitting it is
  // equally valid; writing it serves clients that compare "type" as a string.
  bool write_about_blank = true;
};

namespace detail::problem_members {

template <class BasicJsonType>
[[nodiscard]] BasicJsonType convert(const nlohmann::json& value) {
  if constexpr (std::is_same_v<BasicJsonType, nlohmann::json>) {
    return value;
  } else {
    return BasicJsonType(value);
  }
}

}  // namespace detail::problem_members

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

namespace detail::problem_members {

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

}  // namespace detail::problem_members

// Members in the order type, title, status, detail, instance, errors, then the
// extensions (visible with nlohmann::ordered_json).
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

[[nodiscard]] nlohmann::json to_json(const problem& p, const problem_options& options);

namespace detail::problem_members {

// Members in nlohmann::json's order (by name).
inline constexpr std::string_view error_members[] = {"detail", "pointer", "title"};

// What to_json(json&, const validation_error&) builds, written as text.
void write(json_writer& w, const validation_error& e);

// What to_json(json&, const problem&, options) builds, written as text.
void write(json_writer& w, const envelope::problem& p, const problem_options& options);

}  // namespace detail::problem_members

// The problem as JSON text, the same bytes as to_json(p, options).dump(indent), written
// without building that nlohmann::json first. Throws nlohmann::json::type_error (316)
// for text that is not UTF-8, as dump does.
[[nodiscard]] std::string dump(const problem& p, const problem_options& options, int indent = -1);

[[nodiscard]] std::string dump(const problem& p, int indent = -1);

void to_json(nlohmann::json& j, const problem_type& t);

// The catalogue as an array of {type, title, status}, for a documentation endpoint.
void to_json(nlohmann::json& j, const problem_catalogue& c);

namespace detail::problem_members {

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

template <class Json>
void read_error_members(Json&& item, validation_error& e) {
  constexpr bool move = can_move<Json>;
  if constexpr (move && std::is_same_v<json_of<Json>, nlohmann::json>) {
    // The standard members are taken out; what remains of the object, already
    // allocated by the parser, becomes the extensions.
    auto& members = item.template get_ref<nlohmann::json::object_t&>();
    for (auto it = members.begin(); it != members.end();) {
      const std::string& name = it->first;
      auto& value = it->second;
      const bool text = value.is_string();
      if (name == "title") {
        if (text) e.title = take_string<true>(value);
      } else if (name == "detail") {
        if (text) e.detail = take_string<true>(value);
      } else if (name == "pointer") {
        if (text) e.pointer = take_string<true>(value);
      } else {
        ++it;
        continue;
      }
      it = members.erase(it);
    }
    e.extensions = std::move(item);
    return;
  }
  for (auto it = item.begin(); it != item.end(); ++it) {
    const std::string& name = it.key();
    auto& value = it.value();
    const bool text = value.is_string();
    if (name == "title") {
      if (text) e.title = take_string<move>(value);
    } else if (name == "detail") {
      if (text) e.detail = take_string<move>(value);
    } else if (name == "pointer") {
      if (text) e.pointer = take_string<move>(value);
    } else {
      e.extensions[name] = take<move>(value);
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

// Reads a document it must leave as it is (the copying parse, from_json).
template <class BasicJsonType>
[[nodiscard]] envelope::problem read(const BasicJsonType& document) {
  if (!document.is_object()) {
    throw std::invalid_argument(
        std::string("problem details: the document (JSON Pointer \"\") is ") +
        document.type_name() + ", not an object");
  }
  envelope::problem p;
  for (auto it = document.begin(); it != document.end(); ++it) {
    if (!read_member<false>(p, it.key(), it.value()))
      p.extensions[it.key()] = take<false>(it.value());
  }
  return p;
}

}  // namespace detail::problem_members

template <class BasicJsonType>
void from_json(const BasicJsonType& j, problem& p) {
  p = detail::problem_members::read(j);
}

// An element of "errors": an object; members of the wrong type are ignored as
// RFC 9457 §3.1 does for the problem itself.
template <class BasicJsonType>
void from_json(const BasicJsonType& j, validation_error& e) {
  if (!j.is_object()) {
    throw std::invalid_argument(std::string("validation error: expected an object, got ") +
                                j.type_name());
  }
  e = validation_error{};
  detail::problem_members::read_error_members(j, e);
}

// application/problem+xml (RFC 9457 Appendix B). Extension members whose names
// are not XML names (§2.3 of XML 1.0) are left out; validate_problem names them.
// Members come in the order to_json gives them (type, title, status, detail,
// instance, errors, then extensions in name order); the overload for a JSON
// document below keeps the document's own order. Written from the problem
// itself, not through a JSON copy: no value is converted, so the writer's own
// depth limit is what bounds a deep extension.
//
// A template only so that the writer is compiled where XML is written; Json is
// always nlohmann::json.
template <class Json = nlohmann::json>
[[nodiscard]] std::string to_xml(const problem& p, const problem_options& options = {}) {
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

// The XML form of a problem details JSON object, member order kept (with
// nlohmann::ordered_json, the order of the text it was parsed from). Standard
// members of the wrong type are left out, as a reader of the JSON would ignore
// them (RFC 9457 §3.1); "status":"404" must not become <status>404</status>.
// Throws std::invalid_argument when the document is not an object.
template <class BasicJsonType,
          std::enable_if_t<std::is_same_v<BasicJsonType, nlohmann::json> ||
                               std::is_same_v<BasicJsonType, nlohmann::ordered_json>,
                           int> = 0>
[[nodiscard]] std::string to_xml(const BasicJsonType& document) {
  if (!document.is_object()) {
    throw std::invalid_argument(
        std::string("problem details: the document (JSON Pointer \"\") is ") +
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

namespace detail::problem_members {

std::string pointer_to(std::string_view name);

// RFC 9457 §3.2: names SHOULD start with a letter, hold only letters, digits
// and "_", and be three characters or longer.
[[nodiscard]] bool is_portable_name(std::string_view name) noexcept;

// RFC 9457 §3.1.1 and §3.1.5 recommend absolute URIs, or relative ones with the full path.
void check_uri_member(const nlohmann::json& value, std::string_view name,
                      std::vector<finding>& out);

void check_errors(const nlohmann::json& value, std::vector<finding>& out);

}  // namespace detail::problem_members

// What a client would ignore in this document and which of RFC 9457's SHOULDs
// and the conventions it misses. Each finding names its member by JSON Pointer.
// A template only so that it is compiled where it is called; Json is always
// nlohmann::json.
template <class Json = nlohmann::json>
[[nodiscard]] std::vector<finding> validate_problem(const nlohmann::json& given) {
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

#if ENVELOPE_DEFINITIONS
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
    throw std::invalid_argument(std::string(owner) + ": \"" + std::string(name) +
                                "\" is a standard member, not an extension; set it directly");
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
         a.extensions == b.extensions;
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

ENVELOPE_INLINE problem& problem::add_error(validation_error e) & {
  errors.push_back(std::move(e));
  if (extensions.is_object()) extensions.erase("errors");
  return *this;
}

ENVELOPE_INLINE bool problem::has_extension(std::string_view name) const {
  return extensions.is_object() && extensions.contains(name);
}

ENVELOPE_INLINE bool problem::equal_(const problem& a, const problem& b) {
  return a.type == b.type && a.title == b.title && a.status == b.status && a.detail == b.detail &&
         a.instance == b.instance && a.errors == b.errors && a.extensions == b.extensions;
}

ENVELOPE_INLINE problem_exception::problem_exception(problem p)
    : state_(std::make_shared<const state>(std::move(p))) {}

ENVELOPE_INLINE problem_exception::state::state(problem p)
    : details(std::move(p)), what(describe(details)) {}

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
    throw std::invalid_argument(
        "problem_catalogue::add: a problem type needs a type URI and a title");
  }
  if (!is_valid_status(definition.status)) {
    throw std::invalid_argument("problem_catalogue::add: \"" + definition.type + "\" has status " +
                                std::to_string(definition.status) + ", outside 100-599");
  }
  if (find(definition.type) != nullptr) {
    throw std::invalid_argument("problem_catalogue::add: \"" + definition.type +
                                "\" is already defined");
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
  detail::json_writer w(out, indent);
  detail::problem_members::write(w, p, options);
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
  const auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (name.size() < 3 || !alpha(name[0])) return false;
  for (const char c : name) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '_') return false;
  }
  return true;
}

// RFC 3986 §3.1: a scheme, then ':'.
[[nodiscard]] ENVELOPE_INLINE bool is_absolute_uri(std::string_view uri) noexcept {
  const auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (uri.empty() || !alpha(uri[0])) return false;
  for (std::size_t i = 1; i < uri.size(); ++i) {
    const char c = uri[i];
    if (c == ':') return true;
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

ENVELOPE_INLINE void check_uri_member(const nlohmann::json& value, std::string_view name,
                                      std::vector<finding>& out) {
  const auto& uri = value.get_ref<const std::string&>();
  if (!is_absolute_uri(uri) && (uri.empty() || uri[0] != '/')) {
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
#endif  // ENVELOPE_DEFINITIONS

#endif  // ENVELOPE_PROBLEM_HPP

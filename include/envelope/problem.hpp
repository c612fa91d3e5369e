#ifndef ENVELOPE_PROBLEM_HPP
#define ENVELOPE_PROBLEM_HPP

// RFC 9457 problem details: the value type, its JSON and XML forms, a tolerant
// reader for what a client receives, and a diagnostic pass for what a server sends.

#include <envelope/detail/config.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/error.hpp>
#include <envelope/http_status.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace envelope {

// One failed check of a request, an element of a problem's "errors" member. Two
// shapes are in use and both fit: the conventions' {title, detail} (title names
// the kind of failure) and RFC 9457 §3's {detail, pointer} (pointer is a JSON
// Pointer into the request, e.g. "#/age").
struct validation_error {
  std::optional<std::string> title;
  std::string detail;  // "" is not written
  std::optional<std::string> pointer;
  // Members beyond title, detail and pointer, by name (an object). Those three
  // names placed here directly are neither written nor compared: the typed
  // member is the one.
  nlohmann::json extensions = nlohmann::json::object();

  // RFC 9457 shape: where in the request, and what is wrong there.
  [[nodiscard]] static validation_error at(std::string where, std::string what);

  // Conventions shape: the kind of failure (e.g. "invalid_type") and a sentence.
  [[nodiscard]] static validation_error titled(std::string kind, std::string what);

  // An extension member of this error, as extensions[name] = value would set it;
  // "title", "detail" and "pointer" are refused with argument_error.
  template <class T>
  validation_error& with(const std::string& name, T&& value) &;
  template <class T>
  [[nodiscard]] validation_error with(const std::string& name, T&& value) &&;

  // Equal when they write the same members.
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
// use, which comes before the definitions in impl/problem.hpp.
template <class BasicJsonType>
void to_json(BasicJsonType& j, const problem& p);
template <class BasicJsonType>
void to_json(BasicJsonType& j, const problem& p, const problem_options& options);
template <class BasicJsonType>
void from_json(const BasicJsonType& j, problem& p);

// A problem details object (RFC 9457 §3). Optional members are written only when
// set; "errors" only when non-empty; extension members at the top level.
//
// One model: every member is plain data, and each setter does exactly what
// assigning the member does. What is written is decided when writing (and ==
// compares what is written): a standard member wins over an extension of the
// same name.
struct problem {
  // RFC 9457 §3.1.1: absent means "about:blank", so the default is that.
  std::string type = "about:blank";
  std::optional<std::string> title;
  std::optional<int> status;
  std::optional<std::string> detail;
  std::optional<std::string> instance;
  std::vector<validation_error> errors;
  // Members beyond RFC 9457 §3.1, by name (an object). A standard member's name
  // placed here directly is not written. Parsing keeps here an "errors" it could
  // not type, to write it back unchanged; a non-empty typed `errors` replaces it
  // on output.
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
  // unknown members kept as extensions. Throws argument_error only when the
  // document is not a JSON object. The rvalue overload moves strings and
  // extension values out of the document instead of copying them.
  template <class Json = nlohmann::json>
  [[nodiscard]] static problem parse(const nlohmann::json& document);
  template <class Json = nlohmann::json>
  [[nodiscard]] static problem parse(nlohmann::json&& document);

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

  // errors.push_back(e).
  problem& add_error(validation_error e) & {
    errors.push_back(std::move(e));
    return *this;
  }
  [[nodiscard]] problem add_error(validation_error e) && {
    return std::move(add_error(std::move(e)));
  }

  // An extension member (RFC 9457 §3.2), any value nlohmann can convert,
  // including a user type with its own to_json; extensions[name] = value. Standard
  // member names and "errors" are refused with argument_error.
  template <class T>
  problem& with(const std::string& name, T&& value) &;
  template <class T>
  [[nodiscard]] problem with(const std::string& name, T&& value) &&;

  // The extension converted to T; nullopt when absent or not convertible.
  // Arithmetic types are checked rather than converted: 1.5 is not an int and
  // 300 is not a std::int8_t.
  template <class T>
  [[nodiscard]] std::optional<T> extension(std::string_view name) const;

  [[nodiscard]] bool has_extension(std::string_view name) const;

  // Equal when they write the same members: an extension that a standard member
  // replaces on output is not compared.
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
// object is copied while it propagates). Caught as std::exception or as
// envelope::error alike.
class problem_exception : public std::exception, public error {
 public:
  // Header fields that go out with the problem: those its status needs (Allow for
  // 405, WWW-Authenticate for 401, Retry-After for 429 and 503) or suggests
  // (Accept for 415). exception_response (request.hpp) and the adapters send them.
  using header_fields = std::vector<std::pair<std::string, std::string>>;

  explicit problem_exception(problem p, header_fields fields = {});

  [[nodiscard]] const problem& details() const noexcept { return state_->details; }
  [[nodiscard]] const header_fields& fields() const noexcept { return state_->fields; }

  // The problem's title; without one, the status's reason phrase, then the type.
  [[nodiscard]] const char* what() const noexcept override { return state_->what.c_str(); }

 private:
  struct state {
    state(problem p, header_fields f);
    problem details;
    header_fields fields;
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

  // Throws argument_error for an incomplete definition (RFC 9457 §4 requires a
  // type URI, a title and a status) or a type URI already present.
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

template <class BasicJsonType>
void to_json(BasicJsonType& j, const validation_error& e);

// An element of "errors": an object; members of the wrong type are ignored as
// RFC 9457 §3.1 does for the problem itself. Throws argument_error for a value
// that is not an object.
template <class BasicJsonType>
void from_json(const BasicJsonType& j, validation_error& e);

// Members in the order type, title, status, detail, instance, errors, then the
// extensions (visible with nlohmann::ordered_json).
[[nodiscard]] nlohmann::json to_json(const problem& p, const problem_options& options);

// The problem as JSON text, the same bytes as to_json(p, options).dump(indent), written
// without building that nlohmann::json first. Throws nlohmann::json::type_error (316)
// for text that is not UTF-8, as dump does.
[[nodiscard]] std::string dump(const problem& p, const problem_options& options, int indent = -1);

[[nodiscard]] std::string dump(const problem& p, int indent = -1);

void to_json(nlohmann::json& j, const problem_type& t);

// The catalogue as an array of {type, title, status}, for a documentation endpoint.
void to_json(nlohmann::json& j, const problem_catalogue& c);

// application/problem+xml (RFC 9457 Appendix B). Extension members whose names
// are not XML names (§2.3 of XML 1.0) are left out; validate_problem names them.
// Members come in the order to_json gives them (type, title, status, detail,
// instance, errors, then extensions in name order); the overload for a JSON
// document below keeps the document's own order. Written from the problem
// itself, not through a JSON copy: no value is converted, so the writer's own
// depth limit is what bounds a deep extension (argument_error past it).
template <class Json = nlohmann::json>
[[nodiscard]] std::string to_xml(const problem& p, const problem_options& options = {});

namespace detail::problem_members {
template <class BasicJsonType>
inline constexpr bool is_document = std::is_same_v<BasicJsonType, nlohmann::json> ||
                                    std::is_same_v<BasicJsonType, nlohmann::ordered_json>;
}  // namespace detail::problem_members

// The XML form of a problem details JSON object, member order kept (with
// nlohmann::ordered_json, the order of the text it was parsed from). Standard
// members of the wrong type are left out, as a reader of the JSON would ignore
// them (RFC 9457 §3.1); "status":"404" must not become <status>404</status>.
// Throws argument_error when the document is not an object.
template <class BasicJsonType,
          std::enable_if_t<detail::problem_members::is_document<BasicJsonType>, int> = 0>
[[nodiscard]] std::string to_xml(const BasicJsonType& document);

// What a client would ignore in this document and which of RFC 9457's SHOULDs
// and the conventions it misses. Each finding names its member by JSON Pointer.
template <class Json = nlohmann::json>
[[nodiscard]] std::vector<finding> validate_problem(const nlohmann::json& given);

}  // namespace envelope

#include <envelope/impl/problem.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/problem.ipp>
#endif

#endif  // ENVELOPE_PROBLEM_HPP

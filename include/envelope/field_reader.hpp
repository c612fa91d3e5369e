#ifndef ENVELOPE_FIELD_READER_HPP
#define ENVELOPE_FIELD_READER_HPP

// Code-first request validation: read typed members from a parsed body, collect
// every failure in the vocabulary of <envelope/validation.hpp>, then answer them
// all at once with check().
//
//   envelope::field_reader in(body);
//   auto name = in.required<std::string>("name").length(1, 80);
//   auto size = in.optional<int>("size").in_range(1, 100);
//   auto city = in.required<std::string>("/address/city");
//   in.check();  // throws the 400 problem_exception listing every failure
//   use(*name, size.value_or(10));

#include <envelope/detail/config.hpp>
#include <envelope/problem.hpp>
#include <envelope/validation.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace envelope {

class field_reader;

// The value read for one member: a std::optional<T> that is empty when the member
// was absent or failed, with checks that add their failures to the reader. It
// refers to its reader: use it while the reader lives.
template <class T>
class field : public std::optional<T> {
 public:
  // Numbers: [low, high], both included (too_small / too_big).
  template <class U = T>
  field& in_range(const U& low, const U& high) &;
  template <class U = T>
  [[nodiscard]] field in_range(const U& low, const U& high) && {
    return std::move(in_range(low, high));
  }
  template <class U = T>
  field& at_least(const U& low) &;
  template <class U = T>
  [[nodiscard]] field at_least(const U& low) && {
    return std::move(at_least(low));
  }
  template <class U = T>
  field& at_most(const U& high) &;
  template <class U = T>
  [[nodiscard]] field at_most(const U& high) && {
    return std::move(at_most(high));
  }

  // Strings (in code points) and arrays (in items): min <= size <= max.
  field& length(std::size_t min, std::size_t max) &;
  [[nodiscard]] field length(std::size_t min, std::size_t max) && {
    return std::move(length(min, max));
  }

  // One of the listed values (invalid_enum_value).
  field& one_of(std::initializer_list<T> allowed) &;
  [[nodiscard]] field one_of(std::initializer_list<T> allowed) && {
    return std::move(one_of(allowed));
  }

  // A check of the service's own: when `accept` is false, invalid_value with
  // "`body.x` " + reason + "." (reason such as "must be a future date").
  template <class Predicate>
  field& satisfies(Predicate accept, std::string_view reason) &;
  template <class Predicate>
  [[nodiscard]] field satisfies(Predicate accept, std::string_view reason) && {
    return std::move(satisfies(std::move(accept), reason));
  }

  // Where the member is (RFC 6901 pointer into the body).
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }

 private:
  friend class field_reader;

  field(field_reader* reader, std::string pointer)
      : reader_(reader), pointer_(std::move(pointer)) {}

  void fail(validation_error e);
  // The value as a sentence quotes it: the body's own JSON (10, not the 10.0 of a
  // double read from it).
  [[nodiscard]] nlohmann::json quoted() const;

  field_reader* reader_;
  std::string pointer_;
  const nlohmann::json* source_ = nullptr;  // in the body the reader reads
};

// Reads one JSON value (the body, or a part of it for nested readers). A member
// is named either by its name ("size") or by an RFC 6901 pointer from this
// reader's value ("/address/city", "/items/0/sku"). Supported T: bool, every
// integer type (a value outside the type's range is too_small/too_big, never
// wrapped; a number with a fraction or exponent is not an integer), float, double,
// std::string, nlohmann::json (any value), and std::vector of those.
class field_reader {
 public:
  explicit field_reader(const nlohmann::json& body) : value_(&body), errors_(&own_errors_) {}
  // The reader keeps a pointer to the body: a temporary (field_reader
  // in(json::parse(text))) would be gone by the first read.
  explicit field_reader(nlohmann::json&&) = delete;
  explicit field_reader(const nlohmann::json&&) = delete;

  field_reader(const field_reader&) = delete;
  field_reader& operator=(const field_reader&) = delete;

  // A member that must be present: absent reads "`body.name` is `undefined`, but
  // `string` is expected." (invalid_type), as the conventions show.
  template <class T>
  [[nodiscard]] field<T> required(std::string_view where);

  // A member that may be absent; JSON null counts as absent.
  template <class T>
  [[nodiscard]] field<T> optional(std::string_view where);

  // Reads a nested object with its own reader, whose names and pointers are
  // relative to that object and whose failures join this reader's. An absent
  // member is invalid_type when `required`, skipped otherwise.
  void object(std::string_view where, const std::function<void(field_reader&)>& read,
              bool required = true);

  // Reads each item of an array with a reader of its own (an object per item).
  void each(std::string_view where, const std::function<void(field_reader&)>& read,
            bool required = true);

  // Every member of this reader's object that no call named is unrecognized_keys
  // (the code-first additionalProperties: false). Call after reading them all.
  void no_other_members();

  // Records a failure of the service's own.
  void add(validation_error e);

  [[nodiscard]] const std::vector<validation_error>& errors() const noexcept { return *errors_; }
  [[nodiscard]] bool ok() const noexcept { return errors_->empty(); }

  // Throws the 400 of throw_validation_failed when anything failed.
  void check() const;

  // This reader's place in the body (RFC 6901).
  [[nodiscard]] const std::string& pointer() const noexcept { return base_; }

 private:
  template <class T>
  friend class field;

  field_reader(const nlohmann::json& value, std::string base, std::vector<validation_error>* sink)
      : value_(&value), base_(std::move(base)), errors_(sink) {}

  struct found {
    const nlohmann::json* value;  // null: absent or unreachable
    std::string pointer;
    bool unreachable;  // a step on the way is not an object/array (already reported)
  };
  found find(std::string_view where);

  void add_once(validation_error e);

  const nlohmann::json* value_;
  std::string base_;
  std::vector<validation_error> own_errors_;
  std::vector<validation_error>* errors_;
  std::vector<std::string> read_;  // top-level names this reader was asked for
};

}  // namespace envelope

#include <envelope/impl/field_reader.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/field_reader.ipp>
#endif

#endif  // ENVELOPE_FIELD_READER_HPP

#ifndef ENVELOPE_STRUCTURED_FIELDS_HPP
#define ENVELOPE_STRUCTURED_FIELDS_HPP

// Structured Field Values for HTTP (RFC 9651): Items, Lists and Dictionaries,
// with every bare item type (Integer, Decimal, String, Token, Byte Sequence,
// Boolean, Date, Display String) and Parameters. The parsers follow RFC 9651 §4.2
// step by step and run in linear time; the serializers follow §4.1 and refuse a
// value that has no serialization instead of writing an invalid field. No
// nlohmann/json here.
//
//   auto field = sf::serialize(sf::list{
//       sf::item{sf::token{"gzip"}}.with_param("q", 0.8),
//       sf::inner_list{{sf::item{"a"}, sf::item{2}}}.with_param("x", true)});
//   // gzip;q=0.8, ("a" 2);x

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace envelope::sf {

// A field value that is not valid Structured Fields text; offset() is the byte
// (from 0) of the field value where parsing failed.
class parse_error : public detail::error_with<std::runtime_error> {
 public:
  parse_error(std::size_t offset, const std::string& problem);
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

// A value with no serialization (RFC 9651 §4.1): an Integer or Date beyond 15
// digits, a Decimal beyond 12 integer digits, a String with a control or
// non-ASCII character, an invalid Token or key, a Display String that is not UTF-8.
class serialize_error : public argument_error {
 public:
  using argument_error::argument_error;
};

// RFC 9651 §3.3.4: a Token, e.g. `gzip` or `text/html`.
struct token {
  std::string value;
  friend bool operator==(const token& a, const token& b) { return a.value == b.value; }
  friend bool operator!=(const token& a, const token& b) { return !(a == b); }
};

// RFC 9651 §3.3.5: arbitrary bytes, written in base64.
struct byte_sequence {
  std::string bytes;
  friend bool operator==(const byte_sequence& a, const byte_sequence& b) {
    return a.bytes == b.bytes;
  }
  friend bool operator!=(const byte_sequence& a, const byte_sequence& b) { return !(a == b); }
};

// RFC 9651 §3.3.7: seconds since 1970-01-01T00:00:00Z, e.g. `@1659578233`.
struct date {
  std::int64_t seconds = 0;
  friend bool operator==(const date& a, const date& b) { return a.seconds == b.seconds; }
  friend bool operator!=(const date& a, const date& b) { return !(a == b); }
};

// RFC 9651 §3.3.8: Unicode text, held as UTF-8, e.g. `%"f%c3%bc%c3%bc"`.
struct display_string {
  std::string value;
  friend bool operator==(const display_string& a, const display_string& b) {
    return a.value == b.value;
  }
  friend bool operator!=(const display_string& a, const display_string& b) { return !(a == b); }
};

// RFC 9651 §3.3.2: at most 3 fractional digits, so held exactly as an integer
// count of thousandths: equality is exact, and 0.1 + 0.2 problems stay out.
class decimal {
 public:
  constexpr decimal() noexcept = default;

  // Rounds to the nearest thousandth, ties to even (RFC 9651 §4.1.5). Throws
  // argument_error for NaN, infinities and magnitudes of 1e15 or more.
  explicit decimal(double value);

  [[nodiscard]] static constexpr decimal from_thousandths(std::int64_t thousandths) noexcept {
    decimal d;
    d.thousandths_ = thousandths;
    return d;
  }

  [[nodiscard]] constexpr std::int64_t thousandths() const noexcept { return thousandths_; }
  [[nodiscard]] constexpr double to_double() const noexcept {
    return static_cast<double>(thousandths_) / 1000.0;
  }

  friend constexpr bool operator==(decimal a, decimal b) noexcept {
    return a.thousandths_ == b.thousandths_;
  }
  friend constexpr bool operator!=(decimal a, decimal b) noexcept { return !(a == b); }

 private:
  std::int64_t thousandths_ = 0;
};

// One bare item (RFC 9651 §3.3): built from the C++ value it means, so
// bare_item{42}, bare_item{1.5}, bare_item{"text"}, bare_item{true},
// bare_item{token{"x"}}.
class bare_item {
 public:
  using value_type = std::variant<std::int64_t, decimal, std::string, token, byte_sequence, bool,
                                  date, display_string>;

  bare_item() noexcept : value_(std::int64_t{0}) {}

  template <class Integer,
            std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool> &&
                                 !std::is_same_v<Integer, char>,
                             int> = 0>
  bare_item(Integer value)  // NOLINT: implicit by design
      : value_(checked_integer(value)) {}
  bare_item(bool value) noexcept : value_(value) {}                       // NOLINT
  bare_item(double value) : value_(decimal(value)) {}                     // NOLINT
  bare_item(decimal value) noexcept : value_(value) {}                    // NOLINT
  bare_item(std::string value) noexcept : value_(std::move(value)) {}     // NOLINT
  bare_item(std::string_view value) : value_(std::string(value)) {}       // NOLINT
  bare_item(const char* value) : value_(std::string(value)) {}            // NOLINT
  bare_item(token value) noexcept : value_(std::move(value)) {}           // NOLINT
  bare_item(byte_sequence value) noexcept : value_(std::move(value)) {}   // NOLINT
  bare_item(date value) noexcept : value_(value) {}                       // NOLINT
  bare_item(display_string value) noexcept : value_(std::move(value)) {}  // NOLINT

  [[nodiscard]] const value_type& value() const noexcept { return value_; }

  // Whether the item holds a T: std::int64_t, decimal, std::string, token,
  // byte_sequence, bool, date or display_string.
  template <class T>
  [[nodiscard]] bool is() const noexcept {
    return std::holds_alternative<T>(value_);
  }
  // Throws argument_error naming both types when it holds something else.
  template <class T>
  [[nodiscard]] const T& get() const {
    const T* held = std::get_if<T>(&value_);
    if (held == nullptr) wrong_type(index_of<T>());
    return *held;
  }
  // nullptr when it holds something else.
  template <class T>
  [[nodiscard]] const T* get_if() const noexcept {
    return std::get_if<T>(&value_);
  }

  friend bool operator==(const bare_item& a, const bare_item& b) { return a.value_ == b.value_; }
  friend bool operator!=(const bare_item& a, const bare_item& b) { return !(a == b); }

 private:
  template <class Integer>
  static std::int64_t checked_integer(Integer value) {
    if constexpr (std::is_unsigned_v<Integer> && sizeof(Integer) >= sizeof(std::int64_t)) {
      if (value > static_cast<Integer>(INT64_MAX)) {
        throw argument_error("sf::bare_item: the integer does not fit 64 bits");
      }
    }
    return static_cast<std::int64_t>(value);
  }

  template <class T>
  static constexpr std::size_t index_of() noexcept {
    constexpr bool same[] = {std::is_same_v<T, std::int64_t>,  std::is_same_v<T, decimal>,
                             std::is_same_v<T, std::string>,   std::is_same_v<T, token>,
                             std::is_same_v<T, byte_sequence>, std::is_same_v<T, bool>,
                             std::is_same_v<T, date>,          std::is_same_v<T, display_string>};
    std::size_t i = 0;
    while (!same[i])
      ++i;
    return i;
  }

  // "sf::bare_item: get<sf::token>() on a bare item that holds a std::string"
  [[noreturn]] void wrong_type(std::size_t asked) const;

  value_type value_;
};

// Keys and values in order, each key once (RFC 9651 §3.1.2, §3.2): Parameters and
// Dictionaries. Built from a list with repeated keys, the last value wins at the
// first key's place, as the parsers do.
template <class Value>
class ordered_map {
 public:
  using entry = std::pair<std::string, Value>;
  using const_iterator = typename std::vector<entry>::const_iterator;

  ordered_map() = default;
  ordered_map(std::initializer_list<entry> entries) : ordered_map(std::vector<entry>(entries)) {}
  explicit ordered_map(std::vector<entry> entries);

  [[nodiscard]] const Value* find(std::string_view key) const noexcept;
  [[nodiscard]] Value* find(std::string_view key) noexcept;
  [[nodiscard]] bool contains(std::string_view key) const noexcept { return find(key) != nullptr; }

  // Replaces the value of an existing key in place, else appends.
  ordered_map& set(std::string key, Value value) &;
  ordered_map set(std::string key, Value value) && {
    set(std::move(key), std::move(value));
    return std::move(*this);
  }
  // Returns whether the key was there.
  bool erase(std::string_view key);

  [[nodiscard]] const_iterator begin() const noexcept { return entries_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return entries_.end(); }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  [[nodiscard]] const entry& operator[](std::size_t i) const { return entries_[i]; }

  friend bool operator==(const ordered_map& a, const ordered_map& b) {
    return a.entries_ == b.entries_;
  }
  friend bool operator!=(const ordered_map& a, const ordered_map& b) { return !(a == b); }

 private:
  std::vector<entry> entries_;
};

using parameters = ordered_map<bare_item>;

// RFC 9651 §3.3: a bare item with parameters.
struct item {
  bare_item value;
  parameters params;

  item() = default;
  item(bare_item v, parameters p = {}) : value(std::move(v)), params(std::move(p)) {}  // NOLINT
  template <class T, std::enable_if_t<std::is_constructible_v<bare_item, T&&> &&
                                          !std::is_same_v<std::decay_t<T>, bare_item> &&
                                          !std::is_same_v<std::decay_t<T>, item>,
                                      int> = 0>
  item(T&& v) : value(std::forward<T>(v)) {}  // NOLINT

  item& with_param(std::string key, bare_item v) & {
    params.set(std::move(key), std::move(v));
    return *this;
  }
  item with_param(std::string key, bare_item v) && {
    params.set(std::move(key), std::move(v));
    return std::move(*this);
  }

  friend bool operator==(const item& a, const item& b) {
    return a.value == b.value && a.params == b.params;
  }
  friend bool operator!=(const item& a, const item& b) { return !(a == b); }
};

// RFC 9651 §3.1.1: items in parentheses, with parameters of its own.
struct inner_list {
  std::vector<item> items;
  parameters params;

  inner_list() = default;
  inner_list(std::vector<item> i, parameters p = {})  // NOLINT
      : items(std::move(i)), params(std::move(p)) {}

  inner_list& with_param(std::string key, bare_item v) & {
    params.set(std::move(key), std::move(v));
    return *this;
  }
  inner_list with_param(std::string key, bare_item v) && {
    params.set(std::move(key), std::move(v));
    return std::move(*this);
  }

  friend bool operator==(const inner_list& a, const inner_list& b) {
    return a.items == b.items && a.params == b.params;
  }
  friend bool operator!=(const inner_list& a, const inner_list& b) { return !(a == b); }
};

// A member of a List or a Dictionary.
using member = std::variant<item, inner_list>;

// RFC 9651 §3.1. An empty list means the field is absent.
using list = std::vector<member>;

// RFC 9651 §3.2. A member whose value is Boolean true is written as its key alone.
using dictionary = ordered_map<member>;

// Parse a field value (RFC 9651 §4.2). Several field lines of one name are
// combined first, joined with ", " (RFC 9110 §5.3). Throws parse_error.
[[nodiscard]] item parse_item(std::string_view field_value);
[[nodiscard]] list parse_list(std::string_view field_value);
[[nodiscard]] dictionary parse_dictionary(std::string_view field_value);

// Serialize a value (RFC 9651 §4.1). An empty List or Dictionary serializes to
// "", which means: do not send the field. Throws serialize_error.
[[nodiscard]] std::string serialize(const item& value);
[[nodiscard]] std::string serialize(const list& value);
[[nodiscard]] std::string serialize(const dictionary& value);
[[nodiscard]] std::string serialize(const bare_item& value);

// RFC 9651 §3.1.2, §3.3.4: whether a text is a valid key or token.
[[nodiscard]] bool is_valid_key(std::string_view text) noexcept;
[[nodiscard]] bool is_valid_token(std::string_view text) noexcept;

}  // namespace envelope::sf

#include <envelope/impl/structured_fields.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/structured_fields.ipp>
#endif

#endif  // ENVELOPE_STRUCTURED_FIELDS_HPP

#ifndef ENVELOPE_IMPL_FIELD_READER_HPP
#define ENVELOPE_IMPL_FIELD_READER_HPP

// Included only from envelope/field_reader.hpp: the templates of field_reader.

#include <cmath>
#include <cstdint>
#include <limits>

namespace envelope {
namespace detail::fields {

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
constexpr bool is_integer_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// The JSON type a T is read from, as validation messages name it.
template <class T>
constexpr std::string_view expected_type() {
  if constexpr (std::is_same_v<T, bool>) {
    return "boolean";
  } else if constexpr (is_integer_v<T>) {
    return "integer";
  } else if constexpr (std::is_floating_point_v<T>) {
    return "number";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "string";
  } else if constexpr (is_vector<T>::value) {
    return "array";
  } else {
    static_assert(std::is_same_v<T, nlohmann::json>,
                  "field_reader reads bool, integers, float, double, std::string, "
                  "nlohmann::json and std::vector of those");
    return "";
  }
}

template <class T>
nlohmann::json as_json(const T& value) {
  if constexpr (std::is_same_v<T, char>) {
    return nlohmann::json(static_cast<int>(value));
  } else {
    return nlohmann::json(value);
  }
}

// Reads `v` as T, or adds the failure and returns nullopt.
template <class T>
std::optional<T> convert(const nlohmann::json& v, const std::string& pointer,
                         std::vector<validation_error>& out) {
  const auto wrong_type = [&]() -> std::optional<T> {
    out.push_back(validation::invalid_type(pointer, validation::type_name(v), expected_type<T>()));
    return std::nullopt;
  };
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    return v;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) return wrong_type();
    return v.get<bool>();
  } else if constexpr (is_integer_v<T>) {
    if (!v.is_number_integer()) return wrong_type();
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        out.push_back(validation::too_big(pointer, v, as_json(std::numeric_limits<T>::max())));
        return std::nullopt;
      }
      return static_cast<T>(u);
    }
    const auto i = v.get<std::int64_t>();
    if constexpr (std::is_signed_v<T>) {
      if (i < static_cast<std::int64_t>(std::numeric_limits<T>::min())) {
        out.push_back(validation::too_small(pointer, v, as_json(std::numeric_limits<T>::min())));
        return std::nullopt;
      }
      if (i > static_cast<std::int64_t>(std::numeric_limits<T>::max())) {
        out.push_back(validation::too_big(pointer, v, as_json(std::numeric_limits<T>::max())));
        return std::nullopt;
      }
    } else {
      if (i < 0) {
        out.push_back(validation::too_small(pointer, v, nlohmann::json(0)));
        return std::nullopt;
      }
      if (static_cast<std::uint64_t>(i) >
          static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        out.push_back(validation::too_big(pointer, v, as_json(std::numeric_limits<T>::max())));
        return std::nullopt;
      }
    }
    return static_cast<T>(i);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) return wrong_type();
    const double d = v.get<double>();
    if (std::fabs(d) > static_cast<double>(std::numeric_limits<T>::max())) {
      if (d > 0) {
        out.push_back(
            validation::too_big(pointer, v, nlohmann::json(std::numeric_limits<T>::max())));
      } else {
        out.push_back(
            validation::too_small(pointer, v, nlohmann::json(std::numeric_limits<T>::lowest())));
      }
      return std::nullopt;
    }
    return static_cast<T>(d);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) return wrong_type();
    return v.get<std::string>();
  } else {
    static_assert(is_vector<T>::value, "unsupported field type");
    using item = typename T::value_type;
    if (!v.is_array()) return wrong_type();
    T result;
    result.reserve(v.size());
    bool all = true;
    for (std::size_t i = 0; i < v.size(); ++i) {
      auto one = convert<item>(v[i], validation::child(pointer, i), out);
      if (one) {
        result.push_back(std::move(*one));
      } else {
        all = false;
      }
    }
    if (!all) return std::nullopt;
    return result;
  }
}

// Code points of UTF-8 text.
inline std::size_t length_of(const std::string& s) noexcept {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace detail::fields

template <class T>
void field<T>::fail(validation_error e) {
  reader_->add(std::move(e));
  this->reset();
}

template <class T>
nlohmann::json field<T>::quoted() const {
  return source_ != nullptr ? *source_ : detail::fields::as_json(**this);
}

template <class T>
template <class U>
field<T>& field<T>::in_range(const U& low, const U& high) & {
  at_least(low);
  return at_most(high);
}

template <class T>
template <class U>
field<T>& field<T>::at_least(const U& low) & {
  static_assert(std::is_arithmetic_v<T>, "in_range, at_least and at_most are for numbers");
  if (this->has_value() && **this < low) {
    fail(validation::too_small(pointer_, quoted(), detail::fields::as_json(low)));
  }
  return *this;
}

template <class T>
template <class U>
field<T>& field<T>::at_most(const U& high) & {
  static_assert(std::is_arithmetic_v<T>, "in_range, at_least and at_most are for numbers");
  if (this->has_value() && **this > high) {
    fail(validation::too_big(pointer_, quoted(), detail::fields::as_json(high)));
  }
  return *this;
}

template <class T>
field<T>& field<T>::length(std::size_t min, std::size_t max) & {
  if (!this->has_value()) return *this;
  validation::unit what = validation::unit::items;
  std::size_t size = 0;
  if constexpr (std::is_same_v<T, std::string>) {
    what = validation::unit::characters;
    size = detail::fields::length_of(**this);
  } else if constexpr (detail::fields::is_vector<T>::value) {
    size = (**this).size();
  } else {
    static_assert(std::is_same_v<T, std::string> || detail::fields::is_vector<T>::value,
                  "length is for strings and arrays");
  }
  if (size < min) {
    fail(validation::too_few(pointer_, size, min, what));
  } else if (size > max) {
    fail(validation::too_many(pointer_, size, max, what));
  }
  return *this;
}

template <class T>
field<T>& field<T>::one_of(std::initializer_list<T> allowed) & {
  if (!this->has_value()) return *this;
  for (const auto& option : allowed) {
    if (**this == option) return *this;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& option : allowed)
    list.push_back(detail::fields::as_json(option));
  fail(validation::invalid_enum_value(pointer_, quoted(), list));
  return *this;
}

template <class T>
template <class Predicate>
field<T>& field<T>::satisfies(Predicate accept, std::string_view reason) & {
  if (this->has_value() && !accept(static_cast<const T&>(**this))) {
    fail(validation::invalid_value(pointer_, reason));
  }
  return *this;
}

template <class T>
field<T> field_reader::required(std::string_view where) {
  found f = find(where);
  field<T> result(this, f.pointer);
  if (f.unreachable) return result;
  if (f.value == nullptr) {
    add(validation::missing(f.pointer, detail::fields::expected_type<T>()));
    return result;
  }
  auto value = detail::fields::convert<T>(*f.value, f.pointer, *errors_);
  result.source_ = f.value;
  if (value) result.emplace(std::move(*value));
  return result;
}

template <class T>
field<T> field_reader::optional(std::string_view where) {
  found f = find(where);
  field<T> result(this, f.pointer);
  if (f.unreachable || f.value == nullptr || f.value->is_null()) return result;
  auto value = detail::fields::convert<T>(*f.value, f.pointer, *errors_);
  result.source_ = f.value;
  if (value) result.emplace(std::move(*value));
  return result;
}

}  // namespace envelope

#endif  // ENVELOPE_IMPL_FIELD_READER_HPP

#ifndef ENVELOPE_LINK_HPP
#define ENVELOPE_LINK_HPP

// The HAL Link Object (draft-kelly-json-hal-11 §5) and document_error, apart from
// resource: HAL-FORMS options refer to a link and resource holds HAL-FORMS templates,
// so both build on this header. Users include <envelope/hal.hpp>, which includes it.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace envelope {

class resource;
namespace detail::hal_forms {
struct link_reader;
}  // namespace detail::hal_forms

// A HAL document breaks a MUST of the draft. pointer() is the RFC 6901 JSON Pointer
// of the offending member ("" is the whole document); reason() says what was expected.
class document_error : public detail::error_with<std::runtime_error> {
 public:
  document_error(std::string pointer, std::string reason)
      : error_with(format_(pointer, reason)),
        pointer_(std::move(pointer)),
        reason_(std::move(reason)) {}

  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  static std::string format_(const std::string& pointer, const std::string& reason);

  std::string pointer_;
  std::string reason_;
};

// A Link Object (§5). The members are the document: each with_X setter does exactly
// what assigning X does, and returns the link for chaining.
struct link {
  std::string href;
  // §5.2: anything but true reads as false.
  bool templated = false;
  std::optional<std::string> type;
  std::optional<std::string> deprecation;
  std::optional<std::string> name;
  std::optional<std::string> profile;
  std::optional<std::string> title;
  std::optional<std::string> hreflang;
  // Non-standard members, and standard ones whose value had the wrong type when parsed
  // ("templated": "true", "title": 42), kept raw so that the document round-trips
  // unchanged. An object; null means none. A typed member that is set (an engaged
  // optional, templated == true) wins over a raw one of the same name: it is what is
  // written and what operator== compares, so `l.type = x` and `l.with_type(x)` agree
  // whatever a parse left here.
  nlohmann::json extensions;

  link() = default;
  link(std::string uri);
  link(const char* uri);

  // The lvalue overloads return the link itself; the rvalue ones return a new value,
  // so `const auto& l = link("/x").with_name("n");` holds no dangling reference.
  link& with_templated(bool value = true) &;
  link with_templated(bool value = true) && {
    with_templated(value);
    return std::move(*this);
  }
  link& with_type(std::string value) &;
  link with_type(std::string value) && {
    with_type(std::move(value));
    return std::move(*this);
  }
  link& with_deprecation(std::string value) &;
  link with_deprecation(std::string value) && {
    with_deprecation(std::move(value));
    return std::move(*this);
  }
  link& with_name(std::string value) &;
  link with_name(std::string value) && {
    with_name(std::move(value));
    return std::move(*this);
  }
  link& with_profile(std::string value) &;
  link with_profile(std::string value) && {
    with_profile(std::move(value));
    return std::move(*this);
  }
  link& with_title(std::string value) &;
  link with_title(std::string value) && {
    with_title(std::move(value));
    return std::move(*this);
  }
  link& with_hreflang(std::string value) &;
  link with_hreflang(std::string value) && {
    with_hreflang(std::move(value));
    return std::move(*this);
  }

  // A non-standard member. The draft's own member names are refused (argument_error):
  // they have typed fields.
  link& with(const std::string& member, nlohmann::json value) &;
  link with(const std::string& member, nlohmann::json value) && {
    with(member, std::move(value));
    return std::move(*this);
  }

  // The href with its RFC 6570 expressions expanded when templated, else the href as is.
  // Throws uri_template_error when a templated href is not a valid template.
  [[nodiscard]] std::string expand(const nlohmann::json& variables) const;

  // Equal when they write the same Link Object: null and {} extensions are both none,
  // and a raw member that a typed one wins over is not compared.
  friend bool operator==(const link& a, const link& b) { return equal_(a, b); }
  friend bool operator!=(const link& a, const link& b) { return !(a == b); }

 private:
  static bool equal_(const link& a, const link& b);

  // Json is nlohmann::json (strings are moved out) or const nlohmann::json; an object.
  template <class Json>
  static link parse_(Json& object);
  friend class resource;
  friend struct detail::hal_forms::link_reader;
  template <class BasicJsonType>
  friend void from_json(const BasicJsonType& j, link& l);
};

static_assert(std::is_nothrow_move_constructible_v<link>);
static_assert(std::is_nothrow_move_assignable_v<link>);

// ADL conversions, so that `nlohmann::json j = l;` and `j.get<envelope::link>()` work,
// for nlohmann::ordered_json too; reading throws document_error.
template <class BasicJsonType>
void to_json(BasicJsonType& j, const link& l);
template <class BasicJsonType>
void from_json(const BasicJsonType& j, link& l);

}  // namespace envelope

#include <envelope/impl/link.hpp>
#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/link.ipp>
#endif

#endif  // ENVELOPE_LINK_HPP

#ifndef ENVELOPE_VALIDATION_HPP
#define ENVELOPE_VALIDATION_HPP

// The one vocabulary of request validation, shared by json_schema, field_reader
// and HAL-FORMS templates: a stable code in each error's title, a sentence in the
// conventions' style naming the field as a path from `body` in backticks, and the
// RFC 6901 pointer of the field in the request body. docs/validation.md has the
// table with one example per code.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>
#include <envelope/problem.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace envelope {

// The codes written as a validation_error's title.
namespace validation_code {
// Wrong JSON type, or a missing member whose type is known ("is `undefined`").
inline constexpr std::string_view invalid_type = "invalid_type";
// A missing member whose type is not known.
inline constexpr std::string_view required = "required";
// A request body that is not JSON (read_json_body, parse_request_json): the only
// error, without a pointer.
inline constexpr std::string_view invalid_json = "invalid_json";
// An object member that is not allowed (additionalProperties: false).
inline constexpr std::string_view unrecognized_keys = "unrecognized_keys";
// A member name refused by propertyNames.
inline constexpr std::string_view invalid_key = "invalid_key";
// Below a minimum: number, string length, item count or member count.
inline constexpr std::string_view too_small = "too_small";
// Above a maximum, including an integer outside the target C++ type.
inline constexpr std::string_view too_big = "too_big";
// A string that does not match a pattern or a format.
inline constexpr std::string_view invalid_string = "invalid_string";
// A value that is not one of an enumeration.
inline constexpr std::string_view invalid_enum_value = "invalid_enum_value";
// A value that is not the one constant allowed.
inline constexpr std::string_view invalid_literal = "invalid_literal";
inline constexpr std::string_view not_multiple_of = "not_multiple_of";
// No alternative of anyOf/oneOf matched, or several of oneOf did.
inline constexpr std::string_view invalid_union = "invalid_union";
// An array whose items must be unique has duplicates.
inline constexpr std::string_view not_unique = "not_unique";
// Anything else a schema refuses: `not`, a false schema, `contains` without a
// match, a body nested deeper than the validator follows.
inline constexpr std::string_view invalid_value = "invalid_value";
}  // namespace validation_code

namespace validation {

// What a count in too_small/too_big counts.
enum class unit { characters, items, properties };

// Whether a numeric bound itself is allowed (minimum) or not (exclusiveMinimum).
enum class bound { inclusive, exclusive };

// The field a pointer names, as the conventions write it: "" is `body`, "/a/b/0"
// is `body.a.b[0]`. A token of decimal digits reads as an array index; a name
// that is not an identifier is quoted, "/a.b" is `body["a.b"]`. Decodes ~0 and ~1.
[[nodiscard]] std::string path(std::string_view pointer);

// The JSON type of a value, as RFC 8259 names them: null, boolean, number
// (integer or not: "integer" is only ever an expected type), string, array,
// object.
[[nodiscard]] std::string_view type_name(const nlohmann::json& value) noexcept;

// Pointer to a member or an item of the value `parent` points to (RFC 6901 §3
// escaping of ~ and /).
[[nodiscard]] std::string child(std::string_view parent, std::string_view name);
[[nodiscard]] std::string child(std::string_view parent, std::size_t index);

// Each builder returns a complete error: title = code, detail, pointer.

// "`body.name` is `number`, but `string` is expected." (`actual` is a type name,
// or "undefined" for a missing member). Several expected types read "`string` or
// `null`".
[[nodiscard]] validation_error invalid_type(std::string pointer, std::string_view actual,
                                            std::string_view expected);
[[nodiscard]] validation_error invalid_type(std::string pointer, std::string_view actual,
                                            const std::vector<std::string>& expected);

// A missing member: invalid_type "is `undefined`" when its type is known
// (`expected` not empty), else required "`body.name` is required.".
[[nodiscard]] validation_error missing(std::string pointer, std::string_view expected = {});

// A missing member that another member makes required (dependencies).
[[nodiscard]] validation_error missing_dependency(std::string pointer, std::string_view because);

// "`body` has the unrecognized key `color`." — pointer is the member's.
[[nodiscard]] validation_error unrecognized_key(std::string member_pointer);

// "`body` has the key `Color`, which is not allowed." — pointer is the member's.
[[nodiscard]] validation_error invalid_key(std::string member_pointer);

// "`body.size` is `0`, but at least `1` is expected." (exclusive: "more than").
[[nodiscard]] validation_error too_small(std::string pointer, const nlohmann::json& actual,
                                         const nlohmann::json& limit, bound b = bound::inclusive);
// "`body.size` is `500`, but at most `100` is expected." (exclusive: "less than").
[[nodiscard]] validation_error too_big(std::string pointer, const nlohmann::json& actual,
                                       const nlohmann::json& limit, bound b = bound::inclusive);

// "`body.name` has 0 characters, but at least 1 character is expected."
[[nodiscard]] validation_error too_few(std::string pointer, std::size_t count, std::size_t limit,
                                       unit what);
// "`body.tags` has 12 items, but at most 10 items are expected."
[[nodiscard]] validation_error too_many(std::string pointer, std::size_t count, std::size_t limit,
                                        unit what);

// "`body.email` is not a valid `email`."
[[nodiscard]] validation_error invalid_format(std::string pointer, std::string_view format);
// "`body.code` does not match the pattern `^[A-Z]+$`."
[[nodiscard]] validation_error pattern_mismatch(std::string pointer, std::string_view pattern);

// "`body.kind` is `\"box\"`, but one of `\"bag\"`, `\"crate\"` is expected."
[[nodiscard]] validation_error invalid_enum_value(std::string pointer, const nlohmann::json& actual,
                                                  const nlohmann::json& allowed);
// "`body.kind` is `\"box\"`, but `\"bag\"` is expected."
[[nodiscard]] validation_error invalid_literal(std::string pointer, const nlohmann::json& actual,
                                               const nlohmann::json& expected);

// "`body.quantity` is `7`, but a multiple of `5` is expected."
[[nodiscard]] validation_error not_multiple_of(std::string pointer, const nlohmann::json& actual,
                                               const nlohmann::json& divisor);
// A step counted from a base (HTML's step from min): "`body.quantity` is `4`, but `1`
// plus a multiple of `2` is expected."
[[nodiscard]] validation_error not_multiple_of(std::string pointer, const nlohmann::json& actual,
                                               const nlohmann::json& divisor,
                                               const nlohmann::json& base);

// matched == 0: "`body.id` matches none of the 2 allowed alternatives.";
// otherwise "`body.id` matches 2 of the alternatives, but exactly one is expected."
[[nodiscard]] validation_error invalid_union(std::string pointer, std::size_t matched,
                                             std::size_t alternatives);

// "`body.tags` has equal items at [0] and [2], but unique items are expected."
[[nodiscard]] validation_error not_unique(std::string pointer, std::size_t first,
                                          std::size_t second);

// invalid_value: "`body.x` " + reason + "." (reason such as "is not allowed").
[[nodiscard]] validation_error invalid_value(std::string pointer, std::string_view reason);

}  // namespace validation

// Throws the problem_exception of problem::validation_failed: 400 "Bad Request",
// "Request failed validation" and `errors`, as the conventions show. Pass 422 for
// checks of business rules on a well-formed request.
[[noreturn]] void throw_validation_failed(std::vector<validation_error> errors, int code = 400);

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/validation.ipp>
#endif

#endif  // ENVELOPE_VALIDATION_HPP

#ifndef ENVELOPE_JSON_SCHEMA_HPP
#define ENVELOPE_JSON_SCHEMA_HPP

// JSON Schema draft 7 validation of request bodies, answering in the vocabulary
// of <envelope/validation.hpp>. Optional: not part of <envelope/envelope.hpp>.
// A schema is compiled once (keywords checked, $refs resolved, patterns built);
// validate() then walks the compiled form. docs/validation.md lists what is
// supported, what is refused and the official suite's counts.

#include <envelope/detail/config.hpp>
#include <envelope/error.hpp>
#include <envelope/problem.hpp>
#include <envelope/validation.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace envelope {

// A schema that cannot be compiled: a keyword with a value of the wrong kind, a
// pattern that is not a regular expression, a $ref that does not resolve to a
// schema in the document, or a validation keyword that is not implemented (those
// of drafts after 7, such as unevaluatedProperties, are refused rather than
// ignored). pointer() is the RFC 6901 pointer of the keyword in the schema.
class json_schema_error : public detail::error_with<std::invalid_argument> {
 public:
  json_schema_error(std::string pointer, const std::string& problem);

  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }

 private:
  std::string pointer_;
};

class json_schema {
 public:
  // The schema that accepts everything ({} or true).
  json_schema();

  // Compiles a draft 7 schema (an object or a boolean). Throws json_schema_error.
  // Annotations (title, description, default, examples, $comment, readOnly, ...)
  // and keywords outside the JSON Schema vocabulary are ignored, as the
  // specification says; so is a format the validator does not know (a format is
  // an annotation unless checked, and the checked ones are listed in the docs).
  explicit json_schema(const nlohmann::json& schema);

  // Every violation, empty when the body is valid: for each object, its missing
  // required members first, then its members in the body's (sorted) order.
  // Never throws for any body: one nested deeper than 200 schemas, or needing
  // more than a million schema applications, is reported (invalid_value) rather
  // than followed. A compiled schema is immutable: threads may share it.
  [[nodiscard]] std::vector<validation_error> validate(const nlohmann::json& body) const;

  // Whether validate(body) would be empty, without building any error.
  [[nodiscard]] bool is_valid(const nlohmann::json& body) const;

  // Throws the 400 problem_exception of throw_validation_failed when the body is
  // not valid.
  void check(const nlohmann::json& body) const;

  // The schema document as given.
  [[nodiscard]] const nlohmann::json& source() const noexcept;

  // The compiled form is a function of the document, so the document decides.
  friend bool operator==(const json_schema& a, const json_schema& b) noexcept {
    return a.source() == b.source();
  }
  friend bool operator!=(const json_schema& a, const json_schema& b) noexcept { return !(a == b); }

 private:
  struct compiled;

  // Immutable once built: copies share it.
  std::shared_ptr<const compiled> compiled_;
};

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/json_schema.ipp>
#endif

#endif  // ENVELOPE_JSON_SCHEMA_HPP

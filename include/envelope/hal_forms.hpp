#ifndef ENVELOPE_HAL_FORMS_HPP
#define ENVELOPE_HAL_FORMS_HPP

// HAL-FORMS: everything <envelope/hal.hpp> has (form_template, form_property,
// form_options, resource::set_template, the parser and writers of "_templates"), and
// what needs <regex>: checking a submitted body against a template, and the checks of
// "_templates" beyond the parser's that envelope-lint reports.

#include <envelope/detail/config.hpp>
#include <envelope/detail/regex.hpp>
#include <envelope/diagnostics.hpp>
#include <envelope/hal.hpp>
#include <envelope/problem.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace envelope {

// Checks a submitted JSON body (an object) against the template's properties:
// required (a member absent or null), readOnly (a value other than the property's own,
// or any value when it has none), regex (the whole value, as HTML's pattern does),
// min/max and step on numbers, minLength/maxLength on strings (in characters), the
// inline options (each value submitted must be one of them) and minItems/maxItems (an
// array submitted for a property with options counts its items; a single value counts
// one). A property of type "number" or "range" takes numbers only; one of another type,
// or without a type but with a regex or length bounds, strings only (unless it has
// options). A missing required member is invalid_type "is `undefined`" when the
// template gives its type, required otherwise. Members the
// template does not name, properties without a name, and a regex that does not compile
// (the draft has clients ignore it) are not checked. The errors use the vocabulary of
// <envelope/validation.hpp>, each with the pointer of the field in the body; empty when
// the body passes.
[[nodiscard]] std::vector<validation_error> validate(const form_template& form,
                                                     const nlohmann::json& body);

// validate(), throwing the validation problem_exception (400 unless told otherwise)
// when there are errors.
void check(const form_template& form, const nlohmann::json& body, int status = 400);

// A template prepared for checking many bodies: its regexes are compiled once, here,
// rather than on each validate(form, body). validate() and check() as above.
class form_validator {
 public:
  explicit form_validator(form_template form);

  [[nodiscard]] const form_template& form() const noexcept { return form_; }
  [[nodiscard]] std::vector<validation_error> validate(const nlohmann::json& body) const;
  void check(const nlohmann::json& body, int status = 400) const;

  // The compiled patterns are a function of the template.
  friend bool operator==(const form_validator& a, const form_validator& b) {
    return a.form_ == b.form_;
  }
  friend bool operator!=(const form_validator& a, const form_validator& b) { return !(a == b); }

 private:
  form_template form_;
  std::vector<std::optional<std::wregex>> patterns_;  // one per property
};

// validate_hal's findings, then warnings about "_templates" (in this resource and the
// resources embedded in it) that the draft would have a client ignore or that are very
// likely mistakes: a template without a string method, a property with an empty name, a regex that
// does not compile, min above max, minLength above maxLength, minItems above maxItems, options with
// neither inline values nor a link with an href, a target that is not a URI reference.
[[nodiscard]] std::vector<finding> validate_hal_forms(const nlohmann::json& document,
                                                      const parse_options& options = {});

}  // namespace envelope

#if ENVELOPE_HEADER_ONLY
#include <envelope/impl/hal_forms.ipp>
#endif

#endif  // ENVELOPE_HAL_FORMS_HPP

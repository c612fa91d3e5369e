#ifndef ENVELOPE_LINT_LINT_HPP
#define ENVELOPE_LINT_LINT_HPP

// The checks of envelope-lint, apart from the command line and the network, so
// that they read a document or a response and nothing else.

#include <envelope/diagnostics.hpp>
#include <envelope/message.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envelope::lint {

enum class document_kind { hal, problem };

// "hal" or "problem"; nullopt for anything else.
[[nodiscard]] std::optional<document_kind> parse_kind(std::string_view name) noexcept;

// Lints one document given as text. `forced` overrides the detection rule of
// docs/envelope-lint.md. Never throws for any input.
[[nodiscard]] std::vector<finding> lint_document(std::string_view text,
                                                 std::optional<document_kind> forced);

// Lints a whole HTTP response. A finding's pointer is a JSON Pointer into the
// body ("" or "/..."), a header field name ("Location"), or ":status" for the
// status code. `accept` is the request's Accept field value ("" when none was
// sent): a success labelled application/json is right when the client prefers
// JSON to HAL. `method` is the request's: a response to HEAD has no content, and
// only its header fields are checked.
[[nodiscard]] std::vector<finding> lint_response(const response& r, std::string_view accept = {},
                                                 std::string_view method = "GET");

}  // namespace envelope::lint

#endif  // ENVELOPE_LINT_LINT_HPP

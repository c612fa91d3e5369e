// Fuzzes the HAL-FORMS parts of the HAL reader and writer, and the check of a body
// against a template. The input is JSON text; once parsed (with a nesting limit, see
// bounded_json.hpp), the document goes through validate_hal_forms (never throws) and
// resource::parse (document_error allowed). A parsed resource's templates must
// round-trip on their own and inside the resource (the same value, the same text from
// both writers), and checking the document's own state against each template must
// give errors whose pointers name members of the body.

#include <envelope/hal_forms.hpp>
#include <envelope/validation.hpp>

#include "bounded_json.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "hal_forms_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

constexpr int max_json_depth = 128;

std::optional<envelope::resource> parse(const nlohmann::json& document, std::string& pointer) {
  try {
    return envelope::resource::parse(document);
  } catch (const envelope::document_error& e) {
    pointer = e.pointer();
  }
  return std::nullopt;
}

void check_template(const std::string& name, const envelope::form_template& form,
                    const nlohmann::json& state) {
  const nlohmann::json written = form;
  const auto again = written.get<envelope::form_template>();
  if (again != form) fail("a template does not read back equal", name);
  if (nlohmann::json(again).dump() != written.dump()) fail("a template's text changed", name);
  for (const envelope::form_property& p : form.properties) {
    if (form.find_property(p.name) == nullptr) fail("find_property misses", p.name);
    if (p.options) static_cast<void>(p.options->values());
  }
  // Regular expressions are matched by std::regex, whose backtracking is its own
  // business: the body is checked against the template without them.
  envelope::form_template checked = form;
  for (envelope::form_property& p : checked.properties)
    p.regex.reset();
  for (const envelope::validation_error& e : envelope::validate(checked, state)) {
    if (!e.pointer || !e.title || e.detail.empty()) fail("an incomplete validation error", name);
    if (e.pointer->empty()) continue;  // the body is not an object
    // Every error is about a field the template names.
    bool named = false;
    for (const envelope::form_property& p : checked.properties) {
      named = named || e.pointer->rfind(envelope::validation::child("", p.name), 0) == 0;
    }
    if (!named) fail("a validation error points outside the template's fields", *e.pointer);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<nlohmann::json> parsed = envelope_tests::parse_bounded(text, max_json_depth);
  if (!parsed) return 0;
  const nlohmann::json& document = *parsed;

  const std::vector<envelope::finding> findings = envelope::validate_hal_forms(document);
  std::string pointer;
  const std::optional<envelope::resource> r = parse(document, pointer);
  if (!r) {
    bool reported = false;
    for (const envelope::finding& f : findings) {
      reported = reported || (f.level == envelope::severity::error && f.pointer == pointer);
    }
    if (!reported) fail("parse error not among validate_hal_forms's errors", pointer);
    return 0;
  }

  const nlohmann::json written = *r;
  const std::string dumped = written.dump();
  if (envelope::dump(*r) != dumped) fail("dump(resource) differs from to_json", dumped);
  std::string again_pointer;
  const std::optional<envelope::resource> again = parse(written, again_pointer);
  if (!again) fail("written document does not parse", again_pointer);
  if (!(*again == *r)) fail("round trip changed the resource", dumped);
  if (nlohmann::json(*again).dump() != dumped) fail("round trip changed the text", dumped);
  const auto in = document.find("_templates");
  const auto out = written.find("_templates");
  if ((in == document.end()) != (out == written.end()) || (in != document.end() && *in != *out)) {
    fail("the written _templates differ from the input", dumped);
  }

  for (const auto& [name, form] : r->templates()) {
    if (r->find_template(name) != &form) fail("find_template misses", name);
    check_template(name, form, r->state());
  }

  // Templates set anew on a copy write what the parsed ones wrote.
  envelope::resource rebuilt = *r;
  for (const auto& [name, form] : r->templates())
    rebuilt.set_template(name, form);
  if (envelope::dump(rebuilt) != dumped) fail("set_template changed the text", dumped);
  return 0;
}

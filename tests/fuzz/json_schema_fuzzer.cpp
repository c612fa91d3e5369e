// Fuzzes the JSON Schema compiler and validator. The input is JSON text (parsed
// with a nesting limit, see bounded_json.hpp). A two-item array is a schema and
// a body; anything else is tried as a schema against itself and as a body
// against fixed schemas that use every keyword. Compiling may only throw an
// envelope::error; validate() and is_valid() never throw and always agree.

#include <envelope/json_schema.hpp>

#include "bounded_json.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "json_schema_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

constexpr int max_json_depth = 64;

const std::vector<envelope::json_schema>& fixed_schemas() {
  static const std::vector<envelope::json_schema> schemas = [] {
    std::vector<envelope::json_schema> list;
    list.emplace_back(nlohmann::json::parse(R"({
      "type": "object", "required": ["customer", "items"], "additionalProperties": false,
      "properties": {
        "customer": {"type": "string", "minLength": 1, "maxLength": 200},
        "items": {"type": "array", "minItems": 1, "maxItems": 100, "uniqueItems": true,
          "items": {"type": "object", "required": ["sku", "quantity"],
            "properties": {"sku": {"type": "string", "pattern": "^[A-Z0-9-]{1,32}$"},
                           "quantity": {"type": "integer", "minimum": 1, "maximum": 1000}}}},
        "note": {"type": ["string", "null"], "format": "email"}}})"));
    list.emplace_back(nlohmann::json::parse(R"({
      "definitions": {"node": {"anyOf": [{"type": "number", "multipleOf": 0.5,
          "exclusiveMinimum": -10, "exclusiveMaximum": 1e10},
        {"type": "array", "items": {"$ref": "#/definitions/node"}, "contains": {"const": 1}},
        {"type": "object", "patternProperties": {"^x": {"$ref": "#/definitions/node"}},
          "propertyNames": {"maxLength": 3}, "minProperties": 1, "maxProperties": 4,
          "dependencies": {"a": ["b"], "c": {"required": ["d"]}}},
        {"type": "string", "format": "date-time"}, {"enum": [null, true, "x", [1], {"a": 1}]}]}},
      "oneOf": [{"$ref": "#/definitions/node"}, {"not": {"type": "integer"}}],
      "if": {"type": "string"}, "then": {"format": "uri"}, "else": {"items": [true, false],
        "additionalItems": {"format": "ipv6"}}})"));
    list.emplace_back(nlohmann::json::parse(
        R"({"items": {"anyOf": [{"$ref": "#"}, {"$ref": "#"}]}, "additionalProperties": {"$ref": "#"}})"));
    return list;
  }();
  return schemas;
}

void validate_with(const envelope::json_schema& schema, const nlohmann::json& body,
                   std::string_view input) {
  try {
    const auto errors = schema.validate(body);
    const bool valid = schema.is_valid(body);
    if (errors.empty() != valid) fail("validate() and is_valid() disagree", input);
    for (const auto& e : errors) {
      if (!e.title || !e.pointer || e.detail.empty()) fail("an incomplete error", input);
      (void)nlohmann::json(e.detail).dump();
    }
  } catch (const std::exception& e) {
    fail("validate threw", e.what());
  }
}

void try_schema(const nlohmann::json& schema, const nlohmann::json& body, std::string_view input) {
  std::optional<envelope::json_schema> compiled;
  try {
    compiled.emplace(schema);
  } catch (const envelope::error&) {
    return;
  } catch (const std::exception& e) {
    fail("a foreign exception escaped the compiler", e.what());
  }
  validate_with(*compiled, body, input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<nlohmann::json> parsed = envelope_tests::parse_bounded(text, max_json_depth);
  if (!parsed) return 0;
  const nlohmann::json& document = *parsed;
  if (document.is_array() && document.size() == 2) {
    try_schema(document[0], document[1], text);
  } else {
    try_schema(document, document, text);
  }
  for (const auto& schema : fixed_schemas())
    validate_with(schema, document, text);
  return 0;
}

// Fuzzes RFC 6570 template compilation and expansion. The input is the template
// text up to the first newline, then a JSON object of variables; when that JSON
// is absent, invalid or not an object, a fixed set in the shape of the RFC 6570
// §3.2 examples is used, so that short inputs still reach every operator.
//
// Allowed outcomes: a value, uri_template_error (malformed template, or a value
// the template cannot expand) or envelope::argument_error (variables not an
// object). Anything else escaping, a sanitizer report or a broken invariant
// below aborts.

#include <envelope/uri_template.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "uri_template_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

const nlohmann::json& fixed_variables() {
  static const nlohmann::json variables = nlohmann::json::parse(R"({
    "count": ["one", "two", "three"], "dom": ["example", "com"], "dub": "me/too",
    "hello": "Hello World!", "half": "50%", "var": "value", "who": "fred",
    "base": "http://example.com/home/", "path": "/foo/bar", "list": ["red", "green", "blue"],
    "keys": {"semi": ";", "dot": ".", "comma": ","}, "v": 6, "x": 1024, "y": 768,
    "empty": "", "empty_keys": {}, "undef": null, "pi": 3.14, "yes": true,
    "utf": "\u00e9\u4e2d\ud83d\ude00", "nested": [["a"]], "obj_nested": {"a": {"b": 1}}
  })");
  return variables;
}

// RFC 3986 §2: unreserved, reserved and '%'. An expansion is a URI reference,
// so nothing else may appear (non-ASCII and the rest are pct-encoded).
bool is_uri_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) return true;
  return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

void check_expansion(const std::string& out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!is_uri_char(out[i])) fail("expansion holds a character a URI cannot", out);
    if (out[i] == '%' && (i + 2 >= out.size() || !is_hex(out[i + 1]) || !is_hex(out[i + 2]))) {
      fail("expansion holds a '%' that starts no pct-encoded triplet", out);
    }
  }
}

// Expands, returning whether it succeeded; only the documented exceptions pass.
bool try_expand(const envelope::uri_template& t, const nlohmann::json& variables,
                std::string& out) {
  try {
    out = t.expand(variables);
    return true;
  } catch (const envelope::uri_template_error& e) {
    if (e.offset() >= t.source().size() && !t.source().empty()) {
      fail("expansion error offset past the template", e.what());
    }
    return false;
  } catch (const envelope::argument_error&) {
    if (variables.is_object() || variables.is_null()) {
      fail("argument_error for an object of variables", t.source());
    }
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view text = input.substr(0, newline);
  const std::string_view json_text =
      newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

  nlohmann::json parsed = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr,
                                                /*allow_exceptions=*/false);
  const bool fuzzed_variables = !parsed.is_discarded() && !json_text.empty();
  const nlohmann::json& variables = fuzzed_variables ? parsed : fixed_variables();

  std::optional<envelope::uri_template> compiled;
  try {
    compiled.emplace(text);
  } catch (const envelope::uri_template_error& e) {
    // The offset points into the text, or at its end for an unclosed expression.
    if (e.offset() > text.size()) fail("compile error offset past the end", e.what());
    return 0;
  }
  const envelope::uri_template& t = *compiled;
  if (t.source() != text) fail("source() differs from the text", t.source());

  const std::vector<std::string> names = t.variables();
  std::set<std::string> unique(names.begin(), names.end());
  if (unique.size() != names.size()) fail("variables() lists a name twice", text);
  for (const std::string& name : names) {
    if (name.empty()) fail("variables() lists an empty name", text);
    if (text.find(name) == std::string_view::npos) fail("variables() invents a name", name);
  }

  // With nothing defined, every expression expands to "" (RFC 6570 §3.2.1), so
  // no value can be rejected and the result is the literals alone.
  std::string out;
  if (!try_expand(t, nlohmann::json::object(), out)) fail("no variables, yet an error", text);
  check_expansion(out);
  std::string with_null;
  if (!try_expand(t, nlohmann::json(), with_null) || with_null != out) {
    fail("null variables differ from an empty object", text);
  }

  if (try_expand(t, variables, out)) {
    if (!variables.is_object() && !variables.is_null()) fail("non-object variables accepted", text);
    check_expansion(out);
    // Expansion is a pure function of the template and the variables.
    std::string again;
    if (!try_expand(t, variables, again) || again != out) fail("expansion not repeatable", text);
    // A copy compiled from the same text behaves the same.
    const envelope::uri_template copy(t.source());
    if (!(copy == t) || copy.expand(variables) != out) fail("recompiled template differs", text);
  }
  return 0;
}

// Fuzzes the RFC 9457 reader and writers. The input is JSON text; once parsed
// (with a nesting limit, see bounded_json.hpp), any object must read as a
// problem without throwing (wrong-typed members are ignored, §3.1), round-trip
// through to_json to an equal problem, and validate_problem and the XML writers
// must never throw.

#include <envelope/problem.hpp>

#include "bounded_json.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "problem_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

constexpr int max_json_depth = 256;

// Well-formed XML 1.0 text never holds a raw '<' inside character data, so every
// '<' must open a tag; a cheap check that the writer escaped what it wrote.
void check_xml(const std::string& xml, std::string_view input) {
  if (xml.rfind("<?xml", 0) != 0 && xml.rfind("<problem", 0) != 0) {
    fail("XML does not start with a declaration or the root", input);
  }
  for (std::size_t at = xml.find('<'); at != std::string::npos; at = xml.find('<', at + 1)) {
    const char next = at + 1 < xml.size() ? xml[at + 1] : '\0';
    const bool starts_tag = next == '/' || next == '?' || next == '_' ||
                            (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z') ||
                            static_cast<unsigned char>(next) >= 0x80;
    if (!starts_tag) fail("a '<' in the XML that opens no tag", xml);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<nlohmann::json> parsed = envelope_tests::parse_bounded(text, max_json_depth);
  if (!parsed) return 0;
  const nlohmann::json& document = *parsed;

  const std::vector<envelope::finding> findings = envelope::validate_problem(document);
  if (!document.is_object()) {
    if (findings.size() != 1 || findings.front().level != envelope::severity::error) {
      fail("a non-object is not exactly one error", text);
    }
    try {
      static_cast<void>(envelope::problem::parse(document));
      fail("a non-object parsed as a problem", text);
    } catch (const envelope::argument_error&) {
    }
    try {
      static_cast<void>(envelope::problem::parse(nlohmann::json(document)));
      fail("a non-object parsed as a problem by the moving reader", text);
    } catch (const envelope::argument_error&) {
    }
    return 0;
  }

  const envelope::problem p = envelope::problem::parse(document);
  if (!(envelope::problem::parse(nlohmann::json(document)) == p)) {
    fail("the moving and copying readers disagree", text);
  }
  if (!(document.get<envelope::problem>() == p)) fail("from_json disagrees with parse", text);
  // RFC 9457 §3.1.2 with RFC 9110 §15: a status is kept only as a valid code.
  if (p.status && (*p.status < 100 || *p.status > 599)) fail("status outside 100-599 kept", text);
  for (const char* reserved : {"type", "title", "status", "detail", "instance"}) {
    if (p.has_extension(reserved)) fail("a standard member became an extension", reserved);
  }

  const nlohmann::json written = p;
  const envelope::problem again = envelope::problem::parse(written);
  if (!(again == p)) fail("round trip changed the problem", written.dump());
  const nlohmann::json rewritten = again;
  if (rewritten.dump() != written.dump()) fail("round trip changed the text", written.dump());
  // envelope::dump writes the same bytes as nlohmann's dump of the converted value.
  if (envelope::dump(p) != written.dump()) fail("dump(problem) differs from to_json", text);
  if (envelope::dump(p, 4) != written.dump(4)) fail("dump(problem, 4) differs", text);
  // What this library writes, it finds no error in beyond the conventions' SHOULDs.
  for (const envelope::finding& f : envelope::validate_problem(written)) {
    if (f.level == envelope::severity::error) fail("own output has an error", f.message);
  }

  const nlohmann::ordered_json ordered = p;
  if (nlohmann::json::parse(ordered.dump()) != written) fail("ordered_json form differs", text);
  const nlohmann::json without_blank = envelope::to_json(p, envelope::problem_options{false});
  if (without_blank.contains("type") && p.type == "about:blank") {
    fail("about:blank written though asked not to", text);
  }
  if (!(envelope::problem::parse(without_blank) == p)) fail("omitting about:blank lost it", text);

  check_xml(envelope::to_xml(p), text);
  check_xml(envelope::to_xml(document), text);
  check_xml(envelope::to_xml(nlohmann::ordered_json::parse(text)), text);

  const envelope::problem_exception carried(p);
  if (!(carried.details() == p) || carried.what() == nullptr) fail("problem_exception", text);
  if (!(envelope::problem::from_exception(carried) == p)) fail("from_exception lost it", text);
  return 0;
}

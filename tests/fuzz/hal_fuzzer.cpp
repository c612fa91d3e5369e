// Fuzzes the HAL reader and writer. The input is JSON text; once parsed (with a
// nesting limit, see bounded_json.hpp), the document goes through validate_hal
// (never throws) and resource::parse (document_error allowed), and a parsed
// resource must round-trip: to_json, parse again, equal value, identical text.

#include <envelope/hal.hpp>

#include "bounded_json.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "hal_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// Deep enough for every real document and for parse_options::max_depth (64) to
// be exceeded, shallow enough for nlohmann's recursive copy and dump.
constexpr int max_json_depth = 256;

struct outcome {
  std::optional<envelope::resource> value;
  std::string pointer;  // of the document_error, when there was one
};

template <class Json>
outcome parse(Json&& document) {
  outcome result;
  try {
    result.value = envelope::resource::parse(std::forward<Json>(document));
  } catch (const envelope::document_error& e) {
    result.pointer = e.pointer();
    if (std::string_view(e.what()).empty()) fail("document_error without a message", e.pointer());
  }
  return result;
}

// What the writer leaves out by design: a "_links" or "_embedded" with no
// relation in it says nothing, so it is not written back.
void drop_empty_reserved(nlohmann::json& document) {
  std::vector<nlohmann::json*> pending{&document};
  while (!pending.empty()) {
    nlohmann::json& resource = *pending.back();
    pending.pop_back();
    for (const char* member : {"_links", "_embedded"}) {
      const auto it = resource.find(member);
      if (it != resource.end() && it->is_object() && it->empty()) resource.erase(it);
    }
    const auto embedded = resource.find("_embedded");
    if (embedded == resource.end()) continue;
    for (auto& [rel, value] : embedded->items()) {
      static_cast<void>(rel);
      if (value.is_object()) pending.push_back(&value);
      if (value.is_array()) {
        for (auto& item : value)
          pending.push_back(&item);
      }
    }
  }
}

void check_lookups(const envelope::resource& r) {
  const nlohmann::json variables = {{"rel", "x"}, {"id", 7}};
  for (const auto& relation : r.links()) {
    if (r.find_link_relation(relation.rel) == nullptr) fail("find_link misses", relation.rel);
    static_cast<void>(r.expand_curie(relation.rel));
    for (const envelope::link& l : relation.links) {
      try {
        static_cast<void>(l.expand(variables));
      } catch (const std::invalid_argument&) {
        // uri_template_error, or a value the template cannot expand.
      }
    }
  }
  for (const auto& relation : r.embedded()) {
    if (r.find_embedded_relation(relation.rel) == nullptr)
      fail("find_embedded misses", relation.rel);
  }
}

// Setting every typed member of every link, through the setters or by assignment,
// gives equal resources that write the same text, whatever raw values parsing kept.
void check_setters(const envelope::resource& r, const std::string& dumped) {
  envelope::resource by_setters;
  envelope::resource by_assignment;
  for (const auto& relation : r.links()) {
    std::vector<envelope::link> set;
    std::vector<envelope::link> assigned;
    for (envelope::link l : relation.links) {
      envelope::link a = l;
      a.templated = true;
      a.type = "t";
      a.deprecation = "d";
      a.name = "n";
      a.profile = "p";
      a.title = "t";
      a.hreflang = "h";
      assigned.push_back(std::move(a));
      set.push_back(std::move(l)
                        .with_templated()
                        .with_type("t")
                        .with_deprecation("d")
                        .with_name("n")
                        .with_profile("p")
                        .with_title("t")
                        .with_hreflang("h"));
    }
    by_setters.set_links(relation.rel, std::move(set));
    by_assignment.set_links(relation.rel, std::move(assigned));
  }
  if (!(by_setters == by_assignment)) fail("setters and assignment disagree", dumped);
  const std::string text = envelope::dump(by_setters);
  if (text != envelope::dump(by_assignment)) fail("setters and assignment write apart", dumped);
  if (text != nlohmann::json(by_assignment).dump()) fail("dump differs from to_json", dumped);
  if (!(nlohmann::json::parse(text).get<envelope::resource>() == by_assignment)) {
    fail("a link with typed members set does not read back equal", dumped);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<nlohmann::json> parsed = envelope_tests::parse_bounded(text, max_json_depth);
  if (!parsed) return 0;
  const nlohmann::json& document = *parsed;

  const std::vector<envelope::finding> findings = envelope::validate_hal(document);
  const outcome strict = parse(document);
  // The moving parser must decide exactly as the copying one.
  const outcome moved = parse(nlohmann::json(document));
  if (strict.value.has_value() != moved.value.has_value() || strict.pointer != moved.pointer) {
    fail("the moving and copying parsers disagree", text);
  }
  if (strict.value && !(*strict.value == *moved.value)) fail("moved parse differs", text);

  // validate_hal reports every MUST the parser enforces, at the same place.
  if (!strict.value) {
    bool reported = false;
    for (const envelope::finding& f : findings) {
      reported = reported || (f.level == envelope::severity::error && f.pointer == strict.pointer);
    }
    if (!reported) fail("parse error not among validate_hal's errors", strict.pointer);
    return 0;
  }
  for (const envelope::finding& f : findings) {
    // The one MUST validate_hal checks beyond the parser: a curie's {rel} (§8.3).
    if (f.level == envelope::severity::error && f.message.find("{rel}") == std::string::npos) {
      fail("validate_hal reports an error the parser accepted", f.pointer + ": " + f.message);
    }
  }

  const envelope::resource& r = *strict.value;
  check_lookups(r);
  const nlohmann::json written = r;
  const outcome again = parse(written);
  if (!again.value) fail("written document does not parse", again.pointer);
  if (!(*again.value == r)) fail("round trip changed the resource", written.dump());
  const nlohmann::json rewritten = *again.value;
  const std::string dumped = written.dump();
  if (rewritten.dump() != dumped) fail("round trip changed the text", dumped);
  if (envelope::dump(r) != dumped) fail("dump(resource) differs from to_json", dumped);
  if (envelope::dump(r, 2) != written.dump(2)) fail("dump(resource, 2) differs", dumped);
  check_setters(r, dumped);

  // Nothing but empty "_links"/"_embedded" is lost on the way out.
  nlohmann::json expected = document;
  drop_empty_reserved(expected);
  if (expected != written) fail("the written document differs from the input", dumped);

  // The insertion-ordered writer produces the same members.
  const nlohmann::ordered_json ordered = r;
  if (nlohmann::json::parse(ordered.dump()) != written) fail("ordered_json form differs", dumped);

  // Moving the resource out writes the same document.
  envelope::resource copy = r;
  nlohmann::json moved_out;
  to_json(moved_out, std::move(copy));
  if (moved_out != written) fail("writing from an rvalue differs", dumped);
  return 0;
}

// Fuzzes the client side: parse_response(status, content_type, body). The first
// two bytes give the status (mostly 100-599, sometimes any int), the next line
// the Content-Type, the rest the body. Allowed outcomes: a parsed_response,
// response_parse_error, or document_error for a HAL body that breaks a MUST.
// A result must be usable as a value: copied, compared, written back. The parse
// (nlohmann's SAX events read straight into a resource or a problem, with the DOM
// path for whatever the typed readers leave) agrees exactly with json::parse and
// the conversion: the same resource or problem with its relations in the same
// order, never a success where the conversion throws, and text it calls not JSON
// is text json::parse refuses too.

#include <envelope/response.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "response_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// What json::parse and the conversion make of the body; nullopt when json::parse refuses it.
template <class T>
std::optional<T> read_by_dom(std::string_view body) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  try {
    return T::parse(std::move(document));
  } catch (const envelope::document_error& e) {
    fail("parse_response accepted what resource::parse refuses", e.what());
  }
}

// Equal, and with relations in the same order all the way down.
bool same_order(const envelope::resource& a, const envelope::resource& b) {
  if (a.links() != b.links() || a.embedded().size() != b.embedded().size()) return false;
  for (std::size_t i = 0; i < a.embedded().size(); ++i) {
    const auto& x = a.embedded()[i];
    const auto& y = b.embedded()[i];
    if (x.rel != y.rel || x.resources.size() != y.resources.size()) return false;
    for (std::size_t j = 0; j < x.resources.size(); ++j) {
      if (!same_order(x.resources[j], y.resources[j])) return false;
    }
  }
  return a.templates() == b.templates();
}

void check_result(const envelope::parsed_response& parsed, int status, std::string_view body) {
  if (parsed.status != status) fail("status changed", std::to_string(parsed.status));
  if (parsed.empty() != body.empty()) fail("a body went missing or appeared", body);
  // A client keeps, copies and compares what it parsed.
  const envelope::parsed_response copy = parsed;
  if (!(copy == parsed)) fail("a copy differs", body);
  if (parsed.has_problem()) {
    const envelope::problem& p = parsed.as_problem();
    const nlohmann::json written = p;
    if (!(envelope::problem::parse(written) == p)) fail("problem round trip", body);
    const auto by_dom = read_by_dom<envelope::problem>(body);
    if (!by_dom || !(*by_dom == p)) fail("the parse and json::parse disagree", body);
  } else if (parsed.has_resource()) {
    const envelope::resource& r = parsed.as_resource();
    const nlohmann::json written = r;
    if (!(envelope::resource::parse(written) == r)) fail("resource round trip", body);
    if (envelope::is_error(status)) fail("an error status read as HAL", body);
    const auto by_dom = read_by_dom<envelope::resource>(body);
    if (!by_dom || !(*by_dom == r)) fail("the parse and json::parse disagree", body);
    if (!same_order(*by_dom, r)) fail("the parse orders relations otherwise", body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned raw = (static_cast<unsigned>(data[0]) << 8) | data[1];
  // High bit set: any value, to reach the status checks; otherwise a valid code.
  const int status = (raw & 0x8000u) != 0 ? static_cast<int>(raw & 0x7FFFu) - 100
                                          : 100 + static_cast<int>(raw % 500u);
  const std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  const std::size_t newline = rest.find('\n');
  const std::string_view content_type = rest.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  try {
    const envelope::parsed_response parsed = envelope::parse_response(status, content_type, body);
    check_result(parsed, status, body);
  } catch (const envelope::response_parse_error& e) {
    if (e.offset() > body.size() && e.offset() > content_type.size()) {
      fail("error offset past the input", e.what());
    }
    // The message may quote the Content-Type, so only its start counts.
    if (std::string_view(e.what()).rfind("the body is not JSON: syntax error", 0) == 0) {
      try {
        (void)nlohmann::json::parse(body);
        fail("text json::parse reads was called not JSON", body);
      } catch (const nlohmann::json::exception&) {
      }
    }
  } catch (const envelope::document_error& e) {
    if (envelope::is_error(status)) fail("an error status read strictly as HAL", body);
    // The error is the DOM path's: the same pointer and reason.
    try {
      (void)envelope::resource::parse(nlohmann::json::parse(body));
      fail("a document_error the conversion does not raise", e.what());
    } catch (const envelope::document_error& again) {
      if (again.pointer() != e.pointer() || again.reason() != e.reason()) {
        fail("a document_error unlike the conversion's", e.what());
      }
    }
  }
  return 0;
}

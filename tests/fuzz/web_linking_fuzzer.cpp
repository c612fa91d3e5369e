// Fuzzes the Link field parser and writer (RFC 8288). Parsing either succeeds or
// throws link_header_error with an offset inside the input. Links that parse and
// that format_link_header accepts are written without CR, LF or other controls,
// and read back as the same links; what it refuses, it refuses with argument_error.

#include <envelope/web_linking.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "web_linking_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<envelope::web_link> links;
  try {
    links = envelope::parse_link_header(text);
  } catch (const envelope::link_header_error& e) {
    if (e.offset() > text.size()) fail("error offset past the end", text);
    return 0;
  }
  std::string written;
  try {
    written = envelope::format_link_header(links);
  } catch (const envelope::argument_error&) {
    return 0;
  }
  for (const char c : written) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      fail("a control character written", written);
  }
  std::vector<envelope::web_link> again;
  try {
    again = envelope::parse_link_header(written);
  } catch (const envelope::link_header_error&) {
    fail("the written field does not parse", written);
  }
  if (again != links) fail("the written field parses to other links", written);
  if (envelope::format_link_header(again) != written) fail("writing is not stable", written);
  return 0;
}

// Fuzzes the Structured Fields parsers and serializers (RFC 9651). The first byte
// picks Item, List or Dictionary; the rest is the field value. Whatever parses
// serializes (a parsed value always has a serialization), the serialization parses
// to an equal value, and serializing that again gives the same text. Errors are
// sf::parse_error, with an offset inside the input.

#include <envelope/structured_fields.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace sf = envelope::sf;

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "structured_fields_fuzzer: %s: %.*s\n", what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

template <class Parse>
void round_trip(std::string_view text, Parse parse) {
  decltype(parse(text)) value;
  try {
    value = parse(text);
  } catch (const sf::parse_error& e) {
    if (e.offset() > text.size()) fail("error offset past the end", text);
    return;
  }
  std::string written;
  try {
    written = sf::serialize(value);
  } catch (const sf::serialize_error& e) {
    fail("a parsed value has no serialization", e.what());
  }
  decltype(parse(text)) again;
  try {
    again = parse(written);
  } catch (const sf::parse_error&) {
    fail("the serialization does not parse", written);
  }
  if (!(again == value)) fail("the serialization parses to another value", written);
  if (sf::serialize(again) != written) fail("serializing is not stable", written);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      round_trip(text, [](std::string_view t) { return sf::parse_item(t); });
      break;
    case 1:
      round_trip(text, [](std::string_view t) { return sf::parse_list(t); });
      break;
    default:
      round_trip(text, [](std::string_view t) { return sf::parse_dictionary(t); });
      break;
  }
  return 0;
}

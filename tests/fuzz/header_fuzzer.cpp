// Fuzzes header injection: every header value the library builds from caller
// data (add_header, set_header, Location of created/accepted, the challenge of
// unauthorized, Accept of 415, a registry's reason phrase and content type) must
// be refused when it would carry CR, LF or NUL, and what is accepted must pass
// check_response. The input is split at newlines into a name, a value and a
// third field used as a challenge parameter.

#include <envelope/response.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "header_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// RFC 9110 §5.5: any control character but HTAB.
bool has_injection(std::string_view value) {
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return true;
  }
  return false;
}

// The fields of a built response are exactly what went out on the wire.
void check_fields(const envelope::response& r, std::string_view input) {
  for (const auto& [name, value] : r.headers) {
    if (!envelope::is_token(name) || has_injection(value)) fail("a field escaped the check", input);
  }
  envelope::check_response(r);
}

template <class Build>
void expect_refusal_iff(bool refuse, Build build, std::string_view input) {
  try {
    const envelope::response r = build();
    if (refuse) fail("an injected value was accepted", input);
    check_fields(r, input);
  } catch (const envelope::response_error& e) {
    if (!refuse && e.rule() == envelope::response_rule::invalid_header_value) {
      fail("a clean value was refused", input);
    }
  } catch (const nlohmann::json::type_error& e) {
    // The documented answer to invalid UTF-8 in a body (a link's href here):
    // nlohmann's dump() refuses it. Any other type_error is a bug.
    if (e.id != 316) throw;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\n');
  const std::string_view name = input.substr(0, first);
  const std::string_view after = first == std::string_view::npos ? "" : input.substr(first + 1);
  const std::size_t second = after.find('\n');
  const std::string_view value = after.substr(0, second);
  const std::string_view extra = second == std::string_view::npos ? "" : after.substr(second + 1);

  const bool bad_value = has_injection(value);
  const bool bad_name = !envelope::is_token(name);
  try {
    envelope::response r;
    r.add_header(std::string(name), std::string(value));
    if (bad_name || bad_value) fail("add_header accepted a bad field", input);
    r.set_header(std::string(name), std::string(value));
    check_fields(r, input);
  } catch (const envelope::response_error& e) {
    const auto expected = bad_name ? envelope::response_rule::invalid_header_name
                                   : envelope::response_rule::invalid_header_value;
    if (!bad_name && !bad_value) fail("add_header refused a good field", input);
    if (e.rule() != expected) fail("add_header named the wrong rule", input);
  }

  envelope::resource body;
  body.set_link("self", envelope::link("/items/1"));
  expect_refusal_iff(
      bad_value, [&] { return envelope::created(body, value); }, input);
  expect_refusal_iff(
      bad_value, [&] { return envelope::unsupported_media_type({std::string(value)}); }, input);
  envelope::resource monitor;
  monitor.set_link("monitor", envelope::link(std::string(value)));
  expect_refusal_iff(
      bad_value && !value.empty(), [&] { return envelope::accepted(monitor); }, input);

  // A challenge quotes its parameters: any control character but HTAB is refused,
  // and what it writes never holds CR, LF or NUL.
  try {
    const std::string written = envelope::challenge::bearer(std::string(value))
                                    .with_error("invalid_token", std::string(extra))
                                    .to_string();
    if (has_injection(written)) fail("a challenge holds CR, LF or NUL", input);
    check_fields(envelope::unauthorized(envelope::challenge::bearer(std::string(value))), input);
  } catch (const envelope::response_error&) {
    if (!bad_value && !has_injection(extra)) {
      for (const char c : std::string(value) + std::string(extra)) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7F) return 0;
      }
      fail("a clean challenge was refused", input);
    }
  }

  try {
    envelope::status_registry registry;
    registry.define(599 - static_cast<int>(size % 50), value);
    if (bad_value) fail("the registry took a title with CR, LF or NUL", input);
  } catch (const envelope::argument_error&) {
    // Refused: empty, a control character, or an IANA-assigned code.
  }
  return 0;
}

// Fuzzes what a service does with a request before its own code runs: the JSON
// body (read_json_body), typed reads of its members (field_reader), the Accept
// check (require_acceptable) and the bearer token (bearer_token). The first byte
// picks the limits; then one line each for Content-Type, Accept and
// Authorization; the rest is the body. Invariants:
// - only problem_exception escapes, with the status the refusal calls for (415,
//   413, 400, 406), a title and a detail, and a response that check_response takes;
// - read_json_body agrees with nlohmann's own parser: the same value when it
//   accepts, and a refusal only where nlohmann refuses too or the value nests
//   deeper than the limit;
// - every validation error of a typed read points into the body (RFC 6901);
// - a token read from Authorization is a non-empty part of it.

#include <envelope/authentication.hpp>
#include <envelope/field_reader.hpp>
#include <envelope/request.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "request_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

std::string_view next_line(std::string_view& rest) {
  const auto end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

// Arrays and objects nested, the top-level value counted as 1; iterative, as
// nlohmann's own destructor is.
// How deep the text nests: its arrays and objects open at once, at most. A member
// named twice counts with both values, though the DOM keeps only the last.
struct depth_counter {
  std::size_t open = 0;
  std::size_t deepest = 0;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(nlohmann::json::number_integer_t) { return true; }
  bool number_unsigned(nlohmann::json::number_unsigned_t) { return true; }
  bool number_float(nlohmann::json::number_float_t, const std::string&) { return true; }
  bool string(std::string&) { return true; }
  bool binary(nlohmann::json::binary_t&) { return true; }
  bool key(std::string&) { return true; }
  bool start_object(std::size_t) { return enter(); }
  bool start_array(std::size_t) { return enter(); }
  bool end_object() { return leave(); }
  bool end_array() { return leave(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) {
    return false;
  }
  bool enter() {
    deepest = std::max(deepest, ++open);
    return true;
  }
  bool leave() {
    --open;
    return true;
  }
};

std::size_t text_depth(std::string_view text) {
  depth_counter counter;
  (void)nlohmann::json::sax_parse(text, &counter);
  return counter.deepest;
}

void check_refusal(const envelope::problem_exception& e, int expected, std::string_view input) {
  const envelope::problem& p = e.details();
  if (p.status != expected) fail("a refusal with an unexpected status", input);
  if (!p.title || p.title->empty() || !p.detail || p.detail->empty())
    fail("a refusal without title or detail", input);
  envelope::check_response(envelope::exception_response(std::make_exception_ptr(e)));
}

void check_pointers(const envelope::field_reader& reader, std::string_view input) {
  for (const auto& error : reader.errors()) {
    if (!error.pointer) continue;
    std::string pointer = *error.pointer;
    if (!pointer.empty() && pointer.front() == '#') pointer.erase(0, 1);
    try {
      (void)nlohmann::json::json_pointer(pointer);
    } catch (const nlohmann::json::exception&) {
      fail("a validation error's pointer is not a JSON Pointer", input);
    }
  }
}

void read_fields(const nlohmann::json& body, std::string_view input) {
  envelope::field_reader in(body);
  (void)in.required<std::string>("item").length(1, 64);
  (void)in.optional<std::int32_t>("quantity").in_range(1, 100);
  (void)in.optional<std::vector<double>>("/prices");
  (void)in.optional<bool>("/flags/0");
  (void)in.optional<std::uint8_t>("/a~1b/~0c");
  in.object(
      "address",
      [](envelope::field_reader& address) {
        (void)address.required<std::string>("city");
        (void)address.optional<std::int64_t>("zip");
        address.no_other_members();
      },
      false);
  in.each(
      "lines",
      [](envelope::field_reader& line) {
        (void)line.required<std::string>("sku").one_of({"a", "b"});
        (void)line.required<double>("price").at_least(0.0);
      },
      false);
  in.no_other_members();
  check_pointers(in, input);
  try {
    in.check();
    if (!in.ok()) fail("check() passed a reader with errors", input);
  } catch (const envelope::problem_exception& e) {
    if (in.ok()) fail("check() refused a reader without errors", input);
    check_refusal(e, 400, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  envelope::request_limits limits;
  limits.body_limit = std::size_t{1} << (data[0] & 0x0F);  // 1 B .. 32 KiB
  limits.max_depth = 1 + (data[0] >> 4);                   // 1 .. 16
  std::string_view rest = input.substr(1);
  const std::string_view content_type = next_line(rest);
  const std::string_view accept = next_line(rest);
  const std::string_view authorization = next_line(rest);
  const std::string_view body = rest;

  try {
    envelope::require_acceptable(accept);
  } catch (const envelope::problem_exception& e) {
    check_refusal(e, 406, input);
  }

  if (const auto token = envelope::bearer_token(authorization)) {
    if (token->empty() || authorization.find(*token) == std::string_view::npos)
      fail("a token that is not part of Authorization", input);
    if (!envelope::secret_equals(*token, *token)) fail("a token unequal to itself", input);
  }

  nlohmann::json read;
  try {
    read = envelope::read_json_body(content_type, body, limits);
  } catch (const envelope::problem_exception& e) {
    const int status = e.details().status.value_or(0);
    if (status != 415 && status != 413 && status != 400) fail("an unexpected refusal", input);
    check_refusal(e, status, input);
    if (status == 413 && body.size() <= limits.body_limit) fail("a 413 within the limit", input);
    if (status == 400) {
      // Refused as JSON: nlohmann must refuse it too, or the text nests too deep.
      try {
        (void)nlohmann::json::parse(body);
      } catch (const nlohmann::json::exception&) {
        return 0;
      }
      if (text_depth(body) <= limits.max_depth) fail("JSON within the depth limit refused", input);
    }
    return 0;
  }
  if (body.size() > limits.body_limit) fail("a body over the limit accepted", input);
  if (text_depth(body) > limits.max_depth) fail("a body over the depth limit accepted", input);
  nlohmann::json theirs;
  try {
    theirs = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    fail("accepted text nlohmann refuses", input);
  }
  if (theirs != read) fail("a value other than nlohmann's", input);
  read_fields(read, input);
  return 0;
}

// Fuzzes Content-Type parsing and Accept negotiation (RFC 9110 §8.3, §12.5.1).
// The whole input is tried as a Content-Type and as an Accept field value
// against fixed offers; when it holds a newline, the part before is an Accept
// value and the part after a single offer. Nothing here may throw: parsing
// reports errors as values.

#include <envelope/media_type.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "media_type_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool has_upper(std::string_view s) {
  for (const char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// Writes a parsed media type back as a field value: tokens as they are, other
// values as quoted-strings with '"' and '\' escaped (RFC 9110 §5.6.4).
std::string serialize(const envelope::media_type::parsed& m) {
  std::string out = m.essence();
  for (const auto& [name, value] : m.parameters) {
    out += ';';
    out += name;
    out += '=';
    if (is_token(value)) {
      out += value;
      continue;
    }
    out += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

void check_content_type(std::string_view text) {
  const envelope::media_type::parse_result detailed = envelope::media_type::parse_detailed(text);
  const std::optional<envelope::media_type::parsed> simple = envelope::media_type::parse(text);
  if (detailed.value != simple) fail("the two parsers disagree", text);
  if (static_cast<bool>(detailed) != (detailed.error == envelope::media_type::errc::ok)) {
    fail("a value and an error, or neither", text);
  }
  if (detailed.message().empty()) fail("an error without a message", text);
  if (!detailed) {
    if (detailed.offset > text.size()) fail("error offset past the end", text);
    if (envelope::is_json_media_type(text)) fail("malformed, yet JSON", text);
    return;
  }
  const envelope::media_type::parsed& m = *detailed.value;
  if (!is_token(m.type) || !is_token(m.subtype)) fail("type or subtype is not a token", text);
  if (has_upper(m.type) || has_upper(m.subtype)) fail("type or subtype not lower-cased", text);
  for (const auto& parameter : m.parameters) {
    if (!is_token(parameter.first) || has_upper(parameter.first)) {
      fail("parameter name not a lower-case token", text);
    }
    if (m.parameter(parameter.first) == std::nullopt) fail("parameter() misses a name", text);
  }
  if (m.is_json() != envelope::is_json_media_type(text)) fail("is_json disagrees", text);

  // The essence re-parses to the same type and subtype, without parameters.
  const std::string essence = m.essence();
  const std::optional<envelope::media_type::parsed> again = envelope::media_type::parse(essence);
  if (!again || again->type != m.type || again->subtype != m.subtype ||
      !again->parameters.empty()) {
    fail("the essence does not re-parse to itself", essence);
  }
  if (!envelope::same_media_type(text, essence)) fail("not the same type as its essence", text);

  // Written back out, it parses to an equal value: nothing lost in unescaping.
  const std::string written = serialize(m);
  if (envelope::media_type::parse(written) != m)
    fail("serialized form parses differently", written);
}

constexpr std::string_view offers[] = {
    "application/hal+json", "application/problem+json", "application/json",
    "text/html;level=1",    "text/plain;charset=utf-8",
};

void check_accept(std::string_view accept) {
  const std::vector<std::string_view> offer_list(std::begin(offers), std::end(offers));
  const std::optional<std::string_view> chosen = envelope::negotiate(accept, offer_list);
  double best = 0;
  std::optional<std::size_t> best_index;
  for (std::size_t i = 0; i < offer_list.size(); ++i) {
    const double q = envelope::quality(accept, offer_list[i]);
    if (!(q >= 0 && q <= 1)) fail("quality out of [0, 1]", accept);
    // negotiate keeps the earlier offer on a tie: the first with the top weight wins.
    if (q > best) {
      best = q;
      best_index = i;
    }
  }
  if (chosen.has_value() != best_index.has_value())
    fail("negotiate disagrees with quality", accept);
  if (chosen && chosen->data() != offer_list[*best_index].data()) {
    fail("negotiate chose another offer than the best weighed", accept);
  }
  const auto from_list =
      envelope::negotiate(accept, {offers[0], offers[1], offers[2], offers[3], offers[4]});
  if (from_list != chosen) fail("initializer_list and vector overloads disagree", accept);
  if (envelope::negotiate(accept, std::vector<std::string_view>{})) {
    fail("negotiate chose from no offers", accept);
  }
}

void check_pair(std::string_view accept, std::string_view offer) {
  const double q = envelope::quality(accept, offer);
  if (!(q >= 0 && q <= 1)) fail("quality out of [0, 1]", accept);
  if (!envelope::media_type::parse(offer) && q != 0) fail("a malformed offer has weight", offer);
  const std::optional<std::string_view> chosen = envelope::negotiate(accept, {offer});
  if (chosen.has_value() != (q > 0)) fail("negotiate of one offer disagrees with quality", accept);
  if (chosen && chosen->data() != offer.data()) fail("negotiate returned a foreign view", offer);
  // No Accept field means anything is acceptable (RFC 9110 §12.5.1).
  if (envelope::media_type::parse(offer) && envelope::quality("", offer) != 1) {
    fail("an empty Accept does not take a valid offer", offer);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_content_type(input);
  check_accept(input);
  const std::size_t newline = input.find('\n');
  // Offers come from the server, not the client: matching is linear in the Accept
  // value but proportional to ranges x offer parameters, so the offer stays short.
  if (newline != std::string_view::npos && size - newline <= 256) {
    const std::string_view accept = input.substr(0, newline);
    const std::string_view offer = input.substr(newline + 1);
    check_pair(accept, offer);
    check_content_type(offer);
  }
  return 0;
}

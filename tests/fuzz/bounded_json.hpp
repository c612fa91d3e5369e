// Parses JSON text with a nesting limit, the way a service must before handing a
// document to envelope. nlohmann's parser and destructor are iterative, but its
// copy constructor, operator== and dump() recurse once per level: a 100,000-deep
// document parses fine and then overflows the stack the first time it is copied
// or written (about 10,000 levels under AddressSanitizer). So the limit belongs
// at the text, before any envelope type sees the value. Shared by the fuzzers
// and the hardening tests.
#ifndef ENVELOPE_TESTS_BOUNDED_JSON_HPP
#define ENVELOPE_TESTS_BOUNDED_JSON_HPP

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace envelope_tests {

// Thrown from the parser callback to stop at the first level too deep; the
// partial DOM is released by nlohmann's iterative destructor.
struct too_deep {};

// nullopt for text that is not JSON or nests deeper than max_depth arrays and
// objects (the top-level value is depth 1).
inline std::optional<nlohmann::json> parse_bounded(std::string_view text, int max_depth) {
  const auto limit = [max_depth](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    // The callback sees object_start/array_start at the depth of the parent.
    if ((event == nlohmann::json::parse_event_t::object_start ||
         event == nlohmann::json::parse_event_t::array_start) &&
        depth >= max_depth) {
      throw too_deep{};
    }
    return true;
  };
  try {
    nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), limit,
                                                 /*allow_exceptions=*/false);
    if (value.is_discarded()) return std::nullopt;
    return value;
  } catch (const too_deep&) {
    return std::nullopt;
  }
}

}  // namespace envelope_tests

#endif  // ENVELOPE_TESTS_BOUNDED_JSON_HPP

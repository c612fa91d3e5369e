// Pieces of the hostile inputs that several components' hardening cases build.
#ifndef ENVELOPE_TESTS_HOSTILE_INPUTS_HPP
#define ENVELOPE_TESTS_HOSTILE_INPUTS_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace envelope_tests {

// Deep enough to overflow the stack of anything that recurses once per level.
constexpr std::size_t hostile_depth = 100000;

inline std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i)
    out += piece;
  return out;
}

}  // namespace envelope_tests

#endif  // ENVELOPE_TESTS_HOSTILE_INPUTS_HPP

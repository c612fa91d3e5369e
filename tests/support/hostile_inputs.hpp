// Pieces of the hostile inputs that several components' hardening cases build.
#ifndef ENVELOPE_TESTS_HOSTILE_INPUTS_HPP
#define ENVELOPE_TESTS_HOSTILE_INPUTS_HPP

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

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

// `innermost` wrapped `levels` times by `wrap(outer, inner)`, which puts inner into
// outer: built from the inside out, with no recursion, and every step a move.
template <class Wrap>
nlohmann::json nest(nlohmann::json innermost, nlohmann::json empty_outer, std::size_t levels,
                    Wrap wrap) {
  for (std::size_t i = 0; i < levels; ++i) {
    nlohmann::json outer = empty_outer;
    wrap(outer, std::move(innermost));
    innermost = std::move(outer);
  }
  return innermost;
}

}  // namespace envelope_tests

#endif  // ENVELOPE_TESTS_HOSTILE_INPUTS_HPP

// A problem with 5 validation errors and 3 extensions, built and serialized through
// envelope beside the same nlohmann::json built by hand; and parsed back.
#include <envelope/problem.hpp>

#include "allocation_counter.hpp"
#include "documents.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using envelope_bench::problem_input;

bool same_output(benchmark::State& state, const problem_input& in) {
  const std::string expected = envelope_bench::build_problem_by_hand(in).dump();
  const envelope::problem p = envelope_bench::build_problem(in);
  if (nlohmann::json(p).dump() != expected || envelope::dump(p) != expected) {
    state.SkipWithError("the problem and the hand-built document differ");
    return false;
  }
  return true;
}

void hand_problem_build_dump(benchmark::State& state) {
  const problem_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope_bench::build_problem_by_hand(in).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_problem_build_dump);

// The fast path: envelope::dump writes the text without an intermediate nlohmann::json.
void envelope_problem_build_dump(benchmark::State& state) {
  const problem_input in;
  if (!same_output(state, in)) return;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope::dump(envelope_bench::build_problem(in));
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_problem_build_dump);

// The route every nlohmann user knows: to_json, then dump.
void envelope_problem_build_to_json_dump(benchmark::State& state) {
  const problem_input in;
  if (!same_output(state, in)) return;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = nlohmann::json(envelope_bench::build_problem(in)).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_problem_build_to_json_dump);

void hand_problem_parse(benchmark::State& state) {
  const std::string text = envelope_bench::build_problem_by_hand(problem_input{}).dump();
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    nlohmann::json document = nlohmann::json::parse(text);
    benchmark::DoNotOptimize(document);
  }
}
BENCHMARK(hand_problem_parse);

void envelope_problem_parse(benchmark::State& state) {
  const problem_input in;
  const std::string text = envelope_bench::build_problem_by_hand(in).dump();
  if (envelope::problem::parse(nlohmann::json::parse(text)) != envelope_bench::build_problem(in)) {
    state.SkipWithError("the parsed problem differs from the built one");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::problem p = envelope::problem::parse(nlohmann::json::parse(text));
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(envelope_problem_parse);

}  // namespace

BENCHMARK_MAIN();

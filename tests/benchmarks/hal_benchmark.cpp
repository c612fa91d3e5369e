// A HAL order (10 relations, curies, 20 embedded items with 3 links each), built and
// serialized through envelope beside the same nlohmann::json built by hand; and the
// same text parsed into a resource beside nlohmann::json::parse alone.
#include <envelope/hal.hpp>

#include "allocation_counter.hpp"
#include "documents.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <utility>

namespace {

using envelope_bench::order_input;

bool same_output(benchmark::State& state, const order_input& in) {
  const std::string expected = envelope_bench::build_order_by_hand(in).dump();
  const envelope::resource order = envelope_bench::build_order(in);
  if (nlohmann::json(order).dump() != expected || envelope::dump(order) != expected) {
    state.SkipWithError("the resource and the hand-built document differ");
    return false;
  }
  return true;
}

void hand_order_build_dump(benchmark::State& state) {
  const order_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope_bench::build_order_by_hand(in).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_order_build_dump);

void hand_order_build_dump_initializer_lists(benchmark::State& state) {
  const order_input in;
  if (envelope_bench::build_order_by_hand_initializer_lists(in) !=
      envelope_bench::build_order_by_hand(in)) {
    state.SkipWithError("the two hand-built documents differ");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope_bench::build_order_by_hand_initializer_lists(in).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_order_build_dump_initializer_lists);

// The fast path: envelope::dump writes the text without an intermediate nlohmann::json.
void envelope_order_build_dump(benchmark::State& state) {
  const order_input in;
  if (!same_output(state, in)) return;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope::dump(envelope_bench::build_order(in));
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_order_build_dump);

// The route every nlohmann user knows: to_json, then dump.
void envelope_order_build_to_json_dump(benchmark::State& state) {
  const order_input in;
  if (!same_output(state, in)) return;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = nlohmann::json(envelope_bench::build_order(in)).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_order_build_to_json_dump);

// Serialization alone, of a document built once.
void hand_order_dump(benchmark::State& state) {
  const nlohmann::json document = envelope_bench::build_order_by_hand(order_input{});
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = document.dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_order_dump);

void envelope_order_dump(benchmark::State& state) {
  const order_input in;
  if (!same_output(state, in)) return;
  const envelope::resource order = envelope_bench::build_order(in);
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope::dump(order);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_order_dump);

void envelope_order_to_json_dump(benchmark::State& state) {
  const order_input in;
  if (!same_output(state, in)) return;
  const envelope::resource order = envelope_bench::build_order(in);
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = nlohmann::json(order).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_order_to_json_dump);

// The yardstick for parsing: what any nlohmann user pays for the DOM.
void hand_order_parse(benchmark::State& state) {
  const std::string text = envelope_bench::build_order_by_hand(order_input{}).dump();
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    nlohmann::json document = nlohmann::json::parse(text);
    benchmark::DoNotOptimize(document);
  }
}
BENCHMARK(hand_order_parse);

// The same parse plus the conversion into typed links and resources.
void envelope_order_parse(benchmark::State& state) {
  const order_input in;
  const std::string text = envelope_bench::build_order_by_hand(in).dump();
  if (envelope::resource::parse(nlohmann::json::parse(text)) != envelope_bench::build_order(in)) {
    state.SkipWithError("the parsed resource differs from the built one");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::resource order = envelope::resource::parse(nlohmann::json::parse(text));
    benchmark::DoNotOptimize(order);
  }
}
BENCHMARK(envelope_order_parse);

}  // namespace

BENCHMARK_MAIN();

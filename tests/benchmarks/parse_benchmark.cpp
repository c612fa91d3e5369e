// The client's and the service's parse paths beside nlohmann::json::parse of the
// same text: parse_response (depth limit included) for a HAL page and for a
// problem, and parse_request_json (depth limit included) for a request body.
// The callback rows show what the depth limit cost when it was a parse callback.
#include <envelope/response.hpp>

#include "allocation_counter.hpp"
#include "documents.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <variant>

namespace {

using envelope_bench::order_input;
using envelope_bench::problem_input;

std::string hal_text() {
  return envelope_bench::build_order_by_hand(order_input{}).dump();
}
std::string problem_text() {
  return envelope_bench::build_problem_by_hand(problem_input{}).dump();
}

void hand_parse(benchmark::State& state, const std::string& text) {
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    nlohmann::json document = nlohmann::json::parse(text);
    benchmark::DoNotOptimize(document);
  }
}

// nlohmann's parse with a callback that bounds depth, as parse_response did.
void callback_parse(benchmark::State& state, const std::string& text) {
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    nlohmann::json document = nlohmann::json::parse(
        text,
        [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) { return depth <= 256; });
    benchmark::DoNotOptimize(document);
  }
}

void hand_hal_parse(benchmark::State& state) {
  hand_parse(state, hal_text());
}
BENCHMARK(hand_hal_parse);

void callback_hal_parse(benchmark::State& state) {
  callback_parse(state, hal_text());
}
BENCHMARK(callback_hal_parse);

// parse_response of text whose body is a T (resource or problem), checked first
// against json::parse and T::parse.
template <class T>
void parse_response_of(benchmark::State& state, int status, const char* content_type,
                       const std::string& text) {
  const auto parsed = envelope::parse_response(status, content_type, text);
  if (!std::holds_alternative<T>(parsed.body) ||
      std::get<T>(parsed.body) != T::parse(nlohmann::json::parse(text))) {
    state.SkipWithError("parse_response read another value");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    auto response = envelope::parse_response(status, content_type, text);
    benchmark::DoNotOptimize(response);
  }
}

void envelope_parse_response_hal(benchmark::State& state) {
  parse_response_of<envelope::resource>(state, 200, "application/hal+json", hal_text());
}
BENCHMARK(envelope_parse_response_hal);

void hand_problem_parse(benchmark::State& state) {
  hand_parse(state, problem_text());
}
BENCHMARK(hand_problem_parse);

void envelope_parse_response_problem(benchmark::State& state) {
  parse_response_of<envelope::problem>(state, 400, "application/problem+json", problem_text());
}
BENCHMARK(envelope_parse_response_problem);

// A request body: the HAL page's text stands in for any JSON of that size.
void envelope_parse_request_json(benchmark::State& state) {
  const std::string text = hal_text();
  if (envelope::parse_request_json(text) != nlohmann::json::parse(text)) {
    state.SkipWithError("parse_request_json read another value");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    nlohmann::json document = envelope::parse_request_json(text);
    benchmark::DoNotOptimize(document);
  }
}
BENCHMARK(envelope_parse_request_json);

}  // namespace

BENCHMARK_MAIN();

// Whole responses: a 201 Created carrying the HAL order (Location from its self link)
// and a 400 with 5 validation errors, through envelope's builders beside the same
// status, fields and body assembled by hand.
#include <envelope/response.hpp>

#include "allocation_counter.hpp"
#include "documents.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using envelope_bench::order_input;
using envelope_bench::problem_input;

envelope::response created_by_hand(const order_input& in) {
  envelope::response r;
  r.status = 201;
  r.body = envelope_bench::build_order_by_hand(in).dump();
  r.headers.emplace_back("Content-Type", "application/hal+json");
  r.headers.emplace_back("Location", in.self);
  return r;
}

nlohmann::json bad_request_document_by_hand(const problem_input& in) {
  using nlohmann::json;
  json p(json::value_t::object);
  p["type"] = "about:blank";
  p["title"] = "Bad Request";
  p["status"] = 400;
  p["detail"] = "Request failed validation";
  json& errors = p["errors"] = json::array();
  errors.get_ref<json::array_t&>().reserve(in.errors.size());
  for (const auto& e : in.errors) {
    json& error = errors.emplace_back(json::value_t::object);
    error["detail"] = e.detail;
    error["pointer"] = e.pointer;
  }
  return p;
}

envelope::response bad_request_by_hand(const problem_input& in) {
  envelope::response r;
  r.status = 400;
  r.body = bad_request_document_by_hand(in).dump();
  r.headers.emplace_back("Content-Type", "application/problem+json");
  return r;
}

envelope::response bad_request_through_envelope(const problem_input& in) {
  std::vector<envelope::validation_error> errors;
  errors.reserve(in.errors.size());
  for (const auto& e : in.errors)
    errors.push_back(envelope::validation_error::at(e.pointer, e.detail));
  return envelope::bad_request(std::move(errors));
}

void hand_created_201(benchmark::State& state) {
  const order_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::response r = created_by_hand(in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(hand_created_201);

void envelope_created_201(benchmark::State& state) {
  const order_input in;
  const envelope::response expected = created_by_hand(in);
  const envelope::response built = envelope::created(envelope_bench::build_order(in));
  if (built.body != expected.body || built.headers != expected.headers) {
    state.SkipWithError("the 201 responses differ");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::response r = envelope::created(envelope_bench::build_order(in));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(envelope_created_201);

void hand_bad_request_400(benchmark::State& state) {
  const problem_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::response r = bad_request_by_hand(in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(hand_bad_request_400);

void envelope_bad_request_400(benchmark::State& state) {
  const problem_input in;
  const envelope::response expected = bad_request_by_hand(in);
  const envelope::response built = bad_request_through_envelope(in);
  if (built.body != expected.body || built.headers != expected.headers) {
    state.SkipWithError("the 400 responses differ");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::response r = bad_request_through_envelope(in);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(envelope_bad_request_400);

}  // namespace

BENCHMARK_MAIN();

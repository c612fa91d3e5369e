// Validating the reference service's create-order body (examples/orders_service,
// create_order) beside parsing the same text: issue 16 asks that validation cost
// less than json::parse. Both ways are measured: a compiled json_schema and a
// field_reader, and the hand-written checks the service had before, for scale.
#include <envelope/field_reader.hpp>
#include <envelope/json_schema.hpp>

#include "allocation_counter.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using nlohmann::json;

const char* const order_text = R"({"item": "widget", "quantity": 3})";

// The schema docs/validation.md gives the reference service.
const char* const order_schema = R"({
  "type": "object",
  "required": ["item", "quantity"],
  "properties": {
    "item": {"type": "string", "minLength": 1},
    "quantity": {"type": "integer", "minimum": 1, "maximum": 1000}
  }
})";

void parse_order(benchmark::State& state) {
  const std::string text = order_text;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    json body = json::parse(text);
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(parse_order);

void schema_validate_order(benchmark::State& state) {
  const envelope::json_schema schema(json::parse(order_schema));
  const json body = json::parse(order_text);
  if (!schema.validate(body).empty()) {
    state.SkipWithError("the order body does not validate");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    auto errors = schema.validate(body);
    benchmark::DoNotOptimize(errors);
  }
}
BENCHMARK(schema_validate_order);

void field_reader_order(benchmark::State& state) {
  const json body = json::parse(order_text);
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::field_reader in(body);
    auto item = in.required<std::string>("item").length(1, 10000);
    auto quantity = in.required<int>("quantity").in_range(1, 1000);
    benchmark::DoNotOptimize(item);
    benchmark::DoNotOptimize(quantity);
    if (!in.ok()) state.SkipWithError("the order body does not validate");
  }
}
BENCHMARK(field_reader_order);

// The checks the reference service wrote by hand (read_order), errors aside.
void hand_checks_order(benchmark::State& state) {
  const json body = json::parse(order_text);
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    bool ok = body.is_object();
    const auto item = body.find("item");
    ok = ok && item != body.end() && item->is_string() &&
         !item->get_ref<const std::string&>().empty();
    const auto quantity = body.find("quantity");
    ok = ok && quantity != body.end() && quantity->is_number_integer() && *quantity >= 1 &&
         *quantity <= 1000;
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(hand_checks_order);

// An invalid body: the errors are built, which is the slow path by design.
void schema_validate_invalid_order(benchmark::State& state) {
  const envelope::json_schema schema(json::parse(order_schema));
  const json body = json::parse(R"({"quantity": 0})");
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    auto errors = schema.validate(body);
    benchmark::DoNotOptimize(errors);
  }
}
BENCHMARK(schema_validate_invalid_order);

}  // namespace

BENCHMARK_MAIN();

// Writing HAL-FORMS templates: the order of hal_benchmark.cpp (10 relations, curies,
// 20 embedded items) with two templates ("ship", "cancel"; 4 properties, inline
// options, bounds, a pattern), through envelope beside the same nlohmann::json built
// by hand; and the order without templates, the same way, so that the two ratios
// (envelope / hand) come from one run. Built once and serialized, and built and
// serialized each time.
#include <envelope/hal.hpp>

#include "allocation_counter.hpp"
#include "documents.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <utility>

namespace {

using envelope_bench::order_input;
using nlohmann::json;

envelope::form_template ship_template(const order_input& in) {
  return envelope::form_template("POST")
      .with_title("Ship the order")
      .with_content_type("application/json")
      .with_target(in.self + "/shipment")
      .add_property(envelope::form_property("carrier").with_required().with_options(
          envelope::form_options::of({"post", "courier", "pickup"}).with_items(std::nullopt, 1)))
      .add_property(
          envelope::form_property("tracking").with_regex("[A-Z0-9]{8,20}").with_length(8, 20))
      .add_property(
          envelope::form_property("weight").with_type("number").with_range(0.1, 30).with_step(0.1));
}

envelope::form_template cancel_template() {
  return envelope::form_template("DELETE").with_title("Cancel").add_property(
      envelope::form_property("reason")
          .with_prompt("Why?")
          .with_type("textarea")
          .with_length(std::nullopt, 200));
}

envelope::resource build_order_with_forms(const order_input& in) {
  envelope::resource order = envelope_bench::build_order(in);
  order.set_template("ship", ship_template(in));
  order.set_template("cancel", cancel_template());
  return order;
}

json build_order_with_forms_by_hand(const order_input& in) {
  json order = envelope_bench::build_order_by_hand(in);
  json& templates = order["_templates"];
  json& ship = templates["ship"];
  ship["method"] = "POST";
  ship["title"] = "Ship the order";
  ship["contentType"] = "application/json";
  ship["target"] = in.self + "/shipment";
  json& ship_properties = ship["properties"];
  json carrier;
  carrier["name"] = "carrier";
  carrier["required"] = true;
  carrier["options"]["inline"] = json::array({"post", "courier", "pickup"});
  carrier["options"]["maxItems"] = 1;
  ship_properties.push_back(std::move(carrier));
  json tracking;
  tracking["name"] = "tracking";
  tracking["regex"] = "[A-Z0-9]{8,20}";
  tracking["minLength"] = 8;
  tracking["maxLength"] = 20;
  ship_properties.push_back(std::move(tracking));
  json weight;
  weight["name"] = "weight";
  weight["type"] = "number";
  weight["min"] = 0.1;
  weight["max"] = 30;
  weight["step"] = 0.1;
  ship_properties.push_back(std::move(weight));
  json& cancel = templates["cancel"];
  cancel["method"] = "DELETE";
  cancel["title"] = "Cancel";
  json reason;
  reason["name"] = "reason";
  reason["prompt"] = "Why?";
  reason["type"] = "textarea";
  reason["maxLength"] = 200;
  cancel["properties"].push_back(std::move(reason));
  return order;
}

template <class Envelope, class Hand>
bool same_output(benchmark::State& state, Envelope build, Hand by_hand) {
  const order_input in;
  const std::string expected = by_hand(in).dump();
  const envelope::resource order = build(in);
  if (json(order).dump() != expected || envelope::dump(order) != expected) {
    state.SkipWithError("the resource and the hand-built document differ");
    return false;
  }
  return true;
}

// Serialization alone, of documents built once.
void hand_order_dump(benchmark::State& state) {
  const json document = envelope_bench::build_order_by_hand(order_input{});
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = document.dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_order_dump);

void envelope_order_dump(benchmark::State& state) {
  if (!same_output(state, envelope_bench::build_order, envelope_bench::build_order_by_hand)) return;
  const envelope::resource order = envelope_bench::build_order(order_input{});
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope::dump(order);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_order_dump);

void hand_forms_order_dump(benchmark::State& state) {
  const json document = build_order_with_forms_by_hand(order_input{});
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = document.dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_forms_order_dump);

void envelope_forms_order_dump(benchmark::State& state) {
  if (!same_output(state, build_order_with_forms, build_order_with_forms_by_hand)) return;
  const envelope::resource order = build_order_with_forms(order_input{});
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope::dump(order);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_forms_order_dump);

// Built and serialized each time, as a handler does.
void hand_order_build_dump(benchmark::State& state) {
  const order_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope_bench::build_order_by_hand(in).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_order_build_dump);

void envelope_order_build_dump(benchmark::State& state) {
  if (!same_output(state, envelope_bench::build_order, envelope_bench::build_order_by_hand)) return;
  const order_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope::dump(envelope_bench::build_order(in));
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_order_build_dump);

void hand_forms_order_build_dump(benchmark::State& state) {
  const order_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = build_order_with_forms_by_hand(in).dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(hand_forms_order_build_dump);

void envelope_forms_order_build_dump(benchmark::State& state) {
  if (!same_output(state, build_order_with_forms, build_order_with_forms_by_hand)) return;
  const order_input in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string text = envelope::dump(build_order_with_forms(in));
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(envelope_forms_order_build_dump);

}  // namespace

BENCHMARK_MAIN();

// Eight threads build and read responses from the same const values: a resource,
// a problem, a registry, options, a compiled URI template, a problem_exception.
// Under ThreadSanitizer any write to shared state (a lazily filled cache, a
// mutable member touched by a const method, a non-atomic reference count) is a
// report; without it, each thread still checks its results against answers
// computed before the threads start, so a torn value fails the run.
//
// The function-local statics (response_options::defaults(), the empty vectors
// find_links returns) are first reached from the threads, on purpose.

#include <envelope/envelope.hpp>
#include <envelope/hal.hpp>
#include <envelope/problem.hpp>
#include <envelope/response.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int thread_count = 8;
constexpr int iterations = 1000;

struct shared_values {
  envelope::resource order;
  envelope::problem out_of_credit;
  envelope::status_registry registry;
  envelope::uri_template item_template{"/orders/{id}{?fields*}"};
  envelope::problem_exception carried{envelope::problem::from_status(409).with_detail("taken")};
  nlohmann::json order_document;
  std::string problem_body;
};

struct expected_values {
  std::string order_body;
  std::string problem_body;
  std::string item_url;
  std::string xml;
  std::size_t hal_findings = 0;
};

shared_values make_shared_values() {
  shared_values v;
  v.order = envelope::resource(nlohmann::json{{"total", 30.0}, {"currency", "USD"}});
  v.order.set_link("self", envelope::link("/orders/123"))
      .add_curie("acme", "https://docs.example.com/rels/{rel}")
      .set_link("acme:basket", envelope::link("/baskets/98712"))
      .set_link("find", envelope::link("/orders{?id}").with_templated());
  envelope::resource item(nlohmann::json{{"sku", "a-1"}});
  item.set_link("self", envelope::link("/items/1"));
  v.order.add_embedded("items", item).add_embedded("items", item);
  v.out_of_credit = envelope::problem::from_status(403)
                        .with_type("https://example.com/probs/out-of-credit")
                        .with_title("You do not have enough credit.")
                        .with_detail("Your current balance is 30, but that costs 50.")
                        .with("balance", 30)
                        .add_error(envelope::validation_error::at("#/amount", "too large"));
  v.registry.define(599, "Network Connect Timeout")
      .set_content_type(200, envelope::media_type::json);
  v.order_document = v.order;
  v.problem_body = nlohmann::json(v.out_of_credit).dump();
  return v;
}

// Everything a thread does, in one pass; returns how many answers were wrong.
int exercise(const shared_values& v, const expected_values& expected) {
  int wrong = 0;
  const auto check = [&wrong](bool ok) { wrong += ok ? 0 : 1; };

  const envelope::response ok = envelope::make_response(200, v.order);
  check(ok.body == expected.order_body);
  check(ok.header("Content-Type") == envelope::media_type::hal_json);
  const envelope::response negotiated =
      envelope::negotiate_response(ok, "application/json;q=0.9, application/hal+json;q=0.1");
  check(negotiated.header("Content-Type") == envelope::media_type::json);
  const envelope::response created = envelope::created(v.order);
  check(created.header("Location") == "/orders/123");

  const envelope::response problem = envelope::make_response(v.out_of_credit);
  check(problem.body == expected.problem_body);
  check(envelope::to_xml(v.out_of_credit) == expected.xml);
  check(envelope::problem::from_exception(v.carried).status == 409);
  const envelope::problem_exception copy = v.carried;  // shares the immutable state
  check(std::string(copy.what()) == "Conflict");

  envelope::response_options options;
  options.registry = v.registry;  // a copy shares the registry's own strings
  check(envelope::make_response(200, v.order, options).header("Content-Type") ==
        envelope::media_type::json);
  check(v.registry.find(599) != nullptr &&
        v.registry.find(599)->title == "Network Connect Timeout");
  // Through a variable: gcc 12 folds the constexpr call and warns (-Waddress)
  // that the table's address is never null.
  const envelope::status_info* not_found = envelope::find_status(404);
  check(not_found != nullptr && envelope::reason_phrase(418) == "(Unused)");

  check(v.item_template.expand({{"id", 7}, {"fields", {"a", "b"}}}) == expected.item_url);
  check(v.order.find_link("acme:basket") != nullptr);
  check(v.order.expand_curie("acme:basket") == "https://docs.example.com/rels/basket");
  check(v.order.find_links("missing").empty());
  check(v.order.find_all_embedded("items").size() == 2);
  check(envelope::validate_hal(v.order_document).size() == expected.hal_findings);
  check(envelope::negotiate("application/*;q=0.5, application/problem+json",
                            {envelope::media_type::hal_json, envelope::media_type::problem_json}) ==
        envelope::media_type::problem_json);

  const envelope::parsed_response parsed =
      envelope::parse_response(403, "application/problem+json", v.problem_body);
  check(parsed.has_problem() && parsed.as_problem() == v.out_of_credit);
  return wrong;
}

}  // namespace

int main() {
  const shared_values values = make_shared_values();
  expected_values expected;
  expected.order_body = nlohmann::json(values.order).dump();
  expected.problem_body = values.problem_body;
  expected.item_url = "/orders/7?fields=a&fields=b";
  expected.xml = envelope::to_xml(values.out_of_credit);
  expected.hal_findings = envelope::validate_hal(values.order_document).size();

  std::atomic<bool> go{false};
  std::atomic<int> wrong{0};
  std::atomic<int> thrown{0};
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&] {
      while (!go.load(std::memory_order_acquire))
        std::this_thread::yield();
      try {
        for (int i = 0; i < iterations; ++i)
          wrong += exercise(values, expected);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "envelope_tsan_test: %s\n", e.what());
        ++thrown;
      }
    });
  }
  go.store(true, std::memory_order_release);
  for (std::thread& t : threads)
    t.join();
  std::printf("envelope_tsan_test: %d threads x %d iterations, %d wrong answers, %d exceptions\n",
              thread_count, iterations, wrong.load(), thrown.load());
  return wrong == 0 && thrown == 0 ? 0 : 1;
}

// The header fields of docs/http-fields.md written through the library beside
// the same text concatenated by hand: what a service pays for values that are
// checked (no control characters, numbers in range) and serialized by the RFCs.
#include <envelope/rate_limit.hpp>
#include <envelope/structured_fields.hpp>
#include <envelope/web_linking.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

void rate_limit_by_hand(benchmark::State& state) {
  const std::string name = "default";
  std::int64_t remaining = 50;
  for (auto _ : state) {
    std::string policy = "\"" + name + "\";q=" + std::to_string(100) + ";w=" + std::to_string(60);
    std::string limit =
        "\"" + name + "\";r=" + std::to_string(remaining) + ";t=" + std::to_string(30);
    benchmark::DoNotOptimize(policy);
    benchmark::DoNotOptimize(limit);
  }
}
BENCHMARK(rate_limit_by_hand);

void rate_limit_library(benchmark::State& state) {
  envelope::quota_policy p{"default", 100, 60, std::nullopt, std::nullopt};
  envelope::service_limit s{"default", 50, 30, std::nullopt};
  for (auto _ : state) {
    std::string policy = envelope::format_rate_limit_policy({p});
    std::string limit = envelope::format_rate_limit({s});
    benchmark::DoNotOptimize(policy);
    benchmark::DoNotOptimize(limit);
  }
}
BENCHMARK(rate_limit_library);

const char* const rels[] = {"first", "prev", "next", "last"};

void paging_link_by_hand(benchmark::State& state) {
  const std::vector<std::string> targets = {"/orders?page=0&size=20", "/orders?page=1&size=20",
                                            "/orders?page=3&size=20", "/orders?page=9&size=20"};
  for (auto _ : state) {
    std::string field;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      if (i != 0) field += ", ";
      field += "<" + targets[i] + ">; rel=\"" + rels[i] + "\"";
    }
    benchmark::DoNotOptimize(field);
  }
}
BENCHMARK(paging_link_by_hand);

void paging_link_library(benchmark::State& state) {
  const std::vector<envelope::web_link> links = {
      envelope::web_link("/orders?page=0&size=20", rels[0]),
      envelope::web_link("/orders?page=1&size=20", rels[1]),
      envelope::web_link("/orders?page=3&size=20", rels[2]),
      envelope::web_link("/orders?page=9&size=20", rels[3])};
  for (auto _ : state) {
    std::string field = envelope::format_link_header(links);
    benchmark::DoNotOptimize(field);
  }
}
BENCHMARK(paging_link_library);

// Reading: a client's look-up of "next" by searching the text, against parsing.
const std::string github =
    "<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"prev\", "
    "<https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", "
    "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\", "
    "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"";

void next_link_by_hand(benchmark::State& state) {
  for (auto _ : state) {
    const std::size_t rel = github.find("rel=\"next\"");
    const std::size_t open = github.rfind('<', rel);
    const std::size_t close = github.find('>', open);
    std::string next = github.substr(open + 1, close - open - 1);
    benchmark::DoNotOptimize(next);
  }
}
BENCHMARK(next_link_by_hand);

void next_link_library(benchmark::State& state) {
  for (auto _ : state) {
    const auto links = envelope::parse_link_header(github);
    std::string next = envelope::find_web_link(links, "next")->target;
    benchmark::DoNotOptimize(next);
  }
}
BENCHMARK(next_link_library);

}  // namespace

BENCHMARK_MAIN();

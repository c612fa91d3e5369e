// Expanding a level-4 URI template with five variables, beside the same URL built
// by hand with std::string appends and a hand-written percent-encoder.
#include <envelope/uri_template.hpp>

#include "allocation_counter.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view level4_template = "{+base}/users{/user}/repos{?q,page}{&tags*}";

// What a service writes without a template engine: RFC 3986 unreserved
// characters copied, everything else as %XX.
void append_encoded(std::string& out, std::string_view text) {
  constexpr char hex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
}

struct inputs {
  std::string base = "https://api.example.com/v2";
  std::string user = "octo cat";
  std::string q = "uri templates";
  int page = 2;
  std::vector<std::string> tags = {"c++", "rfc 6570"};
};

std::string by_hand(const inputs& in, std::size_t reserve = 0) {
  std::string url;
  url.reserve(reserve);
  url += in.base;
  url += "/users/";
  append_encoded(url, in.user);
  url += "/repos?q=";
  append_encoded(url, in.q);
  url += "&page=";
  url += std::to_string(in.page);
  for (const std::string& tag : in.tags) {
    url += "&tags=";
    append_encoded(url, tag);
  }
  return url;
}

nlohmann::json as_json(const inputs& in) {
  return {{"base", in.base}, {"user", in.user}, {"q", in.q}, {"page", in.page}, {"tags", in.tags}};
}

void hand_built_url(benchmark::State& state) {
  const inputs in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string url = by_hand(in);
    benchmark::DoNotOptimize(url);
  }
}
BENCHMARK(hand_built_url);

// The same with the capacity guessed up front, the best a careful hand can do.
void hand_built_url_reserved(benchmark::State& state) {
  const inputs in;
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string url = by_hand(in, 128);
    benchmark::DoNotOptimize(url);
  }
}
BENCHMARK(hand_built_url_reserved);

void envelope_uri_template_expand(benchmark::State& state) {
  const inputs in;
  const nlohmann::json variables = as_json(in);
  const envelope::uri_template tpl(level4_template);
  if (tpl.expand(variables) != by_hand(in)) {
    state.SkipWithError("the template and the hand-built URL differ");
    return;
  }
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    std::string url = tpl.expand(variables);
    benchmark::DoNotOptimize(url);
  }
}
BENCHMARK(envelope_uri_template_expand);

// Compiling is paid once per template; shown so that cost is visible too.
void envelope_uri_template_compile(benchmark::State& state) {
  envelope_bench::allocation_scope allocations(state);
  for (auto _ : state) {
    envelope::uri_template tpl(level4_template);
    benchmark::DoNotOptimize(tpl);
  }
}
BENCHMARK(envelope_uri_template_compile);

}  // namespace

BENCHMARK_MAIN();

// Counts heap allocations made through the global operator new, so benchmarks
// can report allocations per operation beside time.
#ifndef ENVELOPE_BENCHMARKS_ALLOCATION_COUNTER_HPP
#define ENVELOPE_BENCHMARKS_ALLOCATION_COUNTER_HPP

#include <benchmark/benchmark.h>

#include <cstdint>

namespace envelope_bench {

std::uint64_t allocations() noexcept;

// Measures the allocations of the loop it wraps and reports them per iteration
// as the counter "allocs".
class allocation_scope {
 public:
  explicit allocation_scope(benchmark::State& state) noexcept
      : state_(state), start_(allocations()) {}
  allocation_scope(const allocation_scope&) = delete;
  allocation_scope& operator=(const allocation_scope&) = delete;
  ~allocation_scope() {
    const auto total = static_cast<double>(allocations() - start_);
    const auto iterations = static_cast<double>(state_.iterations());
    state_.counters["allocs"] = iterations > 0 ? total / iterations : 0.0;
  }

 private:
  benchmark::State& state_;
  std::uint64_t start_;
};

}  // namespace envelope_bench

#endif

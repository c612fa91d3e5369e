// Runs one operation N times on the benchmark documents, for counting its
// instructions under callgrind (instruction_counts.sh), which a shared machine's
// load does not change. Each operation is paired with its hand-written yardstick.
// Usage: instruction_counts OPERATION N
#include <envelope/hal.hpp>
#include <envelope/problem.hpp>
#include <envelope/response.hpp>

#include "documents.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using envelope_bench::order_input;
using envelope_bench::problem_input;

// Something of each result is kept, so that nothing is optimized away.
std::size_t run(const char* operation, const order_input& order, const problem_input& problem,
                const std::string& hal_text, const std::string& problem_text) {
  const std::string op = operation;
  if (op == "hal_build_dump") return envelope::dump(envelope_bench::build_order(order)).size();
  if (op == "hand_hal_build_dump") return envelope_bench::build_order_by_hand(order).dump().size();
  if (op == "problem_build_dump") {
    return envelope::dump(envelope_bench::build_problem(problem)).size();
  }
  if (op == "hand_problem_build_dump") {
    return envelope_bench::build_problem_by_hand(problem).dump().size();
  }
  if (op == "parse_response_hal") {
    return envelope::parse_response(200, "application/hal+json", hal_text)
        .as_resource()
        .links()
        .size();
  }
  if (op == "parse_response_problem") {
    return envelope::parse_response(400, "application/problem+json", problem_text)
        .as_problem()
        .errors.size();
  }
  if (op == "parse_request_json") return envelope::parse_request_json(hal_text).size();
  if (op == "json_parse_hal") return nlohmann::json::parse(hal_text).size();
  if (op == "json_parse_problem") return nlohmann::json::parse(problem_text).size();
  std::fprintf(stderr, "instruction_counts: unknown operation %s\n", operation);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: instruction_counts OPERATION N\n");
    return 2;
  }
  const order_input order;
  const problem_input problem;
  const std::string hal_text = envelope_bench::build_order_by_hand(order).dump();
  const std::string problem_text = envelope_bench::build_problem_by_hand(problem).dump();
  const long count = std::strtol(argv[2], nullptr, 10);
  std::size_t kept = 0;
  for (long i = 0; i < count; ++i)
    kept += run(argv[1], order, problem, hal_text, problem_text);
  std::printf("%zu\n", kept);
  return 0;
}

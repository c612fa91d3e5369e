#!/usr/bin/env bash
# Instructions per operation, counted by callgrind: the whole program run with N
# operations, less the same program run with none, divided by N. Prints each
# operation beside its yardstick and the ratio.
# Usage: tests/benchmarks/instruction_counts.sh BUILD_DIR [N]
#   BUILD_DIR: a Release build with -DENVELOPE_BUILD_BENCHMARKS=ON.
set -euo pipefail
program="$1/tests/benchmarks/instruction_counts"
n="${2:-500}"
[[ -x "$program" ]] || { echo "no $program: build the instruction_counts target" >&2; exit 1; }
command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 1; }

collected() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$program" "$1" "$2" 2>&1 |
    grep -Eo 'Collected : [0-9]+' | grep -Eo '[0-9]+'
}
per_operation() {
  local none all
  none=$(collected "$1" 0)
  all=$(collected "$1" "$n")
  echo $(((all - none) / n))
}

echo "| operation | envelope | yardstick | ratio |"
echo "|---|---|---|---|"
while read -r mine theirs; do
  a=$(per_operation "$mine")
  b=$(per_operation "$theirs")
  awk -v m="$mine" -v t="$theirs" -v a="$a" -v b="$b" \
    'BEGIN { printf "| %s | %d | %d (%s) | %.3f |\n", m, a, b, t, a / b }'
done << 'PAIRS'
hal_build_dump hand_hal_build_dump
problem_build_dump hand_problem_build_dump
parse_response_hal json_parse_hal
parse_response_problem json_parse_problem
parse_request_json json_parse_hal
PAIRS

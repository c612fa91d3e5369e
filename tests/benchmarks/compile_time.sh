#!/usr/bin/env bash
# Compile-time comparison: each pair of translation units compiled RUNS times,
# median wall time reported with the ratio. Usage: compile_time.sh [CXX] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cxx="${1:-g++}"
runs="${2:-7}"
flags=(-std=c++17 -O2 -I"$root/include" -c -o /dev/null)

# median_ms SOURCE [EXTRA_FLAG...]
median_ms() {
  local source="$1" times=()
  shift
  for ((i = 0; i < runs; ++i)); do
    local start end
    start=$(date +%s%N)
    "$cxx" "${flags[@]}" "$@" "$source"
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

# compare LABEL MINE THEIRS TARGET [EXTRA_FLAG_FOR_MINE...]
compare() {
  local label="$1" mine="$2" theirs="$3" target="$4"
  shift 4
  [[ -f "$here/compile_time/$mine" && -f "$here/compile_time/$theirs" ]] || return 0
  local a b
  a=$(median_ms "$here/compile_time/$mine" "$@")
  b=$(median_ms "$here/compile_time/$theirs")
  awk -v l="$label" -v a="$a" -v b="$b" -v t="$target" \
    'BEGIN { printf "| %s | %d ms | %d ms | %.3f | %s |\n", l, a, b, a / b, t }'
}

echo "compiler: $("$cxx" --version | head -1); runs: $runs (median)"
echo
echo "| translation unit | envelope | yardstick | ratio | target |"
echo "|---|---|---|---|---|"
compare "http_status.hpp alone vs nlohmann/json.hpp alone" http_status_alone.cpp nlohmann_alone.cpp "< 0.10"
compare "envelope.hpp + one response, separately compiled, vs nlohmann by hand" \
  envelope_response.cpp nlohmann_response.cpp "<= 1.15" -DENVELOPE_SEPARATE_COMPILATION
compare "envelope.hpp + one response, header-only, vs nlohmann by hand" \
  envelope_response.cpp nlohmann_response.cpp "(none)"
# What the separately compiled mode costs once per program: src/envelope.cpp.
if [[ "${ENVELOPE_COMPILE_TIME_LIBRARY:-1}" != 0 ]]; then
  library=$(median_ms "$root/src/envelope.cpp" -DENVELOPE_SEPARATE_COMPILATION)
  echo
  echo "src/envelope.cpp (the envelope::compiled library, once per program): $library ms"
fi

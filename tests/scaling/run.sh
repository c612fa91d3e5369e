#!/usr/bin/env bash
# Shows that no hostile-input workload grows faster than linearly, by counting
# instructions (callgrind: the same count on a loaded machine as on an idle one)
# rather than reading a clock. Each workload of scaling_probe runs at a size n
# and at 4n; linear work gives a ratio near 4, n log n about 4.6 at these sizes,
# quadratic 16. The bound, 6.5, sits between.
# Usage: run.sh PROBE
set -euo pipefail
probe="${1:?usage: $0 PROBE}"
bound=6.5
declare -A small=([accept]=65536 [content_type]=65536 [uri_template]=2500)
default_small=5000
failed=0

count() {  # the instructions of one workload at one size
  local out
  out=$(valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=/dev/null \
        "$probe" "$1" "$2" 2>&1 > /dev/null) || { echo "$out" >&2; return 1; }
  sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' <<< "$out"
}

printf '%-14s %10s %16s %16s %7s\n' workload n "Ir at n" "Ir at 4n" ratio
for name in $("$probe" --list); do
  n=${small[$name]:-$default_small}
  a=$(count "$name" "$n")
  b=$(count "$name" $((4 * n)))
  if [[ -z "$a" || -z "$b" || "$a" -eq 0 ]]; then
    echo "$name: callgrind reported no instruction count" >&2
    failed=1
    continue
  fi
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')
  verdict=$(awk -v r="$ratio" -v m="$bound" 'BEGIN { print (r <= m) ? "" : "  FAIL: faster than linear" }')
  printf '%-14s %10s %16s %16s %7s%s\n' "$name" "$n" "$a" "$b" "$ratio" "$verdict"
  [[ -z "$verdict" ]] || failed=1
done
exit "$failed"

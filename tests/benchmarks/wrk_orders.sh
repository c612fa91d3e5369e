#!/usr/bin/env bash
# orders_service's `GET /` under wrk, beside wrk_baseline (the same answer from
# a bare cpp-httplib server) in the same run, and the ratio of their requests
# per second. Each server is measured three times, interleaved, and the best
# run of each counts: other work on the machine only ever slows a run down.
# The target is a ratio of 0.8 or more; the script exits 1 below it. Not a
# test: numbers from a loaded machine mean little (docs/performance.md).
#
#   tests/benchmarks/wrk_orders.sh BUILD_DIR [WRK_OPTIONS...]
#
# BUILD_DIR is a Release build configured with -DENVELOPE_BUILD_BENCHMARKS=ON
# (for wrk_baseline) and the examples (for orders_service); WRK_OPTIONS default
# to -t2 -c16 -d5s.
set -euo pipefail

build=${1:?usage: wrk_orders.sh BUILD_DIR [WRK_OPTIONS...]}
shift
options=("$@")
((${#options[@]})) || options=(-t2 -c16 -d5s)
service=$build/examples/orders_service/orders_service
baseline=$build/tests/benchmarks/wrk_baseline
command -v wrk >/dev/null || { echo "wrk_orders.sh: wrk is not installed" >&2; exit 2; }
for binary in "$service" "$baseline"; do
  [[ -x $binary ]] || { echo "wrk_orders.sh: no $binary (see the usage above)" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME BINARY ARGS...: starts a server on a free port; its URL lands in $url.
start() {
  local name=$1
  shift
  "$@" --port 0 >"$work/$name.url" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do
    [[ -s $work/$name.url ]] && break
    sleep 0.05
  done
  url=$(head -n 1 "$work/$name.url")
  [[ $url == http://* ]] || { echo "wrk_orders.sh: $name did not start" >&2; exit 2; }
}

# rate URL: requests per second of one wrk run against URL/.
rate() {
  local out
  out=$(wrk "${options[@]}" "$1/")
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "wrk_orders.sh: $1/ answered something other than 2xx:" >&2
    echo "$out" >&2
    exit 2
  fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

# The service as the README runs it, but on a database that keeps nothing and
# with its request log thrown away (a terminal would slow down both alike).
start service "$service" --db :memory:
service_url=$url
start baseline "$baseline"
baseline_url=$url
curl -sf "$service_url/" >/dev/null && curl -sf "$baseline_url/" >/dev/null

best_service=0
best_baseline=0
for run in 1 2 3; do
  b=$(rate "$baseline_url")
  s=$(rate "$service_url")
  echo "run $run: wrk_baseline $b requests/s, orders_service $s requests/s"
  best_baseline=$(awk -v a="$best_baseline" -v b="$b" 'BEGIN { print (b > a ? b : a) }')
  best_service=$(awk -v a="$best_service" -v b="$s" 'BEGIN { print (b > a ? b : a) }')
done
ratio=$(awk -v s="$best_service" -v b="$best_baseline" 'BEGIN { printf "%.2f", s / b }')
echo "wrk ${options[*]} GET /: orders_service $best_service requests/s," \
  "wrk_baseline $best_baseline requests/s: ${ratio}x (target 0.80x)"
awk -v r="$ratio" 'BEGIN { exit !(r >= 0.8) }'

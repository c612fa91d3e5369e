#!/usr/bin/env bash
# Runs every fuzzer built in BUILD_DIR for SECONDS each, starting from its
# committed seed corpus (read-only; new inputs go to a scratch directory).
# Fails on any crash, leak, timeout or failed round-trip check, and prints the
# failing input in base64 so that it can become a regression test.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS] [JOBS]
#   JOBS fuzzers run at once (default 1); each uses one core.
set -euo pipefail
build="$1"
seconds="${2:-60}"
jobs="${3:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Reports go through a file so that parallel runs do not interleave their lines.
fuzz_one() {
  local name
  name="$(basename "$1")"
  local result=0
  fuzz_target "$1" > "$scratch/${name}.report" 2>&1 || result=$?
  cat "$scratch/${name}.report"
  return "$result"
}

fuzz_target() {
  local fuzzer="$1" name
  name="$(basename "$fuzzer")"
  name="${name%_fuzzer}"
  mkdir -p "$scratch/$name"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
              -print_final_stats=1 -artifact_prefix="$scratch/$name-")
  [[ -f "$here/$name.dict" ]] && args+=(-dict="$here/$name.dict")
  if "$fuzzer" "${args[@]}" "$scratch/$name" "$here/corpus/$name" > "$scratch/$name.log" 2>&1; then
    echo "== $name: ${seconds}s, $(grep -Eo 'Done [0-9]+ runs' "$scratch/$name.log" | tail -1)"
    return 0
  fi
  echo "!! $name failed after $(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$scratch/$name.log" | grep -Eo '[0-9]+$' || echo '?') runs:"
  grep -v -E '^(#[0-9]+|INFO:|MS:|	)' "$scratch/$name.log" | tail -60
  for artifact in "$scratch/$name"-*; do
    [[ -f "$artifact" ]] && { echo "-- input $(basename "$artifact") (base64):"; base64 "$artifact" | head -20; }
  done
  return 1
}

fuzzers=("$build"/tests/fuzz/*_fuzzer)
[[ -x "${fuzzers[0]}" ]] || { echo "no fuzzers in $build/tests/fuzz" >&2; exit 1; }
echo "== fuzzing ${#fuzzers[@]} targets for ${seconds}s each, $jobs at a time"
status=0
running=0
for fuzzer in "${fuzzers[@]}"; do
  if ((running == jobs)); then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$fuzzer" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || status=1
  running=$((running - 1))
done
exit "$status"

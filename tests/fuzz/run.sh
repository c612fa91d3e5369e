#!/usr/bin/env bash
# Runs every fuzzer built in BUILD_DIR for SECONDS each, starting from its
# committed seed corpus (read-only; new inputs go to a scratch directory).
# Fails on any crash, leak, timeout or failed round-trip check.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
set -euo pipefail
build="$1"
seconds="${2:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for fuzzer in "$build"/tests/fuzz/*_fuzzer; do
  name="$(basename "$fuzzer")"
  name="${name%_fuzzer}"
  mkdir -p "$scratch/$name"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
        -print_final_stats=1 -artifact_prefix="$scratch/$name-")
  [[ -f "$here/$name.dict" ]] && args+=(-dict="$here/$name.dict")
  echo "== fuzzing $name for ${seconds}s"
  if ! "$fuzzer" "${args[@]}" "$scratch/$name" "$here/corpus/$name" > "$scratch/$name.log" 2>&1; then
    status=1
    echo "!! $name failed:"
    tail -60 "$scratch/$name.log"
    for artifact in "$scratch/$name"-*; do
      [[ -f "$artifact" ]] && { echo "-- input $artifact (base64):"; base64 "$artifact" | head -20; }
    done
  else
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$scratch/$name.log" | tail -2
  fi
done
exit "$status"

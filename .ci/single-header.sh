#!/usr/bin/env bash
# The single header (issue 20): single_include/ must be what
# tools/make-single-header.sh makes of include/ now, and the writing and parsing
# tests (tests/consumers/nlohmann_versions) must build and pass against it alone.
# Usage: .ci/single-header.sh WORK_DIR
set -euo pipefail
work="${1:?usage: $0 WORK_DIR}"
cd "$(dirname "$0")/.."
mkdir -p "$work"
work="$(cd "$work" && pwd)"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"

tools/make-single-header.sh "$work/generated"
if ! diff -r single_include "$work/generated" > "$work/single-header.diff"; then
  head -n 40 "$work/single-header.diff"
  echo "single_include/ is not current: run tools/make-single-header.sh and commit the result" >&2
  exit 1
fi

cmake -S tests/consumers/nlohmann_versions -B "$work/build" -DENVELOPE_SINGLE_HEADER=ON \
  > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; exit 1; }
"$work/build/nlohmann_versions_test"

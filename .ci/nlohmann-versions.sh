#!/usr/bin/env bash
# The nlohmann/json matrix (issue 20): detail::json_writer uses an internal of
# nlohmann/json, so the unit tests that write and read JSON
# (tests/consumers/nlohmann_versions) are built against each single header a
# service may vendor, header-only, and once separately compiled (the oldest).
# ENVELOPE_NLOHMANN_VERSIONS_DIR holds one directory per version, each holding
# nlohmann/json.hpp (default: ../shared/third_party/nlohmann-json beside the
# checkout); where it or a version is absent, that run is skipped with a message.
# Usage: .ci/nlohmann-versions.sh WORK_DIR
set -euo pipefail
work="${1:?usage: $0 WORK_DIR}"
cd "$(dirname "$0")/.."
versions_dir="${ENVELOPE_NLOHMANN_VERSIONS_DIR:-../shared/third_party/nlohmann-json}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
start=$(date +%s)
step() { printf '\n== nlohmann/json: %s (%ss)\n' "$1" "$(($(date +%s) - start))"; }

if [[ ! -d "$versions_dir" ]]; then
  step "skipped: no $versions_dir (set ENVELOPE_NLOHMANN_VERSIONS_DIR)"
  exit 0
fi
versions_dir="$(cd "$versions_dir" && pwd)"
mkdir -p "$work"
failed=()

# run NAME VERSION_DIR EXPECTED_VERSION SEPARATE
run() {
  local name=$1 dir=$2 expected=$3 separate=$4
  if [[ ! -f "$dir/nlohmann/json.hpp" ]]; then
    step "$name: skipped ($dir/nlohmann/json.hpp not found)"
    return
  fi
  step "$name"
  if cmake -S tests/consumers/nlohmann_versions -B "$work/$name" -DCMAKE_BUILD_TYPE= \
       -DENVELOPE_NLOHMANN_JSON_DIR="$dir" -DENVELOPE_NLOHMANN_JSON_VERSION="$expected" \
       -DENVELOPE_NLOHMANN_SEPARATE="$separate" > "$work/$name-configure.log" &&
     cmake --build "$work/$name" > "$work/$name-build.log" 2>&1 &&
     "$work/$name/nlohmann_versions_test"; then
    :
  else
    tail -n 40 "$work/$name-build.log" 2>/dev/null || true
    failed+=("$name")
  fi
}

# The released versions must say which they are; the development branch may say anything.
run header-only-3.10.5 "$versions_dir/3.10.5" 3.10.5 OFF
run header-only-3.11.3 "$versions_dir/3.11.3" 3.11.3 OFF
run header-only-develop "$versions_dir/develop" "" OFF
run separate-3.10.5 "$versions_dir/3.10.5" 3.10.5 ON

step "done"
if ((${#failed[@]})); then
  echo "nlohmann/json matrix failed: ${failed[*]}" >&2
  exit 1
fi

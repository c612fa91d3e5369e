#!/usr/bin/env bash
# The hardening checks of issue 9, run by CI after the unit suites:
#   1. every libFuzzer target (clang, ASan+UBSan) for ENVELOPE_FUZZ_SECONDS each,
#      ENVELOPE_FUZZ_JOBS (default: one per core) at a time, from the committed
#      seed corpora;
#   2. the ThreadSanitizer test (tests/tsan), eight threads on shared const values;
#   3. the unit suite under valgrind memcheck, from ENVELOPE_VALGRIND_BUILD_DIR
#      (default build/default, which the default preset leaves behind), when
#      valgrind is installed and ENVELOPE_VALGRIND is not 0.
# Budget on 2 cores with the defaults: about 2 min of builds, 4 min of fuzzing
# (11 targets x 45 s, 2 at a time), half a minute of TSan, and 7 min of valgrind.
# Each CI run adds its executions to the totals in docs/reliability.md; the runs
# of millions are made by hand (tests/fuzz/run.sh with more seconds).
# Usage: .ci/extra-hardening.sh WORK_DIR
set -euo pipefail
work="${1:?usage: $0 WORK_DIR}"
cd "$(dirname "$0")/.."
root="$(pwd)"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
seconds="${ENVELOPE_FUZZ_SECONDS:-45}"
jobs="${ENVELOPE_FUZZ_JOBS:-$(nproc)}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
start=$(date +%s)
step() { printf '\n== hardening: %s (%ss)\n' "$1" "$(($(date +%s) - start))"; }
failed=()

step "build the fuzzers"
cmake -S . -B "$work/fuzz" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DENVELOPE_BUILD_FUZZERS=ON -DENVELOPE_BUILD_TESTS=OFF -DENVELOPE_BUILD_EXAMPLES=OFF \
  -DENVELOPE_BUILD_TOOLS=OFF -DENVELOPE_INSTALL=OFF > "$work/fuzz-configure.log"
cmake --build "$work/fuzz"

step "fuzz each target for ${seconds}s, $jobs at a time"
tests/fuzz/run.sh "$work/fuzz" "$seconds" "$jobs" || failed+=("fuzzing")

step "ThreadSanitizer: shared const values across eight threads"
cmake -S tests/tsan -B "$work/tsan" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$work/tsan-configure.log"
cmake --build "$work/tsan"
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" "$work/tsan/envelope_tsan_test" ||
  failed+=("tsan")

vg_build="${ENVELOPE_VALGRIND_BUILD_DIR:-$root/build/default}"
if [[ "${ENVELOPE_VALGRIND:-1}" == 0 ]]; then
  step "valgrind: skipped (ENVELOPE_VALGRIND=0)"
elif ! command -v valgrind > /dev/null; then
  step "valgrind: skipped (not installed)"
elif [[ ! -d "$vg_build/tests" ]]; then
  step "valgrind: skipped (no unit build in $vg_build; run the default preset first)"
else
  step "valgrind memcheck over the unit suite in $vg_build"
  # Only memcheck's verdict counts here (exit 99): test failures are the unit
  # step's business. The [size] cases run natively and under ASan; under
  # valgrind's 20-50x slowdown they would take minutes and show nothing new.
  vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
      --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)
  for test in "$vg_build"/tests/*_test; do
    [[ -x "$test" ]] || continue
    name="$(basename "$test")"
    set +e
    timeout 300 "${vg[@]}" "$test" "~[size]" > "$work/valgrind-$name.log" 2>&1
    rc=$?
    set -e
    if ((rc == 99)); then
      echo "!! $name: memcheck errors"
      grep -E '^==[0-9]+==' "$work/valgrind-$name.log" | head -80
      failed+=("valgrind:$name")
    elif ((rc == 124)); then
      echo "!! $name: valgrind run exceeded 300 s"
      failed+=("valgrind:$name (timeout)")
    else
      echo "-- $name: no memcheck errors (test exit $rc)"
    fi
  done
fi

step "done"
if ((${#failed[@]})); then
  echo "hardening failed: ${failed[*]}"
  exit 1
fi
echo "hardening passed"

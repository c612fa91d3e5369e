#!/bin/sh
# Runs envelope-lint over tests/data/lint: every good/*.json must be clean even
# with --strict; every bad/NAME.json must print exactly the lines of
# bad/NAME.expected (each "POINTER: severity: message", the tool prefixing
# "NAME.json:"), exit 1 when one of them is an error and 0 otherwise, and exit 1
# with --strict when one is an error or a warning. bad/NAME.args, when present,
# holds extra options, one per line. Usage: corpus_test.sh LINT DATA_DIR
set -u
lint=$1
data=$(cd "$2" && pwd) || exit 1
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

checked=0
cd "$data/good" || exit 1
for file in *.json; do
  "$lint" --strict "$file" >"$work/out" 2>&1
  status=$?
  [ "$status" -eq 0 ] || fail "good/$file: exit status $status"
  [ -s "$work/out" ] && { fail "good/$file has findings:"; cat "$work/out"; }
  checked=$((checked + 1))
done

cd "$data/bad" || exit 1
for file in *.json; do
  name=${file%.json}
  if [ ! -f "$name.expected" ]; then fail "bad/$file has no $name.expected"; continue; fi
  set --
  if [ -f "$name.args" ]; then
    while IFS= read -r arg; do set -- "$@" "$arg"; done <"$name.args"
  fi
  sed "s|^|$file:|" "$name.expected" >"$work/expected"
  if [ ! -s "$work/expected" ]; then fail "bad/$name.expected lists no finding"; continue; fi
  "$lint" "$@" "$file" >"$work/out" 2>"$work/err"
  status=$?
  if ! cmp -s "$work/expected" "$work/out"; then
    fail "bad/$file: findings differ (expected, then got)"; diff "$work/expected" "$work/out"
  fi
  [ -s "$work/err" ] && { fail "bad/$file wrote to stderr:"; cat "$work/err"; }
  want=0
  grep -q '^[^ ]*: error: ' "$name.expected" && want=1
  [ "$status" -eq "$want" ] || fail "bad/$file: exit status $status, expected $want"
  "$lint" --strict "$@" "$file" >/dev/null 2>&1
  status=$?
  want=0
  grep -Eq '^[^ ]*: (error|warning): ' "$name.expected" && want=1
  [ "$status" -eq "$want" ] || fail "bad/$file --strict: exit status $status, expected $want"
  checked=$((checked + 1))
done
for expected in *.expected; do
  [ -f "${expected%.expected}.json" ] || fail "bad/$expected has no document"
done

# All files in one run: the findings of each, in argument order, and one exit status.
cat "$data/good/order.json" | "$lint" - "$data/bad/missing_self.json" >"$work/out" 2>&1
status=$?
[ "$status" -eq 0 ] || fail "stdin and a warning-only file: exit status $status"
[ "$(wc -l <"$work/out")" -eq 1 ] || { fail "stdin and a file: expected one finding"; cat "$work/out"; }

if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "$checked documents checked"

#!/bin/sh
# envelope-lint's command line: options, exit statuses (0 clean, 1 findings,
# 2 usage or I/O error) and the messages that say what to do.
# Usage: cli_test.sh LINT DATA_DIR VERSION [url]
set -u
lint=$1
data=$(cd "$2" && pwd) || exit 1
version=$3
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run EXPECTED_STATUS ARGS...: stdout in $work/out, stderr in $work/err.
run() {
  want=$1; shift
  "$lint" "$@" >"$work/out" 2>"$work/err" </dev/null
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail "envelope-lint $*: exit status $got, expected $want"; cat "$work/out" "$work/err"
  fi
}
out_has() { grep -F -q -e "$1" "$work/out" || { fail "stdout lacks \"$1\""; cat "$work/out"; }; }
err_has() { grep -F -q -e "$1" "$work/err" || { fail "stderr lacks \"$1\""; cat "$work/err"; }; }
out_empty() { [ -s "$work/out" ] && { fail "stdout not empty"; cat "$work/out"; }; }

# With a 4th argument "url", only the checks of the URL itself, which the HTTP
# client makes: a build without cpp-httplib has none, and says so (skipped, 77).
if [ "${4:-}" = url ]; then
  run 2 --url https://example.com/
  if grep -F -q "no HTTP client" "$work/err"; then
    echo "skipped: envelope-lint was built without cpp-httplib, so it has no --url;" \
         "install libcpp-httplib-dev and configure again"
    exit 77
  fi
  err_has "only plain http://"
  run 2 --url ftp://example.com/;   err_has "does not start with http://"
  run 2 --url http:///orders;       err_has "names no host"
  run 2 --url http://u:p@example.com/; err_has "--header 'Authorization"
  if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
  echo "--url checked"
  exit 0
fi

run 0 --help;                     out_has "Usage: envelope-lint"; out_has "--strict"
run 0 --version
[ "$(cat "$work/out")" = "envelope-lint $version" ] || fail "--version printed $(cat "$work/out")"

# Usage errors: 2, a message, a pointer to --help, nothing on stdout.
run 2;                            err_has "no FILE to check"; err_has "envelope-lint --help"; out_empty
run 2 --bogus x.json;             err_has "unknown option --bogus"
run 2 --type json x.json;         err_has "--type is hal or problem"
run 2 --format xml x.json;        err_has "--format is text or json"
run 2 --type;                     err_has "--type needs a value"
run 2 --strict=yes x.json;        err_has "--strict takes no value"
run 2 --header 'X-A: 1' x.json;   err_has "need --url"
run 2 --url http://127.0.0.1:1/ x.json; err_has "not both"
run 2 --url http://127.0.0.1:1/ --type hal; err_has "--type applies to files"
run 2 --url http://127.0.0.1:1/ --header 'no colon'; err_has "'Name: value'"
run 2 --url http://127.0.0.1:1/ --header 'Bad Name: v'; err_has "not an RFC 9110 token"
run 2 --url http://127.0.0.1:1/ --method 'GE T'; err_has "not an HTTP method token"
run 2 --url http://127.0.0.1:1/ --timeout 0; err_has "--timeout"
run 2 --url http://127.0.0.1:1/ --expect-status 99; err_has "--expect-status is a status code"
run 2 --verbose x.json;           err_has "need --url"
run 2 --url http://127.0.0.1:1/ --url http://127.0.0.1:2/; err_has "once"

# I/O errors: 2 with advice; the readable files are still checked.
run 2 "$work/missing.json" "$data/bad/link_without_href.json"
err_has "cannot open $work/missing.json"; err_has "check the path"
out_has "link_without_href.json:/_links/next: error:"
run 2 "$data";                    err_has "Is a directory"

# Detection and --type.
run 0 --strict "$data/good/problem_not_found.json"; out_empty
run 1 --type problem "$data/good/order.json"
out_has "order.json:/status: error: status is not a number"
out_has "order.json:: warning: no detail; the conventions require one"
run 0 --type problem "$data/bad/missing_self.json"
out_has "missing_self.json:: warning: no title; the conventions require one"
run 1 --strict --type problem "$data/bad/missing_self.json"
run 0 --type=hal --strict "$data/good/order.json"; out_empty

# Standard input is "-" and reported as <stdin>; binary input is a finding, not a crash.
printf '{"_links":{"next":{}}}' | "$lint" - >"$work/out" 2>"$work/err"
[ $? -eq 1 ] || fail "stdin with an error: exit status not 1"
out_has "<stdin>:/_links/next: error: a Link Object must have a string \"href\" (§5.1)"
head -c 4096 "$lint" | "$lint" - >"$work/out" 2>"$work/err"
[ $? -eq 1 ] || fail "binary stdin: exit status not 1"
out_has "<stdin>:: error: the document is not JSON: syntax error at byte"

# --format json: one object per finding, members file, pointer, severity, message.
run 1 --format json "$data/bad/link_without_href.json"
[ "$(wc -l <"$work/out")" -eq 3 ] || fail "--format json: expected 3 lines"
first=$(head -n 1 "$work/out")
want="{\"file\":\"$data/bad/link_without_href.json\",\"pointer\":\"/_links/item/0\",\"severity\":\"error\",\"message\":\"a Link Object must have a string \\\"href\\\" (§5.1), got number\"}"
[ "$first" = "$want" ] || fail "--format json printed $first"
run 0 --format=json "$data/bad/missing_self.json"
out_has '"pointer":"","severity":"warning"'

# After "--" a name starting with "-" is a file.
run 2 -- --strict;                err_has "cannot open --strict"

if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "command line checked"

#!/bin/sh
# Lints each route of broken_server and asserts that each fault is reported with
# its pointer (a header name, ":status", or a JSON Pointer into the body), its
# severity, and the exit status. Usage: broken_responses_test.sh LINT SERVER
set -u
lint=$1
server=$2

work=$(mktemp -d) || exit 1
server_pid=""
# The server is stopped on every way out, and stops by itself after 90 s anyway.
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

"$server" --lifetime 90 >"$work/url" 2>"$work/server.err" &
server_pid=$!
tries=0
base=""
while [ -z "$base" ]; do
  base=$(head -n 1 "$work/url" 2>/dev/null)
  if [ -z "$base" ]; then
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ] || ! kill -0 "$server_pid" 2>/dev/null; then
      echo "FAIL: broken_server printed no URL"; cat "$work/server.err"; exit 1
    fi
    sleep 0.1
  fi
done

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# lint ROUTE EXPECTED_STATUS [lint options...]: runs envelope-lint, keeps its output.
lint_route() {
  route=$1; want=$2; shift 2
  "$lint" --url "$base$route" "$@" >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$route: exit status $got, expected $want"; cat "$work/out" "$work/err"
  fi
}
# expect ROUTE 'POINTER: severity: message start': a line of the last run begins so.
expect() {
  if ! awk -v want="$base$1:$2" 'index($0, want) == 1 { found = 1 } END { exit !found }' \
      "$work/out"; then
    fail "$1: no finding \"$2\""; cat "$work/out"
  fi
}
expect_clean() {
  if [ -s "$work/out" ]; then fail "$1: expected no findings"; cat "$work/out"; fi
}

lint_route /good 0;                            expect_clean /good
lint_route /good 0 --strict;                   expect_clean /good
lint_route /good-problem 0 --strict;           expect_clean /good-problem

lint_route /created-without-location 1
expect /created-without-location 'Location: error: a 201 response must carry Location'
lint_route /not-allowed-without-allow 1
expect /not-allowed-without-allow 'Allow: error: a 405 response must carry Allow'
lint_route /unauthorized-without-challenge 1
expect /unauthorized-without-challenge 'WWW-Authenticate: error: a 401 response must carry WWW-Authenticate'
lint_route /not-found-as-html 1
expect /not-found-as-html 'Content-Type: error: text/html is not application/problem+json'
lint_route /status-disagrees 1
expect /status-disagrees "/status: error: the problem's status 400 disagrees with the HTTP status 409"
lint_route /link-without-href 1
expect /link-without-href '/_links/next: error: a Link Object must have a string "href"'
lint_route /no-content-with-body 1
expect /no-content-with-body 'Content-Type: error: a 204 response has no content, so no Content-Type'
expect /no-content-with-body 'Content-Length: error: a 204 response has no content, but Content-Length is 33'
lint_route /hal-on-error 1
expect /hal-on-error 'Content-Type: error: a HAL resource on a 500 response'
lint_route /problem-on-success 1
expect /problem-on-success 'Content-Type: error: problem details on a 200 response'
lint_route /error-without-body 1
expect /error-without-body ': error: a 503 response has no body'
lint_route /truncated-json 1
expect /truncated-json ': error: the body is not JSON: syntax error at byte 18'
lint_route /bad-retry-after 1
expect /bad-retry-after 'Retry-After: error: "soon" is neither a number of seconds nor an HTTP-date'
# Deprecation, Sunset, Link and RateLimit (docs/http-fields.md).
lint_route /good-http-fields 0 --strict;       expect_clean /good-http-fields
lint_route /bad-http-fields 1
expect /bad-http-fields 'Deprecation: error: "true" is not a Structured Fields Date'
expect /bad-http-fields 'Sunset: error: "2026-07-01" is not an HTTP-date'
expect /bad-http-fields 'Link: error: Link header: a quoted string has no closing'
expect /bad-http-fields 'RateLimit-Policy: error: RateLimit field: member 0: a quota policy needs "q"'
lint_route /too-many-with-quota 1
expect /too-many-with-quota 'RateLimit: error: a 429 refuses the request, but RateLimit leaves quota'
lint_route /too-many-retry-early 1 --strict
expect /too-many-retry-early 'RateLimit: warning: Retry-After says 5 s, but policy "default" resets in 30 s'
# HEAD: no content is right, the header fields are still checked.
lint_route /good-problem 0 --strict -X HEAD;   expect_clean /good-problem
lint_route /not-allowed-without-allow 1 -X HEAD
expect /not-allowed-without-allow 'Allow: error: a 405 response must carry Allow'

# Warnings: exit 0, or 1 with --strict.
lint_route /too-many-without-retry-after 0
expect /too-many-without-retry-after 'Retry-After: warning: a 429 response should say when to retry'
lint_route /too-many-without-retry-after 1 --strict
lint_route /plain-json 0
expect /plain-json 'Content-Type: warning: application/json is JSON, but the conventions use application/hal+json'
lint_route /unassigned-status 1 --strict
expect /unassigned-status ':status: warning: status 299 is not IANA-assigned'

# --method, --header and --data reach the server: only the exact request is answered well.
lint_route /echo 0 --method POST --header 'X-Token: secret' --data '{"n":1}'
expect_clean /echo
lint_route /echo 1 --method POST --data '{"n":1}'
expect /echo 'Content-Type: error: text/plain is not application/problem+json'

# A client that excludes HAL is rightly answered with application/json.
lint_route /plain-json 0 --strict --header 'Accept: application/json, text/plain;q=0.5'
expect_clean /plain-json
# ... and so is one that prefers JSON to HAL.
lint_route /plain-json 0 --strict --header 'Accept: application/json, application/hal+json;q=0.5'
expect_clean /plain-json
lint_route /plain-json 1 --strict --header 'Accept: application/hal+json, application/json;q=0.5'
# --expect-status turns a different status into a finding.
lint_route /good 1 --expect-status 201
expect /good ':status: error: the status is 200, not the 201 that --expect-status asks for'
lint_route /good 0 --expect-status 200;        expect_clean /good
# --verbose prints the exchange on stderr and nothing more on stdout.
lint_route /echo 0 --verbose -X POST -H 'X-Token: secret' -d '{"n":1}'
expect_clean /echo
grep -q '^> POST /echo$' "$work/err" || fail "--verbose: no request line"
grep -q '^< 201 Created$' "$work/err" || fail "--verbose: no status line"
grep -q '^< Location: /echo/1$' "$work/err" || fail "--verbose: no Location field"

# --format json: one object per finding, members in the documented order.
lint_route /created-without-location 1 --format json
line=$(cat "$work/out")
want="{\"file\":\"$base/created-without-location\",\"pointer\":\"Location\",\"severity\":\"error\",\"message\":\"a 201 response must carry Location, the URI of the resource it created (the conventions; RFC 9110 Section 15.3.2)\"}"
[ "$line" = "$want" ] || fail "--format json printed: $line"

# A refused connection is an I/O error (2) with advice, not a finding.
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
lint_route /good 2
grep -q "check that the service is running" "$work/err" || fail "no advice on a refused connection"
[ -s "$work/out" ] && fail "a refused connection printed findings"

if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "all broken responses reported"

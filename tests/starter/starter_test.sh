#!/usr/bin/env bash
# Drives examples/starter with curl on a free port: every behaviour main.cpp
# promises, checked by status, Content-Type and the members that matter.
#
#   tests/starter/starter_test.sh path/to/starter
set -euo pipefail

binary=${1:?usage: starter_test.sh path/to/starter}
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$binary" --port 0 >"$work/url" 2>"$work/log" &
pid=$!
for _ in $(seq 50); do
  [[ -s $work/url ]] && break
  sleep 0.1
done
base=$(head -n 1 "$work/url")
[[ $base == http://* ]] || { echo "starter_test: the starter did not start" >&2; cat "$work/log" >&2; exit 1; }

failures=0
# call NAME EXPECTED_STATUS EXPECTED_TYPE CURL_ARGS...: one request; the body is
# left in $work/body and the fields in $work/fields.
call() {
  local name=$1 status=$2 type=$3
  shift 3
  local got
  got=$(curl -sS -o "$work/body" -D "$work/fields" -w '%{http_code} %{content_type}' "$@")
  if [[ $got != "$status $type" ]]; then
    echo "FAIL $name: expected '$status $type', got '$got': $(head -c 400 "$work/body")"
    failures=$((failures + 1))
    return 1
  fi
  echo "ok   $name"
}
# expect NAME JQ_FILTER: the filter holds for the last body.
expect() {
  if ! jq -e "$2" "$work/body" >/dev/null; then
    echo "FAIL $1: $2 does not hold for $(head -c 400 "$work/body")"
    failures=$((failures + 1))
  fi
}
field() { grep -i "^$1:" "$work/fields" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

hal=application/hal+json
problem=application/problem+json
json=(-H 'Content-Type: application/json')

call "create" 201 $hal "${json[@]}" -H 'Idempotency-Key: k-1' -d '{"name":"bolt","size":3}' "$base/widgets" || true
expect "create" '.id == 1 and .name == "bolt" and ._links.self.href == "/widgets/1"'
[[ $(field Location) == /widgets/1 ]] || { echo "FAIL create: Location is '$(field Location)'"; failures=$((failures + 1)); }

call "create again with the same key" 200 $hal "${json[@]}" -H 'Idempotency-Key: k-1' -d '{"name":"bolt","size":3}' "$base/widgets" || true
expect "create again with the same key" '.id == 1'

call "create without a key" 201 $hal "${json[@]}" -d '{"name":"nut"}' "$base/widgets" || true
expect "create without a key" '.id == 2 and .size == 10'

call "read" 200 $hal "$base/widgets/1" || true
expect "read" '.name == "bolt"'
call "read as JSON" 200 application/json -H 'Accept: application/json' "$base/widgets/1" || true
call "read a widget that is not there" 404 $problem "$base/widgets/99" || true
expect "read a widget that is not there" '.title == "Not Found" and .detail == "There is no widget 99."'

call "list" 200 $hal "$base/widgets?size=1" || true
expect "list" '.page.totalElements == 2 and (._embedded.widgets | length) == 1 and ._links.next.href == "/widgets?page=1&size=1"'
call "list a bad page size" 400 $problem "$base/widgets?size=0" || true
expect "list a bad page size" '.errors[0].title == "invalid_value"'

call "validation" 400 $problem "${json[@]}" -d '{"name":5,"size":4294967297,"colour":"red"}' "$base/widgets" || true
expect "validation" '.detail == "Request failed validation" and (.errors | length) == 3'
call "not JSON" 400 $problem "${json[@]}" -d '{"name":' "$base/widgets" || true
expect "not JSON" '.errors[0].title == "invalid_json"'
call "not a JSON type" 415 $problem -H 'Content-Type: text/plain' -d '{"name":"x"}' "$base/widgets" || true
call "a body over the limit" 413 $problem "${json[@]}" --data-binary "@-" "$base/widgets" < <(head -c 2000000 /dev/zero | tr '\0' ' ') || true
call "an Accept it cannot serve" 406 $problem "${json[@]}" -H 'Accept: text/html' -d '{"name":"x"}' "$base/widgets" || true
call "an unknown path" 404 $problem "$base/gadgets" || true
expect "an unknown path" '.title == "Not Found" and (.detail | length) > 0'
call "another method" 405 $problem -X DELETE "$base/widgets" || true
[[ $(field Allow) == "GET, HEAD, POST" ]] || { echo "FAIL another method: Allow is '$(field Allow)'"; failures=$((failures + 1)); }
call "an unknown method" 501 $problem -X FOO "$base/gadgets" || true
call "a long Accept" 431 $problem -H "Accept: $(head -c 9000 /dev/zero | tr '\0' a)" "$base/widgets" || true

if ((failures > 0)); then
  echo "starter_test: $failures failure(s)"
  exit 1
fi
echo "starter_test: all passed"

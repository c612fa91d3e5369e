#!/bin/sh
# Lints every route of the reference service (examples/orders_service) with
# --strict and --expect-status: each status code the service produces must come
# with no finding at all, not even a warning. Three instances run: the main one
# (fault routes on), one with a rate limit of 2 requests per minute (429) and
# one in maintenance mode (503). Usage: orders_service_test.sh LINT SERVICE
set -u
lint=$1
service=$2
write='Authorization: Bearer demo-write-token'
read='Authorization: Bearer demo-read-token'

work=$(mktemp -d) || exit 1
pids=""
# Every instance is stopped on every way out.
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# start NAME OPTIONS...: starts an instance on a free port; its URL lands in $url.
start() {
  name=$1; shift
  "$service" --port 0 --db :memory: "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pid=$!
  pids="$pids $pid"
  tries=0
  url=""
  while [ -z "$url" ]; do
    url=$(head -n 1 "$work/$name.out" 2>/dev/null)
    if [ -z "$url" ]; then
      tries=$((tries + 1))
      if [ "$tries" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "FAIL: orders_service $* printed no URL"; cat "$work/$name.err"; exit 1
      fi
      sleep 0.1
    fi
  done
  url=${url%/}
}

failures=0
covered=""
# check STATUS METHOD URL [lint options...]: the response has STATUS and no finding.
check() {
  want=$1; method=$2; target=$3; shift 3
  "$lint" --strict --verbose --expect-status "$want" --method "$method" --url "$target" "$@" \
    >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" -ne 0 ] || [ -s "$work/out" ]; then
    echo "FAIL: $method $target (expected $want): exit status $got"
    cat "$work/out" "$work/err"
    failures=$((failures + 1))
  fi
  covered="$covered $want"
}
# The Location field of the last response, as an absolute URL.
location() {
  value=$(sed -n 's/^< [Cc]ontent-[Ll]ocation: //p; s/^< [Ll]ocation: //p' "$work/err" |
    tr -d '\r' | tail -n 1)
  case "$value" in
    "") echo "" ;;
    http://*) echo "$value" ;;
    *) echo "$base$value" ;;
  esac
}

start main --enable-fault-routes
base=$url

check 200 GET "$base/" --header "$read"
check 200 GET "$base/orders?page=0&size=2" --header "$read"
# Past the last page (no orders yet: page 0 is the only one) is the client's error.
check 400 GET "$base/orders?page=1&size=2" --header "$read"
check 200 GET "$base/orders" --header "$read" --header 'Accept: application/json'
check 406 GET "$base/orders" --header "$read" --header 'Accept: text/html'

order='{"item": "widget", "quantity": 2}'
check 201 POST "$base/orders" --header "$write" --header 'Idempotency-Key: lint-1' --data "$order"
first=$(location)
check 200 POST "$base/orders" --header "$write" --header 'Idempotency-Key: lint-1' --data "$order"
check 409 POST "$base/orders" --header "$write" --header 'Idempotency-Key: lint-1' \
  --data '{"item": "widget", "quantity": 3}'
check 200 GET "$first" --header "$read"
check 400 POST "$base/orders" --header "$write" --data '{"item": '
check 400 POST "$base/orders" --header "$write" --data '{"quantity": 2}'
check 401 POST "$base/orders" --data "$order"
check 403 POST "$base/orders" --header "$read" --data "$order"
check 404 GET "$base/orders/999999999" --header "$read"
check 404 GET "$base/no/such/route" --header "$read"
check 405 PUT "$base/orders" --header "$write" --data "$order"
big=$(head -c 70000 /dev/zero | tr '\0' 'x')
check 413 POST "$base/orders" --header "$write" --data "{\"item\": \"$big\", \"quantity\": 1}"
check 415 POST "$base/orders" --header "$write" --header 'Content-Type: text/plain' --data 'widget'
check 422 POST "$base/orders" --header "$write" --data '{"item": "widget", "quantity": 500}'
check 500 GET "$base/debug/fail" --header "$read"
check 501 GET "$first/invoice" --header "$read"

check 202 POST "$first/shipments" --header "$write"
job=$(location)
if [ -n "$job" ]; then
  check 200 GET "$job" --header "$read"
else
  echo "FAIL: the 202 names no monitor in Location or Content-Location"; failures=$((failures + 1))
fi

check 201 POST "$base/orders" --header "$write" --data "$order"
second=$(location)
check 204 DELETE "$second" --header "$write"

start limited --rate-limit 2/60
limited=$url
check 200 GET "$limited/" --header "$read"
check 200 GET "$limited/" --header "$read"
check 429 GET "$limited/" --header "$read"

start maintenance --maintenance
check 503 GET "$url/" --header "$read"

if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "clean on every route; statuses covered:$covered"

#!/usr/bin/env bash
# Shows every status code of the conventions with one curl line each, against
# orders_service instances this script starts on free ports (and stops on exit):
# one with the fault route and a 1 KiB body limit, one limited to 2 requests a
# minute, one in maintenance. Exits 1 when any answer differs from what is
# expected: its status, its Content-Type, or the header field its status needs.
#
#   examples/orders_service/curl_smoke.sh [path/to/orders_service]
#
# The binary defaults to $ORDERS_SERVICE, then build/examples/orders_service/orders_service.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-${ORDERS_SERVICE:-$root/build/examples/orders_service/orders_service}}
if [[ ! -x $binary ]]; then
  echo "curl_smoke.sh: no orders_service at $binary (build it, or pass its path)" >&2
  exit 2
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME FLAGS...: starts an instance and sets $url to the URL it prints first.
start() {
  local out="$work/$1.url"
  shift
  "$binary" --port 0 --db :memory: "$@" >"$out" 2>>"$work/service.log" &
  pids+=($!)
  for _ in $(seq 50); do
    [[ -s $out ]] && break
    sleep 0.1
  done
  url=$(head -n 1 "$out")
  [[ $url == http://* ]] || { echo "curl_smoke.sh: the service did not start" >&2; exit 2; }
}

failures=0
# check STATUS CURL_ARGS...: runs curl, prints the status and the command, and
# checks the status, the Content-Type and the field the status requires.
check() {
  local expected=$1
  shift
  local status
  status=$(curl -sS --max-time 5 -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@")
  local problems=()
  [[ $status == "$expected" ]] || problems+=("expected $expected")
  local type
  type=$(grep -i '^content-type:' "$work/headers" | tr -d '\r' | cut -d' ' -f2- || true)
  case $status in
    2??) [[ $status == 204 || $type == application/hal+json || $type == application/json ]] ||
           problems+=("Content-Type ${type:-none}") ;;
    4?? | 5??) [[ $type == application/problem+json ]] || problems+=("Content-Type ${type:-none}") ;;
  esac
  local needed=""
  case $status in
    201 | 202) needed=Location ;;
    401) needed=WWW-Authenticate ;;
    405) needed=Allow ;;
    429 | 503) needed=Retry-After ;;
  esac
  if [[ -n $needed ]] && ! grep -qi "^$needed:" "$work/headers"; then problems+=("no $needed"); fi
  printf '%s  curl' "$status"
  local arg
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:@-]+$ ]]; then
      printf ' %s' "$arg"
    else
      printf " '%s'" "${arg//\'/\'\\\'\'}"
    fi
  done
  printf '\n'
  if ((${#problems[@]})); then
    printf '     FAILED: %s\n' "${problems[*]}"
    sed 's/^/     /' "$work/body"
    echo
    failures=$((failures + 1))
  fi
}

# need FIELD...: the last answer carries each field.
need() {
  local field
  for field in "$@"; do
    if ! grep -qi "^$field:" "$work/headers"; then
      printf '     FAILED: no %s\n' "$field"
      failures=$((failures + 1))
    fi
  done
}

write=(-H 'Authorization: Bearer demo-write-token')
read=(-H 'Authorization: Bearer demo-read-token')
json=(-H 'Content-Type: application/json')

start main --enable-fault-routes --body-limit 1024
u=$url
check 200 "$u/"
check 200 "$u/orders?page=0&size=5"
need Link
check 200 -H 'Accept: application/json' "$u/"
check 201 -X POST "${write[@]}" "${json[@]}" -H 'Idempotency-Key: smoke-1' \
  -d '{"item": "widget", "quantity": 2}' "$u/orders"
order=$(grep -i '^location:' "$work/headers" | tr -d '\r' | cut -d' ' -f2)
check 200 -X POST "${write[@]}" "${json[@]}" -H 'Idempotency-Key: smoke-1' \
  -d '{"item": "widget", "quantity": 2}' "$u/orders"
check 200 "$u$order"
check 200 "$u${order/orders/order}"
need Deprecation Sunset
check 202 -X POST "${write[@]}" -d '' "$u$order/shipments"
job=$(grep -i '^location:' "$work/headers" | tr -d '\r' | cut -d' ' -f2)
check 200 "$u$job"
check 201 -X POST "${write[@]}" "${json[@]}" -d '{"item": "gadget", "quantity": 1}' "$u/orders"
other=$(grep -i '^location:' "$work/headers" | tr -d '\r' | cut -d' ' -f2)
check 204 -X DELETE "${write[@]}" "$u$other"
check 400 -X POST "${write[@]}" "${json[@]}" -d '{"item": ' "$u/orders"
check 400 -X POST "${write[@]}" "${json[@]}" -d '{"quantity": 2}' "$u/orders"
check 401 -X POST "${json[@]}" -d '{"item": "widget", "quantity": 2}' "$u/orders"
check 403 -X POST "${read[@]}" "${json[@]}" -d '{"item": "widget", "quantity": 2}' "$u/orders"
check 404 "$u/orders/987654"
check 404 "$u/no/such/route"
check 405 -X DELETE "${write[@]}" "$u/orders"
check 406 -H 'Accept: text/html' "$u/"
check 409 -X POST "${write[@]}" "${json[@]}" -H 'Idempotency-Key: smoke-1' \
  -d '{"item": "widget", "quantity": 3}' "$u/orders"
sleep 0.6  # the shipment above takes half a second
check 409 -X DELETE "${write[@]}" "$u$order"
printf '{"item": "%s", "quantity": 1}' "$(head -c 2000 /dev/zero | tr '\0' x)" >"$work/large.json"
check 413 -X POST "${write[@]}" "${json[@]}" --data-binary "@$work/large.json" "$u/orders"
check 415 -X POST "${write[@]}" -H 'Content-Type: text/plain' -d 'widget' "$u/orders"
check 422 -X POST "${write[@]}" "${json[@]}" -d '{"item": "widget", "quantity": 101}' "$u/orders"
check 500 "$u/debug/fail"
check 501 "$u$order/invoice"

start limited --rate-limit 2/60
check 200 "$url/"
need RateLimit-Policy RateLimit
check 200 "$url/"
check 429 "$url/"
need RateLimit-Policy RateLimit

start maintenance --maintenance
check 503 "$url/orders"

if ((failures)); then
  echo "curl_smoke.sh: $failures answer(s) differ" >&2
  exit 1
fi
echo "curl_smoke.sh: every answer as expected"

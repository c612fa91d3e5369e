#!/usr/bin/env bash
# Faults around orders_service, each checked against what the conventions and
# docs/reliability.md promise:
#   sigterm    SIGTERM under load: requests in flight complete, new connections
#              are refused, the process exits 0 within the longest request in
#              flight (3 s) plus the timeout
#   idle       more idle connections than threads: a normal request is still
#              answered, after at most (idle / threads) read timeouts
#   read-only  a database opened read-only: creates answer 503 problems with
#              Retry-After, reads answer 200, nothing changes
#   full-disk  the database's file system full (a 2 MiB tmpfs in a mount
#              namespace of its own): creates answer 503 with Retry-After, reads
#              work, no order is half-written, and creates work again once space
#              is freed. Needs mount rights (root, or unprivileged user
#              namespaces); where neither is there it says so and is not run.
#
#   tests/load/orders_faults.sh ORDERS_SERVICE [PART...]
set -euo pipefail

binary=${1:?usage: orders_faults.sh ORDERS_SERVICE [sigterm|idle|read-only|full-disk]...}
shift
parts=("$@")
((${#parts[@]})) || parts=(sigterm idle read-only full-disk)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../support/orders_service.sh
source "$here/../support/orders_service.sh"
now_ms() { date +%s%3N; }
# stop: SIGTERM, and the exit status must be 0.
stop() {
  kill -TERM "$pid"
  local status=0
  wait "$pid" || status=$?
  pid=""
  [[ $status == 0 ]] || fail "the service exited with $status on SIGTERM"
}
write=(-H 'Authorization: Bearer demo-write-token' -H 'Content-Type: application/json')
# create KEY: prints the status of POST /orders, its headers in $work/headers.
create() {
  curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X POST "${write[@]}" \
    -H "Idempotency-Key: $1" -d '{"item": "widget", "quantity": 1}' "$url/orders"
}
status_of() { curl -sS -o "$work/body" -w '%{http_code}' "$url$1"; }
# The 503 of a store that cannot write: a problem, with Retry-After.
expect_unavailable() {
  local got
  got=$(create "$1")
  [[ $got == 503 ]] || fail "$2: a create answered $got, not 503: $(cat "$work/body")"
  grep -qi '^retry-after: [0-9]' "$work/headers" || fail "$2: the 503 has no Retry-After"
  grep -qi '^content-type: application/problem+json' "$work/headers" ||
    fail "$2: the 503 is not a problem"
  grep -q '"detail"' "$work/body" || fail "$2: the 503 has no detail"
}
total_orders() {
  curl -sS "$url/orders" | sed -n 's/.*"totalElements":\([0-9]*\).*/\1/p'
}

sigterm() {
  local timeout=2
  # More threads than connections: a connection accepted but still waiting for a
  # thread when SIGTERM comes is closed unanswered (httplib 0.11; the docs say so).
  start --db "$work/sigterm.db" --enable-fault-routes --timeout "$timeout" --threads 64
  LOAD_OUT=$work/sigterm-wrk wrk -t2 -c32 -d10s -s "$here/mixed.lua" "$url" > /dev/null 2>&1 &
  local load=$!
  mkdir -p "$work/sigterm-wrk"
  sleep 1
  local slow=()
  for i in 1 2 3 4; do
    curl -sS -o "$work/slow-$i" -w '%{http_code}' "$url/debug/slow?ms=3000" > "$work/slow-$i.status" &
    slow+=($!)
  done
  sleep 1  # the slow requests are in their handlers now, for 2 s more
  local sent
  sent=$(now_ms)
  kill -TERM "$pid"
  sleep 0.2
  local refused=0
  curl -sS -o /dev/null --max-time 2 "$url/" 2>/dev/null || refused=$?
  local status=0
  wait "$pid" || status=$?
  local took=$(($(now_ms) - sent))
  pid=""
  for i in "${!slow[@]}"; do
    wait "${slow[$i]}" || fail "sigterm: a request in flight was cut off (curl $?)"
    [[ $(cat "$work/slow-$((i + 1)).status") == 200 ]] || fail "sigterm: a request in flight did not answer 200"
    grep -q '"slept_ms":3000' "$work/slow-$((i + 1))" || fail "sigterm: a body in flight is not whole"
  done
  kill "$load" 2>/dev/null || true
  wait "$load" 2>/dev/null || true
  [[ $refused == 7 ]] || fail "sigterm: a new connection after SIGTERM was not refused (curl $refused)"
  [[ $status == 0 ]] || fail "sigterm: the service exited with $status"
  ((took <= (timeout + 3) * 1000)) || fail "sigterm: exit took $took ms (limit $(((timeout + 3) * 1000)))"
  echo "sigterm: 4 requests in flight answered whole, new connections refused, exit 0 after $took ms"
}

idle() {
  local threads=4 timeout=2 held=8
  start --db "$work/idle.db" --threads "$threads" --timeout "$timeout"
  local host_port=${url#http://}
  local fds=()
  for _ in $(seq "$held"); do
    exec {fd}<>"/dev/tcp/${host_port%:*}/${host_port##*:}"
    fds+=("$fd")
  done
  sleep 0.2
  local before got took
  before=$(now_ms)
  got=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$url/")
  took=$(($(now_ms) - before))
  for fd in "${fds[@]}"; do exec {fd}>&-; done
  [[ $got == 200 ]] || fail "idle: the request behind $held idle connections answered $got"
  local limit=$(((held / threads) * timeout * 1000 + 1500))
  ((took <= limit)) || fail "idle: answered after $took ms, more than $limit ms"
  stop
  echo "idle: $held idle connections on $threads threads (timeout ${timeout}s): a request answered 200 after $took ms"
}

read_only() {
  local db=$work/ro.db
  start --db "$db"
  [[ $(create ro-1) == 201 ]] || fail "read-only: the first create failed: $(cat "$work/body")"
  stop
  start --db "file:$db?mode=ro"
  expect_unavailable ro-2 "read-only"
  [[ $(status_of /orders/1) == 200 ]] || fail "read-only: a read answered $(status_of /orders/1)"
  [[ $(total_orders) == 1 ]] || fail "read-only: the orders changed"
  stop
  grep -q 'readonly' "$work/service.log" || fail "read-only: SQLite's reason is not in the log"
  ! grep -qi 'readonly\|sqlite' "$work/body" || fail "read-only: SQLite's text reached the client"
  echo "read-only: creates answer 503 with Retry-After, reads 200, nothing changed"
}

# Runs in a mount namespace of its own (see below): $1 is the tmpfs.
full_disk_inside() {
  local disk=$1 db=$1/orders.db
  mount -t tmpfs -o size=2m tmpfs "$disk"
  start --db "$db"
  [[ $(create full-1) == 201 ]] || fail "full-disk: the first create failed"
  local before
  before=$(total_orders)
  # Fill what is left: dd stops at ENOSPC.
  dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null || true
  local i answered=0
  for i in $(seq 1 40); do
    local got
    got=$(create "full-$((i + 1))")
    if [[ $got == 503 ]]; then
      answered=$i
      break
    fi
    [[ $got == 201 ]] || fail "full-disk: a create answered $got: $(cat "$work/body")"
    before=$(total_orders)
  done
  ((answered > 0)) || fail "full-disk: 40 creates on a full disk all succeeded"
  expect_unavailable "full-$((answered + 1))" "full-disk"
  [[ $(status_of /orders/1) == 200 ]] || fail "full-disk: a read answered $(status_of /orders/1)"
  [[ $(total_orders) == "$before" ]] || fail "full-disk: a failed create left an order"
  rm -f "$disk/filler"
  [[ $(create "full-$((answered + 1))") == 201 ]] || fail "full-disk: creates did not recover: $(cat "$work/body")"
  [[ $(create "full-$((answered + 1))") == 200 ]] || fail "full-disk: the replay of a key did not answer 200"
  stop
  start --db "$db"
  [[ $(total_orders) == $((before + 1)) ]] || fail "full-disk: after a restart the orders are not those answered 201"
  stop
  umount "$disk"
  echo "full-disk: once the disk filled (create $answered after it), creates answer 503 with Retry-After, reads 200, nothing half-written; after space is freed creates work again"
}

full_disk() {
  mkdir -p "$work/disk"
  local runner=()
  if [[ $(id -u) == 0 ]] && unshare -m --propagation private true 2>/dev/null; then
    runner=(unshare -m --propagation private)
  elif unshare -rm --propagation private true 2>/dev/null; then
    runner=(unshare -rm --propagation private)
  else
    echo "full-disk: not run: this machine gives no mount namespace (needs root or user namespaces)"
    return 0
  fi
  "${runner[@]}" bash "$0" "$binary" --full-disk-inside "$work/disk"
}

if [[ ${parts[0]} == --full-disk-inside ]]; then
  full_disk_inside "${parts[1]}"
  exit 0
fi
command -v wrk > /dev/null || fail "wrk is not installed (apt-get install wrk)"
for part in "${parts[@]}"; do
  case $part in
    sigterm) sigterm ;;
    idle) idle ;;
    read-only) read_only ;;
    full-disk) full_disk ;;
    *) fail "no part named $part" ;;
  esac
done
echo "faults: passed"

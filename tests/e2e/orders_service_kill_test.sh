#!/usr/bin/env bash
# Kills orders_service with SIGKILL in the middle of a stream of creates, 20
# times, each at another point of the stream, restarting it on the same database
# each time, then checks what the database
# kept against what the clients were told:
# - every order answered 201 (the whole answer received) is there, same id;
# - replaying each Idempotency-Key answers 200 with that order where a 201 had
#   been received, and 200 or 201 where the kill cut the exchange short (or the
#   request was never sent);
# - no key has two orders: the orders listed are exactly one per key.
#
#   tests/e2e/orders_service_kill_test.sh path/to/orders_service
#
# Each client is one curl process sending its creates one after another on a
# keep-alive connection, so the stream is fast and the test takes seconds.
set -euo pipefail
export LC_ALL=C  # one collation for sort and join

binary=${1:?usage: orders_service_kill_test.sh path/to/orders_service}
clients=4
rounds=20
per_client=40  # creates each client sends in a round
# kill_after: creates answered 201 in a round before its kill, 3 to 52, a
# different point of the stream in each round
# shellcheck source=../support/orders_service.sh
source "$(dirname "$0")/../support/orders_service.sh"
db=$work/orders.db

# creates DIRECTORY KEY...: a curl config that creates one order per key, in
# order; for each it writes "KEY STATUS EXIT" (EXIT, curl's, is not 0 when the
# answer did not arrive whole; %{exitcode} needs curl 7.75) and keeps the
# answer's body in DIRECTORY/KEY.
creates() {
  local directory=$1 key first=1
  shift
  mkdir -p "$directory"
  for key in "$@"; do
    ((first)) || echo next
    first=0
    # printf, a builtin: a process per key would take longer than the stream.
    printf '%s\n' "url = \"$url/orders\"" 'request = "POST"' \
      'header = "Authorization: Bearer demo-write-token"' \
      'header = "Content-Type: application/json"' "header = \"Idempotency-Key: $key\"" \
      "data = \"{\\\"item\\\": \\\"widget\\\", \\\"quantity\\\": 1}\"" \
      "output = \"$directory/$key\"" "write-out = \"$key %{http_code} %{exitcode}\\n\"" 'max-time = 5'
  done
}

# orders DIRECTORY: "KEY /orders/ID" for each answer kept in DIRECTORY that names an order.
orders() {
  (cd "$1" && { grep -Ho '"self":{"href":"/orders/[0-9]*"}' -- * 2>/dev/null || true; }) |
    sed 's|^\([^:]*\):"self":{"href":"\(/orders/[0-9]*\)"}$|\1 \2|'
}

count_created() {
  awk '$2 == 201 && $3 == 0 { n++ } END { print n + 0 }' "$work"/client.*.log 2>/dev/null || echo 0
}

# statuses FILE...: "KEY STATUS", where a status is 000 unless the answer arrived
# whole: the kill may come between an answer's header and its body.
statuses() {
  awk '{ print $1, ($3 == 0 ? $2 : "000") }' "$@"
}

start --db "$db"
for round in $(seq "$rounds"); do
  before=$(count_created)
  kill_after=$((3 + (round * 13) % 50))
  client_pids=()
  for n in $(seq "$clients"); do
    keys=()
    for i in $(seq "$per_client"); do keys+=("c$n-r$round-$i"); done
    creates "$work/sent" "${keys[@]}" >"$work/client.$n.r$round.curl"
    curl -s -K "$work/client.$n.r$round.curl" >>"$work/client.$n.log" &
    client_pids+=($!)
  done
  deadline=$((SECONDS + 20))
  while (($(count_created) < before + kill_after)); do
    ((SECONDS < deadline)) || fail "fewer than $kill_after creates answered in 20 s"
    sleep 0.02
  done
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  for client in "${client_pids[@]}"; do wait "$client" || true; done
  start --db "$db"
done

statuses "$work"/client.*.log >"$work/statuses"
sent=$(wc -l <"$work/statuses")
answered=$(awk '$2 == 201' "$work/statuses" | wc -l)
unanswered=$(awk '$2 == "000"' "$work/statuses" | wc -l)
[[ $sent == $((rounds * clients * per_client)) ]] || fail "$sent statuses for $((rounds * clients * per_client)) creates"
other=$(awk '$2 != 201 && $2 != "000"' "$work/statuses")
[[ -z $other ]] || fail "a create answered neither 201 nor not at all: $other"
((unanswered > 0)) || fail "no create was cut short: the kills came after the streams"

# Replay every key, in one stream on the restarted service.
awk '{print $1}' "$work/statuses" >"$work/keys"
mapfile -t all_keys <"$work/keys"
creates "$work/replayed" "${all_keys[@]}" >"$work/replay.curl"
curl -s -K "$work/replay.curl" >"$work/replay.log" || true
statuses "$work/replay.log" >"$work/replay.statuses"

orders "$work/sent" | sort >"$work/sent.orders"
orders "$work/replayed" | sort >"$work/replayed.orders"
sort "$work/statuses" >"$work/statuses.sorted"
sort "$work/replay.statuses" >"$work/replay.statuses.sorted"
# key, status then, status now, order then, order now
join -a 1 -e - -o 0,1.2,2.2 "$work/statuses.sorted" "$work/replay.statuses.sorted" |
  join -a 1 -e - -o 0,1.2,1.3,2.2 - "$work/sent.orders" |
  join -a 1 -e - -o 0,1.2,1.3,1.4,2.2 - "$work/replayed.orders" >"$work/table"
[[ $(wc -l <"$work/table") == "$sent" ]] || fail "the replay lost keys"
while read -r key first now order_then order_now; do
  [[ $order_now == /orders/* ]] || fail "$key: the replay ($now) named no order"
  case $first in
    201)
      [[ $now == 200 ]] || fail "$key: answered 201, replayed $now (the conventions: 200)"
      [[ $order_now == "$order_then" ]] ||
        fail "$key: answered 201 with $order_then, replayed with $order_now"
      ;;
    000)
      [[ $now == 200 || $now == 201 ]] || fail "$key: cut short, replayed $now"
      ;;
  esac
done <"$work/table"

# Every order in the database, page by page: one per key, no more.
: >"$work/listed"
page=0
while :; do
  ids=$(curl -s --max-time 5 "$url/orders?page=$page&size=100" |
    grep -o '"self":{"href":"/orders/[0-9]*"}' | grep -o '/orders/[0-9]*' || true)
  [[ -n $ids ]] || break
  echo "$ids" >>"$work/listed"
  page=$((page + 1))
done
awk '{print $5}' "$work/table" | sort >"$work/keyed"
sort "$work/listed" >"$work/listed.sorted"
duplicates=$(uniq -d "$work/keyed")
[[ -z $duplicates ]] || fail "two keys name one order: $duplicates"
diff "$work/keyed" "$work/listed.sorted" >"$work/diff" ||
  fail "the orders listed are not one per key: $(cat "$work/diff")"
echo "orders_service_kill_test: $sent creates in $rounds streams killed by SIGKILL:" \
  "$answered answered 201, $unanswered cut short or never sent; after the restarts every 201" \
  "is kept, and each of the $sent keys has exactly one order"

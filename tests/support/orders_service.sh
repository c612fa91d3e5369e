# Sourced by the scripts that drive examples/orders_service (tests/e2e, tests/load):
# a scratch directory removed on exit, with the service killed if still running;
# fail MESSAGE; and start ARG..., which starts "$binary" on a free port with the
# arguments given and sets $pid and $url. The service's stderr goes to
# $work/service.log.
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

start() {
  local out
  out=$(mktemp "$work/url.XXXXXX")
  "$binary" --port 0 "$@" >"$out" 2>>"$work/service.log" &
  pid=$!
  for _ in $(seq 100); do
    [[ -s $out ]] && break
    kill -0 "$pid" 2>/dev/null || fail "the service exited: $(cat "$work/service.log")"
    sleep 0.05
  done
  url=$(head -n 1 "$out")
  [[ $url == http://* ]] || fail "the service printed no URL"
}

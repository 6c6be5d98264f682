#!/usr/bin/env bash
# Idle connections across several gateways of one engine: starts `bin/ringway server --link-port`
# (the engine and gateway 1) and G-1 `bin/ringway gateway --engine` processes (gateways 2..G), then
# one `bin/ringway bench conns` client per gateway, all at once, each opening C/G connections and
# holding them. While they hold, it polls every gateway's /health and reports the most connections
# held at the same moment, summed over the gateways; each client reports its gateway's live heap and
# RSS per connection (jcmd, /proc). One process cannot hold 20,000 connections on a machine whose
# per-process open-files limit is 20,000; several gateways (and clients) can, which is what the
# many-gateways link is for.
#   bench/conns-gateways.sh [--connections 20000] [--gateways 2] [--rooms 500] [--open-rate 500]
#                           [--settle-s 40] [--base-port 18600]
set -euo pipefail

connections=20000 gateways=2 rooms=500 open_rate=500 settle=40 base_port=18600
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --gateways) gateways="$2"; shift 2 ;;
    --rooms) rooms="$2"; shift 2 ;;
    --open-rate) open_rate="$2"; shift 2 ;;
    --settle-s) settle="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "conns-gateways: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$gateways" -ge 1 ] || { echo "conns-gateways: --gateways must be >= 1" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(mktemp -d)"
out="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-conns-gateways"
mkdir -p "$out"
link_port=$((base_port + 99))
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT

http_port() { echo $((base_port + $1)); }   # gateway N listens on base + N

await_health() {   # up to 90 s: the first run may build the jar
  for _ in $(seq 1 900); do
    curl -fsS "http://127.0.0.1:$1/health" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "conns-gateways: no /health on port $1" >&2; return 1
}

"$root/bin/ringway" server --data-dir "$data" --port "$(http_port 1)" --tcp-port -1 --link-port "$link_port" \
  > "$out/gateway-1.log" 2>&1 &
pids+=($!)
await_health "$(http_port 1)"
for g in $(seq 2 "$gateways"); do
  "$root/bin/ringway" gateway --engine "127.0.0.1:$link_port" --gateway-id "$g" --port "$(http_port "$g")" --tcp-port -1 \
    > "$out/gateway-$g.log" 2>&1 &
  pids+=($!)
  await_health "$(http_port "$g")"
done

# Each gateway's JVM: the engine's for gateway 1, the `gateway` command's for the others.
gateway_pid() {
  if [ "$1" -eq 1 ]; then pgrep -f -- "server --data-dir $data" | head -1
  else pgrep -f -- "gateway --engine 127.0.0.1:$link_port --gateway-id $1 " | head -1; fi
}

per_gateway=$((connections / gateways))
clients=()
for g in $(seq 1 "$gateways"); do
  "$root/bin/ringway" bench conns --url "ws://127.0.0.1:$(http_port "$g")/ws" --connections "$per_gateway" \
    --rooms "$rooms" --source-addresses 4 --open-rate "$open_rate" --settle-s "$settle" \
    --server-pid "$(gateway_pid "$g")" --out "$out/client-$g" > "$out/client-$g.log" 2>&1 &
  clients+=($!)
done

peak=0
while :; do
  running=0
  for c in "${clients[@]}"; do kill -0 "$c" 2>/dev/null && running=1; done
  [ "$running" -eq 1 ] || break
  sum=0
  for g in $(seq 1 "$gateways"); do
    n="$(curl -fsS "http://127.0.0.1:$(http_port "$g")/health" 2>/dev/null | sed -n 's/.*"connections":\([0-9]*\).*/\1/p')"
    sum=$((sum + ${n:-0}))
  done
  [ "$sum" -gt "$peak" ] && peak="$sum"
  sleep 1
done
status=0
for c in "${clients[@]}"; do wait "$c" || status=1; done

{
  echo "conns-gateways: $gateways gateways of one engine, $per_gateway connections each, $rooms rooms"
  echo "conns-gateways: most connections held at once, summed over the gateways' /health: $peak of $((per_gateway * gateways))"
  for g in $(seq 1 "$gateways"); do
    echo "--- gateway $g (client log: $out/client-$g.log)"
    grep -E "opened .* of|^\| (failed|open rate|server)" "$out/client-$g.log" | sed 's/^/  /' || true
  done
} | tee "$out/summary.txt"
exit "$status"

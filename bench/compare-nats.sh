#!/usr/bin/env bash
# Ringway vs NATS, same scenarios, same client, same run: starts a nats-server (WebSocket listener)
# and a Ringway server on 127.0.0.1, runs rtt and fanout against both in alternation (--runs times,
# the order rotated every round so drift hits every system alike), with --server-pid so server CPU is
# recorded, then prints medians and Ringway/NATS ratios (bin/ringway bench compare-summary) and
# writes them under bench/results/<timestamp>-compare/. With --floor it also starts the floor
# server (bin/ringway bench floor-server: a minimal WebSocket server, no engine, no journal) as a
# third system, the latency floor of this machine and client. Every server is killed on exit,
# Ctrl-C included, and the whole script is bounded in time.
#
#   bench/compare-nats.sh [--runs 3] [--rate 1000] [--fanout-rate 200] [--subscribers 50] [--floor] ...
#   bench/compare-nats.sh --help
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

runs=3
warmup_rounds=1
rate=1000
fanout_rate=200
subscribers=50
duration_s=10
warmup_s=3
drain_s=2
payload_bytes=100
transport=ws-json
nats_port=14222
nats_ws_port=18443
ringway_port=18090
ringway_tcp_port=19190
floor=0
floor_port=18097
out=""
timeout_s=0

usage() {
  cat <<EOF
Usage: bench/compare-nats.sh [options]

Runs the same load scenarios against a local nats-server (WebSocket, transport nats-ws) and a local
Ringway server, alternating between them, and compares the medians. With --floor, also against the
floor server (bin/ringway bench floor-server, over ws-json): a minimal WebSocket server that does
no journaling and keeps no history, so its latency is the floor of this machine and client.

Options (defaults in brackets):
  --runs N               rounds; each runs rtt and fanout once on each server [$runs]
  --warmup-rounds N      rounds run first and left out of the table, so every server has warmed up
                         (the JVM's JIT compiles the fan-out path during its first fan-out) [$warmup_rounds]
  --rate R               rtt publish rate, msg/s [$rate]
  --fanout-rate R        fanout publish rate, msg/s [$fanout_rate]
  --subscribers N        fanout subscribers [$subscribers]
  --duration-s S         measured seconds per run [$duration_s]
  --warmup-s S           warm-up seconds per run [$warmup_s]
  --drain-s S            grace period after each run's last send [$drain_s]
  --payload-bytes P      size of each message's data [$payload_bytes]
  --transport T          Ringway's transport: ws-json, ws-binary or tcp [$transport]
  --nats-port P          nats-server client port [$nats_port]
  --nats-ws-port P       nats-server WebSocket port [$nats_ws_port]
  --ringway-port P       Ringway WebSocket/HTTP port [$ringway_port]
  --ringway-tcp-port P   Ringway raw TCP port [$ringway_tcp_port]
  --floor                also run rtt against the floor server (a third system; not fanout)
  --floor-port P         the floor server's WebSocket port, with --floor [$floor_port]
  --out DIR              results directory [bench/results/<timestamp>-compare]
  --timeout-s S          bound on the whole script [computed from the runs, +10 min]
  -h, --help             this text

Environment (for unusual setups; normally leave unset):
  RINGWAY_SERVER_CMD     command that starts Ringway and execs its JVM [bin/ringway server]
  RINGWAY_BENCH_CMD      command that runs the load generator [bin/ringway bench]
  NATS_SERVER            nats-server binary [found on PATH or /usr/sbin]
EOF
}

die() { echo "compare-nats: ERROR: $*" >&2; exit 2; }
log() { echo "compare-nats: $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --warmup-rounds) warmup_rounds="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --fanout-rate) fanout_rate="$2"; shift 2 ;;
    --subscribers) subscribers="$2"; shift 2 ;;
    --duration-s) duration_s="$2"; shift 2 ;;
    --warmup-s) warmup_s="$2"; shift 2 ;;
    --drain-s) drain_s="$2"; shift 2 ;;
    --payload-bytes) payload_bytes="$2"; shift 2 ;;
    --transport) transport="$2"; shift 2 ;;
    --nats-port) nats_port="$2"; shift 2 ;;
    --nats-ws-port) nats_ws_port="$2"; shift 2 ;;
    --ringway-port) ringway_port="$2"; shift 2 ;;
    --ringway-tcp-port) ringway_tcp_port="$2"; shift 2 ;;
    --floor) floor=1; shift ;;
    --floor-port) floor_port="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --timeout-s) timeout_s="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

for n in runs warmup_rounds rate fanout_rate subscribers duration_s warmup_s drain_s payload_bytes nats_port nats_ws_port \
         ringway_port ringway_tcp_port floor_port timeout_s; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || die "--${n//_/-} must be a whole number: ${!n}"
done
[ "$runs" -ge 1 ] || die "--runs must be >= 1"
case "$transport" in ws-json|ws-binary|tcp) ;; *) die "--transport must be ws-json, ws-binary or tcp" ;; esac
ports="$nats_port $nats_ws_port $ringway_port $ringway_tcp_port"
systems=(ringway nats)
if [ "$floor" -eq 1 ]; then
  ports="$ports $floor_port"
  systems+=(floor)
fi
port_count=$(echo "$ports" | wc -w)
[ "$(echo "$ports" | tr ' ' '\n' | sort -u | wc -l)" -eq "$port_count" ] || die "the $port_count ports must differ: $ports"

# --- nats-server: install it if we may, else say how ---------------------------------------------
nats_bin="${NATS_SERVER:-}"
if [ -z "$nats_bin" ]; then
  nats_bin="$(command -v nats-server || true)"
  [ -n "$nats_bin" ] || { [ -x /usr/sbin/nats-server ] && nats_bin=/usr/sbin/nats-server; }
fi
if [ -z "$nats_bin" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "nats-server not found: installing the Debian package (apt-get install nats-server) ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null \
      || die "apt-get install nats-server failed"
    nats_bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
  else
    die "nats-server not found. Install it with:  sudo apt-get install nats-server   (or set NATS_SERVER=/path/to/nats-server)"
  fi
fi
[ -x "$nats_bin" ] || die "not executable: $nats_bin"

# --- port check: refuse to start next to something already listening ----------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $ports; do
  port_open "$p" && die "port $p on 127.0.0.1 is already in use (choose others with --nats-port, --ringway-port, --floor-port ...)"
done

# --- the commands --------------------------------------------------------------------------------
if [ -n "${RINGWAY_SERVER_CMD:-}" ]; then read -r -a server_cmd <<<"$RINGWAY_SERVER_CMD"; else server_cmd=("$root/bin/ringway" server); fi
if [ -n "${RINGWAY_BENCH_CMD:-}" ]; then read -r -a bench_cmd <<<"$RINGWAY_BENCH_CMD"; else bench_cmd=("$root/bin/ringway" bench); fi

# both jars are built (if needed) before anything is started or timed
log "building what is needed (first run only) ..."
"${server_cmd[@]}" --help >/dev/null || die "cannot run: ${server_cmd[*]} --help"
"${bench_cmd[@]}" --help >/dev/null || die "cannot run: ${bench_cmd[*]} --help"

# --- results, temp dir, cleanup ------------------------------------------------------------------
stamp="$(date +%Y%m%d-%H%M%S)"
out="${out:-$root/bench/results/$stamp-compare}"
for system in "${systems[@]}"; do mkdir -p "$out/runs/$system" || die "cannot create $out"; done
out="$(cd "$out" && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/ringway-compare.XXXXXX")"
nats_pid=""
ringway_pid=""
floor_pid=""
bench_pid=""
watchdog_pid=""

stop_pid() { # pid name: TERM, up to 10 s, then KILL
  local pid="$1" name="$2"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }; sleep 0.1; done
  log "$name (pid $pid) did not stop within 10 s: killing it"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$watchdog_pid" ]; then # the watchdog subshell and its sleep
    kill $(ps -o pid= --ppid "$watchdog_pid" 2>/dev/null) "$watchdog_pid" 2>/dev/null
  fi
  stop_pid "$bench_pid" "the load generator"
  stop_pid "$ringway_pid" "Ringway"
  stop_pid "$floor_pid" "the floor server"
  stop_pid "$nats_pid" "nats-server"
  cp "$tmp"/*.log "$tmp/nats.conf" "$out/" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "stopped (time bound or SIGTERM)"; exit 143' TERM

per_run_s=$((warmup_s + duration_s + drain_s + 40)) # + connect, JVM start, result files
if [ "$timeout_s" -eq 0 ]; then
  timeout_s=$(((runs + warmup_rounds) * 2 * ${#systems[@]} * per_run_s + 600)) # rtt and fanout on each system, each round
fi
( sleep "$timeout_s" && log "the script reached its time bound ($timeout_s s)" && kill -TERM $$ ) 2>/dev/null &
watchdog_pid=$!

# --- start the servers ---------------------------------------------------------------------------
cat >"$tmp/nats.conf" <<EOF
# written by bench/compare-nats.sh
listen: 127.0.0.1:$nats_port
websocket {
  listen: "127.0.0.1:$nats_ws_port"
  no_tls: true
}
EOF
log "starting nats-server ($("$nats_bin" --version 2>&1)) on 127.0.0.1:$nats_port, ws 127.0.0.1:$nats_ws_port ..."
"$nats_bin" -c "$tmp/nats.conf" >"$tmp/nats-server.log" 2>&1 &
nats_pid=$!

log "starting Ringway on ws 127.0.0.1:$ringway_port, tcp 127.0.0.1:$ringway_tcp_port (journal in $tmp/ringway-data) ..."
# bin/ringway execs the JVM, so $! is the server's own pid (what --server-pid needs)
"${server_cmd[@]}" --data-dir "$tmp/ringway-data" --port "$ringway_port" --tcp-port "$ringway_tcp_port" >"$tmp/ringway-server.log" 2>&1 &
ringway_pid=$!

if [ "$floor" -eq 1 ]; then
  log "starting the floor server on ws 127.0.0.1:$floor_port ..."
  # bin/ringway execs the JVM here too; --max-s: it stops by itself even if this script is killed hard
  "${bench_cmd[@]}" floor-server --port "$floor_port" --max-s "$((timeout_s + 60))" >"$tmp/floor-server.log" 2>&1 &
  floor_pid=$!
fi

wait_ready() { # name pid seconds port...
  local name="$1" pid="$2" seconds="$3"; shift 3
  local deadline=$((SECONDS + seconds)) p ready
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$tmp"/*.log >&2; die "$name exited during start-up"; }
    ready=1
    for p in "$@"; do port_open "$p" || ready=0; done
    [ $ready -eq 1 ] && return 0
    sleep 0.2
  done
  die "$name not ready within $seconds s (ports $*)"
}
wait_ready nats-server "$nats_pid" 30 "$nats_port" "$nats_ws_port"
wait_ready Ringway "$ringway_pid" 120 "$ringway_port" "$ringway_tcp_port"
if [ "$floor" -eq 1 ]; then
  wait_ready "the floor server" "$floor_pid" 60 "$floor_port"
  log "all ready: nats-server pid $nats_pid, Ringway pid $ringway_pid, floor server pid $floor_pid"
else
  log "both ready: nats-server pid $nats_pid, Ringway pid $ringway_pid"
fi

{
  echo "started: $stamp"
  echo "nats-server: $("$nats_bin" --version 2>&1)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "ringway transport: $transport; nats transport: nats-ws"
  if [ "$floor" -eq 1 ]; then
    # it listens a moment before it prints its start line
    for _ in $(seq 1 50); do grep -q '^floor-server: ' "$tmp/floor-server.log" 2>/dev/null && break; sleep 0.1; done
    echo "floor server (ws-json): $(sed -n 's/^floor-server: //p' "$tmp/floor-server.log" 2>/dev/null | head -1)"
  fi
  echo "runs: $runs (after $warmup_rounds warm-up round(s), not counted); rtt rate: $rate; fanout: 1->$subscribers at $fanout_rate; duration $duration_s s, warm-up $warmup_s s, drain $drain_s s, payload $payload_bytes B"
  echo "cores: $(nproc); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/setup.txt"

# --- the runs ------------------------------------------------------------------------------------
failures=0
bench() { # system scenario args...
  local system="$1" scenario="$2"; shift 2
  local target pid
  case "$system" in
    ringway) target=(--transport "$transport" --url "ws://127.0.0.1:$ringway_port/ws" --tcp "127.0.0.1:$ringway_tcp_port"); pid="$ringway_pid" ;;
    nats) target=(--transport nats-ws --url "ws://127.0.0.1:$nats_ws_port"); pid="$nats_pid" ;;
    floor) target=(--transport ws-json --url "ws://127.0.0.1:$floor_port/ws"); pid="$floor_pid" ;;
  esac
  log "$round_name: $scenario on $system ..."
  # in the background + wait: a trapped Ctrl-C or SIGTERM interrupts `wait` at once (a foreground
  # command would be waited for first); cleanup then stops the run with SIGTERM
  timeout --signal=TERM --kill-after=10 "$per_run_s" "${bench_cmd[@]}" "$scenario" "${target[@]}" --server-pid "$pid" \
    --duration-s "$duration_s" --warmup-s "$warmup_s" --drain-s "$drain_s" --payload-bytes "$payload_bytes" \
    --out "$out/$runs_dir/$system" "$@" >>"$out/$runs_dir/$system/bench.log" 2>&1 &
  bench_pid=$!
  wait "$bench_pid"
  local rc=$?
  bench_pid=""
  if [ $rc -ne 0 ]; then
    failures=$((failures + 1))
    log "  $scenario on $system exited $rc (see $out/$runs_dir/$system/bench.log)"
  fi
  kill -0 "$ringway_pid" 2>/dev/null || die "Ringway exited (see ringway-server.log)"
  kill -0 "$nats_pid" 2>/dev/null || die "nats-server exited (see nats-server.log)"
  [ -z "$floor_pid" ] || kill -0 "$floor_pid" 2>/dev/null || die "the floor server exited (see floor-server.log)"
}

round_of_each() { # round: rtt, then fanout, on every system, in the round's order
  # the order rotates every round (two systems: ringway nats, then nats ringway; three: each takes
  # every position once in three rounds), so drift hits every system alike
  order=()
  for i in "${!systems[@]}"; do order+=("${systems[$(((i + round - 1) % ${#systems[@]}))]}"); done
  for system in "${order[@]}"; do bench "$system" rtt --rate "$rate"; done
  for system in "${order[@]}"; do
    # the floor server writes and flushes every message to every recipient: at 1 -> 1,000 it falls
    # behind at once (it needs the per-session write batching a real server does), so it is a floor
    # for rtt only
    [ "$system" = floor ] || bench "$system" fanout --rate "$fanout_rate" --subscribers "$subscribers"
  done
}

# warm-up rounds: the same runs, kept apart under warmup/ and left out of the table
runs_dir=warmup
for system in "${systems[@]}"; do mkdir -p "$out/warmup/$system" || die "cannot create $out"; done
for round in $(seq 1 "$warmup_rounds"); do round_name="warm-up round $round/$warmup_rounds"; round_of_each; done
runs_dir=runs
for round in $(seq 1 "$runs"); do round_name="round $round/$runs"; round_of_each; done

# --- the table -----------------------------------------------------------------------------------
echo
summary_systems=()
for system in "${systems[@]}"; do summary_systems+=("$system=$out/runs/$system"); done
"${bench_cmd[@]}" compare-summary --out "$out" "${summary_systems[@]}" || die "compare-summary failed"
cat >>"$out/compare.md" <<EOF

Setup: see setup.txt. Ringway over $transport, NATS over its WebSocket listener (nats-ws); both on
this machine with the load generator, so client and servers share the cores. Core NATS pub/sub
keeps nothing; Ringway journals every command to disk before it takes effect.
EOF
if [ "$floor" -eq 1 ]; then
  cat >>"$out/compare.md" <<EOF

"floor" is bin/ringway bench floor-server over ws-json: a minimal Netty WebSocket server that acks
and fans out on its I/O threads, with no engine, no journal and no history. It is not a product:
its rtt latency is the floor any server reaches on this machine with this load generator. It runs
rtt only: it flushes every message to every recipient, so 1 -> 1,000 fan-out outruns it at once.
EOF
fi
[ $failures -eq 0 ] || log "$failures run(s) failed; their summaries (if any) are still in the table"
log "results in $out"

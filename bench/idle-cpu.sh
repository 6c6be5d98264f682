#!/usr/bin/env bash
# Measures an idle Ringway server's CPU use: starts `bin/ringway server` on spare ports with a
# throw-away journal, waits for /health, lets it settle, then reads the process's user+system
# CPU time from /proc/PID/stat over a window with no clients connected.
#   bench/idle-cpu.sh [--window-s 30] [--settle-s 5] [--idle-strategy BACKOFF] [--port 18480] [--tcp-port 19480]
set -euo pipefail

window=30 settle=5 strategy="" port=18480 tcp_port=19480
while [ $# -gt 0 ]; do
  case "$1" in
    --window-s) window="$2"; shift 2 ;;
    --settle-s) settle="$2"; shift 2 ;;
    --idle-strategy) strategy="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --tcp-port) tcp_port="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "idle-cpu: unknown option $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(mktemp -d)"
args=(server --data-dir "$data" --port "$port" --tcp-port "$tcp_port")
[ -n "$strategy" ] && args+=(--idle-strategy "$strategy")
"$root/bin/ringway" "${args[@]}" > "$data/server.log" 2>&1 &
launcher=$!
trap 'kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 600); do   # up to 60 s, the first run may build the jar
  curl -fsS "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  kill -0 "$launcher" 2>/dev/null || { cat "$data/server.log" >&2; exit 1; }
  sleep 0.1
done
pid="$(pgrep -f -- "--data-dir $data" | head -1)"
[ -n "$pid" ] || { echo "idle-cpu: server process not found" >&2; exit 1; }
sleep "$settle"

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }   # utime + stime, in clock ticks
hz="$(getconf CLK_TCK)"
before="$(ticks)"; start="$(date +%s.%N)"
sleep "$window"
after="$(ticks)"; end="$(date +%s.%N)"
awk -v b="$before" -v a="$after" -v s="$start" -v e="$end" -v hz="$hz" -v st="${strategy:-default}" 'BEGIN {
  cpu = (a - b) / hz; wall = e - s;
  printf "idle-cpu: idle strategy %s: %.2f CPU-s in %.1f s = %.2f %% of one core\n", st, cpu, wall, 100 * cpu / wall }'

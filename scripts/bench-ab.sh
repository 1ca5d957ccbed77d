#!/usr/bin/env bash
# Two configurations of the standalone server compared in alternating windows: both servers are started at the same
# moment, warmed up in turns, then measured in turns (A B, B A, A B, ...), so that what drifts on a shared machine (the
# JIT, other tenants, the page cache) and the advantage of either position fall on both alike. Sequential pairs on
# this machine differ by more than most changes: the server started second was the slower in every one of six pairs
# (docs/benchmarks.md, section 7, "2026-12-06 afternoon"), and one start-order position was favoured at 64 clients in
# alternating windows too, so run it twice with A and B swapped ("2026-12-06 night").
#
#   scripts/bench-ab.sh --a "JVM flags of A" --b "JVM flags of B" [--jar-a JAR] [--jar-b JAR] [--clients 1]
#                       [--warmup-rounds 6] [--windows 8] [--window 20] [--graph echo] [--out DIR]
#
# Each warm-up round loads A, then B, for 30 s each (`echo`, new thread per run, the Java load tool); each window
# loads one server for --window seconds, after 10 s in which the load tool (a fresh JVM) compiles its own code, as
# scripts/bench.sh does. Per window it prints runs/s, p50 and p99 ms, and the server's CPU in ms per run (its
# process's CPU from the tool's "measuring" line to its exit, divided by the runs measured). At the end: the median
# over the window pairs of B's figure minus A's. Jars default to scripts/start.sh --build-only's; flags go before
# -jar, e.g. -Dspring.kafka.producer.compression-type=none. Ports: KGRAPH_PORT_A (8201), KGRAPH_PORT_B (8202).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh
. scripts/lib-bench.sh

A_OPTS="" B_OPTS="" JAR_A="" JAR_B="" CLIENTS=1 ROUNDS=6 WINDOWS=8 WINDOW=20 GRAPH=echo OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --a) A_OPTS="$2"; shift 2 ;;
    --b) B_OPTS="$2"; shift 2 ;;
    --jar-a) JAR_A="$2"; shift 2 ;;
    --jar-b) JAR_B="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --warmup-rounds) ROUNDS="$2"; shift 2 ;;
    --windows) WINDOWS="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --graph) GRAPH="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$CLIENTS" "$ROUNDS" "$WINDOWS" "$WINDOW"; do
  case "$n" in ''|*[!0-9]*) echo "error: --clients, --warmup-rounds, --windows and --window take whole numbers" >&2; exit 2 ;; esac
done
[ "$WINDOW" -ge 1 ] && [ "$WINDOW" -le 60 ] || { echo "error: --window must be 1..60 s" >&2; exit 2; }
if [ -z "$JAR_A" ] || [ -z "$JAR_B" ]; then
  built=$(scripts/start.sh --build-only | tail -n 1)
  JAR_A=${JAR_A:-$built} JAR_B=${JAR_B:-$built}
fi
LOAD_JAR=$(ensure_load_tool)
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-ab.XXXXXX")}"
mkdir -p "$OUT"
declare -A PORT=([A]="${KGRAPH_PORT_A:-8201}" [B]="${KGRAPH_PORT_B:-8202}") PGID=()
log() { echo "[bench-ab $(date -u +%H:%M:%S)] $*" >&2; }

start() { # $1 = A|B, $2 = jar, $3 = flags
  local port=${PORT[$1]}
  if port_in_use "$port"; then echo "error: 127.0.0.1:$port is already in use (KGRAPH_PORT_$1)" >&2; exit 1; fi
  rm -rf "$OUT/data-$1"
  # shellcheck disable=SC2086
  setsid "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS $KGRAPH_STANDALONE_OPTS $3 -jar "$2" --server.address=127.0.0.1 --server.port="$port" \
    --kgraph.standalone.data-dir="$OUT/data-$1" >"$OUT/$1.log" 2>&1 &
  PGID[$1]=$!
}
stop_all() {
  for s in A B; do [ -n "${PGID[$s]:-}" ] && stop_group "${PGID[$s]}" "${PORT[$s]}"; done
  rm -rf "$OUT/data-A" "$OUT/data-B"
}
trap stop_all EXIT

ready() { # $1 = A|B
  await_run "${PORT[$1]}" "${PGID[$1]}" && return 0
  echo "error: server $1 did not run echo; see $OUT/$1.log" >&2
  exit 1
}

load() { # $1 = A|B, $2 = seconds, then extra load-tool arguments
  local s=$1 seconds=$2; shift 2
  timeout $((seconds + 120)) "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS -jar "$LOAD_JAR" "http://127.0.0.1:${PORT[$s]}" \
    --mode new-thread --clients "$CLIENTS" --duration "$seconds" --graph "$GRAPH" --unique --json "$@"
}
ticks() { awk '{ print $14 + $15 }' "/proc/${PGID[$1]}/stat"; } # the server's user + system CPU, clock ticks

start A "$JAR_A" "$A_OPTS"
start B "$JAR_B" "$B_OPTS"
ready A
ready B
log "A: $JAR_A $A_OPTS"
log "B: $JAR_B $B_OPTS"
log "$ROUNDS warm-up rounds of 30 s each, $CLIENTS client(s)"
for _ in $(seq 1 "$ROUNDS"); do load A 30 >/dev/null 2>&1 || true; load B 30 >/dev/null 2>&1 || true; done

: >"$OUT/windows.tsv"
hz=$(getconf CLK_TCK)
for w in $(seq 1 "$WINDOWS"); do
  order="A B"; [ $((w % 2)) = 0 ] && order="B A"
  for s in $order; do
    # CPU from the tool's "measuring" line (after its own warm-up) to its exit, as scripts/bench.sh counts it
    load "$s" "$WINDOW" --warmup 10 >"$OUT/tool.out" 2>"$OUT/tool.err" &
    tool=$!
    until grep -q '^measuring$' "$OUT/tool.err" || ! kill -0 "$tool" 2>/dev/null; do sleep 0.05; done
    t0=$(ticks "$s")
    wait "$tool" || true
    t1=$(ticks "$s")
    line=$(cat "$OUT/tool.out")
    python3 - "$w" "$s" "$line" "$t0" "$t1" "$hz" >>"$OUT/windows.tsv" <<'PY'
import json, sys
w, s, line, t0, t1, hz = sys.argv[1:]
try:
    d = json.loads(line)
except ValueError:
    print(w, s, "nan", "nan", "nan", "nan", 0, sep="\t"); sys.exit()  # a failed window: its seven fields, no figures
runs = max(d["runsCompleted"], 1)
cpu = (int(t1) - int(t0)) * 1000 / int(hz) / runs
lat = d["waitLatencyMs"]
print(w, s, f'{d["runsPerSec"]:.1f}', lat["p50"], lat["p99"], f"{cpu:.3f}", d["errorCount"], sep="\t")
PY
    log "window $w $s: $(tail -n 1 "$OUT/windows.tsv" | cut -f3-)"
  done
done

python3 - "$OUT/windows.tsv" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for w, s, rps, p50, p99, cpu, errors in rows:
    by.setdefault(w, {})[s] = (float(rps), float(p50), float(p99), float(cpu), int(errors))
print("| window | A runs/s | B runs/s | A p50 ms | B p50 ms | A p99 ms | B p99 ms | A CPU ms/run | B CPU ms/run |")
print("|---|---|---|---|---|---|---|---|---|")
for w in sorted(by, key=int):
    a, b = by[w]["A"], by[w]["B"]
    print(f"| {w} | {a[0]:.0f} | {b[0]:.0f} | {a[1]} | {b[1]} | {a[2]} | {b[2]} | {a[3]:.2f} | {b[3]:.2f} |")
pairs = [(by[w]["A"], by[w]["B"]) for w in by if "A" in by[w] and "B" in by[w]]
med = lambda xs: statistics.median(xs)
print()
print(f"median over {len(pairs)} window pairs, B minus A: runs/s {med([b[0] - a[0] for a, b in pairs]):+.1f}, "
      f"p50 {med([b[1] - a[1] for a, b in pairs]):+.2f} ms, p99 {med([b[2] - a[2] for a, b in pairs]):+.2f} ms, "
      f"CPU {med([b[3] - a[3] for a, b in pairs]):+.3f} ms per run; errors A {sum(a[4] for a, _ in pairs)}, "
      f"B {sum(b[4] for _, b in pairs)}")
PY

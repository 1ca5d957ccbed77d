#!/usr/bin/env bash
# A burst of runs/wait on the standalone server: N calls of graph slow (new threads) released at once, repeated on a
# fresh server each time. Loopback only.
#
#   scripts/bench-burst.sh [--repeat 3] [--warmup 2] [--runs 10000] [--ms 1000] [--slots 1000] [--out DIR]
#                          [-- SERVER_ARGS...]
#
# For every repetition it starts the standalone server afresh (empty data directory, GC log on), waits until a run
# succeeds, sends --warmup bursts of the same shape that are not measured (a fresh JVM compiles for about a minute of
# load: the first burst spends a quarter of its CPU in the JIT; --warmup 0 measures the cold server), and runs
# `load-tool.jar --mode burst --server-pid PID`: N runs/wait released together, each on a new
# thread (if_not_exists: create), input {"ms": MS}. It reports successes, release to the last answer against the
# ideal (ceil(N / slots) * MS), the wait percentiles, whether runs started in arrival order while the burst was still
# arriving (starts read back from the threads' histories), the server's used heap (jstat, every 100 ms) and resident
# memory (/proc) during the burst, and its CPU. From the GC log it adds the highest heap before and after a young
# collection. --slots must match the server's kgraph.worker.max-concurrent-runs (default 1000); arguments after --
# go to the server (e.g. -- --kgraph.worker.max-concurrent-runs=500). Each measurement records the load average
# just before it. At the end it prints the medians; the JSON lines go to DIR/results.jsonl (default: a new
# /tmp/kgraph-bench-burst.* directory), the server logs and GC logs next to them.
#
# Env: KGRAPH_PORT (8123), KGRAPH_KAFKA_PORT (0: any free port), KGRAPH_JAVA_OPTS_EXTRA (extra JVM flags for the
# server, after the defaults of scripts/lib-jdk.sh; KGRAPH_HEAP=512m fixes the heap), STANDALONE_JAR (use this jar instead of building one with scripts/start.sh --build-only),
# READY_TIMEOUT (seconds the server gets to answer a run, 180).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh
. scripts/lib-bench.sh

REPEAT=3 WARMUP=2 RUNS=10000 MS=1000 SLOTS=1000 OUT=""
SERVER_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) REPEAT="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --ms) MS="$2"; shift 2 ;;
    --slots) SLOTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --) shift; SERVER_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$REPEAT" "$WARMUP" "$RUNS" "$MS" "$SLOTS"; do
  case "$n" in ''|*[!0-9]*) echo "error: --repeat, --warmup, --runs, --ms and --slots take whole numbers" >&2; exit 2 ;; esac
done

KGRAPH_PORT="${KGRAPH_PORT:-8123}"
KGRAPH_KAFKA_PORT="${KGRAPH_KAFKA_PORT:-0}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-burst.XXXXXX")}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
SERVER_PGID=""

log() { echo "[bench-burst $(date -u +%H:%M:%S)] $*" >&2; }

LOAD_JAR=$(ensure_load_tool)
if [ -z "${STANDALONE_JAR:-}" ]; then
  STANDALONE_JAR=$(scripts/start.sh --build-only | tail -n 1)
fi

stop_server() {
  [ -n "$SERVER_PGID" ] || return 0
  stop_group "$SERVER_PGID" "$KGRAPH_PORT"
  SERVER_PGID=""
}
trap stop_server EXIT INT TERM

start_server() { # $1 = label; sets SERVER_PGID (the java process leads its group)
  local data="$OUT/data-$1"
  if port_in_use "$KGRAPH_PORT"; then
    echo "error: 127.0.0.1:$KGRAPH_PORT is already in use; stop that server or set KGRAPH_PORT" >&2
    exit 1
  fi
  rm -rf "$data"
  # shellcheck disable=SC2086
  setsid "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS $KGRAPH_STANDALONE_OPTS ${KGRAPH_JAVA_OPTS_EXTRA:-} -Xlog:gc:file="$OUT/gc-$1.log" \
    -jar "$STANDALONE_JAR" --server.address=127.0.0.1 --server.port="$KGRAPH_PORT" \
    --kgraph.standalone.kafka-port="$KGRAPH_KAFKA_PORT" --kgraph.standalone.data-dir="$data" \
    ${SERVER_ARGS[@]+"${SERVER_ARGS[@]}"} >"$OUT/server-$1.log" 2>&1 &
  SERVER_PGID=$!
  # ready once a slow run succeeds: the graph the burst runs is registered
  await_run "$KGRAPH_PORT" "$SERVER_PGID" '{"assistant_id":"slow","input":{"ms":10},"if_not_exists":"create"}'
}

# the highest heap before and after a young collection in a GC log, in MiB ("... 516M->368M(3568M) ..."), from line
# $2 on (the measured burst's, after the warm-up's)
gc_peaks() {
  tail -n +"${2:-1}" "$1" | sed -n 's/.*Pause Young.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\1 \2 \3/p' \
    | awk 'BEGIN { b = 0; a = 0; c = 0 } { if ($1 > b) b = $1; if ($2 > a) a = $2; if ($3 > c) c = $3 }
           END { printf "{\"gcBeforeMaxMiB\":%d,\"gcAfterMaxMiB\":%d,\"heapCommittedMaxMiB\":%d}", b, a, c }'
}

# one burst of the load tool against the running server (its JSON report on stdout); extra arguments go to the tool
burst() {
  # shellcheck disable=SC2086
  timeout 900 "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS -jar "$LOAD_JAR" "http://127.0.0.1:$KGRAPH_PORT" \
    --mode burst --runs "$RUNS" --ms "$MS" --slots "$SLOTS" --json "$@"
}

log "results in $RESULTS; $(nproc) cores; JDK $KGRAPH_JDK_MAJOR; jar $STANDALONE_JAR; $RUNS runs of $MS ms, $SLOTS slots"
for rep in $(seq 1 "$REPEAT"); do
  label="burst-$rep"
  if ! start_server "$label"; then
    log "the server did not answer a run within $READY_TIMEOUT s; see $OUT/server-$label.log"
    stop_server
    continue
  fi
  for w in $(seq 1 "$WARMUP"); do
    warm=$(burst) || warm=""
    log "rep $rep: warm-up burst $w: $(echo "$warm" | node -e '
      try { const r = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(`${r.succeeded}/${r.runs} ok, last ${r.lastAnswerS} s`); }
      catch (e) { console.log("failed"); }')"
  done
  gc_from=$(($(wc -l <"$OUT/gc-$label.log") + 1))
  log "rep $rep: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  line=$(burst --server-pid "$SERVER_PGID") || line=""
  if [ -n "$line" ]; then
    gc=$(gc_peaks "$OUT/gc-$label.log" "$gc_from")
    echo "$line" | node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8")); Object.assign(r, JSON.parse(process.argv[1]), {rep: +process.argv[2], warmupBursts: +process.argv[3]});
      console.log(JSON.stringify(r));' "$gc" "$rep" "$WARMUP" >>"$RESULTS"
    tail -n 1 "$RESULTS" | node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8")), o = r.order || {}, mb = b => Math.round(b / 1048576);
      console.error(`  ${r.succeeded}/${r.runs} ok, last ${r.lastAnswerS} s (ideal ${r.idealS}), p50 ${Math.round(r.waitMs.p50)} ms,` +
        ` first-wave start delay p50 ${Math.round((o.firstWaveStartDelayMs || {}).p50)} ms, spearman ${o.spearman},` +
        ` heap peak ${mb(r.heapPeakBytes)} MiB (GC log: ${r.gcBeforeMaxMiB} before, ${r.gcAfterMaxMiB} after), RSS peak ${mb(r.rssPeakBytes)} MiB,` +
        ` CPU ${(r.serverCpuMs / r.succeeded).toFixed(1)} ms/run, load ${r.loadAverage}`);'
  else
    log "  the load tool failed; see above"
  fi
  stop_server
done

[ -s "$RESULTS" ] || { log "no results"; exit 1; }
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const med = xs => { const s = xs.filter(x => x != null && !Number.isNaN(x)).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const mb = b => Math.round(b / 1048576);
const f = (k, g) => med(rows.map(g));
console.log(`| runs | slots | ms | reps | ok | last answer s (ideal) | p50 wait s | first-wave start delay p50 s | started before last arrival | spearman | heap peak MiB (jstat) | GC log before / after MiB | RSS peak MiB | CPU ms/run | load avg |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
const r0 = rows[0];
console.log(`| ${r0.runs} | ${r0.slots} | ${r0.runMs} | ${rows.length}${r0.warmupBursts ? ` (each after ${r0.warmupBursts} warm-up bursts)` : ""} | ${f("ok", r => r.succeeded)} | ${f("last", r => r.lastAnswerS)} (${r0.idealS}) | ` +
  `${(f("p50", r => r.waitMs.p50) / 1000).toFixed(1)} | ${(f("fw", r => (r.order || {}).firstWaveStartDelayMs?.p50) / 1000).toFixed(1)} | ` +
  `${(100 * f("sw", r => (r.order || {}).startedWhileArriving)).toFixed(0)} % | ${f("sp", r => (r.order || {}).spearman)} | ` +
  `${mb(f("hp", r => r.heapPeakBytes))} | ${f("gb", r => r.gcBeforeMaxMiB)} / ${f("ga", r => r.gcAfterMaxMiB)} | ${mb(f("rss", r => r.rssPeakBytes))} | ` +
  `${f("cpu", r => r.serverCpuMs / r.succeeded).toFixed(1)} | ${rows.map(r => r.loadAverage).join(", ")} |`);
' "$RESULTS"

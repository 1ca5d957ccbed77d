#!/usr/bin/env bash
# Cluster mode: `runs/wait` on `echo` (a new thread per run) through a broker, a gateway and a worker that are separate
# JVMs, with the worker exactly-once (the cluster default) and at-least-once (the standalone server's mode), in one
# sitting. Loopback only.
#
#   scripts/bench-cluster.sh [--clients 1,64] [--modes exactly-once,at-least-once] [--repeat 1] [--warmup 30]
#                            [--duration 20] [--partitions 6] [--threads] [--out DIR]
#
# For every repetition and mode it starts FRESH PROCESSES ON FRESH DATA (scripts/lib-cluster.sh: the broker from the
# standalone jar, the gateway and worker exec jars), waits until a run succeeds, warms the processes up with
# --warmup seconds of load at the largest client count, then for each client count runs load-tool for a few
# unmeasured seconds and then --duration measured seconds, reading each process's CPU time from /proc over exactly
# the measured run. It prints, per mode and client count, the medians of runs/s, p50, p99, and CPU milliseconds per
# run of the broker, the gateway and the worker; then exactly-once ÷ at-least-once. With --threads, each process's CPU
# by thread over the measured run (scripts/idle-threads.sh, from 2 s after its start to 2 s before its end) goes to
# DIR/logs/<config>/threads-<clients>-<process>.txt: which of a process's threads a mode's extra CPU is in.
#
# Output: DIR/results.jsonl (one JSON line per measurement), DIR/logs/<config>/*.log, the table on stdout and in
# DIR/table.md; DIR defaults to a new /tmp/kgraph-bench-cluster.* directory.
# Env: JAVA_OPTS_EXTRA (JVM flags for every server process), WORKER_ARGS / GATEWAY_ARGS (extra --key=value Spring
# properties), WORKER_JAR / GATEWAY_JAR (other builds' exec jars; nothing is rebuilt then), READY_TIMEOUT (180 s).
# Needs a JDK 21+, curl and node; builds the jars with the Maven wrapper when they are missing or stale.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh

CLIENTS="1,64" MODES="exactly-once,at-least-once" REPEAT=1 WARMUP=30 DURATION=20 PARTITIONS=6 OUT="" THREADS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS="$2"; shift 2 ;;
    --modes) MODES="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --threads) THREADS=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in $REPEAT $WARMUP $DURATION $PARTITIONS ${CLIENTS//,/ }; do
  case "$n" in ''|*[!0-9]*) echo "error: counts and durations are whole numbers, got '$n'" >&2; exit 2 ;; esac
done
[ "$DURATION" -le 60 ] || { echo "error: --duration is at most 60 (load-tool's limit)" >&2; exit 2; }
for mode in ${MODES//,/ }; do
  case "$mode" in exactly-once|at-least-once) ;; *) echo "error: --modes takes exactly-once and/or at-least-once" >&2; exit 2 ;; esac
done
command -v curl >/dev/null && command -v node >/dev/null || { echo "error: curl and node are needed" >&2; exit 1; }

OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-cluster.XXXXXX")}"
mkdir -p "$OUT/logs"
RESULTS="$OUT/results.jsonl"
. scripts/lib-cluster.sh # the jars, JAVA, JVM_FLAGS, READY_TIMEOUT; start_all, stop_all...
EXTRA_WORKER_ARGS="${WORKER_ARGS:-}"
WORKER_SLOTS=256 # execution slots: far more than the clients, so the worker's pool is never the limit

log() { echo "[bench-cluster $(date -u +%H:%M:%S)] $*" >&2; }
trap stop_all EXIT
trap 'exit 130' INT TERM

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; } # user + system, 1/100 s

load() { # $1 = clients, $2 = seconds; prints load-tool's JSON report
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$LOAD_JAR" "$GATEWAY_URL" --mode new-thread --graph echo --clients "$1" \
    --duration "$2" --json 2>>"$LOGS/load.err"
}

sample_threads() { # $1 = clients: per-thread CPU of the three processes over the measured run, in the middle of it
  local window=$((DURATION > 6 ? DURATION - 4 : DURATION)) name pid
  sleep $((DURATION > 6 ? 2 : 0))
  for name in broker gateway worker; do
    case "$name" in broker) pid=$BROKER_PID ;; gateway) pid=$GATEWAY_PID ;; worker) pid=${WORKER_PIDS[0]} ;; esac
    scripts/idle-threads.sh "$pid" "$window" >"$LOGS/threads-$1-$name.txt" 2>&1 &
  done
  wait # this subshell's own three samplers
}

measure_mode() { # $1 = mode, $2 = rep
  local label="$1-r$2" max=0 clients report b0 g0 w0 b1 g1 w1 loadavg sampler
  for clients in ${CLIENTS//,/ }; do [ "$clients" -gt "$max" ] && max=$clients; done
  WORKER_ARGS="$EXTRA_WORKER_ARGS --kgraph.worker.exactly-once=$([ "$1" = exactly-once ] && echo true || echo false)"
  log "$label: broker, gateway and one $1 worker; warm-up ${WARMUP} s at $max clients"
  if ! start_all "$label" 1 "$WORKER_SLOTS"; then
    log "  not ready; skipped"
    stop_all
    return 0
  fi
  [ "$WARMUP" -eq 0 ] || load "$max" "$WARMUP" >/dev/null || true
  for clients in ${CLIENTS//,/ }; do
    load "$clients" 5 >/dev/null || true # the client count's own ramp, not counted
    loadavg=$(cut -d' ' -f1 /proc/loadavg)
    b0=$(cpu_ticks "$BROKER_PID") g0=$(cpu_ticks "$GATEWAY_PID") w0=$(cpu_ticks "${WORKER_PIDS[0]}")
    sampler=""
    if [ "$THREADS" = 1 ]; then sample_threads "$clients" & sampler=$!; fi
    report=$(load "$clients" "$DURATION") || report=""
    [ -z "$sampler" ] || wait "$sampler" # not a bare wait: the servers are this shell's background jobs too
    b1=$(cpu_ticks "$BROKER_PID") g1=$(cpu_ticks "$GATEWAY_PID") w1=$(cpu_ticks "${WORKER_PIDS[0]}")
    [ -n "$report" ] || { log "  $clients clients: no report; see $LOGS/load.err"; continue; }
    printf '%s\n' "$report" | node -e '
      const [mode, rep, clients, load, b, g, w] = process.argv.slice(1);
      const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const perRun = (ticks) => r.runsCompleted ? (+ticks * 10) / r.runsCompleted : null;
      const cpu = { broker: perRun(b), gateway: perRun(g), worker: perRun(w) };
      cpu.total = perRun(+b + +g + +w);
      console.log(JSON.stringify({ mode, rep: +rep, clients: +clients, loadavgBefore: +load, runsPerSec: r.runsPerSec,
        runsCompleted: r.runsCompleted, errorCount: r.errorCount, p50: r.waitLatencyMs?.p50, p99: r.waitLatencyMs?.p99,
        cpuMsPerRun: cpu }));' "$1" "$2" "$clients" "$loadavg" $((b1 - b0)) $((g1 - g0)) $((w1 - w0)) \
      | tee -a "$RESULTS" >&2
  done
  stop_all
}

print_table() {
  node - "$RESULTS" <<'EOF'
const rows = require("fs").readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (x, d = 1) => (x == null ? "n/a" : x.toFixed(d));
const groups = new Map();
for (const r of rows) {
  const key = `${r.mode}|${r.clients}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
const med = new Map();
console.log("| worker | clients | runs/s | p50 ms | p99 ms | errors | CPU ms/run: total | broker | gateway | worker | load avg before | reps |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const [key, rs] of groups) {
  const [mode, clients] = key.split("|");
  const m = { rps: median(rs.map((r) => r.runsPerSec)), p50: median(rs.map((r) => r.p50)),
    total: median(rs.map((r) => r.cpuMsPerRun.total)) };
  med.set(key, m);
  console.log(`| ${mode} | ${clients} | ${fmt(m.rps)} | ${fmt(m.p50)} | ${fmt(median(rs.map((r) => r.p99)))} | ` +
    `${rs.reduce((a, r) => a + (r.errorCount ?? 0), 0)} | ${fmt(m.total, 2)} | ` +
    `${fmt(median(rs.map((r) => r.cpuMsPerRun.broker)), 2)} | ${fmt(median(rs.map((r) => r.cpuMsPerRun.gateway)), 2)} | ` +
    `${fmt(median(rs.map((r) => r.cpuMsPerRun.worker)), 2)} | ${rs.map((r) => fmt(r.loadavgBefore)).join(", ")} | ${rs.length} |`);
}
const ratios = [];
for (const [key, eos] of med) {
  const [mode, clients] = key.split("|");
  const alos = med.get(`at-least-once|${clients}`);
  if (mode === "exactly-once" && alos) {
    ratios.push(`${clients} clients: CPU per run ${fmt(eos.total / alos.total, 2)}x, runs/s ${fmt(eos.rps / alos.rps, 2)}x, p50 ${fmt(eos.p50 / alos.p50, 2)}x`);
  }
}
if (ratios.length) console.log(`\nexactly-once ÷ at-least-once: ${ratios.join("; ")}`);
EOF
}

build_if_stale
log "results in $RESULTS; $(nproc) cores; JDK $KGRAPH_JDK_MAJOR; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$REPEAT"); do
  for mode in ${MODES//,/ }; do
    measure_mode "$mode" "$rep"
  done
done
echo
echo "Cluster benchmark $(date -u +%Y-%m-%dT%H:%MZ): echo, new thread per run, ${WARMUP} s warm-up, ${DURATION} s" \
  "measured per client count, broker + gateway + one worker as separate JVMs on $(nproc) cores; medians of $REPEAT"
echo
print_table | tee "$OUT/table.md"

#!/usr/bin/env bash
# The scaling benchmark: runs/s of graph `slow` (100 ms runs) through one gateway, as a function of the number of
# worker processes and of each worker's concurrency (kgraph.worker.max-concurrent-runs); and, with --kill, how the
# system recovers when one worker is killed (kill -9) under load. Loopback only.
#
#   scripts/bench-scaling.sh [--workers 1,2,3] [--concurrency 1,10,100,1000] [--repeat 1] [--warmup 30]
#                            [--duration 20] [--ms 100] [--inflight-factor 1.5] [--partitions 6]
#                            [--kill W:C] [--kill-after 15] [--kill-duration 60] [--no-matrix] [--out DIR]
#
# For every configuration (each workers x concurrency pair of the matrix, each repetition, and the kill test) it
# starts FRESH PROCESSES ON FRESH DATA: a single-node KRaft broker from the standalone jar (its own data directory,
# free ports), one gateway and N workers as separate JVMs (each worker with its own state directory). It waits until
# every worker's Kafka Streams client is RUNNING and a run succeeds through the gateway, runs ScalingBench
# (load-tool) with workers x concurrency x inflight-factor runs in flight, rounded up to a multiple of the partitions
# (so the workers, not the client, are the limit, and every partition gets the same number of them), then stops the workers and the gateway with SIGTERM, then the broker, and deletes the data. Nothing
# carries over from one configuration to the next: no JIT warmth, no runs still queued from the previous load. The
# warm-up (30 s by default) is load that is not counted: fresh JVMs need one to four minutes of it before their JIT has
# settled (four for three workers on two cores: docs/benchmarks.md, section 4), and a shorter one measures the ramp
# (the per-second series in the JSON lines shows it).
#
# The kill test (--kill W:C, e.g. 2:100) starts W workers at concurrency C and has ScalingBench send SIGKILL to
# worker 1 --kill-after seconds into a --kill-duration measured window; it reports when every partition completed
# runs again and when throughput was back. --no-matrix runs only the kill test.
#
# Partitions: the thread-keyed topics have --partitions partitions (kgraph.topics.partitions, default 6); each is
# owned by exactly one worker's stream thread, so 6 spreads evenly over 1, 2 and 3 workers (6, 3, 2 each) but not
# over 4 or 5, and a 7th worker would get nothing. The result records each worker's active tasks (partitions).
#
# Output: DIR/results.jsonl (one JSON line per measurement: ScalingBench's report tagged with the configuration,
# the load average before it and the workers' active tasks), DIR/logs/<config>/*.log, and the tables (markdown) on
# stdout and in DIR/table.md. DIR defaults to a new /tmp/kgraph-bench-scaling.* directory.
#
# Env: JAVA_OPTS_EXTRA (JVM flags for every server process), WORKER_ARGS / GATEWAY_ARGS (extra --key=value Spring
# properties, e.g. WORKER_ARGS="--kgraph.worker.standby-replicas=0"), READY_TIMEOUT (seconds, default 180),
# WORKER_JAR / GATEWAY_JAR (other builds' exec jars, e.g. copies of an older commit's, to compare builds in one
# sitting; nothing is rebuilt then).
# Needs a JDK 21+, curl and node (for the tables); builds the jars with the Maven wrapper when they are missing or
# older than a source.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh

WORKERS="1,2,3" CONCURRENCY="1,10,100,1000" REPEAT=1 WARMUP=30 DURATION=20 RUN_MS=100 FACTOR=1.5 PARTITIONS=6
KILL="" KILL_AFTER=15 KILL_DURATION=60 MATRIX=1 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) WORKERS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --ms) RUN_MS="$2"; shift 2 ;;
    --inflight-factor) FACTOR="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --kill) KILL="$2"; shift 2 ;;
    --kill-after) KILL_AFTER="$2"; shift 2 ;;
    --kill-duration) KILL_DURATION="$2"; shift 2 ;;
    --no-matrix) MATRIX=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
whole() { case "$1" in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
for n in $REPEAT $WARMUP $DURATION $RUN_MS $PARTITIONS $KILL_AFTER $KILL_DURATION ${WORKERS//,/ } ${CONCURRENCY//,/ }; do
  whole "$n" || { echo "error: counts and durations are whole numbers, got '$n'" >&2; exit 2; }
done
if [ -n "$KILL" ]; then
  case "$KILL" in *:*) ;; *) echo "error: --kill takes WORKERS:CONCURRENCY, e.g. 2:100" >&2; exit 2 ;; esac
  whole "${KILL%%:*}" && whole "${KILL##*:}" && [ "${KILL%%:*}" -ge 2 ] \
    || { echo "error: --kill needs at least 2 workers, e.g. 2:100" >&2; exit 2; }
fi
[ "$MATRIX" = 1 ] || [ -n "$KILL" ] || { echo "error: --no-matrix without --kill measures nothing" >&2; exit 2; }
command -v curl >/dev/null && command -v node >/dev/null || { echo "error: curl and node are needed" >&2; exit 1; }

OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-scaling.XXXXXX")}"
mkdir -p "$OUT/logs"
RESULTS="$OUT/results.jsonl"
. scripts/lib-cluster.sh # the jars, JAVA, JVM_FLAGS, READY_TIMEOUT; start_all, stop_all...

log() { echo "[bench-scaling $(date -u +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------- processes
trap stop_all EXIT
trap 'exit 130' INT TERM

# Each worker's partitions at the end: the last "New active tasks" its Kafka Streams client logged, e.g. [0_0, 0_3].
active_tasks_json() { # $1 = workers
  local i tasks json="{"
  for i in $(seq 1 "$1"); do
    tasks=$(grep -oE 'New active tasks: \[[^]]*\]' "$LOGS/worker-$i.log" 2>/dev/null | tail -n 1 || true)
    json+="$([ "$i" -gt 1 ] && echo ,)\"worker-$i\":\"${tasks#New active tasks: }\""
  done
  echo "$json}"
}

# Each worker's Kafka Streams figures at the end of the measurement, from its management endpoint: records processed
# and transactions (commits) since it started, warm-up included, and the share of the stream thread's recent time spent
# committing. Records per commit says whether commits batch the backlog or cost one transaction per record or two.
streams_json() { # $1 = workers
  local i port json="{"
  for i in $(seq 1 "$1"); do
    port=$(grep -m 1 -oE 'Netty started on port [0-9]+' "$LOGS/worker-$i.log" 2>/dev/null | awk '{print $NF}' || true)
    json+="$([ "$i" -gt 1 ] && echo ,)\"worker-$i\":"
    json+=$(curl -s --max-time 10 "http://127.0.0.1:${port:-0}/actuator/prometheus" 2>/dev/null | awk '
      /^kafka_stream_thread_process_total[{ ]/ { records += $NF }
      /^kafka_stream_thread_commit_total[{ ]/ { commits += $NF }
      /^kafka_stream_thread_commit_ratio[{ ]/ { ratio = $NF }
      END { printf "{\"records\":%d,\"commits\":%d,\"commitRatio\":%s}", records, commits, (ratio == "" || ratio == "NaN") ? "null" : ratio }')
  done
  echo "$json}"
}

# The gateway's runs/wait answers by outcome since it started (warm-up included; kgraph.runs.wait: SUCCESS,
# CLIENT_ERROR, SERVER_ERROR, UNKNOWN for a caller gone): SERVER_ERRORs are mostly the 503 of a request its sequencer
# did not answer within kgraph.gateway.request-timeout.
gateway_outcomes_json() {
  local port
  port=$(grep -m 1 -oE 'started on port [0-9]+' "$LOGS/gateway.log" 2>/dev/null | awk '{print $NF}' || true)
  curl -s --max-time 10 "http://127.0.0.1:${port:-0}/actuator/prometheus" 2>/dev/null | awk '
    /^kgraph_runs_wait_seconds_count\{/ && $NF > 0 {
      if (match($0, /outcome="[A-Z_]+"/)) { n[substr($0, RSTART + 9, RLENGTH - 10)] += $NF } }
    END { s = "{"; sep = ""; for (k in n) { s = s sep "\"" k "\":" n[k]; sep = "," } print s "}" }'
}

# ---------------------------------------------------------------- one measurement
measure() { # $1 = kind (matrix|kill), $2 = workers, $3 = concurrency, $4 = rep
  local label="$1-w$2-c$3-r$4" inflight load line i args=()
  # ScalingBench binds slot i to partition i mod P: a multiple of P gives every partition, so every worker, its share
  inflight=$(awk -v w="$2" -v c="$3" -v f="$FACTOR" -v p="$PARTITIONS" \
    'BEGIN { x = w * c * f / p; n = int(x); if (n < x) n++; print n * p }')
  [ "$inflight" -le 10000 ] || { log "$label: $inflight runs in flight is over the tool's 10,000; skipped"; return 0; }
  log "$label: $2 worker(s) x concurrency $3, $inflight runs in flight"
  if ! start_all "$label" "$2" "$3"; then
    record "$1" "$2" "$3" "$4" "$inflight" "$(cut -d' ' -f1 /proc/loadavg)" '{}' \
      '{"runsPerSec":null,"latencyMs":{},"errorCount":null,"note":"not ready"}'
    stop_all
    return 0
  fi
  args=(--in-flight "$inflight" --ms "$RUN_MS" --partitions "$PARTITIONS" --warmup "$WARMUP" --json
    --cpu-pid "gateway=$GATEWAY_PID" --cpu-pid "broker=$BROKER_PID")
  for i in $(seq 1 "$2"); do args+=(--cpu-pid "worker-$i=${WORKER_PIDS[$((i - 1))]}"); done
  if [ "$1" = kill ]; then
    args+=(--duration "$KILL_DURATION" --kill-pid "${WORKER_PIDS[0]}" --kill-after "$KILL_AFTER")
  else
    args+=(--duration "$DURATION")
  fi
  load=$(cut -d' ' -f1 /proc/loadavg)
  line=$(timeout $((WARMUP + DURATION + KILL_DURATION + 300)) "$JAVA" "${JVM_FLAGS[@]}" -cp "$LOAD_JAR" \
    -Dloader.main=dev.kgraph.load.ScalingBench org.springframework.boot.loader.launch.PropertiesLauncher \
    "$GATEWAY_URL" "${args[@]}" 2>"$LOGS/bench.err") || line=""
  [ -n "$line" ] || { log "  no result; see $LOGS/bench.err"; line='{"runsPerSec":null,"latencyMs":{},"errorCount":null,"note":"bench failed"}'; }
  record "$1" "$2" "$3" "$4" "$inflight" "$load" "$(active_tasks_json "$2")" "$line" "$(streams_json "$2")" \
    "$(gateway_outcomes_json)"
  summarize_last
  stop_all
}

record() { # kind workers concurrency rep inflight loadavg active-tasks-json report-json [streams-json gateway-json]
  printf '%s\n' "$8" | node -e '
    const [kind, workers, concurrency, rep, inflight, load, tasks, streams, gateway] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const parse = (s) => { try { return JSON.parse(s || "{}"); } catch { return {}; } };
    const tagged = { kind, workers: +workers, concurrency: +concurrency, rep: +rep, inflight: +inflight,
      loadavgBefore: +load, loadavgAfter: +require("fs").readFileSync("/proc/loadavg", "utf8").split(" ")[0],
      activeTasks: JSON.parse(tasks), streams: parse(streams), gatewayRunsWaitByOutcome: parse(gateway), ...r };
    console.log(JSON.stringify(tagged));' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${9:-}" "${10:-}" >>"$RESULTS"
}

summarize_last() {
  tail -n 1 "$RESULTS" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    let s = `  -> ${r.runsPerSec} runs/s, p50 ${r.latencyMs?.p50} ms, p99 ${r.latencyMs?.p99} ms, errors ${r.errorCount}`;
    s += `, cores ${JSON.stringify(r.cpuCores ?? {})}`;
    const st = Object.entries(r.streams ?? {}).map(([w, m]) =>
      `${w} ${m.records} records / ${m.commits} commits (commit ratio ${m.commitRatio?.toFixed?.(2) ?? "n/a"})`);
    if (st.length) s += `\n  -> streams: ${st.join("; ")}`;
    if (Object.keys(r.errorsBeforeWindow ?? {}).length) s += `\n  -> warm-up errors ${JSON.stringify(r.errorsBeforeWindow)}`;
    if (Object.keys(r.gatewayRunsWaitByOutcome ?? {}).length) s += `\n  -> gateway runs/wait answers by outcome ${JSON.stringify(r.gatewayRunsWaitByOutcome)}`;
    if (r.recovery) s += `\n  -> kill: partitions resumed after ${r.recovery.partitionsResumedAfterS} s, throughput back after ${r.recovery.backToBaselineAfterS} s, errors ${JSON.stringify(r.recovery.errorsAfterKill)}`;
    console.error(s);'
}

# ---------------------------------------------------------------- tables
print_tables() {
  node - "$RESULTS" <<'EOF'
const fs = require("fs");
const rows = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (x, d = 1) => (x == null ? "n/a" : x.toFixed(d));
const sum = (o, re) => Object.entries(o ?? {}).filter(([k]) => re.test(k)).reduce((a, [, v]) => a + v, 0);
const matrix = rows.filter((r) => r.kind === "matrix");
if (matrix.length) {
  const groups = new Map();
  for (const r of matrix) {
    const key = `${r.workers}|${r.concurrency}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  console.log("| workers | concurrency per worker | in flight | runs/s | p50 ms | p99 ms | errors | cores: gateway | workers | broker | load tool | machine busy | load avg before | reps |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [key, rs] of groups) {
    const [workers, concurrency] = key.split("|");
    const errors = rs.every((r) => r.errorCount == null) ? "n/a" : rs.reduce((a, r) => a + (r.errorCount ?? 0), 0);
    console.log(`| ${workers} | ${concurrency} | ${rs[0].inflight} | ${fmt(median(rs.map((r) => r.runsPerSec)), 1)} | ` +
      `${fmt(median(rs.map((r) => r.latencyMs?.p50)))} | ${fmt(median(rs.map((r) => r.latencyMs?.p99)))} | ${errors} | ` +
      `${fmt(median(rs.map((r) => r.cpuCores?.gateway)), 2)} | ${fmt(median(rs.map((r) => sum(r.cpuCores, /^worker-/))), 2)} | ` +
      `${fmt(median(rs.map((r) => r.cpuCores?.broker)), 2)} | ${fmt(median(rs.map((r) => r.cpuCores?.loadgen)), 2)} | ` +
      `${fmt(median(rs.map((r) => r.cpuCores?.machine)), 2)} | ${rs.map((r) => fmt(r.loadavgBefore)).join(", ")} | ${rs.length} |`);
  }
}
const kills = rows.filter((r) => r.kind === "kill");
if (kills.length) {
  console.log("\n| workers | concurrency | in flight | killed at s | runs/s before | runs/s at the end | stalled partitions | all partitions resumed after s | throughput back after s | settled after s | errors after the kill | max latency after ms | load avg before |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of kills) {
    const k = r.recovery ?? {};
    const errs = Object.entries(k.errorsAfterKill ?? {}).map(([e, n]) => `${n} ${e}`).join("; ") || "0";
    console.log(`| ${r.workers} | ${r.concurrency} | ${r.inflight} | ${fmt(k.killedAtS)} | ${fmt(k.baselineRunsPerSec)} | ` +
      `${fmt(k.finalRunsPerSec)} | ${JSON.stringify(k.stalledPartitions ?? [])} | ${fmt(k.partitionsResumedAfterS)} | ` +
      `${fmt(k.backToBaselineAfterS, 0)} | ${fmt(k.settledAfterS, 0)} | ${errs} | ${fmt(k.maxLatencyAfterKillMs, 0)} | ${fmt(r.loadavgBefore)} |`);
  }
}
EOF
}

# ---------------------------------------------------------------- main
build_if_stale
log "results in $RESULTS; $(nproc) cores; JDK $KGRAPH_JDK_MAJOR; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$MATRIX" = 1 ]; then
  for rep in $(seq 1 "$REPEAT"); do
    for workers in ${WORKERS//,/ }; do
      for concurrency in ${CONCURRENCY//,/ }; do
        measure matrix "$workers" "$concurrency" "$rep"
      done
    done
  done
fi
[ -z "$KILL" ] || measure kill "${KILL%%:*}" "${KILL##*:}" 1
echo
echo "Scaling benchmark $(date -u +%Y-%m-%dT%H:%MZ): graph slow, ${RUN_MS} ms runs, ${WARMUP} s warm-up, ${DURATION} s measured" \
  "(kill test: ${KILL_DURATION} s), in flight = ${FACTOR} x workers x concurrency rounded up to a multiple of" \
  "$PARTITIONS partitions, $(nproc) cores" \
  "shared by every process; medians of $REPEAT repetition(s)"
echo
print_tables | tee "$OUT/table.md"

#!/usr/bin/env bash
# The benchmark procedure: our standalone server against the reference JS server (the "anchor"), same machine,
# same sitting, same load, loopback only.
#
#   scripts/bench.sh [--duration 20] [--repeat 1] [--servers anchor,kgraph] [--tools java,node]
#                    [--configs "new-thread:1 new-thread:64 same-thread:64"] [--warmup 0] [--graph echo]
#                    [--out DIR]
#
# For every server, configuration (mode:clients), tool and repetition it starts the server afresh (the anchor wipes
# its state on start; ours gets an empty data directory), waits until an echo run succeeds, runs one load tool:
#   java  load-tool/target/load-tool.jar   (one request per run: runs/wait with if_not_exists=create)
#   node  the anchor's load.mjs            (official SDK; new-thread mode also POSTs /threads first, untimed)
# then stops the server. --graph runs another example graph than echo in every call (both tools take it; e.g.
# counter, whose state grows by two short strings a run where echo's grows by two messages). --warmup N loads the
# server for N seconds first (Java tool: the last 30 of them inside the measured call, so that the tool's own JIT has
# settled too; CPU is counted from its "measuring" line on).
# At the end it prints a markdown table of medians over the repetitions and the ratios
# kgraph/anchor; for our server also the server's CPU per run by role and the bytes a run appends to Kafka (the
# growth of the broker's log segments over the measured window, batch headers and every topic included).
# Raw JSON lines go to DIR/results.jsonl (default: a new /tmp/kgraph-bench.* directory).
#
# Env: ANCHOR_SRC (the reference JS server's directory, with load.mjs; needed for --servers anchor or --tools node), ANCHOR_DIR (the installed copy, reused
# between runs; default ${TMPDIR:-/tmp}/kgraph-bench-anchor), ANCHOR_PORT (2124), KGRAPH_PORT (8123),
# KGRAPH_JAVA_OPTS_EXTRA (extra JVM flags for our server; KGRAPH_HEAP=512m fixes its heap), STANDALONE_JAR (use this jar instead of
# building one with scripts/start.sh --build-only), READY_TIMEOUT (seconds a server gets to run an echo, 120), KEEP_DATA=1 (keep our server's data directory after
# each run; by default it is deleted: a same-thread run leaves gigabytes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh
. scripts/lib-bench.sh

DURATION=20 REPEAT=1 WARMUP=0 SERVERS="anchor,kgraph" TOOLS="java,node" OUT="" GRAPH="echo"
CONFIGS="new-thread:1 new-thread:64 same-thread:64"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --tools) TOOLS="$2"; shift 2 ;;
    --configs) CONFIGS="$2"; shift 2 ;;
    --graph) GRAPH="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$DURATION" "$REPEAT" "$WARMUP"; do
  case "$n" in ''|*[!0-9]*) echo "error: --duration, --repeat and --warmup take whole numbers" >&2; exit 2 ;; esac
done
[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 60 ] || { echo "error: --duration must be 1..60 s" >&2; exit 2; }

ANCHOR_SRC="${ANCHOR_SRC:-}"
ANCHOR_DIR="${ANCHOR_DIR:-${TMPDIR:-/tmp}/kgraph-bench-anchor}"
ANCHOR_PORT="${ANCHOR_PORT:-2124}"
KGRAPH_PORT="${KGRAPH_PORT:-8123}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench.XXXXXX")}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
SERVER_PGID="" SERVER_PORT="" SERVER_DATA=""

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

has() { case ",$1," in *",$2,"*) return 0 ;; *) return 1 ;; esac; }

# ---------------------------------------------------------------- preparation
prepare_anchor() {
  [ -f "$ANCHOR_SRC/load.mjs" ] || { echo "error: anchor not found at '$ANCHOR_SRC': set ANCHOR_SRC to the reference server's directory, or use --servers kgraph --tools java" >&2; exit 1; }
  command -v node >/dev/null || { echo "error: node (20.16+) is needed for the anchor" >&2; exit 1; }
  # npm install rewrites the copy's package-lock.json, so the source's lock is kept aside for the comparison
  if [ ! -d "$ANCHOR_DIR/node_modules" ] || ! cmp -s "$ANCHOR_SRC/package-lock.json" "$ANCHOR_DIR/.source-package-lock.json"; then
    log "copying the anchor to $ANCHOR_DIR and running npm install (once)"
    rm -rf "$ANCHOR_DIR"
    mkdir -p "$ANCHOR_DIR"
    (cd "$ANCHOR_SRC" && tar --exclude=node_modules --exclude=.langgraph_api --exclude=logs --exclude=load-results -cf - .) \
      | (cd "$ANCHOR_DIR" && tar -xf -)
    (cd "$ANCHOR_DIR" && npm install --no-audit --no-fund --loglevel=error >"$OUT/npm-install.log" 2>&1) \
      || { echo "error: npm install failed, see $OUT/npm-install.log" >&2; exit 1; }
    cp "$ANCHOR_SRC/package-lock.json" "$ANCHOR_DIR/.source-package-lock.json"
  fi
}

LOAD_JAR="$ROOT/load-tool/target/load-tool.jar"
prepare_java() {
  LOAD_JAR=$(ensure_load_tool)
}

# ---------------------------------------------------------------- servers
start_server() { # $1 = anchor|kgraph, $2 = label for logs
  local port pid
  port=$(server_port "$1")
  if port_in_use "$port"; then
    echo "error: 127.0.0.1:$port is already in use; stop that server or set ${1^^}_PORT" >&2
    exit 1
  fi
  if [ "$1" = anchor ]; then
    (cd "$ANCHOR_DIR" && exec setsid env PORT="$port" ./start-anchor.sh "$port") >"$OUT/$2.log" 2>&1 &
  else
    local data="$OUT/data-$2"
    rm -rf "$data"
    SERVER_DATA=$data
    # shellcheck disable=SC2086
    setsid "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS $KGRAPH_STANDALONE_OPTS ${KGRAPH_JAVA_OPTS_EXTRA:-} -jar "$STANDALONE_JAR" \
      --server.address=127.0.0.1 --server.port="$port" --kgraph.standalone.data-dir="$data" >"$OUT/$2.log" 2>&1 &
  fi
  pid=$!
  SERVER_PGID=$pid SERVER_PORT=$port
  if ! await_run "$port" "$pid"; then
    log "  $1 did not complete an echo run within $READY_TIMEOUT s; see $OUT/$2.log"
    return 1
  fi
}

stop_server() {
  [ -n "$SERVER_PGID" ] || return 0
  # the whole process group: the anchor's CLI runs the server in a child process
  stop_group "$SERVER_PGID" "$SERVER_PORT"
  SERVER_PGID=""
  # a same-thread run leaves gigabytes of broker log and state behind (the thread's state in every record);
  # KEEP_DATA=1 keeps them for inspection
  if [ -n "${SERVER_DATA:-}" ] && [ "${KEEP_DATA:-0}" != 1 ]; then rm -rf "$SERVER_DATA"; fi
  SERVER_DATA=""
}
trap stop_server EXIT INT TERM

server_port() { if [ "$1" = anchor ]; then echo "$ANCHOR_PORT"; else echo "$KGRAPH_PORT"; fi; }

# ---------------------------------------------------------------- CPU accounting (Linux /proc, USER_HZ=100)
machine_ticks() { head -n 1 /proc/stat | awk '{ t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $5 + $6 }'; }
# CPU ticks so far of the threads of every process of group $1, by role, from the threads' names (Linux keeps 15
# characters): our standalone runs broker, worker and gateway in one JVM, so this splits its CPU between them.
# Prints "broker worker gateway clients jvm other".
role_ticks() {
  local pid
  for pid in $({ awk -v g="$1" '{ sub(/^.*\) /, ""); if ($3 == g) print FILENAME }' /proc/[0-9]*/stat 2>/dev/null \
      || true; } | cut -d/ -f3); do
    # one read for all its threads (a fork per thread took seconds): "tid (name) state ... utime stime ..."
    { cat /proc/"$pid"/task/*/stat 2>/dev/null || true; } | awk '{
      name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) [^)]*$/, "", name)
      rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); printf "%s\t%d\n", name, f[12] + f[13] }'
  done | awk -F'\t' '
    $1 ~ /^(data-plane|kafka-[0-9]|kafka-scheduler|broker-|quorum-|raft|group-coordin|share-coordin|ExpirationReap|LogDirFailure|kafka-log-clea|controller-|metadata|kafka-[0-9]+-raft|executor-|transaction-|ReplicaFetcher|kafka-request-h|feature-|AlterPartition|TxnMarkerSender|AddPartitionsTo|persister-state|PersisterStateM|network-partiti|share-group-loc|raft-expiration|client-metrics-)/ { b += $2; next }
    $1 ~ /^(kgraph-sequenc|run-timers|ForkJoinPool-|rocksdb|kgraph-node-sto)/ { w += $2; next }
    $1 ~ /^(reactor-|tail-kgraph|kgraph-webhook|parallel-|boundedElastic|http-|webhook)/ { g += $2; next }
    $1 ~ /^(kafka-producer|kafka-admin|kafka-coordinat|kafka-consumer)/ { c += $2; next }
    $1 ~ /^(C[12] Compiler|GC |G1 |VM |Common-Cleaner|Signal|Finalizer|Reference|JFR|Notification|Attach|Service|Sweeper|Monitor)/ { j += $2; next }
    { o += $2 }
    END { print b + 0, w + 0, g + 0, c + 0, j + 0, o + 0 }'
}

# ---------------------------------------------------------------- bytes appended to Kafka (our server only)
# every log segment of the embedded broker, "path bytes": what a run appends to Kafka is the growth of the segments
# over the measured window (a segment deleted within it was no longer written to, so its loss is not counted)
segment_sizes() { # $1: the server's data directory
  [ -n "$1" ] && [ -d "$1/kafka/logs" ] || return 0
  find "$1/kafka/logs" -name '*.log' -printf '%p %s\n' 2>/dev/null || true
}

# ---------------------------------------------------------------- one measurement
measure() { # $1 server, $2 tool, $3 mode, $4 clients, $5 rep
  local url="http://127.0.0.1:$(server_port "$1")" line load t0 t1 g0 g1 m0 m1 r0 r1
  # the measured load-tool call warms up for its first 30 s too (the tool's own JVM compiles its code then, on the
  # server's cores, and its pauses count in its latencies: with 10 s the p99 of 64 clients came from the window's
  # first 12 s; docs/benchmarks.md, section 7, "2026-12-07"), and the CPU accounting below starts at its "measuring"
  # line; the rest of the warm-up runs in calls of its own
  local tool_warmup=$((WARMUP > 30 ? 30 : WARMUP))
  if [ "$2" = java ] && [ "$WARMUP" -gt "$tool_warmup" ]; then
    # in calls of at most 60 s (load-tool's limit): the server's JIT needs about two minutes of load to settle
    log "$1 / $2 / $3 x $4: ${WARMUP}s of warm-up load, not measured"
    local left=$((WARMUP - tool_warmup)) chunk
    while [ "$left" -gt 0 ]; do
      chunk=$((left > 60 ? 60 : left))
      timeout $((chunk + 120)) "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS -jar "$LOAD_JAR" "$url" \
        --mode "$3" --clients "$4" --duration "$chunk" --graph "$GRAPH" --unique --json >/dev/null || true
      left=$((left - chunk))
    done
  fi
  load=$(cut -d' ' -f1 /proc/loadavg)
  log "$1 / $2 / $3 x $4 / $GRAPH (rep $5, ${DURATION}s, load average before: $load)"
  local out="$OUT/tool.out" err="$OUT/tool.err" tool
  if [ "$2" = java ]; then
    : >"$err"
    timeout $((tool_warmup + DURATION + 120)) "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS -jar "$LOAD_JAR" "$url" \
      --mode "$3" --clients "$4" --warmup "$tool_warmup" --duration "$DURATION" --graph "$GRAPH" --unique --json \
      >"$out" 2>"$err" &
    tool=$!
    until grep -q '^measuring$' "$err" || ! kill -0 "$tool" 2>/dev/null; do sleep 0.05; done
  else
    (cd "$ANCHOR_DIR" && exec timeout $((DURATION + 120)) node load.mjs "$url" --mode "$3" --clients "$4" \
      --duration "$DURATION" --graph "$GRAPH" --json) >"$out" &
    tool=$!
  fi
  t0=$(date +%s.%N) g0=$(group_ticks "$SERVER_PGID") m0=$(machine_ticks) r0=$(role_ticks "$SERVER_PGID")
  segment_sizes "$SERVER_DATA" >"$OUT/segments.0"
  wait "$tool" && line=$(cat "$out") || line=""
  t1=$(date +%s.%N) g1=$(group_ticks "$SERVER_PGID") m1=$(machine_ticks) r1=$(role_ticks "$SERVER_PGID")
  segment_sizes "$SERVER_DATA" >"$OUT/segments.1"
  local appended=null
  if [ -s "$OUT/segments.1" ]; then
    appended=$(awk 'NR == FNR { before[$1] = $2; next } { grown += $2 - ($1 in before ? before[$1] : 0) }
      END { print grown + 0 }' "$OUT/segments.0" "$OUT/segments.1")
  fi
  # Java tool: from its "measuring" line to its exit (its last in-flight runs included); node tool: the whole call
  # (its own set-up included), so a little diluted; good enough to spot a starved server.
  # serverCpuMs: the server's CPU in the window in milliseconds (per run: divided by the runs, in the table);
  # roleCpuMs: the same split by thread role (broker, worker, gateway, Kafka clients, JVM, other); "other" also holds
  # the CPU of threads that ended within the window (the JVM starts and stops compiler threads as the JIT needs them),
  # which the process's total keeps and a reading of its live threads cannot, so the roles add up to the total
  CPU_JSON=$(awk -v t0="$t0" -v t1="$t1" -v g0="$g0" -v g1="$g1" -v m0="$m0" -v m1="$m1" -v n="$(nproc)" \
      -v r0="$r0" -v r1="$r1" -v appended="$appended" 'BEGIN {
    split(m0, a, " "); split(m1, b, " "); wall = t1 - t0; if (wall <= 0) wall = 1
    busy = (b[1] - a[1]) > 0 ? 1 - (b[2] - a[2]) / (b[1] - a[1]) : 0
    split(r0, x, " "); split(r1, y, " ")
    known = 0; for (i = 1; i <= 5; i++) known += y[i] - x[i]
    other = (g1 - g0) - known; if (other < y[6] - x[6]) other = y[6] - x[6]
    printf "{\"kafkaBytesAppended\":%s,\"serverCores\":%.2f,\"machineBusyCores\":%.2f,\"serverCpuMs\":%d,\"roleCpuMs\":{\"broker\":%d,\"worker\":%d,\"gateway\":%d,\"clients\":%d,\"jvm\":%d,\"other\":%d}}",
      appended, (g1 - g0) / 100 / wall, busy * n, (g1 - g0) * 10, (y[1] - x[1]) * 10, (y[2] - x[2]) * 10, (y[3] - x[3]) * 10,
      (y[4] - x[4]) * 10, (y[5] - x[5]) * 10, other * 10 }')
  if [ -z "$line" ]; then
    log "  no result (tool failed or timed out)"
    line='{"runsPerSec":null,"waitLatencyMs":{},"errorCount":null}'
  fi
  CPU_JSON="$CPU_JSON" GRAPH="$GRAPH" record "$1" "$2" "$3" "$4" "$5" "$load" "$line"
  tail -n 1 "$RESULTS" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.error(`  -> ${r.runsPerSec} runs/s, p50 ${r.waitLatencyMs?.p50} ms, p99 ${r.waitLatencyMs?.p99} ms, errors ${r.errorCount}`);'
}

record() { # server tool mode clients rep loadavg json: appends the tool's JSON line, tagged, to the results
  printf '%s\n' "$7" | node -e '
    const [server, tool, mode, clients, rep, load] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    Object.assign(r, { server, tool, mode, clients: Number(clients), rep: Number(rep), loadavgBefore: Number(load),
      graph: process.env.GRAPH, cpu: JSON.parse(process.env.CPU_JSON || "{}") });
    console.log(JSON.stringify(r));' "$1" "$2" "$3" "$4" "$5" "$6" >>"$RESULTS"
}

# ---------------------------------------------------------------- table
print_table() {
  node - "$RESULTS" <<'EOF'
const fs = require("fs");
const rows = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (x, d = 1) => (x == null ? "n/a" : x.toFixed(d));
const groups = new Map();
for (const r of rows) {
  const key = [r.server, r.tool, r.mode, r.clients].join("|");
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
const summary = new Map();
console.log("| server | tool | mode | clients | runs/s | p50 ms | p95 ms | p99 ms | max ms | errors | server cores | server CPU ms/run | of which broker / worker / gateway / Kafka clients / JVM / other | KB appended to Kafka per run | load tool cores | machine busy cores | reps | notes |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
// CPU ms per run: the server's CPU over the measured window divided by the runs completed in it (the window also
// holds the tool's set-up and ramp-down, so this is a slight over-estimate)
const perRun = (r, ms) => (ms == null || !r.runsCompleted ? null : ms / r.runsCompleted);
const roles = ["broker", "worker", "gateway", "clients", "jvm", "other"];
for (const [key, rs] of groups) {
  const [server, tool, mode, clients] = key.split("|");
  const s = {
    rps: median(rs.map((r) => r.runsPerSec)),
    p50: median(rs.map((r) => r.waitLatencyMs?.p50)),
    p95: median(rs.map((r) => r.waitLatencyMs?.p95)),
    p99: median(rs.map((r) => r.waitLatencyMs?.p99)),
    max: median(rs.map((r) => r.waitLatencyMs?.max)),
    errors: rs.every((r) => r.errorCount == null) ? null : rs.reduce((a, r) => a + (r.errorCount ?? 0), 0),
    serverCores: median(rs.map((r) => r.cpu?.serverCores)),
    cpuPerRun: median(rs.map((r) => perRun(r, r.cpu?.serverCpuMs))),
    rolePerRun: roles.map((role) => median(rs.map((r) => perRun(r, r.cpu?.roleCpuMs?.[role])))),
    // the growth of the broker's log segments over the window, per run completed in it (KB = 1,000 bytes)
    kbPerRun: median(rs.map((r) => perRun(r, r.cpu?.kafkaBytesAppended == null ? null : r.cpu.kafkaBytesAppended / 1000))),
    busyCores: median(rs.map((r) => r.cpu?.machineBusyCores)),
    loadgenCores: median(rs.map((r) => r.loadgenCores ?? r.loadgenCpu?.avgCores)),
    notes: [...new Set(rs.map((r) => r.note).filter(Boolean))].join("; "),
  };
  summary.set(key, s);
  console.log(`| ${server} | ${tool} | ${mode} | ${clients} | ${fmt(s.rps, 2)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${s.errors ?? "n/a"} | ${fmt(s.serverCores, 2)} | ${fmt(s.cpuPerRun, 2)} | ${server === "kgraph" ? s.rolePerRun.map((x) => fmt(x, 2)).join(" / ") : "(one process)"} | ${fmt(s.kbPerRun, 2)} | ${fmt(s.loadgenCores, 2)} | ${fmt(s.busyCores, 2)} | ${rs.length} | ${s.notes} |`);
}
const pairs = [...groups.keys()].filter((k) => k.startsWith("kgraph|"));
if (pairs.length && [...groups.keys()].some((k) => k.startsWith("anchor|"))) {
  console.log("\n| tool | mode | clients | runs/s kgraph ÷ anchor | p50 anchor ÷ kgraph | p99 anchor ÷ kgraph |");
  console.log("|---|---|---|---|---|---|");
  for (const k of pairs) {
    const a = summary.get(k.replace(/^kgraph\|/, "anchor|"));
    const g = summary.get(k);
    if (!a) continue;
    const ratio = (x, y) => (x == null || y == null || y === 0 ? "n/a" : (x / y).toFixed(2) + "×");
    const [, tool, mode, clients] = k.split("|");
    console.log(`| ${tool} | ${mode} | ${clients} | ${ratio(g.rps, a.rps)} | ${ratio(a.p50, g.p50)} | ${ratio(a.p99, g.p99)} |`);
  }
}
EOF
}

# ---------------------------------------------------------------- main
# the anchor also brings the node load tool (its load.mjs)
if has "$SERVERS" anchor || has "$TOOLS" node; then prepare_anchor; fi
has "$TOOLS" java && prepare_java
if has "$SERVERS" kgraph && [ -z "${STANDALONE_JAR:-}" ]; then
  STANDALONE_JAR=$(scripts/start.sh --build-only | tail -n 1)
fi
log "results in $RESULTS; $(nproc) cores; JDK $KGRAPH_JDK_MAJOR; node $(node --version)"
for server in anchor kgraph; do
  has "$SERVERS" "$server" || continue
  for config in $CONFIGS; do
    mode=${config%%:*} clients=${config##*:}
    for tool in java node; do
      has "$TOOLS" "$tool" || continue
      for rep in $(seq 1 "$REPEAT"); do
        if start_server "$server" "$server-$mode-$clients-$tool-$rep"; then
          measure "$server" "$tool" "$mode" "$clients" "$rep"
        else
          record "$server" "$tool" "$mode" "$clients" "$rep" "$(cut -d' ' -f1 /proc/loadavg)" \
            '{"runsPerSec":null,"waitLatencyMs":{},"errorCount":null,"note":"server not ready"}'
        fi
        stop_server
      done
    done
  done
done
echo
echo "Benchmark $(date -u +%Y-%m-%dT%H:%MZ), ${DURATION}s per run, medians of $REPEAT repetition(s), $(nproc) cores (server and load share them)"
echo
{ [ "$GRAPH" = echo ] || echo "graph: $GRAPH"; print_table; } | tee "$OUT/table.md"

#!/usr/bin/env bash
# The streaming benchmarks: runs/stream latency of our standalone server against the reference JS server (the
# "anchor"), and a burst of many concurrent streams through one gateway. Same machine, same sitting, loopback only.
#
#   scripts/bench-stream.sh [--parts latency,burst] [--repeat 3] [--duration 20] [--warmup 0]
#                           [--servers anchor,kgraph] [--clients "1 64"] [--streams 1000] [--count 100] [--out DIR]
#
# latency: for every repetition, client count and server (alternating the servers within a repetition) it starts
#   the server afresh (the anchor wipes its state on start; ours gets an empty data directory), waits until an echo
#   run succeeds, and runs `load-tool.jar --mode stream --clients N`: each client streams echo runs back to back,
#   each on a new thread (runs/stream with if_not_exists: create, stream_mode values, the default), counting every
#   SSE event and checking the final values. Time to first event and to the end of the stream, p50/p99.
# burst: for every repetition it starts kgraph afresh and opens --streams streams at once on graph emitter
#   (--count custom events each, stream_mode custom): events/s, every stream complete and in order, the server's
#   CPU and its used heap (peak of jvm_memory_used_bytes{area="heap"} from /actuator/prometheus).
# Each measurement records the load average of the machine just before it. The server's CPU is that of its process
# group over the load tool's whole run (probe included), printed as CPU-ms per completed run. At the end it prints
# markdown tables of medians over the repetitions, with kgraph ÷ anchor ratios. Raw JSON lines go to
# DIR/results.jsonl (default: a new /tmp/kgraph-bench-stream.* directory).
#
# Env: ANCHOR_SRC (the reference JS server's directory; needed for --servers anchor), ANCHOR_DIR (the installed copy,
# reused between runs; default ${TMPDIR:-/tmp}/kgraph-bench-anchor), ANCHOR_PORT (2124), KGRAPH_PORT (8123),
# KGRAPH_JAVA_OPTS_EXTRA (extra JVM flags for our server), STANDALONE_JAR (use this jar instead of building one with
# scripts/start.sh --build-only), READY_TIMEOUT (seconds a server gets to run an echo, 120).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh
. scripts/lib-bench.sh

PARTS="latency,burst" REPEAT=3 DURATION=20 WARMUP=0 SERVERS="anchor,kgraph" CLIENTS="1 64" STREAMS=1000 COUNT=100 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) PARTS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --streams) STREAMS="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$DURATION" "$REPEAT" "$WARMUP" "$STREAMS" "$COUNT" $CLIENTS; do
  case "$n" in ''|*[!0-9]*) echo "error: --duration, --repeat, --warmup, --streams, --count and --clients take whole numbers" >&2; exit 2 ;; esac
done
[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 60 ] || { echo "error: --duration must be 1..60 s" >&2; exit 2; }

ANCHOR_SRC="${ANCHOR_SRC:-}"
ANCHOR_DIR="${ANCHOR_DIR:-${TMPDIR:-/tmp}/kgraph-bench-anchor}"
ANCHOR_PORT="${ANCHOR_PORT:-2124}"
KGRAPH_PORT="${KGRAPH_PORT:-8123}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-stream.XXXXXX")}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
SERVER_PGID="" SERVER_PORT=""

log() { echo "[bench-stream $(date -u +%H:%M:%S)] $*" >&2; }
has() { case ",$1," in *",$2,"*) return 0 ;; *) return 1 ;; esac; }
server_port() { if [ "$1" = anchor ]; then echo "$ANCHOR_PORT"; else echo "$KGRAPH_PORT"; fi; }

# ---------------------------------------------------------------- preparation
prepare_anchor() {
  [ -f "$ANCHOR_SRC/start-anchor.sh" ] || { echo "error: anchor not found at '$ANCHOR_SRC': set ANCHOR_SRC to the reference server's directory, or use --servers kgraph" >&2; exit 1; }
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

# ---------------------------------------------------------------- servers (as in scripts/bench.sh)
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
  stop_group "$SERVER_PGID" "$SERVER_PORT"
  SERVER_PGID=""
}
trap stop_server EXIT INT TERM

# ---------------------------------------------------------------- one measurement
measure() { # $1 part, $2 server, $3 clients (latency) or streams (burst), $4 rep; then the load tool's options
  local part=$1 server=$2 n=$3 rep=$4 url load line g0 g1
  shift 4
  url="http://127.0.0.1:$(server_port "$server")"
  load=$(cut -d' ' -f1 /proc/loadavg)
  log "$part / $server / $n (rep $rep, load average before: $load)"
  g0=$(group_ticks "$SERVER_PGID")
  line=$(timeout $((DURATION + WARMUP + 300)) "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS -jar "$LOAD_JAR" "$url" \
    --mode stream "$@" --json) || line=""
  g1=$(group_ticks "$SERVER_PGID")
  [ -n "$line" ] || { log "  no result (tool failed or timed out)"; line='{"runsCompleted":null,"note":"tool failed"}'; }
  printf '%s\n' "$line" | node -e '
    const [part, server, n, rep, load, ticks] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const cpuMs = Number(ticks) * 10;
    Object.assign(r, { part, server, n: Number(n), rep: Number(rep), loadavgBefore: Number(load), serverGroupCpuMs: cpuMs,
      serverGroupCpuMsPerRun: r.runsCompleted ? Math.round(10 * cpuMs / r.runsCompleted) / 10 : null });
    console.log(JSON.stringify(r));
    const l = (s) => s ? `p50 ${s.p50} p99 ${s.p99}` : "n/a";
    console.error(`  -> ${r.runsCompleted} streams (${r.runsPerSec}/s), ${r.eventsPerSec} events/s, first event ${l(r.firstEventMs)} ms, end ${l(r.streamEndMs)} ms, errors ${r.errorCount}, server ${r.serverGroupCpuMsPerRun} CPU-ms/run`);
    ' "$part" "$server" "$n" "$rep" "$load" "$((g1 - g0))" >>"$RESULTS"
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
const range = (xs) => { const v = xs.filter((x) => typeof x === "number"); return v.length ? `${Math.min(...v)}-${Math.max(...v)}` : "n/a"; };
const group = (part) => {
  const groups = new Map();
  for (const r of rows.filter((r) => r.part === part)) {
    const key = `${r.server}|${r.n}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  return groups;
};
const errors = (rs) => (rs.every((r) => r.errorCount == null) ? "n/a" : rs.reduce((a, r) => a + (r.errorCount ?? 0), 0));

const latency = group("latency");
if (latency.size) {
  const s = new Map();
  console.log("| server | clients | streams/s | events/stream | first event p50 ms | first event p99 ms | end p50 ms | end p99 ms | errors | server CPU-ms/run | load avg before | reps |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [key, rs] of latency) {
    const [server, n] = key.split("|");
    const m = {
      rps: median(rs.map((r) => r.runsPerSec)),
      f50: median(rs.map((r) => r.firstEventMs?.p50)), f99: median(rs.map((r) => r.firstEventMs?.p99)),
      e50: median(rs.map((r) => r.streamEndMs?.p50)), e99: median(rs.map((r) => r.streamEndMs?.p99)),
      cpu: median(rs.map((r) => r.serverGroupCpuMsPerRun)),
    };
    s.set(key, m);
    const per = [...new Set(rs.flatMap((r) => r.eventsPerRun ?? []))].sort((a, b) => a - b).join("-") || "n/a";
    console.log(`| ${server} | ${n} | ${fmt(m.rps, 2)} | ${per} | ${fmt(m.f50)} | ${fmt(m.f99)} | ${fmt(m.e50)} | ${fmt(m.e99)} | ${errors(rs)} | ${fmt(m.cpu)} | ${range(rs.map((r) => r.loadavgBefore))} | ${rs.length} |`);
  }
  const ratio = (x, y) => (x == null || y == null || y === 0 ? "n/a" : (x / y).toFixed(2) + "×");
  const kg = [...s.keys()].filter((k) => k.startsWith("kgraph|") && s.has(k.replace(/^kgraph\|/, "anchor|")));
  if (kg.length) {
    console.log("\n| clients | streams/s kgraph ÷ anchor | first event p50 kgraph ÷ anchor | first event p99 kgraph ÷ anchor | end p50 kgraph ÷ anchor | end p99 kgraph ÷ anchor | CPU-ms/run kgraph ÷ anchor |");
    console.log("|---|---|---|---|---|---|---|");
    for (const k of kg) {
      const g = s.get(k), a = s.get(k.replace(/^kgraph\|/, "anchor|"));
      console.log(`| ${k.split("|")[1]} | ${ratio(g.rps, a.rps)} | ${ratio(g.f50, a.f50)} | ${ratio(g.f99, a.f99)} | ${ratio(g.e50, a.e50)} | ${ratio(g.e99, a.e99)} | ${ratio(g.cpu, a.cpu)} |`);
    }
  }
  console.log();
}
const burst = group("burst");
if (burst.size) {
  console.log("| server | streams | rep | complete and in order | events | seconds | events/s | first event p50 / p99 ms | end p50 / p99 ms | errors | server CPU s (cores) | CPU-ms/run | heap before → peak MiB | load avg before |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  const mib = (b) => (b == null || b < 0 ? "n/a" : (b / 1048576).toFixed(0));
  for (const [key, rs] of burst) {
    const [server, n] = key.split("|");
    for (const r of rs) {
      const cpu = r.serverCpuMs ? Object.values(r.serverCpuMs)[0] : null;
      console.log(`| ${server} | ${n} | ${r.rep} | ${r.runsCompleted ?? "n/a"} | ${r.eventsReceived ?? "n/a"} | ${fmt(r.elapsedS, 2)} | ${fmt(r.eventsPerSec, 0)} | ${fmt(r.firstEventMs?.p50)} / ${fmt(r.firstEventMs?.p99)} | ${fmt(r.streamEndMs?.p50)} / ${fmt(r.streamEndMs?.p99)} | ${r.errorCount ?? "n/a"} | ${cpu == null ? "n/a" : fmt(cpu / 1000, 1) + " (" + fmt(cpu / 1000 / r.elapsedS, 2) + ")"} | ${fmt(r.cpuMsPerRun)} | ${mib(r.heapBeforeBytes)} → ${mib(r.heapPeakBytes)} | ${r.loadavgBefore} |`);
    }
    const m = (f) => median(rs.map(f));
    console.log(`| ${server} | ${n} | **median** | ${fmt(m((r) => r.runsCompleted), 0)} | ${fmt(m((r) => r.eventsReceived), 0)} | ${fmt(m((r) => r.elapsedS), 2)} | ${fmt(m((r) => r.eventsPerSec), 0)} | ${fmt(m((r) => r.firstEventMs?.p50))} / ${fmt(m((r) => r.firstEventMs?.p99))} | ${fmt(m((r) => r.streamEndMs?.p50))} / ${fmt(m((r) => r.streamEndMs?.p99))} | ${errors(rs)} | ${fmt(m((r) => r.serverCpuMs ? Object.values(r.serverCpuMs)[0] / 1000 : null), 1)} | ${fmt(m((r) => r.cpuMsPerRun))} | ${mib(m((r) => r.heapBeforeBytes))} → ${mib(m((r) => r.heapPeakBytes))} | |`);
  }
}
EOF
}

# ---------------------------------------------------------------- main
if has "$PARTS" latency && has "$SERVERS" anchor; then prepare_anchor; fi
prepare_java
if [ -z "${STANDALONE_JAR:-}" ]; then
  STANDALONE_JAR=$(scripts/start.sh --build-only | tail -n 1)
fi
log "results in $RESULTS; $(nproc) cores; JDK $KGRAPH_JDK_MAJOR; node $(node --version); kgraph jar $STANDALONE_JAR"
for rep in $(seq 1 "$REPEAT"); do
  if has "$PARTS" latency; then
    for clients in $CLIENTS; do
      for server in anchor kgraph; do
        has "$SERVERS" "$server" || continue
        if start_server "$server" "latency-$server-$clients-$rep"; then
          # no heap readings here: a Prometheus scrape costs kgraph CPU that the anchor (404) would not pay
          measure latency "$server" "$clients" "$rep" --clients "$clients" --duration "$DURATION" --warmup "$WARMUP" \
            --heap-sample-ms 0
        else
          echo "{\"part\":\"latency\",\"server\":\"$server\",\"n\":$clients,\"rep\":$rep,\"note\":\"server not ready\"}" >>"$RESULTS"
        fi
        stop_server
      done
    done
  fi
  if has "$PARTS" burst; then
    if start_server kgraph "burst-kgraph-$STREAMS-$rep"; then
      measure burst kgraph "$STREAMS" "$rep" --streams "$STREAMS" --graph emitter --count "$COUNT" \
        --stream-mode custom --cpu-pid "server=$SERVER_PGID" --timeout-ms 300000
    fi
    stop_server
  fi
done
echo
echo "Streaming benchmark $(date -u +%Y-%m-%dT%H:%MZ), medians of $REPEAT repetition(s), $(nproc) cores (servers and load share them)"
echo
print_tables | tee "$OUT/table.md"

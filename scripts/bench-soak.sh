#!/usr/bin/env bash
# A soak of the standalone server: a fresh server under a steady echo load for some minutes, its memory and disk
# sampled once a minute, to see whether they level off. Loopback only.
#
#   scripts/bench-soak.sh [--minutes 10] [--clients 32] [--out DIR] [-- SERVER_ARGS...]
#
# It starts the standalone server afresh (empty data directory), waits until a run succeeds, then calls
# `load-tool.jar --clients C --duration 60` once per minute (echo, a new thread per run) and after each minute
# prints: resident memory (/proc VmRSS), the heap used and committed (jstat: survivor, eden and old), the sequencer's
# RocksDB block cache in use (memtables included; bounded by kgraph.worker.rocksdb-memory), the minute's runs/s, p99
# and errors, and the size of the data directory (the broker's logs and the sequencer's local state). RSS minus the
# heap committed is the rest of the JVM (code, metaspace, threads, direct buffers) and native memory (RocksDB, glibc):
# docs/benchmarks.md, section 7, "2026-12-07 morning". Arguments after
# -- go to the server. The table goes to DIR/soak.txt (default: a new /tmp/kgraph-bench-soak.* directory), the
# server log next to it.
#
# Env: KGRAPH_PORT (8123), KGRAPH_KAFKA_PORT (0: any free port), KGRAPH_JAVA_OPTS_EXTRA (extra JVM flags for the
# server, after the defaults of scripts/lib-jdk.sh; KGRAPH_HEAP=512m fixes the heap), STANDALONE_JAR (use this jar instead of building one with scripts/start.sh --build-only),
# READY_TIMEOUT (seconds the server gets to answer a run, 180).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh
. scripts/lib-bench.sh

MINUTES=10 CLIENTS=32 OUT=""
SERVER_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --) shift; SERVER_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$MINUTES" "$CLIENTS"; do
  case "$n" in ''|*[!0-9]*) echo "error: --minutes and --clients take whole numbers" >&2; exit 2 ;; esac
done

KGRAPH_PORT="${KGRAPH_PORT:-8123}"
KGRAPH_KAFKA_PORT="${KGRAPH_KAFKA_PORT:-0}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-soak.XXXXXX")}"
mkdir -p "$OUT"
DATA="$OUT/data"
SERVER_PGID=""

log() { echo "[bench-soak $(date -u +%H:%M:%S)] $*" >&2; }

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

if port_in_use "$KGRAPH_PORT"; then
  echo "error: 127.0.0.1:$KGRAPH_PORT is already in use; stop that server or set KGRAPH_PORT" >&2
  exit 1
fi
# shellcheck disable=SC2086
setsid "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS $KGRAPH_STANDALONE_OPTS ${KGRAPH_JAVA_OPTS_EXTRA:-} -jar "$STANDALONE_JAR" \
  --server.address=127.0.0.1 --server.port="$KGRAPH_PORT" --kgraph.standalone.kafka-port="$KGRAPH_KAFKA_PORT" \
  --kgraph.standalone.data-dir="$DATA" ${SERVER_ARGS[@]+"${SERVER_ARGS[@]}"} >"$OUT/server.log" 2>&1 &
SERVER_PGID=$!
ready=""
deadline=$((SECONDS + READY_TIMEOUT))
while [ $SECONDS -lt $deadline ] && kill -0 "$SERVER_PGID" 2>/dev/null; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'content-type: application/json' \
    -d '{"assistant_id":"echo","input":{"messages":[]},"if_not_exists":"create"}' \
    "http://127.0.0.1:$KGRAPH_PORT/threads/$(cat /proc/sys/kernel/random/uuid)/runs/wait" || true)
  if [ "$code" = 200 ]; then ready=1; break; fi
  sleep 1
done
[ -n "$ready" ] || { log "the server did not answer a run within $READY_TIMEOUT s; see $OUT/server.log"; exit 1; }

rss_mib() { echo $(( $(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PGID/status") / 1024 )); }
heap_mib() { # used and committed: S0U + S1U + EU + OU, S0C + S1C + EC + OC, found by their column names (KiB)
  "$JAVA_HOME/bin/jstat" -gc "$SERVER_PGID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
    NR == 2 { printf "%d | %d", ($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024,
      ($c["S0C"] + $c["S1C"] + $c["EC"] + $c["OC"]) / 1024 }'
}
rocksdb_mib() { # the sequencer's shared RocksDB block cache in use, memtables included (one cache for every store)
  curl -s --max-time 5 "http://127.0.0.1:$KGRAPH_PORT/actuator/prometheus" \
    | awk '/^kafka_stream_state_block_cache_usage[{ ]/ { printf "%d", $NF / 1048576; found = 1; exit }
      END { if (!found) printf "?" }'
}
data_mib() { du -sm "$DATA" | cut -f1; }

log "$(nproc) cores; JDK $KGRAPH_JDK_MAJOR; jar $STANDALONE_JAR; $CLIENTS clients for $MINUTES minutes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| minute | RSS MiB | heap used MiB | heap committed MiB | RocksDB cache MiB | runs/s | p99 ms | errors | data dir MiB |" \
  | tee "$OUT/soak.txt"
echo "|---|---|---|---|---|---|---|---|---|" | tee -a "$OUT/soak.txt"
echo "| 0 | $(rss_mib) | $(heap_mib) | $(rocksdb_mib) | | | | $(data_mib) |" | tee -a "$OUT/soak.txt"
for minute in $(seq 1 "$MINUTES"); do
  line=$("$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS -jar "$LOAD_JAR" "http://127.0.0.1:$KGRAPH_PORT" \
    --clients "$CLIENTS" --duration 60 --json 2>/dev/null | tail -n 1) || line='{}'
  figures=$(echo "$line" | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8") || "{}");
    console.log(`${r.runsPerSec ?? "?"} | ${(r.waitLatencyMs || {}).p99 ?? "?"} | ${r.errorCount ?? "?"}`);')
  echo "| $minute | $(rss_mib) | $(heap_mib) | $(rocksdb_mib) | $figures | $(data_mib) |" | tee -a "$OUT/soak.txt"
done
log "table in $OUT/soak.txt"

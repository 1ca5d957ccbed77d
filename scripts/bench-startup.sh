#!/usr/bin/env bash
# Start-up time and idle CPU of the standalone server.
#
#   scripts/bench-startup.sh [--repeat 5] [--idle 0] [--settle 5] [--port 8123] [--aot] [--out DIR]
#
# Each repetition starts the standalone jar on a fresh, empty data directory and, from the moment the process is
# launched, polls every example graph in parallel with a real run (POST /runs/wait; hitl on a thread, since an
# interrupt needs a checkpointer) until each one answers 200 with the output its graph must give. It prints, per
# graph, the seconds from the launch to that first success, and also to the first 200 of GET /ok, and counts every
# answer that was neither "nobody listens yet" nor success (e.g. a 422 "registered graphs: " before the graphs are
# known, or a 503 "not ready yet"). With --idle S it then lets the server settle (--settle seconds, no requests),
# and measures the CPU the process uses over S seconds with no request at all (utime+stime from /proc/PID/stat),
# in cores. At the end: the medians over the repetitions. Raw lines go to DIR/results.tsv. With --aot it starts the
# server as scripts/start.sh does on JDK 25+ (the extracted jar with the AOT cache, prepared by start.sh --aot-only).
#
# Env: STANDALONE_JAR (use this jar instead of building one with scripts/start.sh --build-only), KGRAPH_PORT (8123,
# same as --port), KGRAPH_JAVA_OPTS_EXTRA (extra JVM flags), READY_TIMEOUT (seconds a start may take, 120),
# POLL_INTERVAL (seconds between two attempts of one graph, 0.05).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh
. scripts/lib-bench.sh

REPEAT=5 IDLE=0 SETTLE=5 PORT="${KGRAPH_PORT:-8123}" OUT="" AOT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) REPEAT="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --settle) SETTLE="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --aot) AOT=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$REPEAT" "$IDLE" "$SETTLE" "$PORT"; do
  case "$n" in ''|*[!0-9]*) echo "error: --repeat, --idle, --settle and --port take whole numbers" >&2; exit 2 ;; esac
done
[ "$REPEAT" -ge 1 ] || { echo "error: --repeat must be at least 1" >&2; exit 2; }
command -v curl >/dev/null || { echo "error: curl is needed" >&2; exit 1; }
READY_TIMEOUT="${READY_TIMEOUT:-120}"
POLL_INTERVAL="${POLL_INTERVAL:-0.05}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-startup.XXXXXX")}"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
BASE="http://127.0.0.1:$PORT"

# The example graphs the standalone server registers: graph-runtime's ExampleGraphs (echo, counter, hitl, slow,
# fail, chat, memory), registered by run-worker's ExampleGraphsConfiguration. For each: the input of one run, and a
# string its answer must contain (fail's run fails by design: its "boom" error is the answer we expect).
GRAPHS=(echo counter hitl slow fail chat memory)
declare -A INPUT=(
  [echo]='{"messages":[{"role":"user","content":"up?"}]}'
  [counter]='{}'
  [hitl]='{"question":"up?"}'
  [slow]='{"ms":1}'
  [fail]='{}'
  [chat]='{"messages":[{"role":"user","content":"up?"}]}'
  [memory]='{"messages":[{"role":"user","content":"remember up"}]}'
)
declare -A EXPECT=(
  [echo]='echo: up?'
  [counter]='"count":2'
  [hitl]='__interrupt__'
  [slow]='"done":true'
  [fail]='boom'
  [chat]='You said: up?'
  [memory]='I remember: up'
)

log() { echo "[bench-startup $(date -u +%H:%M:%S)] $*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

SERVER_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap stop_server EXIT INT TERM

# Polls until every graph has had its first success, or READY_TIMEOUT. One curl per round sends the runs of all graphs
# not yet done in parallel (and GET /ok until it answered 200): one process per round, not one per graph, so the
# polling itself takes little of the CPU the server needs to start. Writes "<what> <ms since t0> <other answers>" lines
# to $2, where other answers lists the HTTP codes that were neither success nor a refused connection (000).
poll_all() { # $1 t0 (ms), $2 output file, $3 scratch directory
  local t0="$1" out="$2" dir="$3" deadline graph code what args t
  local -A done=() others=()
  deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 ))
  mkdir -p "$dir"
  : >"$out"
  while [ "$(now_ms)" -lt "$deadline" ] && [ "${#done[@]}" -lt $(( ${#GRAPHS[@]} + 1 )) ]; do
    args=()
    for graph in "${GRAPHS[@]}"; do
      [ -z "${done[$graph]:-}" ] || continue
      [ ${#args[@]} -eq 0 ] || args+=(--next)
      if [ "$graph" = hitl ]; then
        args+=("$BASE/threads/$(cat /proc/sys/kernel/random/uuid)/runs/wait"
          -d "{\"assistant_id\":\"hitl\",\"input\":${INPUT[$graph]},\"if_not_exists\":\"create\"}")
      else
        args+=("$BASE/runs/wait" -d "{\"assistant_id\":\"$graph\",\"input\":${INPUT[$graph]}}")
      fi
      args+=(-s --max-time 30 -H 'content-type: application/json' -o "$dir/$graph" -w "$graph %{http_code}\n")
    done
    if [ -z "${done[ok]:-}" ]; then
      [ ${#args[@]} -eq 0 ] || args+=(--next)
      args+=("$BASE/ok" -s --max-time 5 -o /dev/null -w 'ok %{http_code}\n')
    fi
    rm -f "$dir"/*
    while read -r what code; do
      [ -n "$what" ] || continue
      if [ "$code" = 200 ] && { [ "$what" = ok ] || grep -qF -- "${EXPECT[$what]}" "$dir/$what" 2>/dev/null; }; then
        t=$(( $(now_ms) - t0 ))
        done[$what]=1
        echo "$what $t ${others[$what]:--}" >>"$out"
      elif [ "$code" != 000 ]; then
        others[$what]="${others[$what]:+${others[$what]},}$code"
      fi
    done < <(curl -Z --parallel-immediate --parallel-max 16 "${args[@]}" 2>/dev/null || true)
    [ "${#done[@]}" -gt "${#GRAPHS[@]}" ] || sleep "$POLL_INTERVAL"
  done
  for what in ok "${GRAPHS[@]}"; do
    [ -n "${done[$what]:-}" ] || echo "$what timeout ${others[$what]:--}" >>"$out"
  done
}

proc_ticks() { # utime + stime of process $1, in clock ticks
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

AOT_OPTS=""
if [ "$AOT" = 1 ]; then
  aot=$(scripts/start.sh --aot-only | tail -n 2)
  STANDALONE_JAR=$(echo "$aot" | head -n 1)
  AOT_OPTS="-XX:AOTCache=$(echo "$aot" | tail -n 1)"
elif [ -z "${STANDALONE_JAR:-}" ]; then
  STANDALONE_JAR=$(scripts/start.sh --build-only | tail -n 1)
fi
[ -f "$STANDALONE_JAR" ] || { echo "error: no jar at $STANDALONE_JAR" >&2; exit 1; }
HZ=$(getconf CLK_TCK)
log "jar $STANDALONE_JAR${AOT_OPTS:+ with $AOT_OPTS}; results in $RESULTS; $(nproc) cores; JDK $KGRAPH_JDK_MAJOR; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'rep\twhat\tms_or_cores\tother_answers\tloadavg\n' >"$RESULTS"

for rep in $(seq 1 "$REPEAT"); do
  if port_in_use "$PORT"; then echo "error: 127.0.0.1:$PORT is already in use (--port)" >&2; exit 1; fi
  data="$OUT/data-$rep"
  rm -rf "$data"
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(now_ms)
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS $KGRAPH_STANDALONE_OPTS $AOT_OPTS ${KGRAPH_JAVA_OPTS_EXTRA:-} -jar "$STANDALONE_JAR" \
    --server.address=127.0.0.1 --server.port="$PORT" --kgraph.standalone.data-dir="$data" >"$OUT/server-$rep.log" 2>&1 &
  SERVER_PID=$!
  poll_all "$t0" "$OUT/first-$rep" "$OUT/bodies-$rep"
  cpu=$(awk -v t="$(proc_ticks "$SERVER_PID" 2>/dev/null || echo 0)" -v hz="$HZ" 'BEGIN { printf "%.1f", t / hz }')
  line="rep $rep (load $load):"
  for what in ok "${GRAPHS[@]}"; do
    read -r _ ms others < <(grep "^$what " "$OUT/first-$rep")
    printf '%s\t%s\t%s\t%s\t%s\n' "$rep" "$what" "$ms" "$others" "$load" >>"$RESULTS"
    line="$line $what $ms"
    [ "$others" = - ] || line="$line [$others]"
  done
  printf '%s\t%s\t%s\t%s\t%s\n' "$rep" startup_cpu_s "$cpu" - "$load" >>"$RESULTS"
  log "$line (ms from launch; [other answers before success]); server CPU until then ${cpu}s"
  # a graph this script does not know: the list above is stale
  known=$(curl -s --max-time 5 -H 'content-type: application/json' -d '{"limit":1000}' "$BASE/assistants/search" \
    | grep -o '"graph_id":"[^"]*"' | sort -u | sed 's/"graph_id":"//; s/"$//' || true)
  for g in $known; do
    [[ " ${GRAPHS[*]} " == *" $g "* ]] || log "  warning: the server also registers graph '$g', which this script does not poll"
  done
  if [ "$IDLE" -gt 0 ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    sleep "$SETTLE"
    a=$(proc_ticks "$SERVER_PID") s0=$(date +%s%N)
    sleep "$IDLE"
    b=$(proc_ticks "$SERVER_PID") s1=$(date +%s%N)
    cores=$(awk -v a="$a" -v b="$b" -v hz="$HZ" -v w=$(( (s1 - s0) / 1000000 )) \
      'BEGIN { printf "%.4f", (b - a) / hz / (w / 1000) }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$rep" idle_cores "$cores" - "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
    log "  idle: $cores cores over ${IDLE}s (after ${SETTLE}s settling)"
  fi
  stop_server
done

echo
echo "Start-up $(date -u +%Y-%m-%dT%H:%MZ): medians of $REPEAT start(s) on a fresh data directory, $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo
awk -F'\t' 'NR > 1 {
    if (!($2 in seen)) { order[++n] = $2; seen[$2] = 1 }
    v[$2] = v[$2] " " $3
    if ($4 != "-" && $4 != "") bad[$2] = bad[$2] (bad[$2] == "" ? "" : ",") $4
  }
  function median(s,    a, k, i, j, t) {
    k = split(s, a, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    for (i = 1; i <= k; i++) if (a[i] == "timeout") return "timeout"
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  END {
    print "| first success | median | all | other answers before success |"
    print "|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      w = order[i]; m = median(v[w])
      if (w == "idle_cores") { shown = m " cores"; label = "idle CPU" }
      else if (w == "startup_cpu_s") { shown = m " s"; label = "server CPU time until all succeeded" }
      else { shown = (m == "timeout" ? m : sprintf("%.2f s", m / 1000)); label = (w == "ok" ? "GET /ok" : w) }
      print "| " label " | " shown " |" v[w] " | " (bad[w] == "" ? "none" : bad[w]) " |"
    }
  }' "$RESULTS" | tee "$OUT/table.md"

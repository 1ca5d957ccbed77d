# Sourced helper of the multi-process benchmarks (bench-scaling.sh, bench-cluster.sh): a single-node KRaft broker from
# the standalone jar, one gateway and N workers as separate JVMs on fresh data, started and stopped together.
# The sourcing script has sourced lib-jdk.sh and set ROOT, PARTITIONS and OUT, and defines log(). Env: GATEWAY_JAR /
# WORKER_JAR (other builds' exec jars: used as given, nothing is built), GATEWAY_ARGS / WORKER_ARGS (Spring properties
# for every gateway / worker), JAVA_OPTS_EXTRA (JVM flags for every process), READY_TIMEOUT (seconds, default 180).

READY_TIMEOUT="${READY_TIMEOUT:-180}"
GATEWAY_JAR_GIVEN="${GATEWAY_JAR:-}" WORKER_JAR_GIVEN="${WORKER_JAR:-}"
STANDALONE_JAR="$ROOT/standalone/target/standalone-0.1.0-SNAPSHOT.jar"
GATEWAY_JAR="${GATEWAY_JAR:-$ROOT/api-gateway/target/api-gateway-0.1.0-SNAPSHOT-exec.jar}"
WORKER_JAR="${WORKER_JAR:-$ROOT/run-worker/target/run-worker-0.1.0-SNAPSHOT-exec.jar}"
LOAD_JAR="$ROOT/load-tool/target/load-tool.jar"
JAVA="$JAVA_HOME/bin/java"
# shellcheck disable=SC2206  # flags are meant to split into words
JVM_FLAGS=($KGRAPH_JAVA_OPTS ${JAVA_OPTS_EXTRA:-})

build_if_stale() { # builds the four jars when one is missing or older than any source or pom
  local jar stale=""
  if [ -n "${GATEWAY_JAR_GIVEN:-}${WORKER_JAR_GIVEN:-}" ]; then
    log "gateway $GATEWAY_JAR, worker $WORKER_JAR (given: not rebuilt)"
    return 0
  fi
  for jar in "$STANDALONE_JAR" "$GATEWAY_JAR" "$WORKER_JAR" "$LOAD_JAR"; do
    if [ ! -f "$jar" ] || [ -n "$(find graph-runtime shared-model run-worker api-gateway standalone load-tool pom.xml \
        \( -name target -o -name node_modules \) -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -type f \
        -newer "$jar" -print 2>/dev/null | head -n 1)" ]; then
      stale="${jar#"$ROOT"/}"
      break
    fi
  done
  [ -n "$stale" ] || return 0
  log "building the jars ($stale is missing or stale)"
  MAVEN_OPTS="${MAVEN_OPTS:-} $KGRAPH_JAVA_OPTS" \
    ./mvnw -B -q -DskipTests -pl standalone,api-gateway,run-worker,load-tool -am package
  touch "$STANDALONE_JAR" "$GATEWAY_JAR" "$WORKER_JAR" "$LOAD_JAR" # Maven leaves an unchanged jar's time alone
}

BROKER_PID="" GATEWAY_PID="" WORKER_PIDS=() DATA="" LOGS="" BOOTSTRAP="" GATEWAY_URL=""

# Waits until $2 (a regex) appears in log $1 and prints the first match; fails when pid $3 dies or on timeout.
await_log() {
  local deadline=$((SECONDS + READY_TIMEOUT)) line
  while [ $SECONDS -lt $deadline ]; do
    line=$(grep -m 1 -oE "$2" "$1" 2>/dev/null || true)
    [ -n "$line" ] && { echo "$line"; return 0; }
    kill -0 "$3" 2>/dev/null || { log "  process $3 died; see $1"; return 1; }
    sleep 0.5
  done
  log "  no '$2' in $1 within $READY_TIMEOUT s"
  return 1
}

start_broker() {
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$STANDALONE_JAR" broker --data-dir="$DATA/broker" --port=0 --controller-port=0 \
    >"$LOGS/broker.log" 2>&1 &
  BROKER_PID=$!
  BOOTSTRAP=$(await_log "$LOGS/broker.log" 'bootstrap\.servers=[^ ]+' "$BROKER_PID") || return 1
  BOOTSTRAP=${BOOTSTRAP#bootstrap.servers=}
}

start_gateway() {
  # shellcheck disable=SC2086  # GATEWAY_ARGS holds several arguments
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$GATEWAY_JAR" --server.address=127.0.0.1 --server.port=0 \
    --spring.kafka.bootstrap-servers="$BOOTSTRAP" --kgraph.topics.partitions="$PARTITIONS" ${GATEWAY_ARGS:-} \
    >"$LOGS/gateway.log" 2>&1 &
  GATEWAY_PID=$!
}

start_worker() { # $1 = worker number, $2 = concurrency
  # shellcheck disable=SC2086  # WORKER_ARGS holds several arguments
  # --server.port=0: several workers on one host, each management server on a free port (the default is 8124)
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$WORKER_JAR" --spring.kafka.bootstrap-servers="$BOOTSTRAP" --server.port=0 \
    --kgraph.worker.state-dir="$DATA/worker-$1" --kgraph.worker.max-concurrent-runs="$2" \
    --kgraph.topics.partitions="$PARTITIONS" ${WORKER_ARGS:-} >"$LOGS/worker-$1.log" 2>&1 &
  WORKER_PIDS+=($!)
}

# A run of `slow` (1 ms) through the gateway succeeds: the gateway, a worker and the topics are all up.
await_run() {
  local deadline=$((SECONDS + READY_TIMEOUT)) body
  while [ $SECONDS -lt $deadline ]; do
    body=$(curl -s --max-time 10 -H 'content-type: application/json' \
      -d '{"assistant_id":"slow","input":{"ms":1},"if_not_exists":"create"}' \
      "$GATEWAY_URL/threads/$(cat /proc/sys/kernel/random/uuid)/runs/wait" || true)
    case "$body" in *'"done":true'*) return 0 ;; esac
    sleep 1
  done
  log "  no run succeeded through $GATEWAY_URL within $READY_TIMEOUT s"
  return 1
}

start_all() { # $1 = config label, $2 = workers, $3 = concurrency
  local i port
  DATA=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-bench-data.XXXXXX")
  LOGS="$OUT/logs/$1"
  mkdir -p "$LOGS"
  WORKER_PIDS=()
  start_broker || return 1
  start_gateway
  for i in $(seq 1 "$2"); do start_worker "$i" "$3"; done
  port=$(await_log "$LOGS/gateway.log" 'started on port [0-9]+' "$GATEWAY_PID") || return 1
  GATEWAY_URL="http://127.0.0.1:${port##* }"
  for i in $(seq 1 "$2"); do
    await_log "$LOGS/worker-$i.log" 'State transition from REBALANCING to RUNNING' "${WORKER_PIDS[$((i - 1))]}" \
      >/dev/null || return 1
  done
  await_run
}

stop_pids() { # SIGTERM, up to 30 s for a clean exit, then SIGKILL
  local pid alive
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 60); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  kill -KILL "$@" 2>/dev/null || true
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

# Workers first (they leave the group and flush while the broker is up), then the gateway, then the broker.
stop_all() {
  stop_pids ${WORKER_PIDS[@]+"${WORKER_PIDS[@]}"} ${GATEWAY_PID:+"$GATEWAY_PID"}
  stop_pids ${BROKER_PID:+"$BROKER_PID"}
  WORKER_PIDS=() GATEWAY_PID="" BROKER_PID=""
  if [ -n "$DATA" ]; then rm -rf "$DATA"; DATA=""; fi
}

#!/usr/bin/env bash
# Starts the whole system (embedded Kafka node + gateway + worker, one JVM) in the foreground on 127.0.0.1.
#   scripts/start.sh [--port 8123] [--data-dir DIR] [--any.spring.property=value ...]
#   scripts/start.sh --build-only     (just build the jar if it is missing or stale; used by scripts/bench.sh)
#   scripts/start.sh --aot-only       (build, then prepare the AOT cache; prints the jar to run and the cache)
# Env: PORT (default 8123), DATA_DIR (default ./.kgraph-data in the repository), KGRAPH_HEAP (a fixed heap, e.g. 512m;
#      default: sized from the machine; scripts/lib-jdk.sh), JAVA_OPTS (extra JVM flags, after the defaults),
#      READY_TIMEOUT (seconds to wait for readiness before warning, default 180), KGRAPH_AOT (auto: use an AOT cache
#      on JDK 25+; off: never).
# Prints "kgraph started" once /actuator/health/readiness is UP, i.e. once a request can succeed.
# Needs only a JDK 21+ and network access to Maven Central on first use: builds the standalone jar with the
# Maven wrapper when it is missing or older than any source or pom. Ctrl-C (or SIGTERM) stops it cleanly.
# On JDK 25+ it also keeps an AOT cache (JEP 483/514: classes already parsed and linked, method profiles) under
# standalone/target/aot, which cuts the start-up's CPU: made once per build and JDK by a training run (a server on
# free ports and a scratch data directory, one run of each example graph, then stopped), one to a few minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh

PORT="${PORT:-8123}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
DATA_DIR="${DATA_DIR:-$ROOT/.kgraph-data}"
PASSTHROUGH=()
BUILD_ONLY=0 AOT_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    --data-dir=*) DATA_DIR="${1#--data-dir=}"; shift ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --aot-only) AOT_ONLY=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; # the header comment, whole
    *) PASSTHROUGH+=("$1"); shift ;;
  esac
done
case "$PORT" in ''|*[!0-9]*) echo "error: port must be a number, got '$PORT'" >&2; exit 2 ;; esac

JAR="standalone/target/standalone-0.1.0-SNAPSHOT.jar"
stale_source() { # prints the first source or pom newer than the jar, if any
  find graph-runtime shared-model run-worker api-gateway standalone pom.xml \
    \( -name target -o -name node_modules \) -prune -o \
    \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$JAR" -print 2>/dev/null | head -n 1
}
if [ ! -f "$JAR" ] || [ -n "$(stale_source)" ]; then
  echo "Building the standalone jar (JDK $KGRAPH_JDK_MAJOR at $JAVA_HOME)..." >&2
  MAVEN_OPTS="${MAVEN_OPTS:-} $KGRAPH_JAVA_OPTS" ./mvnw -B -q -DskipTests -pl standalone -am package
  touch "$JAR" # Maven leaves an unchanged jar's time alone; don't rebuild on every start
fi
[ "$BUILD_ONLY" = 1 ] && { echo "$ROOT/$JAR"; exit 0; }

# Plain bash HTTP/1.0 over /dev/tcp: no curl needed. Prints the status code, or nothing when nobody answers.
http_status() ( # $1 port, $2 method, $3 path, $4 JSON body (optional)
  exec 2>/dev/null # a subshell: the redirections stay in it
  exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
  if [ -n "${4:-}" ]; then
    printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s' \
      "$2" "$3" "${#4}" "$4" >&3
  else
    printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" "$3" >&3
  fi
  IFS= read -r -t "$([ -n "${4:-}" ] && echo 60 || echo 5)" line <&3 || true # a run may take a while, a probe not
  exec 3<&- 3>&-
  line=${line#HTTP/* }
  echo "${line%% *}"
)

# ---- AOT cache (JDK 25+): the jar extracted (the JVM caches only classes from plain jars on the class path, not
# from Spring Boot's nested ones), then a training run that writes the cache when it exits.
AOT_DIR="standalone/target/aot"
AOT_JAR="$AOT_DIR/app/$(basename "$JAR")"
AOT_CACHE="$AOT_DIR/kgraph.aot"
AOT_STAMP="$AOT_DIR/jdk"
aot_train() {
  local data port="" pid log="$AOT_DIR/training.log" graph tid body deadline
  echo "Preparing the AOT cache for JDK $KGRAPH_JDK_MAJOR (once per build, about a minute; KGRAPH_AOT=off skips it)..." >&2
  rm -rf "$AOT_DIR"
  mkdir -p "$AOT_DIR"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$JAR" extract --destination "$AOT_DIR/app" >"$log" 2>&1 || return 1
  data=$(mktemp -d "${TMPDIR:-/tmp}/kgraph-aot.XXXXXX")
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS $KGRAPH_STANDALONE_OPTS -XX:AOTCacheOutput="$AOT_CACHE" -jar "$AOT_JAR" \
    --server.address=127.0.0.1 --server.port=0 --kgraph.standalone.data-dir="$data" >>"$log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + READY_TIMEOUT))
  while [ -z "$port" ] && [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do
    port=$(sed -n 's/.*kgraph standalone serving http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -n 1)
    [ -n "$port" ] || sleep 0.5
  done
  while [ -n "$port" ] && [ $SECONDS -lt $deadline ] && [ "$(http_status "$port" GET /actuator/health/readiness)" != 200 ]; do
    sleep 0.5
  done
  if [ -n "$port" ]; then # what a first request does: one run of each example graph (hitl needs a thread)
    for graph in echo counter slow fail chat memory; do
      body="{\"assistant_id\":\"$graph\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"ms\":1}}"
      http_status "$port" POST /runs/wait "$body" >/dev/null
    done
    tid=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || echo 5f0c6c2e-0000-4000-8000-000000000001)
    http_status "$port" POST "/threads/$tid/runs/wait" '{"assistant_id":"hitl","input":{},"if_not_exists":"create"}' >/dev/null
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true # the JVM writes the cache as it exits
  rm -rf "$data"
  [ -n "$port" ] && [ -s "$AOT_CACHE" ] || { rm -f "$AOT_CACHE"; return 1; }
  echo "$JAVA_HOME $KGRAPH_JDK_MAJOR" >"$AOT_STAMP"
}
RUN_JAR="$JAR"
AOT_OPTS=""
if [ "${KGRAPH_AOT:-auto}" != off ] && [ "$KGRAPH_JDK_MAJOR" -ge 25 ]; then
  if [ ! -s "$AOT_CACHE" ] || [ ! -f "$AOT_JAR" ] || [ "$JAR" -nt "$AOT_CACHE" ] \
      || [ "$(cat "$AOT_STAMP" 2>/dev/null)" != "$JAVA_HOME $KGRAPH_JDK_MAJOR" ]; then
    aot_train || echo "warning: could not prepare the AOT cache (see $AOT_DIR/training.log); starting without it" >&2
  fi
  if [ -s "$AOT_CACHE" ] && [ -f "$AOT_JAR" ]; then
    RUN_JAR="$AOT_JAR"
    # aot*=error: the JDK warns about adapters it could not take from the cache (harmless); errors still show
    AOT_OPTS="-XX:AOTCache=$AOT_CACHE -Xlog:aot*=error"
  fi
fi
if [ "$AOT_ONLY" = 1 ]; then
  [ -n "$AOT_OPTS" ] || { echo "error: no AOT cache (needs JDK 25+ and KGRAPH_AOT not off)" >&2; exit 1; }
  echo "$ROOT/$RUN_JAR"
  echo "$ROOT/$AOT_CACHE"
  exit 0
fi

echo "Starting kgraph on http://127.0.0.1:$PORT (data in $DATA_DIR); Ctrl-C to stop." >&2
# shellcheck disable=SC2086  # the option strings are meant to split into words
"$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS $KGRAPH_STANDALONE_OPTS $AOT_OPTS ${JAVA_OPTS:-} -jar "$RUN_JAR" \
  --server.address=127.0.0.1 --server.port="$PORT" --kgraph.standalone.data-dir="$DATA_DIR" \
  ${PASSTHROUGH[@]+"${PASSTHROUGH[@]}"} &
SERVER_PID=$!
# A script's background job ignores SIGINT, so Ctrl-C (and SIGTERM) reach Java as SIGTERM: Spring, then Kafka stop.
stop_server() { kill -TERM "$SERVER_PID" 2>/dev/null || true; }
trap stop_server INT TERM

# "started" only once readiness is UP (docs/health.md): the graphs are registered and known to the gateway, the
# sequencer runs, so the first request succeeds.
readiness() { http_status "$PORT" GET /actuator/health/readiness; }
deadline=$((SECONDS + READY_TIMEOUT))
ready=1
while [ "$(readiness)" != 200 ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    status=0; wait "$SERVER_PID" || status=$?
    echo "kgraph stopped before it was ready (exit $status)." >&2
    exit "$status"
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "warning: not ready after ${READY_TIMEOUT}s; see http://127.0.0.1:$PORT/actuator/health/readiness" >&2
    ready=0
    break
  fi
  sleep 0.5
done
[ "$ready" = 1 ] && echo "kgraph started: ready on http://127.0.0.1:$PORT (GET /ok answers {\"ok\":true})." >&2

# wait returns early when a trapped signal arrives; keep waiting until Java has really stopped
status=0
while kill -0 "$SERVER_PID" 2>/dev/null; do
  wait "$SERVER_PID" || status=$?
done
exit "$status"

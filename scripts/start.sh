#!/usr/bin/env bash
# Starts the whole system (embedded Kafka node + gateway + worker, one JVM) in the foreground on 127.0.0.1.
#   scripts/start.sh [--port 8123] [--data-dir DIR] [--any.spring.property=value ...]
#   scripts/start.sh --build-only     (just build the jar if it is missing or stale; used by scripts/bench.sh)
# Env: PORT (default 8123), DATA_DIR (default ./.kgraph-data in the repository), JAVA_OPTS (extra JVM flags),
#      READY_TIMEOUT (seconds to wait for readiness before warning, default 180).
# Prints "kgraph started" once /actuator/health/readiness is UP, i.e. once a request can succeed.
# Needs only a JDK 21+ and network access to Maven Central on first use: builds the standalone jar with the
# Maven wrapper when it is missing or older than any source or pom. Ctrl-C (or SIGTERM) stops it cleanly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib-jdk.sh

PORT="${PORT:-8123}"
DATA_DIR="${DATA_DIR:-$ROOT/.kgraph-data}"
PASSTHROUGH=()
BUILD_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    --data-dir=*) DATA_DIR="${1#--data-dir=}"; shift ;;
    --build-only) BUILD_ONLY=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

echo "Starting kgraph on http://127.0.0.1:$PORT (data in $DATA_DIR); Ctrl-C to stop." >&2
# shellcheck disable=SC2086  # the option strings are meant to split into words
"$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS ${JAVA_OPTS:-} -jar "$JAR" \
  --server.address=127.0.0.1 --server.port="$PORT" --kgraph.standalone.data-dir="$DATA_DIR" \
  ${PASSTHROUGH[@]+"${PASSTHROUGH[@]}"} &
SERVER_PID=$!
# A script's background job ignores SIGINT, so Ctrl-C (and SIGTERM) reach Java as SIGTERM: Spring, then Kafka stop.
stop_server() { kill -TERM "$SERVER_PID" 2>/dev/null || true; }
trap stop_server INT TERM

# "started" only once readiness is UP (docs/health.md): the graphs are registered and known to the gateway, the
# sequencer runs, so the first request succeeds. Plain bash HTTP/1.0 over /dev/tcp: no curl needed.
readiness() ( # prints the HTTP status of GET /actuator/health/readiness, or nothing when nobody answers yet
  exec 2>/dev/null # a subshell: the redirections stay in it
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 0
  printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  IFS= read -r -t 5 line <&3 || true
  exec 3<&- 3>&-
  line=${line#HTTP/* }
  echo "${line%% *}"
)
READY_TIMEOUT="${READY_TIMEOUT:-180}"
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

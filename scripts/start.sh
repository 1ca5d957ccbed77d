#!/usr/bin/env bash
# Starts the whole system (embedded Kafka node + gateway + worker, one JVM) in the foreground on 127.0.0.1.
#   scripts/start.sh [--port 8123] [--data-dir DIR] [--any.spring.property=value ...]
#   scripts/start.sh --build-only     (just build the jar if it is missing or stale; used by scripts/bench.sh)
# Env: PORT (default 8123), DATA_DIR (default ./.kgraph-data in the repository), JAVA_OPTS (extra JVM flags).
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
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
exec "$JAVA_HOME/bin/java" $KGRAPH_JAVA_OPTS ${JAVA_OPTS:-} -jar "$JAR" \
  --server.address=127.0.0.1 --server.port="$PORT" --kgraph.standalone.data-dir="$DATA_DIR" \
  ${PASSTHROUGH[@]+"${PASSTHROUGH[@]}"}

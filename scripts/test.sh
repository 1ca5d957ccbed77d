#!/usr/bin/env bash
# THE test command: the whole suite on a fresh machine.
#   1. every module's unit and integration tests (real KRaft brokers embedded in the test JVMs) and the
#      multi-process fault-injection test (fault-injection/: brokers, workers and gateways as separate JVMs), via Maven;
#   2. the official JS SDK suite (e2e/) against the standalone server started from the jar just built.
# Needs a JDK 21+ (picked automatically, see scripts/lib-jdk.sh) and Node 20.16+ with npm for step 2.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-jdk.sh
echo "test.sh: using JDK $KGRAPH_JDK_MAJOR at $JAVA_HOME"

./mvnw -B -ntp verify "$@"

echo "test.sh: end-to-end suite (official JS SDK) against the standalone server"
data_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18123)
log="$data_dir/standalone.log"
jar=$(ls standalone/target/standalone-*.jar | grep -v '\.original$' | head -n 1)
# shellcheck disable=SC2086
java $KGRAPH_JAVA_OPTS -jar "$jar" --server.port="$port" --kgraph.standalone.data-dir="$data_dir/data" > "$log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT
# readiness UP: every graph registered and known to the gateway, the sequencer running (docs/health.md)
ready=0
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then
    ready=1
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "standalone server exited early:"; tail -n 80 "$log"; exit 1; }
  sleep 1
done
[ "$ready" = 1 ] || { echo "standalone server not ready after 120 s:"; tail -n 80 "$log"; exit 1; }
e2e/run.sh "http://127.0.0.1:$port" || { echo "e2e failed; server log tail:"; tail -n 80 "$log"; exit 1; }

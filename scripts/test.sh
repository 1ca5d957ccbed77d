#!/usr/bin/env bash
# THE test command: the whole suite on a fresh machine.
#   1. every module's unit and integration tests (real KRaft brokers embedded in the test JVMs) and the
#      multi-process tests of fault-injection/ (the cluster fault test: brokers, workers and gateways as separate JVMs;
#      the standalone crash test: the standalone jar killed with SIGKILL under load), via Maven;
#   2. the official JS SDK suite (e2e/) against the standalone server started from the jar just built, once with its
#      default at-least-once worker and once exactly-once, with loopback webhook receivers allowed in both.
# Needs a JDK 21+ (picked automatically, see scripts/lib-jdk.sh) and Node 20.16+ with npm for step 2.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-jdk.sh
echo "test.sh: using JDK $KGRAPH_JDK_MAJOR at $JAVA_HOME"

if ! docker info >/dev/null 2>&1; then
  echo "test.sh: no Docker engine here, so ExternalKafkaEndToEndTests (gateway and worker on Kafka in a container) is" \
       "skipped (the one skipped Maven test); the in-JVM broker tests cover the same behaviour"
fi
./mvnw -B -ntp verify "$@"

# The SDK suite runs twice against the standalone jar: with its default at-least-once worker and with the workers'
# exactly-once processing (the cluster default). Both allow loopback webhook receivers, so the delivery tests run.
jar=$(ls standalone/target/standalone-*.jar | grep -v '\.original$' | head -n 1)
work_dir=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work_dir"' EXIT

run_e2e() { # $1 = label, then extra arguments for the standalone server
  local label="$1"; shift
  local dir="$work_dir/$label" port log
  mkdir -p "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18123)
  log="$dir/standalone.log"
  echo "test.sh: end-to-end suite (official JS SDK) against the standalone server, $label ($*)"
  # shellcheck disable=SC2086
  java $KGRAPH_JAVA_OPTS -jar "$jar" --server.port="$port" --kgraph.standalone.data-dir="$dir/data" \
    --kgraph.webhooks.allow-loopback=true "$@" > "$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/ok" >/dev/null 2>&1 \
       && curl -fsS "http://127.0.0.1:$port/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0" >/dev/null 2>&1; then
      break
    fi
    kill -0 "$server_pid" 2>/dev/null || { echo "standalone server exited early:"; tail -n 80 "$log"; exit 1; }
    sleep 1
  done
  E2E_LOOPBACK_WEBHOOKS=1 e2e/run.sh "http://127.0.0.1:$port" \
    || { echo "e2e ($label) failed; server log tail:"; tail -n 80 "$log"; exit 1; }
  stop_server
}

run_e2e at-least-once
run_e2e exactly-once --kgraph.worker.exactly-once=true

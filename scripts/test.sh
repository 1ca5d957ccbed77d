#!/usr/bin/env bash
# THE test command: the whole suite on a fresh machine.
#   1. every module's unit and integration tests (real KRaft brokers embedded in the test JVMs) and the
#      multi-process fault-injection test (fault-injection/: brokers, workers and gateways as separate JVMs), via Maven;
#   2. the official JS SDK suite (e2e/) against the standalone server started from the jar just built, its browser
#      tests (/docs, CORS) in Debian's headless chromium (installed by scripts/lib-browser.sh when missing);
#   3. the API key tests (e2e/test/api-keys.test.mjs) against a second, short-lived standalone server started with a
#      key and JSON logs, whose log must then show a run's line carrying run_id and thread_id.
# Needs a JDK 21+ (picked automatically, see scripts/lib-jdk.sh) and Node 20.16+ with npm for steps 2 and 3.
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
. scripts/lib-browser.sh
[ "$ready" = 1 ] || { echo "standalone server not ready after 120 s:"; tail -n 80 "$log"; exit 1; }
e2e/run.sh "http://127.0.0.1:$port" || { echo "e2e failed; server log tail:"; tail -n 80 "$log"; exit 1; }
kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true

echo "test.sh: API keys (JS SDK with apiKey) and JSON logs against a second standalone server"
key="e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
keyed_log="$data_dir/standalone-keyed.log"
# shellcheck disable=SC2086
java $KGRAPH_JAVA_OPTS -jar "$jar" --server.port="$port" --kgraph.standalone.data-dir="$data_dir/data-keyed" \
  --kgraph.auth.api-keys="$key" --logging.structured.format.console=ecs \
  --logging.level.dev.kgraph.worker.execution=DEBUG > "$keyed_log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/ok" >/dev/null 2>&1 \
     && curl -fsS -H "x-api-key: $key" "http://127.0.0.1:$port/assistants/046b5dc7-2108-582c-9c6c-31d556d138f0" \
        >/dev/null 2>&1; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "keyed standalone server exited early:"; tail -n 80 "$keyed_log"; exit 1; }
  sleep 1
done
(cd e2e && BASE_URL="http://127.0.0.1:$port" E2E_API_KEY="$key" node --test --test-concurrency=1 test/api-keys.test.mjs) \
  || { echo "API key tests failed; server log tail:"; tail -n 80 "$keyed_log"; exit 1; }
grep '^{.*"message":"run ended: success' "$keyed_log" | grep '"run_id":"[0-9a-f-]\{36\}"' \
  | grep -q '"thread_id":"[0-9a-f-]\{36\}"' \
  || { echo "no JSON log line of a run with run_id and thread_id; server log tail:"; tail -n 40 "$keyed_log"; exit 1; }
if grep -qF -- "$key" "$keyed_log"; then echo "the API key appears in the server log"; exit 1; fi
echo "test.sh: API keys and JSON logs OK"

# Helpers shared by the benchmark scripts (sourced: . scripts/lib-bench.sh).

# Whether something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops the process group led by $1 (the server and any child it started): TERM, up to 30 s, then KILL; then waits
# up to 10 s for port $2 to be free, so the next server can take it.
stop_group() {
  local pgid="$1" port="$2"
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pgid" 2>/dev/null || true
  wait "$pgid" 2>/dev/null || true
  for _ in $(seq 1 20); do port_in_use "$port" || break; sleep 0.5; done
}

# Builds the load tool if its jar is missing or older than its sources (run from the repository root; Maven leaves an
# unchanged jar's time alone, hence the touch); prints the jar's path.
ensure_load_tool() {
  local jar="$PWD/load-tool/target/load-tool.jar"
  if [ ! -f "$jar" ] || [ -n "$(find load-tool/src/main load-tool/pom.xml pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
    echo "building the load tool" >&2
    MAVEN_OPTS="${MAVEN_OPTS:-} $KGRAPH_JAVA_OPTS" ./mvnw -B -q -DskipTests -pl load-tool package >&2
    touch "$jar"
  fi
  echo "$jar"
}

# Ready means a run succeeds (the worker, not just the HTTP port, is up): tries once a second for READY_TIMEOUT
# seconds (120 unless set) on 127.0.0.1:$1, and gives up at once if process $2 has ended. $3: the run's body (an echo
# run unless given).
await_run() {
  local deadline=$((SECONDS + ${READY_TIMEOUT:-120})) tid code
  local body=${3:-'{"assistant_id":"echo","input":{"messages":[{"role":"user","content":"ready?"}]},"if_not_exists":"create"}'}
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$2" 2>/dev/null || return 1
    tid=$(cat /proc/sys/kernel/random/uuid)
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'content-type: application/json' -d "$body" \
      "http://127.0.0.1:$1/threads/$tid/runs/wait" || true)
    [ "$code" = 200 ] && return 0
    sleep 1
  done
  return 1
}

# CPU ticks (USER_HZ = 100) used so far by the processes of process group $1.
group_ticks() {
  # a process may end between the glob and cat's read: cat then fails, which must not end the script (pipefail)
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v g="$1" '{ sub(/^.*\) /, ""); if ($3 == g) s += $12 + $13 } END { print s + 0 }'
}

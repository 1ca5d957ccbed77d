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

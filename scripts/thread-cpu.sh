#!/usr/bin/env bash
# CPU per run of each group of a server's threads (user and kernel time apart), over a load tool's measured part.
#
#   scripts/thread-cpu.sh SERVER_PID -- java -jar load-tool/target/load-tool.jar URL --mode same-thread --clients 64 \
#       --warmup 15 --duration 30
#
# Runs the load command, takes every thread's utime and stime from /proc/SERVER_PID/task/*/stat when the tool writes
# "measuring" (its warm-up is over) and again when it exits, and prints, per thread name with digits folded (all
# "http-epoll-N" together), the milliseconds of CPU per run the tool counted ("runs: N" in its output). bench.sh
# splits CPU by role; this shows which threads inside a role spend it, and how much of it the kernel does (e.g. a
# broker writing large records).
set -euo pipefail
if [ $# -lt 3 ] || [ "$2" != "--" ]; then
  echo "usage: $0 SERVER_PID -- LOAD_COMMAND..." >&2
  exit 2
fi
pid=$1; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

ticks() { # thread name, utime, stime (clock ticks), summed per name with digits folded
  cat /proc/"$pid"/task/*/stat 2>/dev/null | awk '{
    name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) [^)]*$/, "", name); gsub(/[0-9]+/, "#", name)
    rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); u[name] += f[12]; s[name] += f[13] }
    END { for (n in u) printf "%s\t%d\t%d\n", n, u[n], s[n] }' | sort
}

"$@" >"$work/out" 2>"$work/err" &
tool=$!
until grep -q '^measuring$' "$work/err" || ! kill -0 "$tool" 2>/dev/null; do sleep 0.05; done
ticks >"$work/before"
wait "$tool"
ticks >"$work/after"
cat "$work/out"
runs=$(grep -o 'runs: [0-9]*' "$work/out" | awk '{print $2}')
[ -n "$runs" ] && [ "$runs" -gt 0 ] || { echo "no runs counted" >&2; exit 1; }
hz=$(getconf CLK_TCK)
printf '%8s %8s %8s  %s\n' "user" "sys" "total" "threads (ms of CPU per run)"
join -t $'\t' "$work/before" "$work/after" | awk -F'\t' -v runs="$runs" -v hz="$hz" '{
  u = ($4 - $2) * 1000 / hz / runs; s = ($5 - $3) * 1000 / hz / runs
  if (u + s > 0) { printf "%8.3f %8.3f %8.3f  %s\n", u, s, u + s, $1; tu += u; ts += s } }
  END { printf "%8.3f %8.3f %8.3f  TOTAL\n", tu, ts, tu + ts }' | sort -k3 -rn

#!/usr/bin/env bash
# Per-thread CPU of a running JVM over a window: where an idle server's CPU goes.
#
#   scripts/idle-threads.sh PID [SECONDS]      (default 60)
#
# Reads each thread's time on the CPU from /proc/PID/task/TID/schedstat (nanoseconds, so threads that run a few
# microseconds at a time still show, unlike the clock ticks of /proc/.../stat) at the start and at the end of the
# window, and prints the cores each thread used, largest first, then the same summed over thread groups (digits and
# hex ids in the names collapsed to #, so the 4 request handlers or the stream thread's uuid name add up). Thread
# names are the JVM's (jcmd PID Thread.print), or the kernel's 15-character ones (/proc/.../comm) for threads the
# JVM does not list (native threads, e.g. RocksDB's). Threads that started or ended within the window count from or
# until then. Prints the load average at both ends: on a shared machine the JIT's share moves with it.
set -euo pipefail
PID="${1:?usage: $0 PID [SECONDS]}"
WINDOW="${2:-60}"
[ -d "/proc/$PID/task" ] || { echo "error: no process $PID" >&2; exit 1; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JCMD="jcmd"
if [ -f "$ROOT/scripts/lib-jdk.sh" ]; then
  . "$ROOT/scripts/lib-jdk.sh" >/dev/null 2>&1 || true
  [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jcmd" ] && JCMD="$JAVA_HOME/bin/jcmd"
fi

snap() { # tid ns comm
  local t
  for t in /proc/"$PID"/task/*; do
    # a thread may end between the listing and the read: skip it
    printf '%s %s %s\n' "${t##*/}" "$(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0)" \
      "$(tr ' ' '_' 2>/dev/null <"$t/comm" || echo '?')"
  done
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load0=$(cut -d' ' -f1-3 /proc/loadavg)
snap >"$tmp/a"
start=$(date +%s%N)
sleep "$WINDOW"
snap >"$tmp/b"
end=$(date +%s%N)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
# JVM names by native thread id (nid=, decimal on recent JDKs, hexadecimal on older ones)
"$JCMD" "$PID" Thread.print 2>/dev/null | sed -n 's/^"\(.*\)" .* nid=\([0-9a-fx]*\).*/\2 \1/p' |
  while read -r nid name; do printf '%d %s\n' "$nid" "${name// /_}"; done >"$tmp/names" || true

echo "window ${WINDOW}s, load average ${load0} -> ${load1}; per thread group (cores):"
awk -v el_ns=$((end - start)) -v names="$tmp/names" -v a="$tmp/a" '
  BEGIN {
    while ((getline l < names) > 0) { n = index(l, " "); jname[substr(l, 1, n - 1)] = substr(l, n + 1) }
    while ((getline l < a) > 0) { split(l, f, " "); before[f[1]] = f[2] }
  }
  {
    d = $2 - (($1 in before) ? before[$1] : 0)
    if (d <= 0) next
    name = ($1 in jname) ? jname[$1] : $3
    gsub(/_/, " ", name)
    cores = d / el_ns; total += cores
    printf "%.5f %7d %s\n", cores, $1, name > "/dev/stderr"
    g = name; gsub(/[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+/, "#", g); gsub(/[0-9]+/, "#", g)
    group[g] += cores; if (g ~ /CompilerThread/) jit += cores
  }
  END {
    printf "total %.4f cores (JIT compiler threads %.4f, the rest %.4f)\n", total, jit, total - jit
    for (g in group) printf "%.5f  %s\n", group[g], g | "sort -rn"
  }' "$tmp/b" 2>"$tmp/threads"
echo "per thread (cores, tid, name):"
sort -rn "$tmp/threads" | awk '$1 >= 0.00005'

#!/usr/bin/env bash
# Where a running server's CPU goes, the kernel's share included: Linux perf's cpu-clock samples of every thread of
# the process, with call stacks, over a window; the JIT's code named from a map the JVM writes on demand
# (jcmd Compiler.perfmap).
#
#   scripts/perf-profile.sh SERVER_PID [SECONDS] [OUT_DIR]      # e.g. while a load tool runs against the server
#
# JFR samples only Java frames and thread-cpu.sh only totals per thread; on a long thread the broker's kernel time
# (copying records into the page cache) was the largest single cost, and on new threads the context switches between
# the threads a run passes through (docs/benchmarks.md, section 7, "2026-12-05 afternoon"). Prints the samples by
# thread (names cut to 15 characters by the kernel) and code (kernel, JIT-compiled Java, native libraries), the top
# kernel symbols and the top symbols overall; OUT_DIR keeps perf.data for `perf report -i OUT_DIR/perf.data`.
# Needs `perf` (Debian: linux-perf) and the right to profile the process (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 SERVER_PID [SECONDS] [OUT_DIR]" >&2
  exit 2
fi
pid=$1; seconds=${2:-20}; out=${3:-$(mktemp -d)}
command -v perf >/dev/null || { echo "error: perf not found (Debian: apt-get install linux-perf)" >&2; exit 1; }
kill -0 "$pid" 2>/dev/null || { echo "error: no process $pid" >&2; exit 1; }
mkdir -p "$out"

perf record -F 499 -g -o "$out/perf.data" -p "$pid" -- sleep "$seconds" >"$out/record.log" 2>&1 \
  || { cat "$out/record.log" >&2; exit 1; }
# the JIT's code moves as it compiles: the map is taken right after the samples (the server's own JDK's jcmd)
jcmd="$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd"
"$jcmd" "$pid" Compiler.perfmap >/dev/null 2>&1 || echo "note: no JIT symbol map ($jcmd Compiler.perfmap failed)" >&2

report() { perf report -i "$out/perf.data" --stdio --no-children -g none "$@" 2>/dev/null | grep -v '^#' | grep -v '^$'; }
echo "== samples by thread and code (kernel = [kernel.kallsyms], [JIT] = compiled Java)"
report --sort comm,dso | head -30 || true  # head closes the pipe early
echo "== top kernel symbols (share of all samples)"
report --sort sym --dso '[kernel.kallsyms]' | head -15 || true
echo "== top symbols"
report --sort comm,sym | head -25 || true
echo "perf data: $out/perf.data"

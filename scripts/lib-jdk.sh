#!/usr/bin/env bash
# Sourced helper: exports JAVA_HOME (and PATH) for a JDK 21 or newer, KGRAPH_JDK_MAJOR / KGRAPH_JAVA_OPTS, and
# MALLOC_ARENA_MAX for the processes it starts, and KGRAPH_STANDALONE_OPTS, the standalone server's JVM flags (its heap
# when KGRAPH_HEAP is set; see below).
#   . scripts/lib-jdk.sh || exit 1
# Keeps JAVA_HOME if it already points at a JDK 21+; otherwise takes the newest JDK 21+ under /usr/lib/jvm
# (then the `java` on PATH). KGRAPH_JAVA_OPTS holds the flags that silence JDK 24+'s native-access and Unsafe
# warnings (RocksDB, Netty, Kafka); it is empty on JDK 21-23, which reject the second flag.

kgraph_jdk_major() { # $1 = a JDK home; prints its feature version (e.g. 25) or nothing
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  fi
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

kgraph_select_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(kgraph_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then best="$JAVA_HOME"; best_major=$major; fi
  fi
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/*; do
      [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
      major=$(kgraph_jdk_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
        best="$candidate"; best_major=$major
      fi
    done
  fi
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(kgraph_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then best="$candidate"; best_major=$major; fi
  fi
  if [ -z "$best" ]; then
    echo "error: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm, PATH)." >&2
    echo "       Install one (e.g. Temurin 21 or 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  export KGRAPH_JDK_MAJOR="$best_major"
  # RocksDB (the sequencer's stores) allocates with glibc's malloc from the stream thread, its own background
  # threads and JNI calls; with glibc's default of 8 arenas per core, memory freed in one arena is not reused by
  # the others. Two arenas kept the standalone server's memory outside the JVM ~40 MiB lower over a 10-minute soak
  # (two pairs, docs/benchmarks.md, section 7, "2026-12-07 morning"). A value set by the caller wins.
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  if [ "$best_major" -ge 24 ]; then
    export KGRAPH_JAVA_OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  else
    export KGRAPH_JAVA_OPTS=""
  fi
  # The standalone server (broker, writer and gateway in one JVM) exits on OutOfMemoryError rather than limp on (its
  # state is in Kafka). KGRAPH_HEAP (e.g. 512m) fixes its heap, for a process whose memory does not step up under load
  # and fits a limit (heap + 128 MB of RocksDB + ~350 MB of the rest), with the G1 settings Kafka's own start script
  # gives its broker: short pauses mean a small young generation, which a burst of 10,000 waiting calls (all alive
  # through a collection) can evacuate; with G1's defaults the same burst in 512 MB failed evacuations and compacted
  # fully. It costs ~10 % more CPU a run at 256 clients than the default heap (sized from the machine's memory), so it
  # is not the default (docs/benchmarks.md, section 8, "2026-12-07"). Flags given after these win.
  export KGRAPH_STANDALONE_OPTS="-XX:+ExitOnOutOfMemoryError"
  if [ -n "${KGRAPH_HEAP:-}" ]; then
    KGRAPH_STANDALONE_OPTS+=" -Xms$KGRAPH_HEAP -Xmx$KGRAPH_HEAP -XX:MaxGCPauseMillis=20"
    KGRAPH_STANDALONE_OPTS+=" -XX:InitiatingHeapOccupancyPercent=35"
  fi
}

kgraph_select_jdk

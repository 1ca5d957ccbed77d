#!/usr/bin/env bash
# Sourced helper: exports JAVA_HOME (and PATH) for a JDK 21 or newer, KGRAPH_JDK_MAJOR / KGRAPH_JAVA_OPTS, and
# MALLOC_ARENA_MAX for the processes it starts (see below).
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
}

kgraph_select_jdk

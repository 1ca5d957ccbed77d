# syntax=docker/dockerfile:1
# run-worker image. Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t kgraph-worker .

# --- stage 1: build the Spring Boot exec jar with the Maven wrapper ---------------------------------------------
# The Java feature release to build and run on (21 or newer); one place for both stages.
ARG JAVA_RELEASE=21
FROM eclipse-temurin:${JAVA_RELEASE}-jdk AS build
WORKDIR /src
# The whole tree (minus .dockerignore): the reactor reads every module's pom even when building one module.
COPY . .
# -am builds the modules the worker depends on (shared-model, graph-runtime). maven.test.skip also skips compiling
# tests, so no test-only dependency is downloaded. The cache mount keeps ~/.m2 between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -pl run-worker -am package \
 && cp run-worker/target/run-worker-*-exec.jar /app.jar

# --- stage 2: JRE only, non-root -----------------------------------------------------------------------------------
# Ubuntu-based (glibc) on purpose: Kafka Streams' RocksDB stores load a native library that needs glibc, not musl.
FROM eclipse-temurin:${JAVA_RELEASE}-jre
RUN groupadd --system --gid 10001 kgraph \
 && useradd --system --uid 10001 --gid kgraph --home-dir /app --shell /usr/sbin/nologin kgraph \
 && mkdir -p /var/lib/kgraph/streams \
 && chown -R kgraph:kgraph /var/lib/kgraph
# The state directory exists in the image, owned by kgraph, so a fresh named volume mounted on it inherits that
# ownership and stays writable for the non-root user. It is only a cache of Kafka changelog topics.
WORKDIR /app
COPY --from=build /app.jar /app/app.jar
USER kgraph:kgraph
# MALLOC_ARENA_MAX: RocksDB's native allocations in two glibc arenas instead of 8 per core (docs/deployment.md)
ENV KGRAPH_WORKER_STATE_DIR=/var/lib/kgraph/streams \
    MALLOC_ARENA_MAX=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=128m -XX:+ExitOnOutOfMemoryError"
# Half of the container's memory is heap. RocksDB lives off-heap, bounded by KGRAPH_WORKER_ROCKSDB_MEMORY (128MB by
# default), next to direct buffers (bounded above), metaspace and thread stacks. Without a container memory limit the
# JVM takes the host's RAM as its base: set one (the compose files do).
# The worker serves no API; 8124 only answers the management endpoints (/actuator/health/*, /actuator/prometheus).
ENV SERVER_PORT=8124
EXPOSE 8124
# Exec form: java is PID 1 and receives SIGTERM, so Kafka Streams closes cleanly and hands its tasks over at once.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

# syntax=docker/dockerfile:1
# api-gateway image. Build from the repository root:
#   docker build -f docker/gateway.Dockerfile -t kgraph-gateway .

# --- stage 1: build the Spring Boot exec jar with the Maven wrapper ---------------------------------------------
# The Java feature release to build and run on (21 or newer); one place for both stages.
ARG JAVA_RELEASE=21
FROM eclipse-temurin:${JAVA_RELEASE}-jdk AS build
WORKDIR /src
# The whole tree (minus .dockerignore): the reactor reads every module's pom even when building one module.
COPY . .
# -am builds the modules the gateway depends on (shared-model). maven.test.skip also skips compiling tests,
# so no test-only dependency is downloaded. The cache mount keeps ~/.m2 between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -pl api-gateway -am package \
 && cp api-gateway/target/api-gateway-*-exec.jar /app.jar

# --- stage 2: JRE only, non-root -----------------------------------------------------------------------------------
FROM eclipse-temurin:${JAVA_RELEASE}-jre
RUN groupadd --system --gid 10001 kgraph \
 && useradd --system --uid 10001 --gid kgraph --home-dir /app --shell /usr/sbin/nologin kgraph
WORKDIR /app
COPY --from=build /app.jar /app/app.jar
USER kgraph:kgraph
# Defaults; the compose files (or docker run -e) override them. SPRING_KAFKA_BOOTSTRAP_SERVERS has no useful default.
ENV SERVER_PORT=8123 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=192m -XX:+ExitOnOutOfMemoryError"
# Half of the container's memory is heap; Netty's direct buffers (bounded above), metaspace and thread stacks need the
# rest. Without a container memory limit the JVM takes the host's RAM as its base: set one (the compose files do).
EXPOSE 8123
# Exec form: java is PID 1 and receives SIGTERM directly, so Spring's graceful shutdown runs on `docker stop`.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

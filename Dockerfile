# The gateway image the Helm chart (helm/logcast) runs: `logcast serve` and the console tools, no
# Kafka broker (dev mode is the logcast-dev jar, not in the image). From the repository root:
#   docker build -t <registry>/logcast/gateway:0.1.0 .
#       Maven runs inside the build (BUILD_IMAGE), the runtime is RUNTIME_IMAGE;
#   mvn -pl gateway -am package -DskipTests && podman build --target prebuilt \
#       --build-arg RUNTIME_IMAGE=localhost/jre-base:17 -t localhost/logcast/gateway:dev .
#       takes the jars the host built (gateway/target/image), e.g. with a local base and no registry.
# The public defaults are pinned by digest; to move to newer ones, resolve the tag to its digest
# (`docker buildx imagetools inspect <tag>` or `crane digest <tag>`) and replace both parts.
ARG BUILD_IMAGE=docker.io/library/maven:3.9.15-eclipse-temurin-21@sha256:d6e32a254897415a445654a3c43c30fbc731a4d946cf5c66d1cb9184141c20c1
ARG RUNTIME_IMAGE=docker.io/library/eclipse-temurin:21.0.12_8-jre-noble@sha256:7739f0ffce786528961eea6bf46d9610ee968ac6127c9b2e93494757bdecce9f

# --- build: gateway/target/image, as `mvn package` lays it out (gateway/pom.xml) ---
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# only poms and main sources: a change to docs, tests or the chart leaves this stage cached.
# Every module's pom, because the parent lists them all.
COPY pom.xml ./
COPY session-store/pom.xml session-store/
COPY testkit/pom.xml testkit/
COPY gateway/pom.xml gateway/
COPY dev/pom.xml dev/
COPY load-tests/pom.xml load-tests/
COPY helm-tests/pom.xml helm-tests/
COPY image-tests/pom.xml image-tests/
COPY session-store/src/main session-store/src/main
COPY testkit/src/main testkit/src/main
COPY gateway/src/main gateway/src/main
COPY client-js/src client-js/src
# no .git in the context: --build-arg LOGCAST_COMMIT=$(git describe --always --dirty) names the commit
ARG LOGCAST_COMMIT=unknown
# the local repository is a cache mount: dependencies are downloaded once, not on every source change
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl gateway -am package \
 && mkdir /image \
 && cp -r gateway/target/image/lib /image/lib \
 && cp gateway/target/image/logcast-gateway-*-image.jar /image/logcast.jar

# --- runtime: a JRE, a non-root user; both targets below add the jars to it ---
FROM ${RUNTIME_IMAGE} AS runtime
# a numeric user, so that Kubernetes' runAsNonRoot can check it (the chart runs as 10001 too); the
# passwd line gives the JVM a home (/tmp, writable under a read-only root); no useradd needed
RUN echo 'logcast:x:10001:10001:logcast:/tmp:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'logcast:x:10001:' >> /etc/group
WORKDIR /opt/logcast
USER 10001:10001
# public WebSocket/HTTP, management (metrics, health), Hazelcast
EXPOSE 8080 9090 5701
# the JVM flags bin/logcast and the chart use too (docs/operations.md, "JVM flags"); the chart
# sets JAVA_TOOL_OPTIONS from its jvmOptions value
ENV JAVA_TOOL_OPTIONS="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
# the root filesystem may be read-only: Vert.x's file cache goes to /tmp (an emptyDir in the chart).
# exec form: java is PID 1 and gets SIGTERM itself, which starts the drain
ENTRYPOINT ["java", "-Dvertx.cacheDirBase=/tmp/vertx-cache", "-jar", "/opt/logcast/logcast.jar"]
CMD ["serve", "--config", "/etc/logcast/logcast.yaml"]

# The jars in two layers: the dependencies (~50 MB, they change with a pom) below the gateway's own
# classes (~0.6 MB, they change with every commit), so a new build pushes and pulls only the top
# one. logcast.jar finds lib/ through its manifest's Class-Path, so `java -jar` runs it.

# --- prebuilt (--target prebuilt): the jars of the host's `mvn package` (the image test's way) ---
FROM runtime AS prebuilt
COPY gateway/target/image/lib /opt/logcast/lib
COPY gateway/target/image/logcast-gateway-*-image.jar /opt/logcast/logcast.jar

# --- image, the default (last) target: the jars Maven built in the build stage ---
FROM runtime AS image
COPY --from=build /image/lib /opt/logcast/lib
COPY --from=build /image/logcast.jar /opt/logcast/logcast.jar

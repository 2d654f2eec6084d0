# The gateway image the Helm chart (helm/logcast) runs. Build it from the repository root:
#   docker build -t <registry>/logcast/gateway:0.1.0 .
# No image is built or published by the project itself: its machines have no container engine.

# --- build: the same shaded jar bin/logcast runs (gateway/target/logcast.jar) ---
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl gateway -am package

# --- run: a JRE, a non-root user, nothing else ---
FROM eclipse-temurin:21-jre
# a numeric user, so that Kubernetes' runAsNonRoot can check it (the chart runs as 10001 too)
RUN groupadd --system --gid 10001 logcast \
 && useradd --system --uid 10001 --gid 10001 --home-dir /opt/logcast --no-create-home logcast
COPY --from=build /src/gateway/target/logcast.jar /opt/logcast/logcast.jar
WORKDIR /opt/logcast
USER 10001:10001
# public WebSocket/HTTP, management (metrics, health), Hazelcast
EXPOSE 8080 9090 5701
# the root filesystem may be read-only: Vert.x's file cache goes to /tmp (an emptyDir in the chart).
# exec form: java is PID 1 and gets SIGTERM itself, which starts the drain
ENTRYPOINT ["java", "-Dvertx.cacheDirBase=/tmp/vertx-cache", "-jar", "/opt/logcast/logcast.jar"]
CMD ["serve", "--config", "/etc/logcast/logcast.yaml"]

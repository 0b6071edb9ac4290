# The ccm4j cloud-controller-manager image. Build the jar first:
#   ./mvnw -B -ntp -pl ccm-launcher -am package -DskipTests
#   docker build -t ccm4j:0.1.0-SNAPSHOT .
# Runs as a non-root user and writes nothing outside /tmp, so it works with a read-only root filesystem
# (mount an emptyDir at /tmp, as deploy/kubernetes does).
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 65532 ccm4j \
 && useradd --system --uid 65532 --gid 65532 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin ccm4j

COPY ccm-launcher/target/ccm4j.jar /opt/ccm4j/ccm4j.jar
COPY LICENSE /opt/ccm4j/LICENSE

USER 65532:65532
EXPOSE 10258
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:-UsePerfData -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/opt/ccm4j/ccm4j.jar"]

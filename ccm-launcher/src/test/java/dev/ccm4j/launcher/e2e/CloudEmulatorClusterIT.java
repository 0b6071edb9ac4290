package dev.ccm4j.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.ccm4j.conformance.cli.EmbeddedCluster;
import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.inprocess.InProcessCluster;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's start-up and teardown with real launcher processes, without running the suites. */
class CloudEmulatorClusterIT {
  @TempDir Path tmp;

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  private EmbeddedCluster.Request request(boolean e2e) {
    return new EmbeddedCluster.Request("alibaba", "it-cluster", 0, e2e, Optional.empty(),
        InProcessCluster.defaultTimeouts(), tmp.resolve("reports"), new PrintStream(progress, true,
        StandardCharsets.UTF_8));
  }

  /** This JVM starts no other processes: every live descendant is one of the cluster's. */
  private static long launcherChildren() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
  }

  @Test
  void aTckOnlyRunGetsTheEmulatorsCloudConfigAndTheEmulatorIsGoneAfterClose() throws Exception {
    Path cloudConfig;
    URI endpoint;
    try (EmbeddedCluster.Started started = CloudEmulatorCluster.forThisJvm().start(request(false))) {
      assertThat(started.e2e()).as("no cluster when only the TCK runs").isEmpty();
      cloudConfig = started.cloudConfig().orElseThrow();
      assertThat(cloudConfig).isRegularFile();
      endpoint = URI.create(JsonParser.parseString(Files.readString(cloudConfig)).getAsJsonObject()
          .getAsJsonObject("Global").get("ecsEndpoint").getAsString().replaceAll("/$", ""));
      HttpResponse<String> instances = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          endpoint.resolve("/_ccm4j/instances")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(JsonParser.parseString(instances.body()).getAsJsonArray()).as("seed instances")
          .hasSize(CloudEmulatorCluster.SEED_INSTANCES);
      assertThat(launcherChildren()).isEqualTo(1);
    }
    assertThat(launcherChildren()).isZero();
    assertThat(cloudConfig).as("the credentials are deleted").doesNotExist();
    assertThat(cloudConfig.getParent()).doesNotExist();
    assertThat(tmp.resolve("reports/processes/cloud-emulator.log")).content().contains("endpoint: " + endpoint);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("Cloud emulator serving on " + endpoint);
  }

  @Test
  void theCcmLeadsAgainstTheEmulatorAndNeitherProcessLogsTheSecret() throws Exception {
    String secret;
    String encoded;
    try (EmbeddedCluster.Started started = CloudEmulatorCluster.forThisJvm().start(request(true))) {
      E2eEnvironment env = started.e2e().orElseThrow();
      encoded = JsonParser.parseString(Files.readString(started.cloudConfig().orElseThrow())).getAsJsonObject()
          .getAsJsonObject("Global").get("accessKeySecret").getAsString();
      secret = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      assertThat(env.providerName()).isEqualTo("alibaba");
      assertThat(env.routesExpected()).isTrue();
      assertThat(env.ownsProviderId("cn-hangzhou.i-0123")).isTrue();
      assertThat(new CoreV1Api(env.client()).listNode().execute().getItems()).as("no fixture, no nodes").isEmpty();
      assertThat(launcherChildren()).isEqualTo(2);
      assertThat(progress.toString(StandardCharsets.UTF_8)).contains("CCM leading as ");
    }
    assertThat(launcherChildren()).isZero();
    for (String log : List.of("cloud-emulator.log", "ccm.log")) {
      assertThat(Files.readString(tmp.resolve("reports/processes").resolve(log))).as(log).isNotEmpty()
          .doesNotContain(secret).doesNotContain(encoded);
    }
    assertThat(Files.readString(tmp.resolve("reports/processes/ccm.log"))).contains("alibaba");
  }

  @Test
  void aLauncherThatCannotStartFailsWithTheEndOfItsLogAndLeavesNothingBehind() {
    CloudEmulatorCluster broken = new CloudEmulatorCluster(Path.of(System.getProperty("java.home"), "bin", "java"),
        tmp.resolve("no-such.jar").toString());

    assertThatThrownBy(() -> broken.start(request(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the cloud emulator exited with status 1 before its endpoint")
        .hasMessageContaining("dev.ccm4j.launcher.Main")
        .hasMessageContaining("cloud-emulator.log");
    assertThat(launcherChildren()).isZero();
  }

  @Test
  void aProviderWithoutAnEmulatorIsRefusedListingThoseWithOne() {
    assertThatThrownBy(() -> CloudEmulatorCluster.emulatorFor("local"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no cloud emulator is registered for provider \"local\"")
        .hasMessageContaining("alibaba");
    assertThat(CloudEmulatorCluster.emulatorFor("alicloud").name()).as("aliases count").isEqualTo("alibaba");
  }
}

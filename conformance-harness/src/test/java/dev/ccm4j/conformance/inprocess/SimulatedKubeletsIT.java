package dev.ccm4j.conformance.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedKubeletsIT {
  private KubeApiServer api;
  private CoreV1Api core;
  private SimulatedKubelets kubelets;

  @BeforeEach
  void start() {
    api = KubeApiServer.builder().build().start();
    ApiClient client = new ClientBuilder().setBasePath(api.url()).build();
    core = new CoreV1Api(client);
    kubelets = new SimulatedKubelets(client, Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    kubelets.close();
    api.close();
  }

  @Test
  void registersANodeAsAnExternalCloudProviderKubeletDoes() throws Exception {
    V1Node node = kubelets.register("n1", List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.1")));

    assertThat(node.getSpec().getTaints()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo(WellKnown.TAINT_UNINITIALIZED);
      assertThat(t.getEffect()).isEqualTo(WellKnown.TAINT_EFFECT_NO_SCHEDULE);
    });
    assertThat(node.getStatus().getAddresses()).extracting(V1NodeAddress::getAddress).containsExactly("10.0.0.1");
    assertThat(ready(core.readNode("n1").execute()).getStatus()).isEqualTo("True");
    assertThat(kubelets.running()).containsExactly("n1");
  }

  @Test
  void registersANodeWithTheProviderIdItsKubeletWasGiven() throws Exception {
    kubelets.register("n1", List.of(), "cn-hangzhou.i-0123456789abcdef");
    kubelets.register("n2", List.of(), "");

    assertThat(core.readNode("n1").execute().getSpec().getProviderID()).isEqualTo("cn-hangzhou.i-0123456789abcdef");
    assertThat(core.readNode("n2").execute().getSpec().getProviderID()).as("left to the CCM").isNull();
  }

  @Test
  void heartbeatsRefreshReadyUntilStoppedAndResumeWhenStarted() throws Exception {
    kubelets.register("n1", List.of());
    OffsetDateTime first = ready(core.readNode("n1").execute()).getLastHeartbeatTime();
    awaitHeartbeatAfter(first);

    kubelets.stop("n1");
    V1NodeCondition stopped = ready(core.readNode("n1").execute());
    assertThat(stopped.getStatus()).isEqualTo("Unknown");
    assertThat(kubelets.running()).isEmpty();
    // several heartbeat periods later the condition is still the one the stop wrote
    TimeUnit.MILLISECONDS.sleep(500);
    assertThat(ready(core.readNode("n1").execute())).isEqualTo(stopped);

    kubelets.start("n1");
    assertThat(ready(core.readNode("n1").execute()).getStatus()).isEqualTo("True");
    assertThat(kubelets.running()).containsExactly("n1");
  }

  @Test
  void aKubeletWhoseNodeWasDeletedStops() throws Exception {
    kubelets.register("n1", List.of());
    core.deleteNode("n1").execute();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!kubelets.running().isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    assertThat(kubelets.running()).isEmpty();
  }

  @Test
  void stoppingOrStartingTheKubeletOfADeletedNodeReportsNothing() throws Exception {
    kubelets.register("n1", List.of());
    core.deleteNode("n1").execute();

    kubelets.stop("n1");
    kubelets.start("n1");

    assertThat(kubelets.running()).isEmpty();
    assertThat(core.listNode().execute().getItems()).isEmpty();
  }

  private void awaitHeartbeatAfter(OffsetDateTime first) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!ready(core.readNode("n1").execute()).getLastHeartbeatTime().isAfter(first)) {
      assertThat(System.nanoTime()).as("a heartbeat after %s", first).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static V1NodeCondition ready(V1Node node) {
    return node.getStatus().getConditions().stream().filter(c -> c.getType().equals(WellKnown.CONDITION_READY))
        .findFirst().orElseThrow();
  }
}

package dev.ccm4j.examples.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example of {@code docs/testkit.md}: a provider's own instances capability answered into the real cloud-node
 * controller, run by a {@link ControllerManager} against the API server emulator. A provider author copies this test
 * and replaces {@code ExampleCloud} with their provider (pointed at their cloud's emulator).
 */
class ProviderInstancesIntoCloudNodeControllerIT {
  private final KubeApiServer api = KubeApiServer.builder().build().start();

  @AfterEach
  void stop() {
    api.close();
  }

  /** A provider whose cloud is a map: what a vendor's provider would look up through its cloud's API. */
  static final class ExampleCloud implements CloudProvider, InstancesV2 {
    private final Map<String, InstanceMetadata> instances = Map.of("node-1", InstanceMetadata.builder()
        .providerId("example://i-0001").instanceType("m.large").zone("zone-a").region("region-1")
        .address("InternalIP", "10.0.0.7").additionalLabel("example.com/pool", "blue").build());

    @Override
    public String name() {
      return "example";
    }

    @Override
    public Optional<InstancesV2> instancesV2() {
      return Optional.of(this);
    }

    @Override
    public boolean instanceExists(V1Node node) {
      return instances.containsKey(node.getMetadata().getName());
    }

    @Override
    public boolean instanceShutdown(V1Node node) {
      return false;
    }

    @Override
    public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
      InstanceMetadata m = instances.get(node.getMetadata().getName());
      if (m == null) {
        throw new InstanceNotFoundException(node.getMetadata().getName());
      }
      return Optional.of(m);
    }
  }

  @Test
  void aJoiningNodeGetsTheProvidersInstanceMetadata() throws Exception {
    KubernetesClientFactory clients = name -> {
      // Duration.ZERO: client-java refuses a read timeout on the informers' watches
      ApiClient c = new ClientBuilder().setBasePath(api.url()).setReadTimeout(Duration.ZERO).build();
      c.setUserAgent(name);
      return c;
    };
    ControllerManager manager = ControllerManager.builder()
        .provider(new ExampleCloud())
        .options(ControllerManagerOptions.builder().clusterName("test").leaderElect(false)
            .controllers(ControllerSelection.parse(List.of(ControllerNames.CLOUD_NODE))).build())
        .clients(clients)
        .build();
    manager.start();
    try {
      CoreV1Api core = new CoreV1Api(clients.client("test"));
      // A kubelet started with --cloud-provider=external registers its node with this taint
      core.createNode(new V1Node().metadata(new V1ObjectMeta().name("node-1"))
          .spec(new V1NodeSpec().taints(List.of(new V1Taint().key(WellKnown.TAINT_UNINITIALIZED).value("true")
              .effect(WellKnown.TAINT_EFFECT_NO_SCHEDULE))))).execute();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        V1Node node = core.readNode("node-1").execute();
        assertThat(node.getSpec().getProviderID()).isEqualTo("example://i-0001");
        assertThat(node.getSpec().getTaints()).as("initialized").isNullOrEmpty();
        assertThat(node.getMetadata().getLabels())
            .containsEntry(WellKnown.LABEL_INSTANCE_TYPE, "m.large")
            .containsEntry(WellKnown.LABEL_ZONE, "zone-a")
            .containsEntry(WellKnown.LABEL_REGION, "region-1")
            .containsEntry("example.com/pool", "blue");
        assertThat(node.getStatus().getAddresses()).extracting(V1NodeAddress::getType, V1NodeAddress::getAddress)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("InternalIP", "10.0.0.7"));
      });
    } finally {
      manager.close();
    }
  }
}

package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalInstancesTest {
  private static final String CONFIG = """
      zone: conf-zone
      nodes:
        configured:
          zone: z-node
          region: r-node
          instanceType: big
          addresses: ["10.0.0.5", {type: ExternalIP, address: 192.0.2.5}]
        stopped: {state: shutdown}
        gone: {state: terminated}
      """;

  private final LocalCloud cloud = new LocalCloud(LocalConfig.parse(CloudConfig.of(CONFIG)), Optional.empty());
  private final InstancesV2 instances = cloud.instancesV2().orElseThrow();

  private InstanceMetadata metadata(V1Node node) {
    return instances.instanceMetadata(node).orElseThrow();
  }

  private static List<String> addresses(InstanceMetadata m) {
    return m.nodeAddresses().stream().map(a -> a.getType() + "=" + a.getAddress()).toList();
  }

  @Test
  void configuredNodeUsesTheConfigForEverything() {
    InstanceMetadata m = metadata(node("configured", "172.18.0.2"));
    assertThat(m.providerId()).isEqualTo("local://configured");
    assertThat(m.zone()).isEqualTo("z-node");
    assertThat(m.region()).isEqualTo("r-node");
    assertThat(m.instanceType()).isEqualTo("big");
    assertThat(addresses(m)).containsExactly("InternalIP=10.0.0.5", "ExternalIP=192.0.2.5");
  }

  @Test
  void otherNodesUseTheirOwnAddressesAndLabelsThenDefaults() {
    V1Node labelled = node("labelled", "172.18.0.3");
    labelled.getMetadata().labels(Map.of(WellKnown.LABEL_ZONE, "label-zone", WellKnown.LABEL_REGION_BETA,
        "beta-region", WellKnown.LABEL_INSTANCE_TYPE, "label-type"));
    InstanceMetadata m = metadata(labelled);
    assertThat(m.providerId()).isEqualTo("local://labelled");
    assertThat(m.zone()).isEqualTo("label-zone");
    assertThat(m.region()).isEqualTo("beta-region");
    assertThat(m.instanceType()).isEqualTo("label-type");
    assertThat(addresses(m)).containsExactly("InternalIP=172.18.0.3", "Hostname=labelled");

    InstanceMetadata plain = metadata(node("plain", null));
    assertThat(plain.zone()).isEqualTo("conf-zone");
    assertThat(plain.region()).isEqualTo("local");
    assertThat(plain.instanceType()).isEqualTo("local");
    assertThat(addresses(plain)).containsExactly("Hostname=plain");

    LocalCloud bare = new LocalCloud(LocalConfig.defaults(), Optional.empty());
    InstanceMetadata d = bare.instancesV2().orElseThrow().instanceMetadata(node("plain", null)).orElseThrow();
    assertThat(List.of(d.zone(), d.region(), d.instanceType())).containsExactly("local-a", "local", "local");
  }

  @Test
  void aLocalProviderIdNamesTheInstance() {
    V1Node renamed = node("k8s-name", null);
    renamed.getSpec().providerID("local://configured");
    assertThat(metadata(renamed).providerId()).isEqualTo("local://configured");
    assertThat(metadata(renamed).zone()).isEqualTo("z-node");
  }

  @Test
  void statesFromTheConfig() {
    assertThat(instances.instanceExists(node("configured", null))).isTrue();
    assertThat(instances.instanceShutdown(node("configured", null))).isFalse();
    assertThat(instances.instanceExists(node("stopped", null))).isTrue();
    assertThat(instances.instanceShutdown(node("stopped", null))).isTrue();
    assertThat(instances.instanceExists(node("gone", null))).isFalse();
    assertThat(instances.instanceShutdown(node("gone", null))).isFalse();
    assertThatThrownBy(() -> instances.instanceMetadata(node("gone", null)))
        .isInstanceOf(InstanceNotFoundException.class).hasMessageContaining("gone");
    assertThat(metadata(node("stopped", null)).providerId()).isEqualTo("local://stopped");
  }

  @Test
  void controlApiOverridesTheConfigUntilCleared() {
    cloud.setInstanceState("configured", InstanceState.TERMINATED);
    assertThat(instances.instanceExists(node("configured", null))).isFalse();
    cloud.setInstanceState("gone", InstanceState.RUNNING);
    assertThat(instances.instanceExists(node("gone", null))).isTrue();
    cloud.setInstanceState("configured", InstanceState.SHUTDOWN);
    assertThat(instances.instanceShutdown(node("configured", null))).isTrue();

    cloud.clearInstanceState("configured");
    cloud.clearInstanceState("gone");
    assertThat(cloud.instanceState("configured")).isEqualTo(InstanceState.RUNNING);
    assertThat(cloud.instanceState("gone")).isEqualTo(InstanceState.TERMINATED);
  }

  @Test
  void batchAgreesWithSingleCalls() {
    List<V1Node> nodes = List.of(node("configured", "172.18.0.2"), node("plain", "172.18.0.4"),
        node("stopped", null), node("gone", null));
    Map<String, MetadataLookup> batch = instances.instanceMetadata(nodes);

    assertThat(batch).containsOnlyKeys("configured", "plain", "stopped", "gone");
    for (V1Node n : nodes.subList(0, 3)) {
      assertThat(batch.get(n.getMetadata().getName())).isEqualTo(MetadataLookup.found(metadata(n)));
    }
    assertThat(batch.get("gone")).isInstanceOfSatisfying(MetadataLookup.Failed.class,
        f -> assertThat(f.error()).isInstanceOf(InstanceNotFoundException.class));
  }

  @Test
  void returnedAddressesAreCopies() {
    InstanceMetadata m = metadata(node("configured", null));
    List<V1NodeAddress> a = m.nodeAddresses();
    a.get(0).address("6.6.6.6");
    assertThat(addresses(metadata(node("configured", null)))).contains("InternalIP=10.0.0.5");
  }
}

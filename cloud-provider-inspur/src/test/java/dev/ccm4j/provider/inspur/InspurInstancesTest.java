package dev.ccm4j.provider.inspur;

import static dev.ccm4j.provider.inspur.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InspurInstancesTest {
  private static final String CONFIG = "slbUrl-pre=https://slb.example/slb/v1/slbs\n"
      + "keycloakUrl=https://auth.example/token\nclient-secret=s\ntoken-client-id=c\nrequested-subject=u\n"
      + "region=cn-north-3\nzone=cn-north-3a\n";
  private final CloudProvider provider =
      CloudProviders.create("inspur", CloudConfig.of(CONFIG), getClass().getClassLoader());
  private final InstancesV2 instances = provider.instancesV2().orElseThrow();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void theProviderIsFoundByNameAndAliasAndOwnsItsProviderIds() {
    assertThat(provider.name()).isEqualTo("incloud");
    assertThat(CloudProviders.available(getClass().getClassLoader())).contains("incloud");
    assertThat(provider.ownsProviderId("incloud://ins-1")).isTrue();
    assertThat(provider.ownsProviderId("alicloud://ins-1")).isFalse();
    assertThat(provider.routes()).isEmpty();
    assertThat(provider.loadBalancer()).isPresent();
  }

  @Test
  void theInstanceIdComesFromTheAnnotationThenTheProviderIdThenTheName() {
    assertThat(meta(node("n1", "10.0.0.1", "ins-a", "incloud://other")).providerId()).isEqualTo("incloud://ins-a");
    assertThat(meta(node("n2", "10.0.0.2", null, "incloud://ins-b")).providerId()).isEqualTo("incloud://ins-b");
    assertThat(meta(node("n3", "10.0.0.3", null, null)).providerId()).isEqualTo("incloud://n3");
  }

  @Test
  void topologyFromConfigAndLabelsAndTheNodesOwnAddresses() {
    V1Node plain = node("n1", "10.0.0.1", null, null);
    InstanceMetadata m = meta(plain);
    assertThat(m.zone()).isEqualTo("cn-north-3a");
    assertThat(m.region()).isEqualTo("cn-north-3");
    assertThat(m.instanceType()).isEmpty();
    assertThat(m.nodeAddresses()).extracting(V1NodeAddress::getType, V1NodeAddress::getAddress)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Hostname", "n1"),
            org.assertj.core.groups.Tuple.tuple("InternalIP", "10.0.0.1"));

    V1Node labelled = node("n2", "10.0.0.2", null, null);
    labelled.getMetadata().putLabelsItem(WellKnown.LABEL_ZONE, "cn-north-3b")
        .putLabelsItem(WellKnown.LABEL_INSTANCE_TYPE_BETA, "general.c2m4");
    InstanceMetadata l = meta(labelled);
    assertThat(l.zone()).isEqualTo("cn-north-3b");
    assertThat(l.instanceType()).isEqualTo("general.c2m4");
  }

  @Test
  void existenceAndShutdownAreNeverGuessed() {
    V1Node unknown = node("never-seen", "10.9.9.9", null, null);
    assertThat(instances.instanceExists(unknown)).isTrue();
    assertThat(instances.instanceShutdown(unknown)).isFalse();
  }

  private InstanceMetadata meta(V1Node node) {
    return instances.instanceMetadata(node).orElseThrow();
  }
}

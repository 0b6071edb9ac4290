package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void instanceMetadataBuilderAndDefensiveCopies() {
    List<V1NodeAddress> given = new ArrayList<>(List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.5")));
    InstanceMetadata m = InstanceMetadata.builder()
        .providerId("local://n1").instanceType("small").zone("local-a").region("local")
        .nodeAddresses(given).address("Hostname", "n1").additionalLabel("example.com/pool", "blue").build();

    given.get(0).setAddress("6.6.6.6");
    m.nodeAddresses().get(0).setAddress("7.7.7.7");
    m.nodeAddresses().clear();

    assertThat(m.nodeAddresses()).extracting(V1NodeAddress::getType, V1NodeAddress::getAddress)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("InternalIP", "10.0.0.5"),
            org.assertj.core.groups.Tuple.tuple("Hostname", "n1"));
    assertThat(m.additionalLabels()).containsExactly(Map.entry("example.com/pool", "blue"));
    assertThat(m.toBuilder().zone("local-b").build().zone()).isEqualTo("local-b");
    assertThat(InstanceMetadata.builder().build().providerId()).isEmpty();
  }

  @Test
  void instanceMetadataAcceptsProviderIdsInTheProvidersOwnFormat() {
    // Alibaba writes <region>.<instance-id>; the scheme format is only the default, checked by ownsProviderId.
    assertThat(InstanceMetadata.builder().providerId("cn-hangzhou.i-bp1abc").build().providerId())
        .isEqualTo("cn-hangzhou.i-bp1abc");
    assertThat(InstanceMetadata.builder().providerId("aws:///us-east-1a/i-0abc").build().providerId())
        .isEqualTo("aws:///us-east-1a/i-0abc");
  }

  @Test
  void instanceMetadataRejectsMalformedInput() {
    assertThatThrownBy(() -> InstanceMetadata.builder().providerId("cn-hangzhou.i-1 x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider ID \"cn-hangzhou.i-1 x\" contains whitespace");
    assertThatThrownBy(() -> InstanceMetadata.builder().providerId("local://n1\n").build())
        .hasMessageContaining("contains whitespace");
    assertThatThrownBy(() -> InstanceMetadata.builder().address("InternalIP", "").build())
        .hasMessageContaining("nodeAddresses entry needs a type and an address");
  }

  @Test
  void routeBuilderRoundTrips() {
    Route r = Route.builder().name("r-1").targetNode("n1").destinationCidr("10.244.1.0/24")
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.5")))
        .enableNodeAddresses(true).build();

    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(r.blackhole()).isFalse();
    assertThatThrownBy(() -> Route.builder().targetNode("n1").build())
        .hasMessage("route destinationCidr is empty");
  }

  @Test
  void defaultLoadBalancerNameFollowsUpstream() {
    V1Service svc = new V1Service().metadata(new V1ObjectMeta().uid("5a0d9a8c-1f2e-4b3c-9d4e-5f6a7b8c9d0e"));
    assertThat(LoadBalancers.defaultName(svc)).isEqualTo("a5a0d9a8c1f2e4b3c9d4e5f6a7b8c9d0").hasSize(32);
    assertThatThrownBy(() -> LoadBalancers.defaultName(new V1Service().metadata(new V1ObjectMeta())))
        .hasMessageContaining("no metadata.uid");
  }

  @Test
  void defaultBatchMetadataIsolatesFailuresPerNode() {
    InstancesV2 instances = new InstancesV2() {
      @Override
      public boolean instanceExists(V1Node node) {
        return true;
      }

      @Override
      public boolean instanceShutdown(V1Node node) {
        return false;
      }

      @Override
      public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
        return switch (node.getMetadata().getName()) {
          case "gone" -> throw new InstanceNotFoundException("gone");
          case "pending" -> Optional.empty();
          default -> Optional.of(InstanceMetadata.builder().providerId("x://" + node.getMetadata().getName()).build());
        };
      }
    };

    Map<String, MetadataLookup> results = instances.instanceMetadata(List.of(node("a"), node("gone"), node("pending")));

    assertThat(results).containsOnlyKeys("a", "gone", "pending");
    assertThat(results.get("a")).isInstanceOfSatisfying(MetadataLookup.Found.class,
        f -> assertThat(f.metadata().providerId()).isEqualTo("x://a"));
    assertThat(results.get("gone")).isInstanceOfSatisfying(MetadataLookup.Failed.class,
        f -> assertThat(f.error()).isInstanceOf(InstanceNotFoundException.class));
    assertThat(results.get("pending")).isInstanceOf(MetadataLookup.Unavailable.class);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> instances.instanceMetadata(List.of(node("a"))))
          .isInstanceOf(CloudProviderException.class).hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag stays set").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void capabilitiesDefaultToAbsent() {
    CloudProvider minimal = () -> "minimal";
    assertThat(minimal.loadBalancer()).isEmpty();
    assertThat(minimal.instances()).isEmpty();
    assertThat(minimal.instancesV2()).isEmpty();
    assertThat(minimal.zones()).isEmpty();
    assertThat(minimal.routes()).isEmpty();
    assertThat(minimal.clusters()).isEmpty();
    assertThat(minimal.persistentVolumeLabeler()).isEmpty();
    assertThat(minimal.hasClusterId()).isTrue();
  }

  @Test
  void providerContextDefaults() {
    ProviderContext ctx = ProviderContext.builder("prod", name -> null).build();
    assertThat(ctx.clusterName()).isEqualTo("prod");
    assertThat(ctx.shutdown().toCompletableFuture().isDone()).isFalse();
    ctx.metrics().counter("x", "y").inc(1);
  }

  private static V1Node node(String name) {
    return new V1Node().metadata(new V1ObjectMeta().name(name));
  }
}

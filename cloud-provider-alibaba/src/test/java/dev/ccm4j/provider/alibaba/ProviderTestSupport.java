package dev.ccm4j.provider.alibaba;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Providers and Nodes over an {@link AlibabaEmulator}, for the ITs of this package. */
final class ProviderTestSupport {
  static final String CLUSTER = "it-cluster";

  private ProviderTestSupport() {}

  /** A provider for the emulator, initialized without Kubernetes clients (as in the TCK). */
  static AlibabaCloudProvider provider(AlibabaEmulator emulator, Duration routeAvailableWait) {
    AlibabaCloudConfig config = AlibabaCloudConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    AlibabaCloudProvider provider = new AlibabaCloudProvider(config,
        () -> dev.ccm4j.provider.alibaba.api.AlibabaApi.create(config, Map.of(), "ccm4j-it"), routeAvailableWait);
    provider.initialize(ProviderContext.builder(CLUSTER, name -> {
      throw new UnsupportedOperationException("no cluster in this test");
    }).build());
    return provider;
  }

  static ControlInstance instance(AlibabaEmulator emulator, String name) {
    return emulator.control().createInstance(InstanceSpec.builder().name(name).build());
  }

  /** The Node a kubelet on the instance registers, with or without {@code spec.providerID}. */
  static V1Node node(String name, String providerId, String... internalIps) {
    List<V1NodeAddress> addresses = new ArrayList<>();
    for (String ip : internalIps) {
      addresses.add(new V1NodeAddress().type("InternalIP").address(ip));
    }
    addresses.add(new V1NodeAddress().type("Hostname").address(name));
    V1Node node = new V1Node().metadata(new V1ObjectMeta().name(name)).spec(new V1NodeSpec())
        .status(new V1NodeStatus().addresses(addresses));
    if (providerId != null) {
      node.getSpec().setProviderID(providerId);
    }
    return node;
  }

  static V1Node node(ControlInstance instance, boolean withProviderId) {
    return node(instance.name(), withProviderId ? providerId(instance) : null, instance.privateIp());
  }

  static String providerId(ControlInstance instance) {
    return AlibabaProviderIds.format(instance.region(), instance.id());
  }
}

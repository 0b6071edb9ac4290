package dev.ccm4j.conformance.tck;

import dev.ccm4j.api.fixture.FixtureInstance;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Kubernetes objects the contracts hand to a provider, built as the API server and a kubelet would. Each is
 * returned as a deep copy with mutable collections, so a provider that changes an argument really changes it and
 * the contracts can see it.
 */
final class KubeObjects {
  static final String NAMESPACE = "tck";

  private KubeObjects() {}

  /**
   * The Node a kubelet on the instance registers: its name, its addresses, Ready, and {@code spec.providerID} when
   * asked for (before the cloud-node controller initializes a Node, it has none).
   */
  static V1Node node(FixtureInstance instance, boolean withProviderId) {
    return node(instance.name(), withProviderId ? instance.providerId() : "", instance);
  }

  /** A Node with a chosen name and provider ID, carrying the instance's addresses. */
  static V1Node node(String name, String providerId, FixtureInstance addressesOf) {
    V1Node node = new V1Node()
        .metadata(new V1ObjectMeta().name(name).uid(UUID.randomUUID().toString())
            .labels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux")))
        .spec(new V1NodeSpec())
        .status(new V1NodeStatus().addresses(addressesOf.addresses())
            .addConditionsItem(new V1NodeCondition().type("Ready").status("True").reason("KubeletReady")));
    if (!providerId.isEmpty()) {
      node.getSpec().setProviderID(providerId);
    }
    return copy(node, V1Node.class);
  }

  /** A Node whose instance no cloud knows: a name only, as before initialization. */
  static V1Node unknownNode(String name) {
    V1Node node = new V1Node().metadata(new V1ObjectMeta().name(name).uid(UUID.randomUUID().toString())
        .labels(Map.of("kubernetes.io/hostname", name))).spec(new V1NodeSpec()).status(new V1NodeStatus());
    return copy(node, V1Node.class);
  }

  /** A Service of type LoadBalancer with a fresh UID, as the API server hands it out after admission. */
  static V1Service service(String name, List<V1ServicePort> ports) {
    return copy(new V1Service()
        .metadata(new V1ObjectMeta().namespace(NAMESPACE).name(name).uid(UUID.randomUUID().toString())
            .resourceVersion("1").labels(Map.of("app", name)))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.copyOf(ports)).selector(Map.of("app", name))
            .externalTrafficPolicy("Cluster").sessionAffinity("None").ipFamilyPolicy("SingleStack")
            .ipFamilies(List.of("IPv4")).allocateLoadBalancerNodePorts(true)), V1Service.class);
  }

  /** A TCP port with its node port. */
  static V1ServicePort tcp(String name, int port, int nodePort) {
    return new V1ServicePort().name(name).protocol("TCP").port(port).nodePort(nodePort);
  }

  /** A copy of the Service with other ports; same UID, so the same load balancer. */
  static V1Service withPorts(V1Service service, List<V1ServicePort> ports) {
    V1Service copy = copy(service, V1Service.class);
    copy.getSpec().setPorts(List.copyOf(ports));
    return copy(copy, V1Service.class);
  }

  /** The JSON the API server would serve for the object, to compare objects deeply. */
  static String json(Object object) {
    return JSON.serialize(object);
  }

  /** A deep copy through JSON. */
  static <T> T copy(T object, Class<T> type) {
    return JSON.deserialize(JSON.serialize(object), type);
  }
}

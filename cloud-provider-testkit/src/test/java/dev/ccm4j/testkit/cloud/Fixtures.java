package dev.ccm4j.testkit.cloud;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.Arrays;
import java.util.List;

/** Builders for the Kubernetes objects the tests pass to the fake; each call returns a fresh, equal object. */
final class Fixtures {
  static final String CLUSTER = "kubernetes";

  private Fixtures() {}

  static V1Node node(String name) {
    return node(name, "");
  }

  static V1Node node(String name, String providerId) {
    V1Node node = new V1Node().metadata(new V1ObjectMeta().name(name).putLabelsItem("role", "worker"));
    if (!providerId.isEmpty()) {
      node.spec(new V1NodeSpec().providerID(providerId));
    }
    return node;
  }

  static List<V1Node> nodes(String... names) {
    return Arrays.stream(names).map(Fixtures::node).toList();
  }

  static V1Service service(String name, String uid) {
    return new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name(name).uid(uid).putAnnotationsItem("a", "b"))
        .spec(new V1ServiceSpec().type("LoadBalancer")
            .addPortsItem(new V1ServicePort().name("http").protocol("TCP").port(80).nodePort(30080))
            .addPortsItem(new V1ServicePort().name("dns").protocol("UDP").port(53).nodePort(30053)));
  }

  static FakeInstance.Builder instance(String name) {
    return FakeInstance.builder(name).instanceType("small").zone("zone-a").region("region-1")
        .address("InternalIP", "10.0.0.1").label("team", "blue");
  }
}

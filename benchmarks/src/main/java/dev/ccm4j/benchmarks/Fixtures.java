package dev.ccm4j.benchmarks;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.testkit.cloud.FakeInstance;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The cluster objects of the scenarios, as JSON for the emulator and as models for direct cloud calls. */
final class Fixtures {
  static final String NAMESPACE = "default";
  static final String CLUSTER_CIDR = "10.0.0.0/8";

  private Fixtures() {}

  static String nodeName(String prefix, int i) {
    return prefix + "-" + i;
  }

  /** The node's internal address; unique for up to 65,536 nodes per prefix. */
  static String address(int i) {
    return "192.168." + (i / 256 % 256) + "." + (i % 256);
  }

  static String podCidr(int i) {
    return "10." + (i / 256 % 256) + "." + (i % 256) + ".0/24";
  }

  /** The cloud's view of a node, as the cloud-node controller will find it. */
  static FakeInstance instance(String name, int i) {
    return FakeInstance.builder(name).instanceType("bench.small").zone("zone-" + (i % 3)).region("region-1")
        .address("InternalIP", address(i)).build();
  }

  /**
   * A node as the kubelet registers it with an external cloud provider: Ready, tainted uninitialized, no
   * provider ID yet.
   */
  static String taintedNode(String name, int i, boolean withPodCidr) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
        + (withPodCidr ? "\"podCIDR\":\"" + podCidr(i) + "\",\"podCIDRs\":[\"" + podCidr(i) + "\"]," : "")
        + "\"taints\":[{\"key\":\"" + WellKnown.TAINT_UNINITIALIZED + "\",\"value\":\"true\","
        + "\"effect\":\"NoSchedule\"}]},\"status\":" + readyStatus() + "}";
  }

  /** A node the cloud-node controller already initialized, Ready. */
  static String initializedNode(String name, int i, String providerId) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{"
        + "\"node.kubernetes.io/instance-type\":\"bench.small\",\"topology.kubernetes.io/zone\":\"zone-" + (i % 3)
        + "\",\"topology.kubernetes.io/region\":\"region-1\"}},\"spec\":{\"providerID\":\"" + providerId + "\"},"
        + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],\"addresses\":[{\"type\":"
        + "\"InternalIP\",\"address\":\"" + address(i) + "\"}]}}";
  }

  private static String readyStatus() {
    return "{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}";
  }

  /** A LoadBalancer Service with one TCP port. */
  static String loadBalancerService(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
        + NAMESPACE + "\"},\"spec\":{\"type\":\"LoadBalancer\",\"selector\":{\"app\":\"" + name + "\"},"
        + "\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080,\"protocol\":\"TCP\"}]}}";
  }

  /** The same Service as a model, for direct cloud calls of the baselines. */
  static V1Service serviceModel(String name) {
    return new V1Service().metadata(new V1ObjectMeta().name(name).namespace(NAMESPACE)
            .uid(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString()))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", name))
            .ports(List.of(new V1ServicePort().name("http").port(80).protocol("TCP").nodePort(30080))));
  }

  /** A node as a model, for direct cloud calls of the baselines. */
  static V1Node nodeModel(String name) {
    return new V1Node().metadata(new V1ObjectMeta().name(name)).spec(new V1NodeSpec());
  }

  /** The cloud-node controller's minimum write to a node's object: provider ID, labels, taint removed. */
  static String nodeInitPatch(int i, String providerId) {
    return "{\"metadata\":{\"labels\":{\"node.kubernetes.io/instance-type\":\"bench.small\","
        + "\"topology.kubernetes.io/zone\":\"zone-" + (i % 3) + "\",\"topology.kubernetes.io/region\":"
        + "\"region-1\"}},\"spec\":{\"providerID\":\"" + providerId + "\",\"taints\":null}}";
  }

  /** Its minimum write to the node's status: the addresses. */
  static String nodeAddressPatch(int i) {
    return "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"" + address(i) + "\"}]}}";
  }

  /** The service controller's write before it creates a load balancer. */
  static String finalizerPatch() {
    return "{\"metadata\":{\"finalizers\":[\"" + WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP + "\"]}}";
  }

  /** Its write after: the ingress. */
  static String ingressPatch(int i) {
    return "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"203.0." + (i / 256 % 256) + "." + (i % 256)
        + "\"}]}}}";
  }
}

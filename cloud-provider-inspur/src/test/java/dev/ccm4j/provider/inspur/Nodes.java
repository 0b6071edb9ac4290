package dev.ccm4j.provider.inspur;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Nodes and Services as the core hands them to the provider. */
public final class Nodes {
  private Nodes() {}

  /**
   * A Node with an InternalIP, optionally annotated with an instance id and carrying a provider ID.
   *
   * @param name the node name
   * @param ip its InternalIP
   * @param instanceId the {@code node.beta.kubernetes.io/instance-id} annotation, or null
   * @param providerId its {@code spec.providerID}, or null
   * @return the node
   */
  public static V1Node node(String name, String ip, String instanceId, String providerId) {
    V1ObjectMeta meta = new V1ObjectMeta().name(name).uid(UUID.randomUUID().toString());
    if (instanceId != null) {
      meta.putAnnotationsItem(InspurProviderIds.INSTANCE_ID_ANNOTATION, instanceId);
    }
    return new V1Node().metadata(meta).spec(new V1NodeSpec().providerID(providerId))
        .status(new V1NodeStatus().addresses(List.of(new V1NodeAddress().type("Hostname").address(name),
            new V1NodeAddress().type("InternalIP").address(ip))));
  }

  /**
   * A TCP Service port.
   *
   * @param port the Service port
   * @param nodePort its NodePort
   * @return the port
   */
  public static V1ServicePort tcp(int port, int nodePort) {
    return new V1ServicePort().name("p" + port).protocol("TCP").port(port).nodePort(nodePort);
  }

  /**
   * A LoadBalancer Service with a fresh UID.
   *
   * @param name its name
   * @param annotations its annotations
   * @param ports its ports
   * @return the Service
   */
  public static V1Service service(String name, Map<String, String> annotations, List<V1ServicePort> ports) {
    return new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name(name).uid(UUID.randomUUID().toString())
            .annotations(new HashMap<>(annotations)))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.copyOf(ports)));
  }
}

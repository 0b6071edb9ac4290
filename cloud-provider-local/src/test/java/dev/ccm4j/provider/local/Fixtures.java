package dev.ccm4j.provider.local;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fake Nodes and Services for the tests. */
public final class Fixtures {
  static final String CLUSTER = "kubernetes";

  private Fixtures() {}

  static V1Node node(String name, String internalIp) {
    List<V1NodeAddress> addresses = new ArrayList<>();
    if (internalIp != null) {
      addresses.add(new V1NodeAddress().type("InternalIP").address(internalIp));
    }
    addresses.add(new V1NodeAddress().type("Hostname").address(name));
    return new V1Node().metadata(new V1ObjectMeta().name(name).labels(Map.of())).spec(new V1NodeSpec())
        .status(new V1NodeStatus().addresses(addresses));
  }

  public static V1Service service(String name, V1ServicePort... ports) {
    return new V1Service()
        .metadata(new V1ObjectMeta().name(name).namespace("default").uid(UUID.randomUUID().toString()))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(new ArrayList<>(List.of(ports))));
  }

  public static V1ServicePort tcp(int port, int nodePort) {
    return new V1ServicePort().name("tcp-" + port).protocol("TCP").port(port).nodePort(nodePort);
  }

  static V1ServicePort udp(int port, int nodePort) {
    return new V1ServicePort().name("udp-" + port).protocol("UDP").port(port).nodePort(nodePort);
  }
}

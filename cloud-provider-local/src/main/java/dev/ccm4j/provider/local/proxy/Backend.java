package dev.ccm4j.provider.local.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One place a load balancer port forwards to: a node's address and the port's nodePort.
 *
 * @param node the node's name, for messages; empty when the Node has none
 * @param address the node address and nodePort
 * @param probe how its health is checked; empty when it is not (UDP without a health check node port)
 */
record Backend(String node, InetSocketAddress address, Optional<HealthProbe> probe) {
  Backend {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(probe, "probe");
  }
}

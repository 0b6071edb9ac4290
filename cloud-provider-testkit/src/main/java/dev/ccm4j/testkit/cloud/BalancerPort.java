package dev.ccm4j.testkit.cloud;

import java.util.Objects;

/**
 * A port of a fake load balancer, taken from the Service's {@code spec.ports}.
 *
 * @param name the port's name, may be empty
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 * @param port the port the load balancer listens on
 * @param nodePort the node port it forwards to, 0 if none
 */
public record BalancerPort(String name, String protocol, int port, int nodePort) {
  /** Rejects nulls. */
  public BalancerPort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
  }
}

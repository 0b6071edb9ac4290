package dev.ccm4j.conformance.e2e;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the end-to-end scenarios wait. The defaults are those of upstream's e2e framework, so a slow cloud that
 * passes upstream's suite passes ours.
 *
 * @param poll how often a wait re-checks (upstream {@code framework.Poll}, 2 s)
 * @param loadBalancerCreate how long a load balancer may take to get an ingress or change (20 min)
 * @param loadBalancerCleanup how long a load balancer may take to disappear (15 min)
 * @param nodeInitialization how long a new node may take to be initialized (5 min)
 * @param nodeDeletion how long a node of a terminated instance may take to be deleted (5 min)
 * @param routes how long routes and {@code NetworkUnavailable} may take to settle (5 min)
 * @param ignoredSettle how long a scenario watches for a controller that must NOT act (upstream integration: 5 s)
 */
public record E2eTimeouts(Duration poll, Duration loadBalancerCreate, Duration loadBalancerCleanup,
    Duration nodeInitialization, Duration nodeDeletion, Duration routes, Duration ignoredSettle) {

  /** Rejects nulls and non-positive durations. */
  public E2eTimeouts {
    positive(poll, "poll");
    positive(loadBalancerCreate, "loadBalancerCreate");
    positive(loadBalancerCleanup, "loadBalancerCleanup");
    positive(nodeInitialization, "nodeInitialization");
    positive(nodeDeletion, "nodeDeletion");
    positive(routes, "routes");
    positive(ignoredSettle, "ignoredSettle");
  }

  /**
   * Upstream's e2e framework values.
   *
   * @return the defaults
   */
  public static E2eTimeouts upstreamDefaults() {
    return new E2eTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(20), Duration.ofMinutes(15),
        Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(5));
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}

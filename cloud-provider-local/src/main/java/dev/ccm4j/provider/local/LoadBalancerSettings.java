package dev.ccm4j.provider.local;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code loadBalancer} section of the cloud-config.
 *
 * @param addressPool where ingress addresses come from, tried in order
 * @param healthCheckInterval how often each backend is probed
 * @param drainTimeout how long a deleted load balancer waits for open connections before closing them
 */
public record LoadBalancerSettings(List<IpRange> addressPool, Duration healthCheckInterval, Duration drainTimeout) {
  /** The default pool: loopback addresses from 127.0.0.100, which any user may bind on Linux. */
  public static final String DEFAULT_POOL = "127.0.0.100-127.255.255.254";
  /** The default health check interval. */
  public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(3);
  /** The default drain timeout. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

  /** Checks the values and copies the pool. */
  public LoadBalancerSettings {
    addressPool = List.copyOf(Objects.requireNonNull(addressPool, "addressPool"));
    if (addressPool.isEmpty()) {
      throw new IllegalArgumentException("addressPool is empty");
    }
    Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (healthCheckInterval.isNegative() || healthCheckInterval.isZero()) {
      throw new IllegalArgumentException("healthCheckInterval must be positive");
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must not be negative");
    }
  }

  /**
   * The settings used when the cloud-config has no {@code loadBalancer} section.
   *
   * @return the defaults
   */
  public static LoadBalancerSettings defaults() {
    return new LoadBalancerSettings(List.of(IpRange.parse(DEFAULT_POOL)), DEFAULT_HEALTH_CHECK_INTERVAL,
        DEFAULT_DRAIN_TIMEOUT);
  }

  /**
   * The pool as operators write it, for messages.
   *
   * @return the ranges joined with commas
   */
  public String describePool() {
    StringBuilder b = new StringBuilder();
    for (IpRange r : addressPool) {
      b.append(b.length() == 0 ? "" : ", ").append(r);
    }
    return b.toString();
  }
}

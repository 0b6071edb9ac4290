package dev.ccm4j.provider.huawei.elb;

import java.util.Objects;
import java.util.Optional;

/**
 * The health monitor of a Service's backend pools, from {@code kubernetes.io/elb.health-check-option}.
 *
 * @param delay seconds between checks, 1 to 50
 * @param timeout seconds a check may take, 1 to 50
 * @param maxRetries consecutive results that change a member's state, 1 to 10
 * @param protocol {@code TCP}, {@code UDP_CONNECT}, {@code HTTP} or {@code HTTPS}; empty to follow the listener
 * @param path the HTTP request path, starting with {@code /}; empty for the cloud's default
 */
public record HealthCheck(int delay, int timeout, int maxRetries, Optional<String> protocol, Optional<String> path) {
  /** Default seconds between checks, as the original. */
  public static final int DEFAULT_DELAY = 5;
  /** Default check timeout in seconds, as the original. */
  public static final int DEFAULT_TIMEOUT = 3;
  /** Default retries, as the original. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Checks that no component is null. */
  public HealthCheck {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(path, "path");
  }

  /**
   * The health check with every default: 5 s delay, 3 s timeout, 3 retries, protocol and path from the listener.
   *
   * @return the default health check
   */
  public static HealthCheck defaults() {
    return new HealthCheck(DEFAULT_DELAY, DEFAULT_TIMEOUT, DEFAULT_MAX_RETRIES, Optional.empty(), Optional.empty());
  }
}

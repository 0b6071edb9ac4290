package dev.ccm4j.core.health;

import java.util.Objects;

/**
 * The result of a {@link HealthCheck}.
 *
 * @param healthy whether the component is healthy
 * @param message why it is unhealthy, or {@code "ok"}
 */
public record HealthStatus(boolean healthy, String message) {

  private static final HealthStatus OK = new HealthStatus(true, "ok");

  /**
   * Validates the components.
   *
   * @param healthy whether the component is healthy
   * @param message the explanation
   */
  public HealthStatus {
    Objects.requireNonNull(message, "message");
  }

  /**
   * Returns the healthy status.
   *
   * @return a healthy status with the message {@code "ok"}
   */
  public static HealthStatus ok() {
    return OK;
  }

  /**
   * Returns an unhealthy status.
   *
   * @param message why the component is unhealthy
   * @return the status
   */
  public static HealthStatus unhealthy(String message) {
    return new HealthStatus(false, message);
  }
}

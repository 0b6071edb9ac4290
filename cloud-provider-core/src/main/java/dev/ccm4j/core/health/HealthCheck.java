package dev.ccm4j.core.health;

/** A named check that health endpoints can run. Implementations are thread-safe and return quickly. */
public interface HealthCheck {

  /**
   * Returns the name of the checked component.
   *
   * @return the name
   */
  String name();

  /**
   * Checks the component now.
   *
   * @return its status
   */
  HealthStatus check();
}

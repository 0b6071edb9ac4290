package dev.ccm4j.core.controller;

import dev.ccm4j.core.health.HealthCheck;

/**
 * A controller the {@code ControllerManager} runs: started when this process leads, stopped on shutdown, and
 * checked by {@code /healthz} under its {@link #name()}.
 */
public interface ManagedController extends HealthCheck {

  /** Starts the controller's work without blocking. Called once. */
  void start();

  /**
   * Stops the controller and waits a bounded time for in-flight work. Called at most once, after start.
   *
   * @return {@code true} if all of the controller's work has ended within that time
   */
  boolean stop();
}

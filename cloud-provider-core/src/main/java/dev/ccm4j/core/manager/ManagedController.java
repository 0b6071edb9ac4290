package dev.ccm4j.core.manager;

import dev.ccm4j.core.health.HealthCheck;

/**
 * A controller the {@link ControllerManager} runs: started when this process leads, stopped on shutdown, and
 * checked by {@code /healthz} under its {@link #name()}.
 */
public interface ManagedController extends HealthCheck {

  /** Starts the controller's work without blocking. Called once. */
  void start();

  /** Stops the controller and waits a bounded time for in-flight work. Called at most once, after start. */
  void stop();
}

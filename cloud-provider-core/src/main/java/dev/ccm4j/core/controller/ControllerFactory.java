package dev.ccm4j.core.controller;

import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.api.CloudProvider;
import java.util.List;
import java.util.Optional;

/**
 * Creates one controller from the shared context. Called when this process starts leading, before the shared
 * informers start, so the controller can register its informer handlers. The usual result is a
 * {@link Controller} built with {@link Controller#builder()}: the factory, its event handlers and one reconciler
 * are the whole controller.
 */
@FunctionalInterface
public interface ControllerFactory {

  /**
   * Creates the controller.
   *
   * @param context the shared informers, clients, cloud, options, events and metrics
   * @return the controller, or empty when it cannot run here (for example the provider lacks the capability it
   *     needs); the manager logs the skip with the reason from {@link ControllerContext#skip(String)}
   */
  Optional<ManagedController> create(ControllerContext context);

  /**
   * Checks, before leader election, that the controller can start with these settings, so that a misconfiguration
   * stops start-up with a clear message instead of surfacing only on the process that wins the lease. Called only
   * for controllers that {@code --controllers} enables.
   *
   * @param options the effective options
   * @param provider the cloud provider
   * @return every problem, each naming its flag; empty when the controller can start or will skip itself
   */
  default List<String> validate(ControllerManagerOptions options, CloudProvider provider) {
    return List.of();
  }
}

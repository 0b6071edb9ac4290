package dev.ccm4j.core.manager;

import java.util.Optional;

/**
 * Creates one controller from the shared context. Called when this process starts leading, before the shared
 * informers start, so the controller can register its informer handlers.
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
}

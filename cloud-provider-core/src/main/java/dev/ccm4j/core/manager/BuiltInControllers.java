package dev.ccm4j.core.manager;

import java.util.LinkedHashMap;
import java.util.Map;

/** The generic controllers every ccm4j cloud-controller-manager runs, in start order. */
public final class BuiltInControllers {
  private BuiltInControllers() {}

  /**
   * The built-in controllers by canonical name.
   *
   * @return an ordered map of canonical names to factories
   */
  public static Map<String, ControllerFactory> all() {
    Map<String, ControllerFactory> m = new LinkedHashMap<>();
    m.put(ControllerNames.SERVICE_LB, dev.ccm4j.core.service.ServiceLbController.factory());
    return m;
  }

  /**
   * Registers every built-in controller; {@code --controllers} then decides which run.
   *
   * @param builder the manager's builder
   * @return the builder
   */
  public static ControllerManager.Builder registerAll(ControllerManager.Builder builder) {
    all().forEach(builder::controller);
    return builder;
  }
}

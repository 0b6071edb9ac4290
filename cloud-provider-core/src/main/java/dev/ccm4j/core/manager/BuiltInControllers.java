package dev.ccm4j.core.manager;

import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.node.CloudNodeController;
import dev.ccm4j.core.nodeipam.NodeIpamController;
import dev.ccm4j.core.nodelifecycle.CloudNodeLifecycleController;
import dev.ccm4j.core.pvlabel.PersistentVolumeLabelController;
import dev.ccm4j.core.route.NodeRouteController;
import dev.ccm4j.core.service.ServiceLbController;
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
    m.put(ControllerNames.CLOUD_NODE, CloudNodeController.factory());
    m.put(ControllerNames.CLOUD_NODE_LIFECYCLE, CloudNodeLifecycleController.factory());
    m.put(ControllerNames.SERVICE_LB, ServiceLbController.factory());
    m.put(ControllerNames.NODE_ROUTE, NodeRouteController.factory());
    m.put(ControllerNames.NODE_IPAM, NodeIpamController.factory());
    m.put(ControllerNames.PERSISTENT_VOLUME_LABEL, PersistentVolumeLabelController.factory());
    return m;
  }

  /**
   * Registers every built-in controller with its default factory; {@code --controllers} then decides which run.
   * {@link ControllerManager#builder()} already does this, so this only undoes earlier replacements.
   *
   * @param builder the manager's builder
   * @return the builder
   */
  public static ControllerManager.Builder registerAll(ControllerManager.Builder builder) {
    all().forEach(builder::controller);
    return builder;
  }
}

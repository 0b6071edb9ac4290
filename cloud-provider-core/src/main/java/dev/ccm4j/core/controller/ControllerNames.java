package dev.ccm4j.core.controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in controllers' canonical names and the aliases they answer to.
 *
 * <p>Aliases are never removed. Besides upstream's short aliases ({@code cloud-node}, {@code service}, ...), the
 * kube-controller-manager names {@code service-controller} and {@code route-controller} are accepted too, because
 * upstream's own default leader-migration configuration uses them and upstream then silently matches nothing.
 */
public final class ControllerNames {
  /** Initializes nodes that join with the uninitialized taint. */
  public static final String CLOUD_NODE = "cloud-node-controller";
  /** Deletes nodes whose instance is gone and taints shut-down ones. */
  public static final String CLOUD_NODE_LIFECYCLE = "cloud-node-lifecycle-controller";
  /** Load balancers for Services of type LoadBalancer. */
  public static final String SERVICE_LB = "service-lb-controller";
  /** Cloud routes for pod CIDRs. */
  public static final String NODE_ROUTE = "node-route-controller";
  /** Pod CIDR allocation, active only with {@code --allocate-node-cidrs}. */
  public static final String NODE_IPAM = "node-ipam-controller";
  /** Zone and region labels on PersistentVolumes; disabled unless named in {@code --controllers}. */
  public static final String PERSISTENT_VOLUME_LABEL = "persistent-volume-label-controller";

  private static final Map<String, List<String>> ALIASES = aliases();
  private static final Set<String> DISABLED_BY_DEFAULT = Set.of(PERSISTENT_VOLUME_LABEL);

  private ControllerNames() {}

  private static Map<String, List<String>> aliases() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(CLOUD_NODE, List.of("cloud-node"));
    m.put(CLOUD_NODE_LIFECYCLE, List.of("cloud-node-lifecycle"));
    m.put(SERVICE_LB, List.of("service", "service-controller"));
    m.put(NODE_ROUTE, List.of("route", "route-controller"));
    m.put(NODE_IPAM, List.of("nodeipam"));
    m.put(PERSISTENT_VOLUME_LABEL, List.of("persistent-volume-label"));
    return Map.copyOf(m);
  }

  /**
   * The canonical names of the built-in controllers, in start order.
   *
   * @return the names
   */
  public static List<String> builtIn() {
    return List.of(CLOUD_NODE, CLOUD_NODE_LIFECYCLE, SERVICE_LB, NODE_ROUTE, NODE_IPAM, PERSISTENT_VOLUME_LABEL);
  }

  /**
   * The aliases of a built-in controller.
   *
   * @param canonical a canonical name
   * @return its aliases; empty for an unknown name
   */
  public static List<String> aliasesOf(String canonical) {
    return ALIASES.getOrDefault(canonical, List.of());
  }

  /**
   * Resolves a built-in name or alias.
   *
   * @param name a canonical name or an alias
   * @return the canonical name, or empty if the name is not a built-in controller's
   */
  public static Optional<String> resolve(String name) {
    for (Map.Entry<String, List<String>> e : ALIASES.entrySet()) {
      if (e.getKey().equals(name) || e.getValue().contains(name)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a built-in controller only runs when named explicitly.
   *
   * @param canonical a canonical name
   * @return true for controllers that {@code *} does not enable
   */
  public static boolean disabledByDefault(String canonical) {
    return DISABLED_BY_DEFAULT.contains(canonical);
  }
}

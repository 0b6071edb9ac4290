package dev.ccm4j.core.manager;

import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.core.contributed.ContributedNodeController;
import dev.ccm4j.core.service.ServiceLbController;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controllers a provider contributes ({@link CloudProvider#controllers()}), checked once and turned into
 * controller factories the {@link ControllerManager} runs next to the built-in ones.
 */
public final class ContributedControllers {
  private ContributedControllers() {}

  /**
   * Reads and checks a provider's contributed controllers: no nulls, unique names, no name or alias of a built-in
   * controller, and at most one controller per load balancer class.
   *
   * @param provider the provider
   * @return the controllers, in the provider's order
   * @throws IllegalArgumentException naming the provider and both parties of every clash
   */
  public static List<ProviderController> read(CloudProvider provider) {
    List<ProviderController> contributed = provider.controllers();
    if (contributed == null) {
      return List.of();
    }
    List<String> errors = new ArrayList<>();
    Map<String, ProviderController> byName = new LinkedHashMap<>();
    Map<String, String> byClass = new LinkedHashMap<>();
    for (ProviderController c : contributed) {
      if (c == null) {
        errors.add("cloud provider " + provider.name() + " contributes a null controller");
        continue;
      }
      Optional<String> builtIn = ControllerNames.resolve(c.name());
      if (builtIn.isPresent()) {
        errors.add("cloud provider " + provider.name() + " contributes controller \"" + c.name()
            + "\", which clashes with the built-in controller " + builtIn.get()
            + (builtIn.get().equals(c.name()) ? "" : " (alias \"" + c.name() + "\")"));
        continue;
      }
      if (byName.putIfAbsent(c.name(), c) != null) {
        errors.add("cloud provider " + provider.name() + " contributes two controllers named \"" + c.name() + "\"");
        continue;
      }
      if (c instanceof LoadBalancerClassController lb) {
        String other = byClass.putIfAbsent(lb.loadBalancerClass(), lb.name());
        if (other != null) {
          errors.add("cloud provider " + provider.name() + " contributes controllers \"" + other + "\" and \""
              + lb.name() + "\" for the same loadBalancerClass " + lb.loadBalancerClass());
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return List.copyOf(byName.values());
  }

  /**
   * The names a provider's contributed controllers add to {@code --controllers}, for a launcher that checks the
   * flag itself with {@link ControllerSelection#parse(List, Map)}.
   *
   * @param provider the provider
   * @return each name mapped to whether {@code *} enables it, in the provider's order
   * @throws IllegalArgumentException as {@link #read(CloudProvider)}
   */
  public static Map<String, Boolean> names(CloudProvider provider) {
    Map<String, Boolean> names = new LinkedHashMap<>();
    for (ProviderController c : read(provider)) {
      names.put(c.name(), c.enabledByDefault());
    }
    return names;
  }

  /**
   * The factory that runs one contributed controller: the service controller's machinery for a load balancer
   * class, {@link ContributedNodeController} for a node controller.
   *
   * @param governed the controller, with its cloud calls already governed
   * @return the factory
   */
  static ControllerFactory factory(ProviderController governed) {
    if (governed instanceof LoadBalancerClassController lb) {
      return ServiceLbController.factory(lb);
    }
    return ContributedNodeController.factory((NodeController) governed);
  }
}

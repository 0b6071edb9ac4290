package dev.ccm4j.reliability.harness;

import dev.ccm4j.api.LoadBalancers;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cloud's load balancers of one cluster at one moment, as the emulator's control API shows them, grouped by the
 * Service each was made for (its owner tag). Immutable.
 */
public final class CloudCensus {
  private final Map<String, List<ControlLoadBalancer>> byOwner;
  private final List<ControlLoadBalancer> untagged;

  private CloudCensus(Map<String, List<ControlLoadBalancer>> byOwner, List<ControlLoadBalancer> untagged) {
    this.byOwner = byOwner;
    this.untagged = untagged;
  }

  static CloudCensus take(Campaign campaign) {
    Map<String, List<ControlLoadBalancer>> byOwner = new LinkedHashMap<>();
    List<ControlLoadBalancer> untagged = new ArrayList<>();
    for (ControlLoadBalancer lb : campaign.cloud().loadBalancers()) {
      if (!campaign.vendor().ownedBy(lb, campaign.clusterName())) {
        continue;
      }
      campaign.vendor().owner(lb).ifPresentOrElse(
          o -> byOwner.computeIfAbsent(o, k -> new ArrayList<>()).add(lb), () -> untagged.add(lb));
    }
    return new CloudCensus(byOwner, untagged);
  }

  /**
   * The load balancers made for a Service.
   *
   * @param service the Service (its UID names its load balancer)
   * @return them; exactly one when the Service is served correctly
   */
  public List<ControlLoadBalancer> of(V1Service service) {
    return byOwner.getOrDefault(LoadBalancers.defaultName(service), List.of());
  }

  /**
   * Every load balancer tagged for the cluster.
   *
   * @return how many
   */
  public int total() {
    return byOwner.values().stream().mapToInt(List::size).sum() + untagged.size();
  }

  /**
   * Load balancers tagged for the cluster whose owner is not among the given Services (deleted or unknown ones),
   * plus those without an owner tag.
   *
   * @param live the Services that should have one
   * @return how many are orphaned
   */
  public int orphans(List<V1Service> live) {
    Set<String> owners = new java.util.HashSet<>();
    live.forEach(s -> owners.add(LoadBalancers.defaultName(s)));
    int n = untagged.size();
    for (Map.Entry<String, List<ControlLoadBalancer>> e : byOwner.entrySet()) {
      if (!owners.contains(e.getKey())) {
        n += e.getValue().size();
      }
    }
    return n;
  }

  /**
   * Load balancers beyond the first for each Service.
   *
   * @return how many are duplicates
   */
  public int duplicates() {
    return byOwner.values().stream().mapToInt(l -> Math.max(0, l.size() - 1)).sum();
  }
}

package dev.ccm4j.reliability.harness;

import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import java.util.Optional;

/**
 * A vendor the campaign can run against: its cloud emulator ({@code ccm4j cloud-emulator <emulator>}), the CCM's
 * {@code --cloud-provider}, and how its load balancers name their cluster and Service in the control API's tags.
 */
public enum Vendor {
  /** Alibaba Cloud CLBs: {@code ack.aliyun.com=<cluster>}, {@code kubernetes.do.not.delete=<default LB name>}. */
  ALIBABA("alibaba", "alibaba", "ack.aliyun.com", "kubernetes.do.not.delete");

  private final String emulator;
  private final String provider;
  private final String clusterTag;
  private final String ownerTag;

  Vendor(String emulator, String provider, String clusterTag, String ownerTag) {
    this.emulator = emulator;
    this.provider = provider;
    this.clusterTag = clusterTag;
    this.ownerTag = ownerTag;
  }

  /**
   * The emulator's name for {@code ccm4j cloud-emulator}.
   *
   * @return e.g. {@code alibaba}
   */
  public String emulator() {
    return emulator;
  }

  /**
   * The CCM's {@code --cloud-provider}.
   *
   * @return e.g. {@code alibaba}
   */
  public String provider() {
    return provider;
  }

  /**
   * Whether a load balancer is tagged for a cluster.
   *
   * @param lb the load balancer as the control API shows it
   * @param cluster the cluster name ({@code --cluster-name})
   * @return true when its cluster tag names the cluster
   */
  public boolean ownedBy(ControlLoadBalancer lb, String cluster) {
    return cluster.equals(lb.tags().get(clusterTag));
  }

  /**
   * The Service a load balancer was made for: its default load balancer name ({@code a} + the Service's UID).
   *
   * @param lb the load balancer
   * @return the name, or empty when it carries no owner tag
   */
  public Optional<String> owner(ControlLoadBalancer lb) {
    return Optional.ofNullable(lb.tags().get(ownerTag));
  }
}

package dev.ccm4j.testkit.cloud;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A load balancer that exists in a {@link FakeCloud}, as the last successful ensure or update left it.
 *
 * @param clusterName the cluster that owns it
 * @param name its cloud-side name, {@link dev.ccm4j.api.LoadBalancer#getLoadBalancerName}
 * @param serviceKey the Service's {@code namespace/name}
 * @param serviceUid the Service's UID
 * @param ports the Service's ports
 * @param nodes the backend node names, sorted
 * @param ingress the address it reports; stable for its lifetime
 * @param sourceRanges the CIDRs allowed to reach it
 */
public record FakeLoadBalancer(String clusterName, String name, String serviceKey, String serviceUid,
    List<BalancerPort> ports, Set<String> nodes, BalancerIngress ingress, List<String> sourceRanges) {

  /** Rejects nulls and copies the collections. */
  public FakeLoadBalancer {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(serviceKey, "serviceKey");
    Objects.requireNonNull(serviceUid, "serviceUid");
    ports = List.copyOf(ports);
    nodes = Collections.unmodifiableSet(new TreeSet<>(nodes));
    Objects.requireNonNull(ingress, "ingress");
    sourceRanges = List.copyOf(sourceRanges);
  }

  FakeLoadBalancer withNodes(Set<String> newNodes) {
    return new FakeLoadBalancer(clusterName, name, serviceKey, serviceUid, ports, newNodes, ingress, sourceRanges);
  }
}

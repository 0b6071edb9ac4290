package dev.ccm4j.core.nodeipam;

import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.net.Cidr;
import dev.ccm4j.core.net.ClusterCidrs;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out one node-sized subnet per cluster CIDR to each node and takes them back when the node goes. Remembers
 * which node holds which subnets, so a subnet is never handed out twice. Thread-safe.
 */
final class RangeAllocator {
  private static final Logger LOG = LoggerFactory.getLogger(RangeAllocator.class);

  /** The subnets one node holds, tied to the node's UID so a re-created node of the same name is told apart. */
  record Holding(String uid, List<Cidr> cidrs) {}

  private final List<CidrSet> sets;
  private final IpamMetrics metrics;
  private final Map<String, Holding> holdings = new HashMap<>();
  private boolean rebuilt;

  RangeAllocator(List<CidrSet> sets, IpamMetrics metrics) {
    this.sets = List.copyOf(sets);
    this.metrics = metrics;
    sets.forEach(this::report);
  }

  /**
   * Builds the CIDR sets from the options.
   *
   * @throws IllegalArgumentException naming the flag at fault
   */
  static List<CidrSet> cidrSets(ControllerManagerOptions options) {
    List<Cidr> clusters = ClusterCidrs.parse(options.clusterCidrs());
    boolean dualStack = clusters.size() == 2;
    if (dualStack && options.nodeCidrMaskSize().isPresent()) {
      throw new IllegalArgumentException("--node-cidr-mask-size is for single-stack clusters; with a dual-stack "
          + "--cluster-cidr use --node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6");
    }
    List<CidrSet> sets = new ArrayList<>();
    for (Cidr cluster : clusters) {
      int mask;
      String flag;
      if (options.nodeCidrMaskSize().isPresent()) {
        mask = options.nodeCidrMaskSize().get();
        flag = "--node-cidr-mask-size";
      } else if (cluster.ipv6()) {
        mask = options.nodeCidrMaskSizeIpv6();
        flag = "--node-cidr-mask-size-ipv6";
      } else {
        mask = options.nodeCidrMaskSizeIpv4();
        flag = "--node-cidr-mask-size-ipv4";
      }
      sets.add(validated(cluster, mask, flag));
    }
    return sets;
  }

  static CidrSet validated(Cidr cluster, int mask, String flag) {
    if (mask < cluster.prefix() || mask > cluster.addressBits()) {
      throw new IllegalArgumentException(flag + "=" + mask + " must be between the --cluster-cidr " + cluster
          + " prefix length " + cluster.prefix() + " and " + cluster.addressBits());
    }
    if (mask - cluster.prefix() > CidrSet.MAX_SUBNET_BITS) {
      throw new IllegalArgumentException(flag + "=" + mask + " splits --cluster-cidr " + cluster + " into more than 2^"
          + CidrSet.MAX_SUBNET_BITS + " node CIDRs; use a mask of at most /" + (cluster.prefix()
          + CidrSet.MAX_SUBNET_BITS));
    }
    return new CidrSet(cluster, mask);
  }

  /** Marks the CIDRs of every node that has them as taken. Runs once; later calls do nothing. */
  synchronized void rebuild(List<V1Node> nodes) {
    if (rebuilt) {
      return;
    }
    for (V1Node node : nodes) {
      if (!podCidrs(node).isEmpty()) {
        occupy(node);
      }
    }
    rebuilt = true;
  }

  synchronized boolean isRebuilt() {
    return rebuilt;
  }

  /** Records the CIDRs a node already has, releasing any it held before under another UID or other CIDRs. */
  synchronized void occupy(V1Node node) {
    String name = node.getMetadata().getName();
    List<Cidr> cidrs = new ArrayList<>();
    for (String text : podCidrs(node)) {
      try {
        cidrs.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        LOG.warn("node {} has an unparseable pod CIDR {}: {}", name, text, e.getMessage());
      }
    }
    Holding held = holdings.get(name);
    Holding now = new Holding(node.getMetadata().getUid(), List.copyOf(cidrs));
    if (now.equals(held)) {
      return;
    }
    release(name);
    for (Cidr cidr : cidrs) {
      boolean inside = false;
      for (CidrSet set : sets) {
        if (set.occupy(cidr)) {
          inside = true;
          report(set);
        }
      }
      if (!inside) {
        LOG.info("node {} pod CIDR {} is outside --cluster-cidr; not tracked", name, cidr);
      }
    }
    holdings.put(name, now);
  }

  /**
   * Whether the node (by name and UID) already holds CIDRs from this allocator.
   */
  synchronized boolean holds(String name, String uid) {
    Holding held = holdings.get(name);
    return held != null && held.uid().equals(uid);
  }

  /**
   * Allocates one subnet from each cluster CIDR for a node, releasing what an older node of the same name held.
   *
   * @return the subnets, or empty when a cluster CIDR is exhausted (nothing stays allocated then)
   */
  synchronized Optional<List<Cidr>> allocate(String name, String uid) {
    Holding held = holdings.get(name);
    if (held != null && !held.uid().equals(uid)) {
      release(name);
    }
    List<Cidr> got = new ArrayList<>();
    for (CidrSet set : sets) {
      Optional<Cidr> next = set.allocateNext();
      if (next.isEmpty()) {
        metrics.exhausted(set.cluster());
        got.forEach(this::free);
        return Optional.empty();
      }
      got.add(next.get());
      metrics.allocated(set.cluster());
      report(set);
    }
    holdings.put(name, new Holding(uid, List.copyOf(got)));
    return Optional.of(List.copyOf(got));
  }

  /** Frees whatever the named node holds. */
  synchronized void release(String name) {
    Holding held = holdings.remove(name);
    if (held != null) {
      held.cidrs().forEach(this::free);
    }
  }

  synchronized Optional<Holding> holding(String name) {
    return Optional.ofNullable(holdings.get(name));
  }

  private void free(Cidr cidr) {
    for (CidrSet set : sets) {
      if (set.release(cidr)) {
        metrics.released(set.cluster());
        report(set);
      }
    }
  }

  private void report(CidrSet set) {
    metrics.usage(set.cluster(), (double) set.usedCount() / set.size());
  }

  static List<String> podCidrs(V1Node node) {
    if (node.getSpec() == null) {
      return List.of();
    }
    if (node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
      return node.getSpec().getPodCIDRs();
    }
    String single = node.getSpec().getPodCIDR();
    return single == null || single.isEmpty() ? List.of() : List.of(single);
  }
}

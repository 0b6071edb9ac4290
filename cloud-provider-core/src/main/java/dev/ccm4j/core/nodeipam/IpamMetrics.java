package dev.ccm4j.core.nodeipam;

import dev.ccm4j.core.net.Cidr;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The node IPAM metrics, labelled by cluster CIDR. */
final class IpamMetrics {
  private static final String LABEL = "clusterCIDR";
  private final Gauge usage;
  private final Counter allocations;
  private final Counter releases;
  private final Counter exhausted;

  IpamMetrics(PrometheusRegistry registry) {
    usage = Gauge.builder().name("node_ipam_controller_cidrset_usage_cidrs")
        .help("Fraction of a cluster CIDR's node CIDRs that are allocated.").labelNames(LABEL).register(registry);
    allocations = Counter.builder().name("node_ipam_controller_cidrset_cidrs_allocations")
        .help("Node CIDRs allocated.").labelNames(LABEL).register(registry);
    releases = Counter.builder().name("node_ipam_controller_cidrset_cidrs_releases")
        .help("Node CIDRs released.").labelNames(LABEL).register(registry);
    exhausted = Counter.builder().name("node_ipam_controller_cidrset_exhausted")
        .help("Allocation requests that failed because the cluster CIDR had no free node CIDR.").labelNames(LABEL)
        .register(registry);
  }

  void usage(Cidr cluster, double fraction) {
    usage.labelValues(cluster.toString()).set(fraction);
  }

  void allocated(Cidr cluster) {
    allocations.labelValues(cluster.toString()).inc();
  }

  void released(Cidr cluster) {
    releases.labelValues(cluster.toString()).inc();
  }

  void exhausted(Cidr cluster) {
    exhausted.labelValues(cluster.toString()).inc();
  }
}

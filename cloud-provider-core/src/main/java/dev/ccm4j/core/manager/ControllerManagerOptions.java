package dev.ccm4j.core.manager;

import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.clock.GoDuration;
import dev.ccm4j.core.leaderelection.LeaseNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a {@link dev.ccm4j.core.manager} run, one field per upstream flag, with upstream's defaults
 * except where ccm4j deliberately differs (noted on the field). Immutable; build with {@link #builder()}.
 *
 * <p>{@link #validate()} returns every problem at once, each naming its flag, so a launcher can refuse to start with
 * a complete message.
 */
public final class ControllerManagerOptions {
  /**
   * Most workers of one controller ({@code --concurrent-service-syncs}, {@code --concurrent-node-syncs},
   * {@code --concurrent-node-status-updates}). Upstream sets no maximum; each worker is a thread, and beyond a
   * hundred the cloud's own rate limit, not the worker count, bounds the throughput.
   */
  public static final int MAX_CONCURRENT_SYNCS = 100;
  /** Highest {@code --kube-api-qps} and {@code --cloud-api-qps}: any larger rate is "unlimited" in practice. */
  public static final double MAX_QPS = 1_000_000;
  /** Highest {@code --kube-api-burst} and {@code --cloud-api-burst}. */
  public static final int MAX_BURST = 1_000_000;
  /** Shortest controller period and {@code --cloud-api-timeout}. */
  public static final Duration MIN_PERIOD = Duration.ofMillis(100);
  /**
   * Longest {@code --node-monitor-period}, {@code --node-status-update-frequency} and
   * {@code --route-reconciliation-period}.
   */
  public static final Duration MAX_PERIOD = Duration.ofHours(24);
  /** Longest {@code --min-resync-period} (upstream default 12h; resyncs happen in [min, 2*min)). */
  public static final Duration MAX_RESYNC_PERIOD = Duration.ofDays(30);
  /** Longest {@code --cloud-api-timeout}. */
  public static final Duration MAX_CLOUD_API_TIMEOUT = Duration.ofHours(1);

  private final ControllerSelection controllers;
  private final String clusterName;
  private final List<String> clusterCidrs;
  private final boolean allocateNodeCidrs;
  private final boolean configureCloudRoutes;
  private final boolean allowUntaggedCloud;
  private final Duration minResyncPeriod;
  private final Duration nodeMonitorPeriod;
  private final Duration nodeStatusUpdateFrequency;
  private final Duration routeReconciliationPeriod;
  private final int concurrentNodeSyncs;
  private final int concurrentNodeStatusUpdates;
  private final int concurrentServiceSyncs;
  private final double nodeDeletionMaxFraction;
  private final Integer nodeCidrMaskSize;
  private final int nodeCidrMaskSizeIpv4;
  private final int nodeCidrMaskSizeIpv6;
  private final double kubeApiQps;
  private final int kubeApiBurst;
  private final boolean leaderElect;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final String leaderElectResourceLock;
  private final String leaderElectResourceName;
  private final String leaderElectResourceNamespace;
  private final boolean enableLeaderMigration;
  private final Path leaderMigrationConfig;
  private final Duration cloudApiTimeout;
  private final double cloudApiQps;
  private final int cloudApiBurst;

  private ControllerManagerOptions(Builder b) {
    controllers = b.controllers;
    clusterName = b.clusterName;
    clusterCidrs = List.copyOf(b.clusterCidrs);
    allocateNodeCidrs = b.allocateNodeCidrs;
    configureCloudRoutes = b.configureCloudRoutes;
    allowUntaggedCloud = b.allowUntaggedCloud;
    minResyncPeriod = b.minResyncPeriod;
    nodeMonitorPeriod = b.nodeMonitorPeriod;
    nodeStatusUpdateFrequency = b.nodeStatusUpdateFrequency;
    routeReconciliationPeriod = b.routeReconciliationPeriod;
    concurrentNodeSyncs = b.concurrentNodeSyncs;
    concurrentNodeStatusUpdates = b.concurrentNodeStatusUpdates;
    concurrentServiceSyncs = b.concurrentServiceSyncs;
    nodeDeletionMaxFraction = b.nodeDeletionMaxFraction;
    nodeCidrMaskSize = b.nodeCidrMaskSize;
    nodeCidrMaskSizeIpv4 = b.nodeCidrMaskSizeIpv4;
    nodeCidrMaskSizeIpv6 = b.nodeCidrMaskSizeIpv6;
    kubeApiQps = b.kubeApiQps;
    kubeApiBurst = b.kubeApiBurst;
    leaderElect = b.leaderElect;
    leaseDuration = b.leaseDuration;
    renewDeadline = b.renewDeadline;
    retryPeriod = b.retryPeriod;
    leaderElectResourceLock = b.leaderElectResourceLock;
    leaderElectResourceName = b.leaderElectResourceName;
    leaderElectResourceNamespace = b.leaderElectResourceNamespace;
    enableLeaderMigration = b.enableLeaderMigration;
    leaderMigrationConfig = b.leaderMigrationConfig;
    cloudApiTimeout = b.cloudApiTimeout;
    cloudApiQps = b.cloudApiQps;
    cloudApiBurst = b.cloudApiBurst;
  }

  /** A copy of {@code base} with another controller selection. */
  private ControllerManagerOptions(ControllerManagerOptions base, ControllerSelection controllers) {
    this.controllers = Objects.requireNonNull(controllers, "controllers");
    this.clusterName = base.clusterName;
    this.clusterCidrs = base.clusterCidrs;
    this.allocateNodeCidrs = base.allocateNodeCidrs;
    this.configureCloudRoutes = base.configureCloudRoutes;
    this.allowUntaggedCloud = base.allowUntaggedCloud;
    this.minResyncPeriod = base.minResyncPeriod;
    this.nodeMonitorPeriod = base.nodeMonitorPeriod;
    this.nodeStatusUpdateFrequency = base.nodeStatusUpdateFrequency;
    this.routeReconciliationPeriod = base.routeReconciliationPeriod;
    this.concurrentNodeSyncs = base.concurrentNodeSyncs;
    this.concurrentNodeStatusUpdates = base.concurrentNodeStatusUpdates;
    this.concurrentServiceSyncs = base.concurrentServiceSyncs;
    this.nodeDeletionMaxFraction = base.nodeDeletionMaxFraction;
    this.nodeCidrMaskSize = base.nodeCidrMaskSize;
    this.nodeCidrMaskSizeIpv4 = base.nodeCidrMaskSizeIpv4;
    this.nodeCidrMaskSizeIpv6 = base.nodeCidrMaskSizeIpv6;
    this.kubeApiQps = base.kubeApiQps;
    this.kubeApiBurst = base.kubeApiBurst;
    this.leaderElect = base.leaderElect;
    this.leaseDuration = base.leaseDuration;
    this.renewDeadline = base.renewDeadline;
    this.retryPeriod = base.retryPeriod;
    this.leaderElectResourceLock = base.leaderElectResourceLock;
    this.leaderElectResourceName = base.leaderElectResourceName;
    this.leaderElectResourceNamespace = base.leaderElectResourceNamespace;
    this.enableLeaderMigration = base.enableLeaderMigration;
    this.leaderMigrationConfig = base.leaderMigrationConfig;
    this.cloudApiTimeout = base.cloudApiTimeout;
    this.cloudApiQps = base.cloudApiQps;
    this.cloudApiBurst = base.cloudApiBurst;
  }

  /**
   * These options with another {@code --controllers} selection, for example one re-parsed once the provider's
   * contributed controllers are known.
   *
   * @param controllers the selection
   * @return a copy with {@code controllers} replaced
   */
  public ControllerManagerOptions withControllers(ControllerSelection controllers) {
    return new ControllerManagerOptions(this, controllers);
  }

  /**
   * A builder holding every default.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every problem with these options, each naming its flag.
   *
   * @return the problems; empty when valid
   */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (clusterName.isBlank()) {
      errors.add("--cluster-name must not be empty");
    }
    if (clusterCidrs.size() > 2) {
      errors.add("--cluster-cidr takes at most two CIDRs (one IPv4 and one IPv6), got " + clusterCidrs.size());
    }
    period(errors, "--node-monitor-period", nodeMonitorPeriod, MAX_PERIOD);
    period(errors, "--node-status-update-frequency", nodeStatusUpdateFrequency, MAX_PERIOD);
    period(errors, "--route-reconciliation-period", routeReconciliationPeriod, MAX_PERIOD);
    period(errors, "--min-resync-period", minResyncPeriod, MAX_RESYNC_PERIOD);
    period(errors, "--cloud-api-timeout", cloudApiTimeout, MAX_CLOUD_API_TIMEOUT);
    range(errors, "--concurrent-node-syncs", concurrentNodeSyncs, 1, MAX_CONCURRENT_SYNCS);
    range(errors, "--concurrent-node-status-updates", concurrentNodeStatusUpdates, 0, MAX_CONCURRENT_SYNCS);
    range(errors, "--concurrent-service-syncs", concurrentServiceSyncs, 1, MAX_CONCURRENT_SYNCS);
    if (!(nodeDeletionMaxFraction > 0 && nodeDeletionMaxFraction <= 1)) {
      errors.add("--node-deletion-max-fraction must be in (0, 1], got " + nodeDeletionMaxFraction);
    }
    if (nodeCidrMaskSize != null && (nodeCidrMaskSize < 8 || nodeCidrMaskSize > 30)) {
      errors.add("--node-cidr-mask-size must be between 8 and 30, got " + nodeCidrMaskSize);
    }
    if (nodeCidrMaskSizeIpv4 < 8 || nodeCidrMaskSizeIpv4 > 30) {
      errors.add("--node-cidr-mask-size-ipv4 must be between 8 and 30, got " + nodeCidrMaskSizeIpv4);
    }
    if (nodeCidrMaskSizeIpv6 < 64 || nodeCidrMaskSizeIpv6 > 126) {
      errors.add("--node-cidr-mask-size-ipv6 must be between 64 and 126, got " + nodeCidrMaskSizeIpv6);
    }
    rate(errors, "--kube-api-qps", kubeApiQps);
    range(errors, "--kube-api-burst", kubeApiBurst, 1, MAX_BURST);
    rate(errors, "--cloud-api-qps", cloudApiQps);
    range(errors, "--cloud-api-burst", cloudApiBurst, 1, MAX_BURST);
    if (leaderElect) {
      if (!leaderElectResourceLock.equals("leases")) {
        errors.add("--leader-elect-resource-lock must be \"leases\", got \"" + leaderElectResourceLock + "\"");
      }
      // The API server applies these rules to a Lease's namespace and name; refusing them here beats a
      // leader election that retries a rejected request for ever.
      if (leaderElectResourceName.isBlank()) {
        errors.add("--leader-elect-resource-name must not be empty");
      } else if (!LeaseNames.isValidName(leaderElectResourceName)) {
        errors.add("--leader-elect-resource-name must be a DNS-1123 subdomain (at most 253 characters: lower-case"
            + " letters, digits, '-' and '.', starting and ending with a letter or digit), got \""
            + printable(leaderElectResourceName) + "\"");
      }
      if (leaderElectResourceNamespace.isBlank()) {
        errors.add("--leader-elect-resource-namespace must not be empty");
      } else if (!LeaseNames.isValidNamespace(leaderElectResourceNamespace)) {
        errors.add("--leader-elect-resource-namespace must be a DNS-1123 label (at most 63 characters: lower-case"
            + " letters, digits and '-', starting and ending with a letter or digit), got \""
            + printable(leaderElectResourceNamespace) + "\"");
      }
      positive(errors, "--leader-elect-retry-period", retryPeriod);
      if (renewDeadline.compareTo(retryPeriod) <= 0) {
        errors.add("--leader-elect-renew-deadline (" + renewDeadline.toSeconds()
            + "s) must be greater than --leader-elect-retry-period (" + retryPeriod.toSeconds() + "s)");
      }
      if (leaseDuration.compareTo(renewDeadline) <= 0) {
        errors.add("--leader-elect-lease-duration (" + leaseDuration.toSeconds()
            + "s) must be greater than --leader-elect-renew-deadline (" + renewDeadline.toSeconds() + "s)");
      }
    } else if (enableLeaderMigration) {
      errors.add("--enable-leader-migration requires --leader-elect");
    }
    if (leaderMigrationConfig != null && !enableLeaderMigration) {
      errors.add("--leader-migration-config is set but --enable-leader-migration is not");
    }
    return errors;
  }

  private static void positive(List<String> errors, String flag, Duration d) {
    if (d.isNegative() || d.isZero()) {
      errors.add(flag + " must be greater than 0, got " + GoDuration.format(d));
    }
  }

  /** A controller period: short enough to matter, long enough not to spin a thread on the API or the cloud. */
  private static void period(List<String> errors, String flag, Duration d, Duration max) {
    if (d.compareTo(MIN_PERIOD) < 0 || d.compareTo(max) > 0) {
      errors.add(flag + " must be between " + GoDuration.format(MIN_PERIOD) + " and " + GoDuration.format(max)
          + ", got " + GoDuration.format(d));
    }
  }

  private static void range(List<String> errors, String flag, int value, int min, int max) {
    if (value < min || value > max) {
      errors.add(flag + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** A rate: NaN and infinity parse as numbers but would disable or break the token bucket. */
  private static void rate(List<String> errors, String flag, double qps) {
    if (!(qps > 0 && qps <= MAX_QPS)) {
      errors.add(flag + " must be greater than 0 and at most " + (long) MAX_QPS + ", got " + qps);
    }
  }

  /** A value fit for one line of a message: control characters and overlong tails would garble stderr. */
  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  /**
   * The effective settings as flag names and values, for {@code /configz}. Holds no credentials.
   *
   * @return an ordered map
   */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("controllers", controllers.entries());
    m.put("cluster-name", clusterName);
    m.put("cluster-cidr", String.join(",", clusterCidrs));
    m.put("allocate-node-cidrs", allocateNodeCidrs);
    m.put("configure-cloud-routes", configureCloudRoutes);
    m.put("allow-untagged-cloud", allowUntaggedCloud);
    m.put("min-resync-period", minResyncPeriod.toString());
    m.put("node-monitor-period", nodeMonitorPeriod.toString());
    m.put("node-status-update-frequency", nodeStatusUpdateFrequency.toString());
    m.put("route-reconciliation-period", routeReconciliationPeriod.toString());
    m.put("concurrent-node-syncs", concurrentNodeSyncs);
    m.put("concurrent-node-status-updates", concurrentNodeStatusUpdates);
    m.put("concurrent-service-syncs", concurrentServiceSyncs);
    m.put("node-deletion-max-fraction", nodeDeletionMaxFraction);
    m.put("node-cidr-mask-size", nodeCidrMaskSize);
    m.put("node-cidr-mask-size-ipv4", nodeCidrMaskSizeIpv4);
    m.put("node-cidr-mask-size-ipv6", nodeCidrMaskSizeIpv6);
    m.put("kube-api-qps", kubeApiQps);
    m.put("kube-api-burst", kubeApiBurst);
    m.put("leader-elect", leaderElect);
    m.put("leader-elect-lease-duration", leaseDuration.toString());
    m.put("leader-elect-renew-deadline", renewDeadline.toString());
    m.put("leader-elect-retry-period", retryPeriod.toString());
    m.put("leader-elect-resource-lock", leaderElectResourceLock);
    m.put("leader-elect-resource-name", leaderElectResourceName);
    m.put("leader-elect-resource-namespace", leaderElectResourceNamespace);
    m.put("enable-leader-migration", enableLeaderMigration);
    m.put("leader-migration-config", leaderMigrationConfig == null ? "" : leaderMigrationConfig.toString());
    m.put("cloud-api-timeout", cloudApiTimeout.toString());
    m.put("cloud-api-qps", cloudApiQps);
    m.put("cloud-api-burst", cloudApiBurst);
    return m;
  }

  /**
   * {@code --controllers}.
   *
   * @return the selection
   */
  public ControllerSelection controllers() {
    return controllers;
  }

  /**
   * {@code --cluster-name}, default {@code kubernetes}.
   *
   * @return the name
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * {@code --cluster-cidr}, one CIDR or a dual-stack pair.
   *
   * @return the CIDRs
   */
  public List<String> clusterCidrs() {
    return clusterCidrs;
  }

  /**
   * {@code --allocate-node-cidrs}, default false.
   *
   * @return the flag
   */
  public boolean allocateNodeCidrs() {
    return allocateNodeCidrs;
  }

  /**
   * {@code --configure-cloud-routes}, default true.
   *
   * @return the flag
   */
  public boolean configureCloudRoutes() {
    return configureCloudRoutes;
  }

  /**
   * {@code --allow-untagged-cloud}, default false.
   *
   * @return the flag
   */
  public boolean allowUntaggedCloud() {
    return allowUntaggedCloud;
  }

  /**
   * {@code --min-resync-period}, default 12h.
   *
   * @return the period
   */
  public Duration minResyncPeriod() {
    return minResyncPeriod;
  }

  /**
   * {@code --node-monitor-period}, default 5s.
   *
   * @return the period
   */
  public Duration nodeMonitorPeriod() {
    return nodeMonitorPeriod;
  }

  /**
   * {@code --node-status-update-frequency}, default 5m.
   *
   * @return the period
   */
  public Duration nodeStatusUpdateFrequency() {
    return nodeStatusUpdateFrequency;
  }

  /**
   * {@code --route-reconciliation-period}, default 10s.
   *
   * @return the period
   */
  public Duration routeReconciliationPeriod() {
    return routeReconciliationPeriod;
  }

  /**
   * {@code --concurrent-node-syncs}, default 1.
   *
   * @return the worker count
   */
  public int concurrentNodeSyncs() {
    return concurrentNodeSyncs;
  }

  /**
   * {@code --concurrent-node-status-updates}; 0 (the default) means {@link #concurrentNodeSyncs()}.
   *
   * @return the effective parallelism of the periodic node refresh
   */
  public int effectiveNodeStatusUpdateParallelism() {
    return concurrentNodeStatusUpdates == 0 ? concurrentNodeSyncs : concurrentNodeStatusUpdates;
  }

  /**
   * {@code --concurrent-service-syncs}; default 10 (upstream: 1).
   *
   * @return the worker count
   */
  public int concurrentServiceSyncs() {
    return concurrentServiceSyncs;
  }

  /**
   * {@code --node-deletion-max-fraction} (ccm4j only), default 0.5: the largest share of the cluster's nodes the
   * lifecycle controller deletes in one pass.
   *
   * @return the fraction
   */
  public double nodeDeletionMaxFraction() {
    return nodeDeletionMaxFraction;
  }

  /**
   * {@code --node-cidr-mask-size}, for single-stack clusters only.
   *
   * @return the size, if set
   */
  public Optional<Integer> nodeCidrMaskSize() {
    return Optional.ofNullable(nodeCidrMaskSize);
  }

  /**
   * {@code --node-cidr-mask-size-ipv4}, default 24.
   *
   * @return the size
   */
  public int nodeCidrMaskSizeIpv4() {
    return nodeCidrMaskSizeIpv4;
  }

  /**
   * {@code --node-cidr-mask-size-ipv6}, default 64.
   *
   * @return the size
   */
  public int nodeCidrMaskSizeIpv6() {
    return nodeCidrMaskSizeIpv6;
  }

  /**
   * {@code --kube-api-qps}, default 20.
   *
   * @return the rate
   */
  public double kubeApiQps() {
    return kubeApiQps;
  }

  /**
   * {@code --kube-api-burst}, default 30.
   *
   * @return the burst
   */
  public int kubeApiBurst() {
    return kubeApiBurst;
  }

  /**
   * {@code --leader-elect}, default true.
   *
   * @return the flag
   */
  public boolean leaderElect() {
    return leaderElect;
  }

  /**
   * {@code --leader-elect-lease-duration}, default 15s.
   *
   * @return the duration
   */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /**
   * {@code --leader-elect-renew-deadline}, default 10s.
   *
   * @return the duration
   */
  public Duration renewDeadline() {
    return renewDeadline;
  }

  /**
   * {@code --leader-elect-retry-period}, default 2s.
   *
   * @return the duration
   */
  public Duration retryPeriod() {
    return retryPeriod;
  }

  /**
   * {@code --leader-elect-resource-name}, default {@code cloud-controller-manager}.
   *
   * @return the Lease name
   */
  public String leaderElectResourceName() {
    return leaderElectResourceName;
  }

  /**
   * {@code --leader-elect-resource-namespace}, default {@code kube-system}.
   *
   * @return the namespace
   */
  public String leaderElectResourceNamespace() {
    return leaderElectResourceNamespace;
  }

  /**
   * {@code --enable-leader-migration}, default false.
   *
   * @return the flag
   */
  public boolean enableLeaderMigration() {
    return enableLeaderMigration;
  }

  /**
   * {@code --leader-migration-config}; empty means the built-in default.
   *
   * @return the path, if set
   */
  public Optional<Path> leaderMigrationConfig() {
    return Optional.ofNullable(leaderMigrationConfig);
  }

  /**
   * {@code --cloud-api-timeout} (ccm4j only), default 30s.
   *
   * @return the timeout of one cloud call
   */
  public Duration cloudApiTimeout() {
    return cloudApiTimeout;
  }

  /**
   * {@code --cloud-api-qps} (ccm4j only), default 20.
   *
   * @return the rate of cloud calls
   */
  public double cloudApiQps() {
    return cloudApiQps;
  }

  /**
   * {@code --cloud-api-burst} (ccm4j only), default 40.
   *
   * @return the burst of cloud calls
   */
  public int cloudApiBurst() {
    return cloudApiBurst;
  }

  /** Builds {@link ControllerManagerOptions}; every setter's default is upstream's unless noted. */
  public static final class Builder {
    private ControllerSelection controllers = ControllerSelection.all();
    private String clusterName = "kubernetes";
    private List<String> clusterCidrs = List.of();
    private boolean allocateNodeCidrs;
    private boolean configureCloudRoutes = true;
    private boolean allowUntaggedCloud;
    private Duration minResyncPeriod = Duration.ofHours(12);
    private Duration nodeMonitorPeriod = Duration.ofSeconds(5);
    private Duration nodeStatusUpdateFrequency = Duration.ofMinutes(5);
    private Duration routeReconciliationPeriod = Duration.ofSeconds(10);
    private int concurrentNodeSyncs = 1;
    private int concurrentNodeStatusUpdates;
    private int concurrentServiceSyncs = 10;
    private double nodeDeletionMaxFraction = 0.5;
    private Integer nodeCidrMaskSize;
    private int nodeCidrMaskSizeIpv4 = 24;
    private int nodeCidrMaskSizeIpv6 = 64;
    private double kubeApiQps = 20;
    private int kubeApiBurst = 30;
    private boolean leaderElect = true;
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration renewDeadline = Duration.ofSeconds(10);
    private Duration retryPeriod = Duration.ofSeconds(2);
    private String leaderElectResourceLock = "leases";
    private String leaderElectResourceName = "cloud-controller-manager";
    private String leaderElectResourceNamespace = "kube-system";
    private boolean enableLeaderMigration;
    private Path leaderMigrationConfig;
    private Duration cloudApiTimeout = Duration.ofSeconds(30);
    private double cloudApiQps = 20;
    private int cloudApiBurst = 40;

    private Builder() {}

    /**
     * @param v {@code --controllers}
     * @return this builder
     */
    public Builder controllers(ControllerSelection v) {
      controllers = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --cluster-name}
     * @return this builder
     */
    public Builder clusterName(String v) {
      clusterName = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --cluster-cidr}, split on commas
     * @return this builder
     */
    public Builder clusterCidrs(List<String> v) {
      clusterCidrs = List.copyOf(v);
      return this;
    }

    /**
     * @param v {@code --allocate-node-cidrs}
     * @return this builder
     */
    public Builder allocateNodeCidrs(boolean v) {
      allocateNodeCidrs = v;
      return this;
    }

    /**
     * @param v {@code --configure-cloud-routes}
     * @return this builder
     */
    public Builder configureCloudRoutes(boolean v) {
      configureCloudRoutes = v;
      return this;
    }

    /**
     * @param v {@code --allow-untagged-cloud}
     * @return this builder
     */
    public Builder allowUntaggedCloud(boolean v) {
      allowUntaggedCloud = v;
      return this;
    }

    /**
     * @param v {@code --min-resync-period}
     * @return this builder
     */
    public Builder minResyncPeriod(Duration v) {
      minResyncPeriod = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --node-monitor-period}
     * @return this builder
     */
    public Builder nodeMonitorPeriod(Duration v) {
      nodeMonitorPeriod = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --node-status-update-frequency}
     * @return this builder
     */
    public Builder nodeStatusUpdateFrequency(Duration v) {
      nodeStatusUpdateFrequency = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --route-reconciliation-period}
     * @return this builder
     */
    public Builder routeReconciliationPeriod(Duration v) {
      routeReconciliationPeriod = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --concurrent-node-syncs}
     * @return this builder
     */
    public Builder concurrentNodeSyncs(int v) {
      concurrentNodeSyncs = v;
      return this;
    }

    /**
     * @param v {@code --concurrent-node-status-updates}
     * @return this builder
     */
    public Builder concurrentNodeStatusUpdates(int v) {
      concurrentNodeStatusUpdates = v;
      return this;
    }

    /**
     * @param v {@code --concurrent-service-syncs}
     * @return this builder
     */
    public Builder concurrentServiceSyncs(int v) {
      concurrentServiceSyncs = v;
      return this;
    }

    /**
     * @param v {@code --node-deletion-max-fraction}
     * @return this builder
     */
    public Builder nodeDeletionMaxFraction(double v) {
      nodeDeletionMaxFraction = v;
      return this;
    }

    /**
     * @param v {@code --node-cidr-mask-size}, or null
     * @return this builder
     */
    public Builder nodeCidrMaskSize(Integer v) {
      nodeCidrMaskSize = v;
      return this;
    }

    /**
     * @param v {@code --node-cidr-mask-size-ipv4}
     * @return this builder
     */
    public Builder nodeCidrMaskSizeIpv4(int v) {
      nodeCidrMaskSizeIpv4 = v;
      return this;
    }

    /**
     * @param v {@code --node-cidr-mask-size-ipv6}
     * @return this builder
     */
    public Builder nodeCidrMaskSizeIpv6(int v) {
      nodeCidrMaskSizeIpv6 = v;
      return this;
    }

    /**
     * @param v {@code --kube-api-qps}
     * @return this builder
     */
    public Builder kubeApiQps(double v) {
      kubeApiQps = v;
      return this;
    }

    /**
     * @param v {@code --kube-api-burst}
     * @return this builder
     */
    public Builder kubeApiBurst(int v) {
      kubeApiBurst = v;
      return this;
    }

    /**
     * @param v {@code --leader-elect}
     * @return this builder
     */
    public Builder leaderElect(boolean v) {
      leaderElect = v;
      return this;
    }

    /**
     * Sets the leader election timings.
     *
     * @param lease {@code --leader-elect-lease-duration}
     * @param renew {@code --leader-elect-renew-deadline}
     * @param retry {@code --leader-elect-retry-period}
     * @return this builder
     */
    public Builder leaderElectTimings(Duration lease, Duration renew, Duration retry) {
      leaseDuration = Objects.requireNonNull(lease);
      renewDeadline = Objects.requireNonNull(renew);
      retryPeriod = Objects.requireNonNull(retry);
      return this;
    }

    /**
     * @param v {@code --leader-elect-resource-lock}
     * @return this builder
     */
    public Builder leaderElectResourceLock(String v) {
      leaderElectResourceLock = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --leader-elect-resource-name}
     * @return this builder
     */
    public Builder leaderElectResourceName(String v) {
      leaderElectResourceName = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --leader-elect-resource-namespace}
     * @return this builder
     */
    public Builder leaderElectResourceNamespace(String v) {
      leaderElectResourceNamespace = Objects.requireNonNull(v);
      return this;
    }

    /**
     * @param v {@code --enable-leader-migration}
     * @return this builder
     */
    public Builder enableLeaderMigration(boolean v) {
      enableLeaderMigration = v;
      return this;
    }

    /**
     * @param v {@code --leader-migration-config}, or null
     * @return this builder
     */
    public Builder leaderMigrationConfig(Path v) {
      leaderMigrationConfig = v;
      return this;
    }

    /**
     * Sets the cloud-call governance.
     *
     * @param timeout {@code --cloud-api-timeout}
     * @param qps {@code --cloud-api-qps}
     * @param burst {@code --cloud-api-burst}
     * @return this builder
     */
    public Builder cloudApi(Duration timeout, double qps, int burst) {
      cloudApiTimeout = Objects.requireNonNull(timeout);
      cloudApiQps = qps;
      cloudApiBurst = burst;
      return this;
    }

    /**
     * Builds the options without validating them; see {@link ControllerManagerOptions#validate()}.
     *
     * @return the options
     */
    public ControllerManagerOptions build() {
      return new ControllerManagerOptions(this);
    }
  }
}

package dev.ccm4j.launcher;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.ProviderLoadException;
import dev.ccm4j.core.manager.BuiltInControllers;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.manager.ContributedControllers;
import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.manager.KubeClients;
import dev.ccm4j.core.serving.SecureServingOptions;
import dev.ccm4j.core.serving.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cloud-controller-manager}: upstream's command line over the ccm4j runtime. Every upstream flag is either
 * honoured or refused by name; invalid values stop start-up with exit status 2 and a message naming the flag.
 */
@Command(name = "cloud-controller-manager", mixinStandardHelpOptions = true,
    versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
    description = "The Kubernetes cloud-controller-manager for the JVM.",
    subcommands = {DemoCommand.class, EmulatorCommand.class, ConformanceCommand.class, ProvidersCommand.class,
        VersionCommand.class, CloudEmulatorCommand.class})
public final class CloudControllerManagerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CloudControllerManagerCommand.class);

  /** Feature gates this build knows, with whether each value is honoured. */
  static final Map<String, String> FEATURE_GATES = Map.of(
      "CloudControllerManagerWebhook", "the webhook server is not supported; only false is accepted",
      "CloudControllerManagerWatchBasedRoutesReconciliation",
      "accepted for compatibility: ccm4j's route controller always reacts to node events, with"
          + " --route-reconciliation-period as a safety net",
      "ControllerManagerReleaseLeaderElectionLockOnExit",
      "accepted for compatibility: ccm4j always releases the lease on graceful exit");

  @Spec CommandSpec spec;

  // ---- cloud provider
  @Option(names = "--cloud-provider", paramLabel = "NAME", description = "The provider. Required.")
  String cloudProvider = "";

  @Option(names = "--cloud-config", paramLabel = "FILE",
      description = "The provider's configuration file, at most 1 MiB.")
  Path cloudConfig;

  @Option(names = "--allow-untagged-cloud", arity = "0..1", fallbackValue = "true",
      description = "Start even when the provider has no cluster ID (default ${DEFAULT-VALUE}).")
  boolean allowUntaggedCloud;

  // ---- cluster
  @Option(names = "--cluster-name", description = "Tags cloud resources (default ${DEFAULT-VALUE}).")
  String clusterName = "kubernetes";

  // A single string split here, not a picocli list: upstream's flag is a string, so a repeated flag replaces it
  @Option(names = "--cluster-cidr", paramLabel = "CIDR[,CIDR]",
      description = "Pod CIDR(s) of the cluster, comma-separated for dual stack.")
  String clusterCidr = "";

  @Option(names = "--allocate-node-cidrs", arity = "0..1", fallbackValue = "true",
      description = "Allocate pod CIDRs to nodes (default ${DEFAULT-VALUE}).")
  boolean allocateNodeCidrs;

  @Option(names = "--cidr-allocator-type", description = "Only RangeAllocator (default ${DEFAULT-VALUE}).")
  String cidrAllocatorType = "RangeAllocator";

  @Option(names = "--configure-cloud-routes", arity = "0..1", fallbackValue = "true",
      description = "Create cloud routes for pod CIDRs (default ${DEFAULT-VALUE}).")
  boolean configureCloudRoutes = true;

  @Option(names = "--node-cidr-mask-size", description = "Mask size of single-stack node CIDRs.")
  Integer nodeCidrMaskSize;

  @Option(names = "--node-cidr-mask-size-ipv4", description = "IPv4 node CIDR mask (default ${DEFAULT-VALUE}).")
  int nodeCidrMaskSizeIpv4 = 24;

  @Option(names = "--node-cidr-mask-size-ipv6", description = "IPv6 node CIDR mask (default ${DEFAULT-VALUE}).")
  int nodeCidrMaskSizeIpv6 = 64;

  // ---- controllers
  @Option(names = "--controllers", split = ",", paramLabel = "NAME",
      description = "* enables all, name enables one, -name disables one (default *).")
  List<String> controllers = new ArrayList<>(List.of("*"));

  @Option(names = "--concurrent-node-syncs", description = "Cloud-node workers, 1 to "
      + ControllerManagerOptions.MAX_CONCURRENT_SYNCS + " (default ${DEFAULT-VALUE}).")
  int concurrentNodeSyncs = 1;

  @Option(names = "--concurrent-node-status-updates",
      description = "Node refresh parallelism, 0 to " + ControllerManagerOptions.MAX_CONCURRENT_SYNCS
          + "; 0 = --concurrent-node-syncs (default ${DEFAULT-VALUE}).")
  int concurrentNodeStatusUpdates;

  @Option(names = "--concurrent-service-syncs", description = "Service workers, 1 to "
      + ControllerManagerOptions.MAX_CONCURRENT_SYNCS + " (default ${DEFAULT-VALUE}).")
  int concurrentServiceSyncs = 10;

  @Option(names = "--node-status-update-frequency", description = "Node refresh period, 100ms to 24h (default 5m).")
  Duration nodeStatusUpdateFrequency = Duration.ofMinutes(5);

  @Option(names = "--node-monitor-period", description = "Lifecycle controller period, 100ms to 24h (default 5s).")
  Duration nodeMonitorPeriod = Duration.ofSeconds(5);

  @Option(names = "--route-reconciliation-period", description = "Route safety-net period, 100ms to 24h (default 10s).")
  Duration routeReconciliationPeriod = Duration.ofSeconds(10);

  @Option(names = "--min-resync-period", description = "Informer resync, in [min, 2*min); 100ms to 720h (default 12h).")
  Duration minResyncPeriod = Duration.ofHours(12);

  @Option(names = "--node-sync-period", description = "Deprecated upstream; has no effect.")
  Duration nodeSyncPeriod;

  @Option(names = "--node-deletion-max-fraction",
      description = "ccm4j: most nodes deleted in one pass, as a fraction (default ${DEFAULT-VALUE}).")
  double nodeDeletionMaxFraction = 0.5;

  @Option(names = "--controller-start-interval", description = "Only 0s is supported (default 0s).")
  Duration controllerStartInterval = Duration.ZERO;

  // ---- Kubernetes client
  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig; in-cluster config when empty.")
  Path kubeconfig;

  @Option(names = "--master", paramLabel = "URL",
      description = "API server URL (http:// or https:// and a host); overrides the kubeconfig's.")
  String master;

  @Option(names = "--kube-api-qps", description = "Per-client rate, above 0 and at most 1000000 (default ${DEFAULT-VALUE}).")
  double kubeApiQps = 20;

  @Option(names = "--kube-api-burst", description = "Per-client burst, 1 to 1000000 (default ${DEFAULT-VALUE}).")
  int kubeApiBurst = 30;

  @Option(names = "--kube-api-content-type", description = "Only application/json (default ${DEFAULT-VALUE}).")
  String kubeApiContentType = "application/json";

  // ---- cloud calls
  @Option(names = "--cloud-api-timeout", description = "ccm4j: timeout of one cloud call, 100ms to 1h (default 30s).")
  Duration cloudApiTimeout = Duration.ofSeconds(30);

  @Option(names = "--cloud-api-qps", description = "ccm4j: cloud call rate, above 0 and at most 1000000 (default ${DEFAULT-VALUE}).")
  double cloudApiQps = 20;

  @Option(names = "--cloud-api-burst", description = "ccm4j: cloud call burst, 1 to 1000000 (default ${DEFAULT-VALUE}).")
  int cloudApiBurst = 40;

  // ---- leader election
  @Option(names = "--leader-elect", arity = "0..1", fallbackValue = "true",
      description = "Run controllers only while holding the lease (default ${DEFAULT-VALUE}).")
  boolean leaderElect = true;

  @Option(names = "--leader-elect-lease-duration", description = "Default 15s.")
  Duration leaseDuration = Duration.ofSeconds(15);

  @Option(names = "--leader-elect-renew-deadline", description = "Default 10s.")
  Duration renewDeadline = Duration.ofSeconds(10);

  @Option(names = "--leader-elect-retry-period", description = "Default 2s.")
  Duration retryPeriod = Duration.ofSeconds(2);

  @Option(names = "--leader-elect-resource-lock", description = "Only leases (default ${DEFAULT-VALUE}).")
  String resourceLock = "leases";

  @Option(names = "--leader-elect-resource-name",
      description = "The Lease's name, a DNS-1123 subdomain (default ${DEFAULT-VALUE}).")
  String resourceName = "cloud-controller-manager";

  @Option(names = "--leader-elect-resource-namespace",
      description = "The Lease's namespace, a DNS-1123 label (default ${DEFAULT-VALUE}).")
  String resourceNamespace = "kube-system";

  @Option(names = "--enable-leader-migration", arity = "0..1", fallbackValue = "true",
      description = "Default ${DEFAULT-VALUE}.")
  boolean enableLeaderMigration;

  @Option(names = "--leader-migration-config", paramLabel = "FILE",
      description = "LeaderMigrationConfiguration; built-in default when empty.")
  Path leaderMigrationConfig;

  // ---- serving
  @Option(names = "--secure-port", description = "HTTPS port; 0 disables serving (default ${DEFAULT-VALUE}).")
  int securePort = SecureServingOptions.DEFAULT_PORT;

  @Option(names = "--bind-address", paramLabel = "IP", description = "An IP address (default ${DEFAULT-VALUE}).")
  String bindAddress = SecureServingOptions.DEFAULT_BIND_ADDRESS;

  @Option(names = "--tls-cert-file", paramLabel = "FILE", description = "PEM certificate chain.")
  Path tlsCertFile;

  @Option(names = "--tls-private-key-file", paramLabel = "FILE", description = "PEM private key.")
  Path tlsPrivateKeyFile;

  @Option(names = "--tls-min-version", description = "VersionTLS12 or VersionTLS13.")
  String tlsMinVersion;

  @Option(names = "--tls-cipher-suites", split = ",", paramLabel = "SUITE",
      description = "TLS 1.2 cipher suites (IANA names); repeating the flag adds suites.")
  List<String> tlsCipherSuites = new ArrayList<>();

  @Option(names = "--disable-http2-serving", arity = "0..1", fallbackValue = "true",
      description = "Accepted; the endpoints are served over HTTP/1.1 only.")
  boolean disableHttp2Serving;

  @Option(names = "--permit-port-sharing", arity = "0..1", fallbackValue = "true", description = "Only false.")
  boolean permitPortSharing;

  @Option(names = "--permit-address-sharing", arity = "0..1", fallbackValue = "true", description = "Only false.")
  boolean permitAddressSharing;

  @Option(names = "--authentication-skip-lookup", arity = "0..1", fallbackValue = "true",
      description = "Accepted; the authentication configmap is never looked up.")
  boolean authenticationSkipLookup;

  @Option(names = "--authentication-token-webhook-cache-ttl", description = "TokenReview cache (default 10s).")
  Duration tokenCacheTtl = Duration.ofSeconds(10);

  @Option(names = "--authorization-webhook-cache-authorized-ttl", description = "Default 10s.")
  Duration authorizedTtl = Duration.ofSeconds(10);

  @Option(names = "--authorization-webhook-cache-unauthorized-ttl", description = "Default 10s.")
  Duration unauthorizedTtl = Duration.ofSeconds(10);

  @Option(names = "--authorization-always-allow-paths", split = ",",
      description = "Served without authentication; each starts with /, a trailing * matches a prefix, an empty"
          + " value allows none; repeating the flag adds paths (default /healthz,/readyz,/livez).")
  List<String> alwaysAllowPaths = new ArrayList<>(List.of("/healthz", "/readyz", "/livez"));

  @Option(names = "--webhooks", split = ",", description = "Only empty: the webhook server is not supported.")
  List<String> webhooks = new ArrayList<>();

  // ---- debugging, feature gates, logging
  @Option(names = "--profiling", arity = "0..1", fallbackValue = "true",
      description = "Only false: pprof endpoints do not exist on the JVM.")
  boolean profiling;

  @Option(names = "--contention-profiling", arity = "0..1", fallbackValue = "true", description = "Only false.")
  boolean contentionProfiling;

  @Option(names = "--feature-gates", split = ",", paramLabel = "NAME=BOOL", description = "Known gates: "
      + "CloudControllerManagerWebhook, CloudControllerManagerWatchBasedRoutesReconciliation, "
      + "ControllerManagerReleaseLeaderElectionLockOnExit.")
  Map<String, String> featureGates = new LinkedHashMap<>();

  @Option(names = {"-v", "--v"}, paramLabel = "LEVEL",
      description = "Log verbosity: 0-1 info, 2-3 debug for ccm4j, 4+ debug for everything, 6+ trace.")
  int verbosity;

  @Option(names = "--logging-format", description = "text or json (default ${DEFAULT-VALUE}).")
  String loggingFormat = "text";

  @Option(names = "--log-flush-frequency", description = "Accepted; logs are written unbuffered.")
  Duration logFlushFrequency;

  /**
   * Every problem with the flags, each naming its flag.
   *
   * @return the problems
   */
  List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (cloudProvider.isBlank()) {
      errors.add("--cloud-provider is required; available providers: " + String.join(", ",
          CloudProviders.available()));
    } else if (cloudProvider.equals("external")) {
      errors.add("--cloud-provider=external tells kubelet and kube-controller-manager that an external"
          + " cloud-controller-manager runs the cloud controllers; this process is that cloud-controller-manager,"
          + " so name the actual provider (available: " + String.join(", ", CloudProviders.available()) + ")");
    } else {
      unknownProvider(cloudProvider).ifPresent(errors::add);
    }
    if (!cidrAllocatorType.equals("RangeAllocator")) {
      errors.add("--cidr-allocator-type: only RangeAllocator is supported, got \"" + cidrAllocatorType + "\"");
    }
    if (!controllerStartInterval.isZero()) {
      errors.add("--controller-start-interval: only 0s is supported");
    }
    if (!kubeApiContentType.equals("application/json")) {
      errors.add("--kube-api-content-type: only application/json is supported (client-java does not speak"
          + " protobuf), got \"" + kubeApiContentType + "\"");
    }
    if (permitPortSharing) {
      errors.add("--permit-port-sharing: only false is supported");
    }
    if (permitAddressSharing) {
      errors.add("--permit-address-sharing: only false is supported");
    }
    if (!webhooks.isEmpty() && !(webhooks.size() == 1 && webhooks.get(0).isEmpty())) {
      errors.add("--webhooks: the cloud-controller-manager webhook server is not supported");
    }
    if (profiling || contentionProfiling) {
      errors.add("--profiling and --contention-profiling: pprof endpoints do not exist on the JVM; use JFR"
          + " (-XX:StartFlightRecording) instead");
    }
    if (securePort < 0 || securePort > 65535) {
      errors.add("--secure-port must be between 0 and 65535, got " + securePort);
    }
    // the serving options judge their own values; asked here so their errors come with the others
    servingCheck(errors, b -> b.bindAddress(bindAddress));
    if ((tlsCertFile == null) != (tlsPrivateKeyFile == null)) {
      errors.add("--tls-cert-file and --tls-private-key-file must be given together");
    } else if (tlsCertFile != null && securePort != 0) {
      errors.addAll(FlagChecks.servingCertificate(tlsCertFile, tlsPrivateKeyFile));
    }
    errors.addAll(FlagChecks.emptyEntries("--tls-cipher-suites", given("--tls-cipher-suites")));
    servingCheck(errors, b -> b.tlsCipherSuites(FlagChecks.effectiveList(tlsCipherSuites)));
    errors.addAll(FlagChecks.emptyEntries("--authorization-always-allow-paths",
        given("--authorization-always-allow-paths")));
    errors.addAll(FlagChecks.alwaysAllowPaths(alwaysAllowPaths));
    FlagChecks.readableFile("--kubeconfig", kubeconfig).ifPresent(errors::add);
    FlagChecks.readableFile("--cloud-config", cloudConfig).ifPresent(errors::add);
    FlagChecks.readableFile("--leader-migration-config", leaderMigrationConfig).ifPresent(errors::add);
    if (master != null && !master.isBlank()) {
      FlagChecks.masterUrl(master).ifPresent(errors::add);
    }
    if (tlsMinVersion != null) {
      try {
        TlsVersion.parse(tlsMinVersion);
      } catch (IllegalArgumentException e) {
        errors.add("--tls-min-version: " + e.getMessage());
      }
    }
    if (!loggingFormat.equals("text") && !loggingFormat.equals("json")) {
      errors.add("--logging-format must be text or json, got \"" + loggingFormat + "\"");
    }
    if (verbosity < 0) {
      errors.add("--v must be 0 or more, got " + verbosity);
    }
    featureGates.forEach((gate, value) -> {
      if (!FEATURE_GATES.containsKey(gate)) {
        errors.add("--feature-gates: unknown feature gate \"" + gate + "\" (known: "
            + String.join(", ", FEATURE_GATES.keySet().stream().sorted().toList()) + ")");
      } else if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        errors.add("--feature-gates: " + gate + " must be true or false, got \"" + value + "\"");
      } else if (gate.equals("CloudControllerManagerWebhook") && value.equalsIgnoreCase("true")) {
        errors.add("--feature-gates: CloudControllerManagerWebhook=true: " + FEATURE_GATES.get(gate));
      }
    });
    // Names that are not built-in may be the provider's contributed controllers: build() checks them once the
    // provider is loaded.
    ControllerSelection selection;
    try {
      selection = ControllerSelection.parseDeferringUnknown(controllers);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      selection = ControllerSelection.all();
    }
    // every bad flag in one run, so an operator fixes them all at once
    errors.addAll(options(selection).validate());
    return errors;
  }

  /** Applies one setting to a throw-away serving builder; false, with its message added, if it refuses it. */
  private static boolean servingCheck(List<String> errors,
      java.util.function.Consumer<SecureServingOptions.Builder> setting) {
    try {
      setting.accept(SecureServingOptions.builder());
      return true;
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      return false;
    }
  }

  /**
   * A list flag's values as given, before picocli splits them (its split drops trailing empty entries).
   *
   * @param flag the flag
   * @return one string per occurrence; empty when the flag was not given
   */
  private List<String> given(String flag) {
    if (spec == null || spec.commandLine().getParseResult() == null) {
      return List.of();
    }
    CommandLine.Model.OptionSpec option = spec.commandLine().getParseResult().matchedOption(flag);
    return option == null ? List.of() : option.originalStringValues();
  }

  /**
   * The core's options from the flags.
   *
   * @return the options
   */
  ControllerManagerOptions options() {
    return options(ControllerSelection.parseDeferringUnknown(controllers));
  }

  private ControllerManagerOptions options(ControllerSelection selection) {
    return ControllerManagerOptions.builder()
        .controllers(selection)
        .clusterName(clusterName)
        .clusterCidrs(java.util.Arrays.stream(clusterCidr.split(",")).map(String::strip)
            .filter(s -> !s.isEmpty()).toList())
        .allocateNodeCidrs(allocateNodeCidrs)
        .configureCloudRoutes(configureCloudRoutes)
        .allowUntaggedCloud(allowUntaggedCloud)
        .minResyncPeriod(minResyncPeriod)
        .nodeMonitorPeriod(nodeMonitorPeriod)
        .nodeStatusUpdateFrequency(nodeStatusUpdateFrequency)
        .routeReconciliationPeriod(routeReconciliationPeriod)
        .concurrentNodeSyncs(concurrentNodeSyncs)
        .concurrentNodeStatusUpdates(concurrentNodeStatusUpdates)
        .concurrentServiceSyncs(concurrentServiceSyncs)
        .nodeDeletionMaxFraction(nodeDeletionMaxFraction)
        .nodeCidrMaskSize(nodeCidrMaskSize)
        .nodeCidrMaskSizeIpv4(nodeCidrMaskSizeIpv4)
        .nodeCidrMaskSizeIpv6(nodeCidrMaskSizeIpv6)
        .kubeApiQps(kubeApiQps)
        .kubeApiBurst(kubeApiBurst)
        .leaderElect(leaderElect)
        .leaderElectTimings(leaseDuration, renewDeadline, retryPeriod)
        .leaderElectResourceLock(resourceLock)
        .leaderElectResourceName(resourceName)
        .leaderElectResourceNamespace(resourceNamespace)
        .enableLeaderMigration(enableLeaderMigration)
        .leaderMigrationConfig(leaderMigrationConfig)
        .cloudApi(cloudApiTimeout, cloudApiQps, cloudApiBurst)
        .build();
  }

  /**
   * The serving options from the flags.
   *
   * @return the options
   */
  SecureServingOptions servingOptions() {
    SecureServingOptions.Builder b = SecureServingOptions.builder().securePortFlag(securePort)
        .bindAddress(bindAddress).tlsCipherSuites(FlagChecks.effectiveList(tlsCipherSuites));
    if (tlsCertFile != null) {
      b.tlsFiles(tlsCertFile, tlsPrivateKeyFile);
    }
    if (tlsMinVersion != null) {
      b.tlsMinVersion(TlsVersion.parse(tlsMinVersion));
    }
    return b.build();
  }

  @Override
  public Integer call() throws Exception {
    List<String> errors = validate();
    if (securePort > 0 && securePort <= 65535 && servingCheck(new ArrayList<>(), b -> b.bindAddress(bindAddress))) {
      FlagChecks.bindable(bindAddress, securePort).ifPresent(errors::add);
    }
    if (!errors.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join("\n", errors));
    }
    Logging.configure(verbosity, loggingFormat);
    if (nodeSyncPeriod != null) {
      LOG.warn("--node-sync-period is deprecated upstream and has no effect");
    }
    if (logFlushFrequency != null) {
      LOG.info("--log-flush-frequency has no effect: logs are written unbuffered");
    }
    ControllerManager manager = build();
    Runtime.getRuntime().addShutdownHook(new Thread(manager::close, "shutdown"));
    try {
      // binds the secure port and loads the TLS material before any controller or election starts
      manager.start();
    } catch (IllegalArgumentException e) {
      // a flag value only the start could judge (the port taken since the check above, a suite the server
      // refuses): the message names the flag, and nothing has run yet that needs a trace
      manager.close();
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    manager.awaitTermination();
    return 0;
  }

  /**
   * Looks the name up as {@link CloudProviders#load(String, Path)} will, so that a name no provider claims is
   * refused with the other bad flags and, like them, starts with the flag's name.
   */
  private static Optional<String> unknownProvider(String name) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      CloudProviders.factory(name, context != null ? context : CloudProviders.class.getClassLoader());
      return Optional.empty();
    } catch (ProviderLoadException e) {
      return Optional.of("--cloud-provider: " + e.getMessage());
    }
  }

  /**
   * Loads the provider, builds the clients and the manager, turning configuration errors into usage errors.
   *
   * @return the manager, not started
   */
  ControllerManager build() {
    Optional<String> unknown = unknownProvider(cloudProvider);
    if (unknown.isPresent()) {
      throw new ParameterException(spec.commandLine(), unknown.get());
    }
    CloudProvider provider;
    try {
      provider = CloudProviders.load(cloudProvider, cloudConfig);
    } catch (ProviderLoadException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      ControllerSelection.parse(controllers, ContributedControllers.names(provider));
    } catch (IllegalArgumentException e) {
      provider.close();
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      KubernetesClientFactory clients = KubeClients.fromFlags(kubeconfig, master);
      ControllerManager.Builder b = ControllerManager.builder()
          .provider(provider)
          .options(options())
          .clients(clients)
          .serving(servingOptions(), auth -> auth.tokenCacheTtl(tokenCacheTtl).authorizedCacheTtl(authorizedTtl)
              .unauthorizedCacheTtl(unauthorizedTtl)
              .alwaysAllowPaths(FlagChecks.effectivePaths(alwaysAllowPaths)));
      BuiltInControllers.registerAll(b);
      return b.build();
    } catch (IllegalArgumentException e) {
      provider.close();
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}

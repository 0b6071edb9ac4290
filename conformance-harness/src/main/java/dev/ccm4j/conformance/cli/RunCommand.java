package dev.ccm4j.conformance.cli;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.ProviderLoadException;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.api.fixture.CloudFixtures;
import dev.ccm4j.conformance.e2e.E2eTimeouts;
import dev.ccm4j.conformance.inprocess.InProcessCluster;
import dev.ccm4j.conformance.report.ReportLayout;
import dev.ccm4j.conformance.run.ConformanceResult;
import dev.ccm4j.conformance.run.ConformanceRun;
import dev.ccm4j.conformance.run.SpecFilter;
import dev.ccm4j.conformance.run.Suite;
import dev.ccm4j.core.manager.KubeClients;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code conformance run}: runs the suites against the provider and cluster named by the flags, writes reports. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = ConformanceMain.Version.class,
    description = {"Run the provider TCK and/or the end-to-end suite and write TestGrid and k8s-conformance reports.",
        "Exit status: 0 when every spec passed, 1 when a spec failed, 2 for invalid flags."})
final class RunCommand implements Callable<Integer> {
  private static final Pattern SAFE_ARG = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

  @Spec CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "<file>",
      description = "Kubeconfig of the cluster under test, with the CCM under test running there. Required when the"
          + " e2e suite runs; also the source of the provider's Kubernetes clients.")
  Path kubeconfig;

  @Option(names = "--in-process",
      description = "Run the e2e suite against a cluster in this process instead of --kubeconfig: the API server"
          + " emulator, the CCM with every controller and this provider, and simulated nodes on instances the fixture"
          + " creates.")
  boolean inProcess;

  @Option(names = "--nodes", paramLabel = "<count>", defaultValue = "3",
      description = "Nodes an --in-process cluster starts with (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--provider", required = true, paramLabel = "<name>",
      description = "The provider under test, as given to the CCM's --cloud-provider.")
  String provider;

  @Option(names = "--cloud-config", paramLabel = "<file>", description = "The provider's cloud-config file.")
  Path cloudConfig;

  @Option(names = "--fixture", paramLabel = "<class>",
      description = "The CloudFixtureFactory class; by default the one registered for the provider.")
  String fixture;

  @Option(names = "--no-fixture",
      description = "Run the e2e suite without a fixture, when none can reach the cluster's cloud: the cloud-side"
          + " checks are skipped and the report says so. The TCK always needs one.")
  boolean noFixture;

  @Option(names = "--report-dir", required = true, paramLabel = "<dir>", description = "Where the reports go.")
  Path reportDir;

  @Option(names = "--focus", paramLabel = "<regex>",
      description = "Run only specs whose full text matches (repeatable; any one must match).")
  List<String> focus = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "<regex>",
      description = "Do not run specs whose full text matches (repeatable).")
  List<String> skip = new ArrayList<>();

  @Option(names = "--suite", split = ",", paramLabel = "<suite>", defaultValue = "tck,e2e",
      description = "The suites to run: tck, e2e or both (default: ${DEFAULT-VALUE}).")
  List<String> suites;

  @Option(names = "--cluster-name", paramLabel = "<name>", defaultValue = "kubernetes",
      description = "The CCM's --cluster-name (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(names = "--job", paramLabel = "<name>", defaultValue = ConformanceRun.DEFAULT_JOB,
      description = "The TestGrid job name (default: ${DEFAULT-VALUE}).")
  String job;

  @Option(names = "--build-id", paramLabel = "<id>",
      description = "The TestGrid build id (default: the start time in epoch seconds).")
  String buildId;

  @Option(names = "--routes", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "Whether the CCM under test runs the route controller (default: ${DEFAULT-VALUE}).")
  boolean routes;

  @Option(names = "--timeout-scale", paramLabel = "<factor>", defaultValue = "1",
      description = "Multiplies every e2e timeout and poll interval below (default: ${DEFAULT-VALUE}).")
  double timeoutScale;

  @Option(names = "--poll-interval", paramLabel = "<duration>", description = "How often waits re-check (2s).")
  Duration pollInterval;

  @Option(names = "--lb-create-timeout", paramLabel = "<duration>",
      description = "Load balancer creation or change (20m).")
  Duration lbCreateTimeout;

  @Option(names = "--lb-cleanup-timeout", paramLabel = "<duration>", description = "Load balancer deletion (15m).")
  Duration lbCleanupTimeout;

  @Option(names = "--node-init-timeout", paramLabel = "<duration>", description = "Node initialization (5m).")
  Duration nodeInitTimeout;

  @Option(names = "--node-deletion-timeout", paramLabel = "<duration>",
      description = "Deletion of the node of a terminated instance (5m).")
  Duration nodeDeletionTimeout;

  @Option(names = "--routes-timeout", paramLabel = "<duration>", description = "Routes settling (5m).")
  Duration routesTimeout;

  @Option(names = "--ignored-settle", paramLabel = "<duration>",
      description = "How long to watch for a controller that must not act (5s).")
  Duration ignoredSettle;

  @Option(names = {"-v", "--verbose"}, description = "Log the harness and the provider at debug level.")
  boolean verbose;

  @Option(names = "--suite-class", hidden = true, paramLabel = "<class>",
      description = "Run these test classes instead of the suites' (testing the harness itself).")
  List<String> suiteClasses = new ArrayList<>();

  private final PrintStream out;
  private final boolean configureLogging;
  private final String invokedAs;
  private final boolean inProcessByDefault;
  private final EmbeddedCluster embeddedCluster;

  /**
   * Creates the command.
   *
   * @param out where progress and the summary go
   * @param configureLogging whether to set up logging for a terminal
   * @param invokedAs how a user starts this command, for the reproduction steps in the reports
   * @param inProcessByDefault whether a run without --kubeconfig uses an in-process cluster
   * @param embeddedCluster what a run without --kubeconfig and --in-process runs against instead, or null
   */
  RunCommand(PrintStream out, boolean configureLogging, String invokedAs, boolean inProcessByDefault,
      EmbeddedCluster embeddedCluster) {
    this.out = out;
    this.configureLogging = configureLogging;
    this.invokedAs = invokedAs;
    this.inProcessByDefault = inProcessByDefault;
    this.embeddedCluster = embeddedCluster;
  }

  @Override
  public Integer call() throws Exception {
    if (configureLogging) {
      CliLogging.configure(verbose);
    }
    Set<Suite> selected = suites();
    regexes("--focus", focus);
    regexes("--skip", skip);
    boolean tck = selected.contains(Suite.TCK);
    boolean e2e = selected.contains(Suite.E2E);
    if (inProcess && kubeconfig != null) {
      throw usage("--in-process and --kubeconfig exclude each other: the e2e suite runs against one cluster");
    }
    boolean embedded = embeddedCluster != null && !inProcess && kubeconfig == null;
    if (embedded && cloudConfig != null) {
      throw usage("--cloud-config: " + invokedAs + " writes the provider's cloud-config itself");
    }
    boolean local = embedded || inProcess || (inProcessByDefault && kubeconfig == null);
    if (e2e && kubeconfig == null && !local) {
      throw usage("--kubeconfig is required when the e2e suite runs (or use --in-process, or run only --suite tck)");
    }
    if (nodes < 0 || nodes > 100) {
      throw usage("--nodes: must be between 0 and 100, got " + nodes);
    }
    readableFile("--kubeconfig", kubeconfig);
    readableFile("--cloud-config", cloudConfig);
    E2eTimeouts timeouts = e2e ? timeouts(local ? InProcessCluster.defaultTimeouts() : E2eTimeouts.upstreamDefaults())
        : E2eTimeouts.upstreamDefaults();
    providerFactory();
    Optional<CloudFixtureFactory> fixtures = fixtures(tck);
    KubernetesClientFactory clients = clients();

    ConformanceRun.Builder run = ConformanceRun.builder()
        .suites(selected)
        .focus(focus)
        .skip(skip)
        .reportDir(reportDir)
        .job(job)
        .metadata(Map.of("provider", provider))
        .progress(out)
        .commandLine(commandLine());
    if (buildId != null) {
      run.buildId(buildId);
    }
    if (!suiteClasses.isEmpty()) {
      run.suiteClasses(suiteClasses);
    }
    if (embedded) {
      return runEmbedded(run, tck, e2e, fixtures, clients, timeouts);
    }
    if (tck) {
      run.tck(new LoadedProviderTargets(provider, cloudConfig, clusterName, clients, fixtures.orElseThrow()));
    }
    if (!e2e) {
      return exitCode(build(run).run());
    }
    if (local) {
      InProcessCluster.Builder cluster = InProcessCluster.builder()
          .provider(provider, cloudConfig)
          .clusterName(clusterName)
          .nodes(fixtures.isPresent() ? nodes : 0)
          .timeouts(timeouts);
      fixtures.ifPresentOrElse(cluster::fixtureFactory, cluster::withoutFixture);
      out.println("Starting an in-process cluster: API server emulator, the CCM with provider " + provider + ", "
          + (fixtures.isPresent() ? nodes : 0) + " simulated nodes");
      try (InProcessCluster environment = cluster.build().start()) {
        return exitCode(build(run.e2e(environment)).run());
      }
    }
    CloudProvider naming = LoadedProviderTargets.openProvider(provider, cloudConfig, clusterName, clients);
    Optional<CloudFixture> fixture;
    try {
      fixture = fixtures.map(f -> f.create(naming, clusterName));
    } catch (RuntimeException e) {
      naming.close();
      throw e;
    }
    try (KubeconfigEnvironment environment = new KubeconfigEnvironment(clients.client("ccm4j-conformance-e2e"),
        clusterName, naming, fixture, routes, timeouts)) {
      return exitCode(build(run.e2e(environment)).run());
    }
  }

  /** Starts the embedding command's cluster, runs the suites against it and stops it again. */
  private int runEmbedded(ConformanceRun.Builder run, boolean tck, boolean e2e, Optional<CloudFixtureFactory> fixtures,
      KubernetesClientFactory clients, E2eTimeouts timeouts) throws Exception {
    // a bad --job or --build-id is a usage error before anything starts, not after the cluster ran
    try {
      new ReportLayout(reportDir, job, buildId != null ? buildId : "0");
    } catch (IllegalArgumentException e) {
      throw usage((buildId != null ? "--job/--build-id: " : "--job: ") + e.getMessage());
    }
    int joined = e2e && fixtures.isPresent() ? nodes : 0;
    try (EmbeddedCluster.Started started = embeddedCluster.start(new EmbeddedCluster.Request(provider, clusterName,
        joined, e2e, fixtures, timeouts, reportDir, out))) {
      if (tck) {
        run.tck(new LoadedProviderTargets(provider, started.cloudConfig().orElse(null), clusterName, clients,
            fixtures.orElseThrow()));
      }
      if (e2e) {
        run.e2e(started.e2e().orElseThrow(() -> new IllegalStateException(invokedAs
            + " started no cluster for the e2e suite")));
      }
      return exitCode(build(run).run());
    }
  }

  private ConformanceRun build(ConformanceRun.Builder run) {
    try {
      return run.build();
    } catch (IllegalArgumentException e) {
      throw usage((buildId != null ? "--job/--build-id: " : "--job: ") + e.getMessage());
    }
  }

  private static int exitCode(ConformanceResult result) {
    return result.passed() ? 0 : 1;
  }

  private Set<Suite> suites() {
    Set<Suite> selected = EnumSet.noneOf(Suite.class);
    for (String s : suites) {
      try {
        selected.add(Suite.parse(s));
      } catch (IllegalArgumentException e) {
        throw usage("--suite: " + e.getMessage());
      }
    }
    if (selected.isEmpty()) {
      throw usage("--suite: name at least one suite (tck, e2e)");
    }
    return selected;
  }

  private void regexes(String flag, List<String> values) {
    for (String regex : values) {
      try {
        SpecFilter.of(List.of(regex), List.of());
      } catch (PatternSyntaxException e) {
        throw usage(flag + ": invalid regular expression \"" + regex + "\": " + e.getDescription());
      }
    }
  }

  private void readableFile(String flag, Path file) {
    if (file != null && !Files.isRegularFile(file)) {
      throw usage(flag + ": " + file + " is not a readable file");
    }
  }

  private E2eTimeouts timeouts(E2eTimeouts d) {
    if (!(timeoutScale > 0) || Double.isInfinite(timeoutScale)) {
      throw usage("--timeout-scale: must be a positive number, got " + timeoutScale);
    }
    return new E2eTimeouts(
        timeout("--poll-interval", pollInterval, d.poll()),
        timeout("--lb-create-timeout", lbCreateTimeout, d.loadBalancerCreate()),
        timeout("--lb-cleanup-timeout", lbCleanupTimeout, d.loadBalancerCleanup()),
        timeout("--node-init-timeout", nodeInitTimeout, d.nodeInitialization()),
        timeout("--node-deletion-timeout", nodeDeletionTimeout, d.nodeDeletion()),
        timeout("--routes-timeout", routesTimeout, d.routes()),
        timeout("--ignored-settle", ignoredSettle, d.ignoredSettle()));
  }

  private Duration timeout(String flag, Duration given, Duration upstream) {
    Duration base = given != null ? given : upstream;
    if (base.isNegative() || base.isZero()) {
      throw usage(flag + ": must be positive, got " + base);
    }
    Duration scaled = Duration.ofNanos(Math.round(base.toNanos() * timeoutScale));
    return scaled.isZero() ? Duration.ofNanos(1) : scaled;
  }

  private void providerFactory() {
    try {
      CloudProviders.factory(provider, loader());
    } catch (ProviderLoadException e) {
      throw usage("--provider: " + e.getMessage());
    }
    if (cloudConfig != null) {
      try {
        CloudConfig.read(cloudConfig);
      } catch (CloudConfigException e) {
        // Read errors already start with the flag's name; parse errors name only the file.
        String message = e.getMessage();
        throw usage(message.startsWith("--cloud-config") ? message : "--cloud-config: " + message);
      }
    }
  }

  private Optional<CloudFixtureFactory> fixtures(boolean required) {
    if (noFixture) {
      if (fixture != null) {
        throw usage("--no-fixture and --fixture exclude each other");
      }
      if (required) {
        throw usage("--no-fixture: the TCK reads the cloud back through a fixture; run only --suite e2e");
      }
      return Optional.empty();
    }
    Optional<CloudFixtureFactory> found;
    try {
      found = fixture != null ? Optional.of(CloudFixtures.byClassName(fixture)) : CloudFixtures.forProvider(provider);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw usage("--fixture: " + e.getMessage());
    }
    if (required && found.isEmpty()) {
      throw usage("--fixture: no cloud fixture is registered for provider \"" + provider + "\"; the TCK needs one:"
          + " name a CloudFixtureFactory class with --fixture, or run only --suite e2e");
    }
    return found;
  }

  private KubernetesClientFactory clients() {
    if (kubeconfig == null) {
      // as the TCK extension does: a provider may tolerate UnsupportedOperationException and go on without a cluster
      return name -> {
        throw new UnsupportedOperationException("the provider asked for a Kubernetes client (" + name + ") but no"
            + " --kubeconfig was given; the TCK calls providers directly without a cluster");
      };
    }
    try {
      return KubeClients.fromFlags(kubeconfig, null);
    } catch (IllegalArgumentException e) {
      // names the flag and where the file is broken, never what it holds
      throw usage(e.getMessage());
    }
  }

  private String commandLine() {
    List<String> words = new ArrayList<>(List.of(invokedAs));
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      words.add(SAFE_ARG.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : RunCommand.class.getClassLoader();
  }
}

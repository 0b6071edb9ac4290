package dev.ccm4j.conformance.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ccm4j.conformance.ConformanceSession;
import dev.ccm4j.conformance.ConformanceSessions;
import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.report.E2eLog;
import dev.ccm4j.conformance.report.ReportLayout;
import dev.ccm4j.conformance.report.ReportWriter;
import dev.ccm4j.conformance.report.RunReport;
import dev.ccm4j.conformance.report.SpecResult;
import dev.ccm4j.conformance.report.Summary;
import dev.ccm4j.conformance.tck.TckTargetFactory;
import dev.ccm4j.core.manager.Ccm4jVersion;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.VersionApi;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conformance run: launches the TCK and/or the end-to-end suite on the JUnit Platform, with Ginkgo's focus and
 * skip, and writes the TestGrid, k8s-conformance and summary reports.
 *
 * <pre>{@code
 * ConformanceResult result = ConformanceRun.builder()
 *     .suites(EnumSet.of(Suite.E2E))
 *     .e2e(environment)
 *     .focus(List.of("\\[Feature:LoadBalancer\\]"))
 *     .reportDir(Path.of("_artifacts"))
 *     .progress(System.out)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Every spec of the selected suites is discovered first, so the reports count the specs focus and skip excluded
 * (as skipped) as well as those that ran. The run's {@link ConformanceSession} is registered with
 * {@link ConformanceSessions} while the suites run.
 */
public final class ConformanceRun {
  /** The job name when none is given. */
  public static final String DEFAULT_JOB = "ccm4j-conformance";

  private static final Logger LOG = LoggerFactory.getLogger(ConformanceRun.class);
  private static final String JUPITER = "junit-jupiter";

  private final Set<Suite> suites;
  private final Optional<TckTargetFactory> tck;
  private final Optional<E2eEnvironment> e2e;
  private final SpecFilter filter;
  private final Path reportDir;
  private final String job;
  private final Optional<String> buildId;
  private final Map<String, String> metadata;
  private final Optional<PrintStream> progress;
  private final Optional<List<String>> suiteClasses;
  private final Optional<String> kubernetesVersion;
  private final String commandLine;
  private final Clock clock;
  private final Optional<String> node;

  private ConformanceRun(Builder b) {
    this.suites = EnumSet.copyOf(b.suites);
    this.tck = Optional.ofNullable(b.tck);
    this.e2e = Optional.ofNullable(b.e2e);
    this.filter = SpecFilter.of(b.focus, b.skip);
    this.reportDir = Objects.requireNonNull(b.reportDir, "reportDir");
    this.job = b.job;
    this.buildId = Optional.ofNullable(b.buildId);
    this.metadata = Map.copyOf(b.metadata);
    this.progress = Optional.ofNullable(b.progress);
    this.suiteClasses = Optional.ofNullable(b.suiteClasses);
    this.kubernetesVersion = Optional.ofNullable(b.kubernetesVersion);
    this.commandLine = b.commandLine;
    this.clock = b.clock;
    this.node = Optional.ofNullable(b.node);
    // fail now, not after the suites ran, on a name that cannot be a folder
    new ReportLayout(reportDir, job, buildId.orElse("0"));
    if (suiteClasses.isEmpty()) {
      if (suites.contains(Suite.TCK) && tck.isEmpty()) {
        throw new IllegalStateException("the TCK suite needs a TckTargetFactory (tck(...))");
      }
      if (suites.contains(Suite.E2E) && e2e.isEmpty()) {
        throw new IllegalStateException("the e2e suite needs an E2eEnvironment (e2e(...))");
      }
    }
  }

  /**
   * Starts a builder.
   *
   * @return a builder for a run of both suites with no focus or skip, job {@value #DEFAULT_JOB}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the suites and writes the reports.
   *
   * @return the result
   * @throws IOException if a report file cannot be written
   * @throws IllegalStateException if a suite class is not on the classpath
   */
  public ConformanceResult run() throws IOException {
    Instant start = clock.instant();
    ReportLayout layout = new ReportLayout(reportDir, job,
        buildId.orElse(Long.toString(start.getEpochSecond())));
    List<String> classes = suiteClasses.orElseGet(() -> suites.stream()
        .flatMap(s -> s.classNames().stream()).toList());
    requireLoadable(classes);
    Optional<String> serverVersion = kubernetesVersion.or(() -> e2e.flatMap(ConformanceRun::readServerVersion));
    String runId = UUID.randomUUID().toString();
    long seed = start.getEpochSecond();

    String sessionId = ConformanceSessions.register(new ConformanceSession(tck, e2e));
    try {
      Launcher launcher = LauncherFactory.create();
      TestPlan discovered = launcher.discover(request(classes, sessionId, Optional.empty()));
      Map<String, String> specs = SpecPlan.of(discovered).fullTexts();
      Set<String> included = specs.entrySet().stream().filter(e -> filter.runs(e.getValue()))
          .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());

      E2eLog log = new E2eLog(clock, progress);
      log.header(runId, job, seed, serverVersion, included.size(), specs.size());
      SpecCollector collector = new SpecCollector(clock, log::spec);
      if (!included.isEmpty()) {
        launcher.execute(request(classes, sessionId, Optional.of(included)), collector);
      }
      List<SpecResult> results = new ArrayList<>(collector.resultsInOrder());
      Map<String, SpecResult> byId = collector.results();
      Instant executed = clock.instant();
      for (Map.Entry<String, String> spec : specs.entrySet()) {
        if (included.contains(spec.getKey()) && !byId.containsKey(spec.getKey())) {
          // a dynamic container that registered tests instead is not a spec of its own
          if (!hasDynamicChildren(byId.keySet(), spec.getKey())) {
            SpecResult missing = SpecResult.failed(spec.getValue(), "the spec reported no result", "", executed,
                executed, "");
            log.spec(missing);
            results.add(missing);
          }
        }
      }
      for (Map.Entry<String, String> spec : specs.entrySet()) {
        if (!included.contains(spec.getKey())) {
          results.add(SpecResult.filtered(spec.getValue(), start));
        }
      }

      Instant end = clock.instant();
      RunReport report = new RunReport(job, layout.buildId(), runId, node.orElseGet(ConformanceRun::hostname), start,
          end, seed, filter.focus(), filter.skip(), serverVersion, metadata(serverVersion), commandLine,
          included.size(), results);
      log.tail(report);
      ReportWriter.writeAll(report, log.text(), layout);
      progress.ifPresent(p -> {
        p.println();
        p.print(Summary.render(report, layout));
        p.flush();
      });
      return new ConformanceResult(report.passed(), report.duration(), layout, report.sortedSpecs());
    } finally {
      ConformanceSessions.remove(sessionId);
    }
  }

  private static boolean hasDynamicChildren(Set<String> resultIds, String containerId) {
    return resultIds.stream().anyMatch(id -> id.startsWith(containerId + "/"));
  }

  private LauncherDiscoveryRequest request(List<String> classes, String sessionId, Optional<Set<String>> only) {
    LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
        .selectors(classes.stream().map(c -> selectClass(c)).toList())
        .filters(EngineFilter.includeEngines(JUPITER))
        .configurationParameter(ConformanceSessions.CONFIG_KEY, sessionId)
        .configurationParameter("junit.platform.output.capture.stdout", "true")
        .configurationParameter("junit.platform.output.capture.stderr", "true");
    only.ifPresent(ids -> b.filters(onlySpecs(ids)));
    return b.build();
  }

  /** Keeps the given specs; containers left without specs are pruned by the platform, so their setup never runs. */
  private static PostDiscoveryFilter onlySpecs(Set<String> ids) {
    return descriptor -> ids.contains(descriptor.getUniqueId().toString())
        ? FilterResult.included("selected by focus/skip")
        : FilterResult.excluded("filtered out by focus/skip");
  }

  private static void requireLoadable(List<String> classes) {
    ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
        .orElse(ConformanceRun.class.getClassLoader());
    for (String name : classes) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("suite class " + name + " is not on the classpath", e);
      }
    }
  }

  private Map<String, String> metadata(Optional<String> serverVersion) {
    Map<String, String> m = new LinkedHashMap<>();
    String version = Ccm4jVersion.current();
    m.put("ccm4j-version", version);
    e2e.ifPresent(env -> m.put("provider", env.providerName()));
    serverVersion.ifPresent(v -> m.put("kubernetes-version", v));
    // TestGrid shows job-version as the column's version: the cluster's when there is one
    m.put("job-version", serverVersion.orElse(version));
    m.putAll(metadata);
    return m;
  }

  private static Optional<String> readServerVersion(E2eEnvironment env) {
    try {
      return Optional.ofNullable(new VersionApi(env.client()).getCode().execute().getGitVersion());
    } catch (ApiException | RuntimeException e) {
      LOG.warn("cannot read the cluster's /version; the reports will not name the Kubernetes version: {}",
          e.toString());
      return Optional.empty();
    }
  }

  private static String hostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** Builds a {@link ConformanceRun}. */
  public static final class Builder {
    private Set<Suite> suites = EnumSet.allOf(Suite.class);
    private TckTargetFactory tck;
    private E2eEnvironment e2e;
    private List<String> focus = List.of();
    private List<String> skip = List.of();
    private Path reportDir;
    private String job = DEFAULT_JOB;
    private String buildId;
    private Map<String, String> metadata = Map.of();
    private PrintStream progress;
    private List<String> suiteClasses;
    private String kubernetesVersion;
    private String commandLine = "java -jar ccm4j-conformance.jar run";
    private Clock clock = Clock.systemUTC();
    private String node;

    private Builder() {}

    /**
     * Which suites run.
     *
     * @param suites the suites; both by default
     * @return this builder
     */
    public Builder suites(Set<Suite> suites) {
      if (suites.isEmpty()) {
        throw new IllegalArgumentException("at least one suite must run");
      }
      this.suites = EnumSet.copyOf(suites);
      return this;
    }

    /**
     * Where the TCK gets its provider and fixture. Required when the TCK runs.
     *
     * @param tck the factory
     * @return this builder
     */
    public Builder tck(TckTargetFactory tck) {
      this.tck = Objects.requireNonNull(tck, "tck");
      return this;
    }

    /**
     * The cluster for the end-to-end suite. Required when it runs; its {@code /version} is read for the reports.
     *
     * @param e2e the environment
     * @return this builder
     */
    public Builder e2e(E2eEnvironment e2e) {
      this.e2e = Objects.requireNonNull(e2e, "e2e");
      return this;
    }

    /**
     * Ginkgo's focus: when given, only specs whose full text matches one of these regexes run.
     *
     * @param focus the regexes
     * @return this builder
     */
    public Builder focus(List<String> focus) {
      this.focus = List.copyOf(focus);
      return this;
    }

    /**
     * Ginkgo's skip: specs whose full text matches one of these regexes do not run.
     *
     * @param skip the regexes
     * @return this builder
     */
    public Builder skip(List<String> skip) {
      this.skip = List.copyOf(skip);
      return this;
    }

    /**
     * Where the reports go. Required.
     *
     * @param reportDir the directory; created if missing
     * @return this builder
     */
    public Builder reportDir(Path reportDir) {
      this.reportDir = Objects.requireNonNull(reportDir, "reportDir");
      return this;
    }

    /**
     * The TestGrid job name.
     *
     * @param job letters, digits, '.', '_' or '-'
     * @return this builder
     */
    public Builder job(String job) {
      this.job = Objects.requireNonNull(job, "job");
      return this;
    }

    /**
     * The TestGrid build id.
     *
     * @param buildId letters, digits, '.', '_' or '-'; the start time in epoch seconds by default
     * @return this builder
     */
    public Builder buildId(String buildId) {
      this.buildId = Objects.requireNonNull(buildId, "buildId");
      return this;
    }

    /**
     * Extra {@code finished.json} metadata, overriding the defaults ({@code ccm4j-version}, {@code provider},
     * {@code kubernetes-version}, {@code job-version}).
     *
     * @param metadata string keys and values
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = Map.copyOf(metadata);
      return this;
    }

    /**
     * Where to print the e2e.log lines as specs finish, and the summary at the end.
     *
     * @param progress the stream; nothing is printed by default
     * @return this builder
     */
    public Builder progress(PrintStream progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Runs these test classes instead of the suites' (for tests of the harness, or a provider's own contracts).
     *
     * @param classNames fully qualified class names
     * @return this builder
     */
    public Builder suiteClasses(List<String> classNames) {
      if (classNames.isEmpty()) {
        throw new IllegalArgumentException("at least one suite class must run");
      }
      this.suiteClasses = List.copyOf(classNames);
      return this;
    }

    /**
     * The Kubernetes version the e2e.log names; by default the end-to-end cluster's {@code /version}.
     *
     * @param version for example {@code v1.32.0}
     * @return this builder
     */
    public Builder kubernetesVersion(String version) {
      this.kubernetesVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * The command line that reproduces this run, for the submission README.
     *
     * @param commandLine the command line
     * @return this builder
     */
    public Builder commandLine(String commandLine) {
      this.commandLine = Objects.requireNonNull(commandLine, "commandLine");
      return this;
    }

    /**
     * The clock for timestamps and durations.
     *
     * @param clock the clock; the system's by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The host name {@code started.json} records.
     *
     * @param node the name; this host's by default
     * @return this builder
     */
    public Builder node(String node) {
      this.node = Objects.requireNonNull(node, "node");
      return this;
    }

    /**
     * Builds the run.
     *
     * @return the run
     * @throws java.util.regex.PatternSyntaxException if a focus or skip regex is invalid
     * @throws IllegalArgumentException if the job or build id cannot be a folder name
     * @throws IllegalStateException if a selected suite lacks its TCK factory or environment
     */
    public ConformanceRun build() {
      return new ConformanceRun(this);
    }
  }
}

package dev.ccm4j.reliability.harness;

import dev.ccm4j.cloud.emulator.ControlClient;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.conformance.inprocess.KubeconfigClients;
import dev.ccm4j.conformance.inprocess.SimulatedKubelets;
import dev.ccm4j.launcher.e2e.ChildProcess;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario's cluster, every part a separate launcher process: {@code ccm4j emulator} (the Kubernetes API
 * emulator, which writes a kubeconfig), {@code ccm4j cloud-emulator <vendor>} (which writes the cloud-config and
 * serves the {@code /_ccm4j/} control API), and any number of CCMs ({@link #startCcm}). Simulated kubelets register
 * one Node per cloud instance from this JVM ({@link #joinNodes}). Invariants are read from outside: the Kubernetes
 * API through {@link #core()}, the cloud through {@link #cloud()}.
 *
 * <p>Processes run {@link Launcher}'s command: this JVM's {@code java} with its class path (the module's test class
 * path holds the launcher and everything it needs), or {@code java -jar} the shaded launcher when
 * {@code -Dreliability.launcher.jar=} names it.
 * Logs go to {@code <reports>/<scenario>/}. Closing stops the CCMs first, then the emulators, and deletes the
 * private folder holding the kubeconfig and the cloud-config (both carry credentials).
 */
public final class Campaign implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Campaign.class);
  private static final Pattern ENDPOINT = Pattern.compile("endpoint: (\\S+)");
  private static final Pattern KUBECONFIG = Pattern.compile("kubeconfig written to (\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** The lease the CCMs compete for. */
  public static final String LEASE_NAMESPACE = "kube-system";
  /** The lease's name. */
  public static final String LEASE_NAME = "cloud-controller-manager";
  /** Lease timings short enough for CI; the handover figures are measured against them. */
  public static final Duration LEASE = Duration.ofSeconds(4);
  /** The renew deadline. */
  public static final Duration RENEW = Duration.ofSeconds(3);
  /** The retry period. */
  public static final Duration RETRY = Duration.ofSeconds(1);

  private final String scenario;
  private final Vendor vendor;
  private final String clusterName;
  private final Path logs;
  private final Path directory;
  private final List<ChildProcess> emulators = new ArrayList<>();
  private final List<Ccm> ccms = new CopyOnWriteArrayList<>();
  private ControlClient cloud;
  private Path cloudConfig;
  private Path kubeconfig;
  private KubeconfigClients clients;
  private ApiClient client;
  private SimulatedKubelets kubelets;
  private final Thread shutdownHook = new Thread(this::onJvmShutdown, "reliability-shutdown");

  private Campaign(String scenario, Vendor vendor) throws IOException {
    this.scenario = scenario;
    this.vendor = vendor;
    this.clusterName = "rel-" + scenario.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    this.logs = reports().resolve(scenario);
    // a previous run's logs and thread dumps would pass for this run's
    if (Files.isDirectory(logs)) {
      try (Stream<Path> old = Files.list(logs)) {
        for (Path p : old.toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    this.directory = PrivateDirectory.create("ccm4j-reliability");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Where the campaign writes logs and results: {@code -Dreliability.reports}, else {@code target/reliability}.
   *
   * @return the folder
   */
  public static Path reports() {
    return Path.of(System.getProperty("reliability.reports", "target/reliability"));
  }

  /**
   * Starts the API emulator and the vendor's cloud emulator with a number of running instances.
   *
   * @param scenario the scenario's name (logs folder, cluster name)
   * @param vendor the cloud
   * @param instances instances the cloud emulator starts with
   * @return the campaign, with no CCM yet
   * @throws Exception if a process does not come up; everything started is stopped again
   */
  public static Campaign start(String scenario, Vendor vendor, int instances) throws Exception {
    Campaign c = new Campaign(scenario, vendor);
    try {
      c.startEmulators(instances);
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private void startEmulators(int instances) throws Exception {
    cloudConfig = directory.resolve("cloud-config");
    ChildProcess cloudEmulator = ChildProcess.start("the cloud emulator", launcher("cloud-emulator",
        vendor.emulator(), "--port=0", "--instances=" + instances, "--cloud-config-out=" + cloudConfig),
        logs.resolve("cloud-emulator.log"));
    emulators.add(cloudEmulator);
    ChildProcess api = ChildProcess.start("the API emulator", launcher("emulator", "--port=0",
        "--kubeconfig-out=" + directory.resolve("kubeconfig")), logs.resolve("api-emulator.log"));
    emulators.add(api);
    String endpoint = cloudEmulator.awaitLine(ENDPOINT, START_TIMEOUT, "its endpoint");
    cloud = new ControlClient(URI.create(endpoint));
    kubeconfig = Path.of(api.awaitLine(KUBECONFIG, START_TIMEOUT, "its kubeconfig"));
    clients = new KubeconfigClients(kubeconfig);
    client = clients.client("reliability-campaign");
    LOG.info("{}: cloud emulator {} on {}, API emulator kubeconfig {}", scenario, vendor.emulator(), endpoint,
        kubeconfig);
  }

  /**
   * Starts a CCM with every controller (cloud routes off), leader election on the campaign's lease with the short
   * timings, node monitoring every second, and a serving port whose health and metrics need no credentials.
   *
   * @param name its name (log file {@code <name>.log})
   * @param extraFlags more flags, e.g. {@code --cloud-api-qps=5}; a flag given here is given after the defaults,
   *     and {@code -Dreliability.ccm.flags} after these
   * @return the process, started (not necessarily leading)
   * @throws IOException if it cannot be started
   */
  public Ccm startCcm(String name, String... extraFlags) throws IOException {
    // a port chosen here, as the CCM's own port 0 would disable serving
    int port = Launcher.freePort();
    List<String> args = new ArrayList<>(List.of(
        "--cloud-provider=" + vendor.provider(),
        "--cloud-config=" + cloudConfig,
        "--kubeconfig=" + kubeconfig,
        "--cluster-name=" + clusterName,
        "--controllers=*",
        "--configure-cloud-routes=false",
        "--leader-elect=true",
        "--leader-elect-resource-namespace=" + LEASE_NAMESPACE,
        "--leader-elect-resource-name=" + LEASE_NAME,
        "--leader-elect-lease-duration=" + LEASE.toSeconds() + "s",
        "--leader-elect-renew-deadline=" + RENEW.toSeconds() + "s",
        "--leader-elect-retry-period=" + RETRY.toSeconds() + "s",
        "--secure-port=" + port,
        "--bind-address=127.0.0.1",
        "--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics",
        "--node-monitor-period=1s",
        "--node-status-update-frequency=5s"));
    args.addAll(List.of(extraFlags));
    // experiments, e.g. checking that a scenario catches a disabled guard: -Dreliability.ccm.flags="--a=1 --b=2"
    String more = System.getProperty("reliability.ccm.flags", "").strip();
    if (!more.isEmpty()) {
      args.addAll(List.of(more.split("\\s+")));
    }
    // each CCM gets a little more heap than Launcher's default, for the full-size runs; the emulators keep the JVM's
    // default cap
    List<String> command = Launcher.command(List.of("-Xmx768m"), args);
    Ccm ccm = new Ccm(name, ChildProcess.start(name, command, logs.resolve(name + ".log")), port);
    ccms.add(ccm);
    return ccm;
  }

  /**
   * Registers one Node per running instance, with the instance's provider ID and private address, and starts its
   * simulated kubelet (Ready heartbeats every 2 s).
   *
   * @return the instances, in the cloud's order; node names are the instances' names
   * @throws ApiException if the API refuses a Node
   */
  public List<ControlInstance> joinNodes() throws ApiException {
    if (kubelets == null) {
      kubelets = new SimulatedKubelets(clients.client("simulated-kubelets"), Duration.ofSeconds(2));
    }
    List<ControlInstance> joined = new ArrayList<>();
    for (ControlInstance i : cloud.instances()) {
      if (!ControlInstance.RUNNING.equals(i.state())) {
        continue;
      }
      kubelets.register(nodeName(i), List.of(new V1NodeAddress().type("InternalIP").address(i.privateIp()),
          new V1NodeAddress().type("Hostname").address(nodeName(i))), i.providerId());
      joined.add(i);
    }
    return joined;
  }

  /**
   * The Node name of an instance.
   *
   * @param instance the instance
   * @return its name, lower case (a Node name is a DNS subdomain)
   */
  public static String nodeName(ControlInstance instance) {
    String n = instance.name().isEmpty() ? instance.id() : instance.name();
    return n.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
  }

  /**
   * The simulated kubelets (after {@link #joinNodes}).
   *
   * @return the kubelets
   */
  public SimulatedKubelets kubelets() {
    return kubelets;
  }

  /**
   * The current holder of the campaign's lease.
   *
   * @return the holder identity, empty when none or the lease does not exist yet
   */
  public Optional<String> leaseHolder() {
    try {
      V1Lease lease = new CoordinationV1Api(client).readNamespacedLease(LEASE_NAME, LEASE_NAMESPACE).execute();
      String h = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      return h == null || h.isEmpty() ? Optional.empty() : Optional.of(h);
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  /**
   * A Kubernetes client for the API emulator.
   *
   * @return the campaign's client
   */
  public ApiClient client() {
    return client;
  }

  /**
   * The core/v1 API.
   *
   * @return the API on the campaign's client
   */
  public CoreV1Api core() {
    return new CoreV1Api(client);
  }

  /**
   * The cloud emulator's control API.
   *
   * @return its client
   */
  public ControlClient cloud() {
    return cloud;
  }

  /**
   * The vendor.
   *
   * @return the cloud this campaign runs against
   */
  public Vendor vendor() {
    return vendor;
  }

  /**
   * The cluster name the CCMs tag cloud resources with.
   *
   * @return {@code --cluster-name}
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * The cloud census: load balancers per Service.
   *
   * @return a census of the cloud as it is now
   */
  public CloudCensus census() {
    return CloudCensus.take(this);
  }

  /**
   * Writes a thread dump of every live CCM next to its log ({@code <name>-threads.txt}), for a scenario that failed:
   * a CCM that leads but does nothing is only explained by its threads.
   */
  public void dumpThreads() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (Ccm c : ccms) {
      if (!c.process().alive()) {
        continue;
      }
      Path out = logs.resolve(c.name() + "-threads.txt");
      try {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(c.process().pid()), "Thread.print")
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        LOG.warn("{}: thread dump of {} in {}", scenario, c.name(), out);
      } catch (IOException e) {
        LOG.warn("{}: no thread dump of {}: {}", scenario, c.name(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Runs a scenario's body, dumping the CCMs' threads when it fails.
   *
   * @param body the body
   * @throws Exception whatever the body throws
   */
  public void run(Body body) throws Exception {
    try {
      body.run();
    } catch (Exception | Error e) {
      dumpThreads();
      throw e;
    }
  }

  /** A scenario's body. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs it.
     *
     * @throws Exception on failure
     */
    void run() throws Exception;
  }

  /** Stops every CCM, the kubelets, the emulators, and deletes the private folder. Idempotent. */
  @Override
  public synchronized void close() {
    for (Ccm c : ccms) {
      c.close();
    }
    ccms.clear();
    if (kubelets != null) {
      kubelets.close();
      kubelets = null;
    }
    if (clients != null) {
      clients.close();
    }
    for (ChildProcess p : emulators) {
      p.stop(Duration.ofSeconds(10));
    }
    emulators.clear();
    deleteDirectory();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is shutting down, or the hook already ran
    }
  }

  private void onJvmShutdown() {
    ccms.forEach(c -> c.process().stop(Duration.ofSeconds(5)));
    emulators.forEach(p -> p.stop(Duration.ofSeconds(5)));
    deleteDirectory();
  }

  private static List<String> launcher(String... args) {
    return Launcher.command(List.of(), List.of(args));
  }

  private void deleteDirectory() {
    try {
      PrivateDirectory.delete(directory);
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("could not delete {}: {}", directory, e.toString());
    }
  }
}

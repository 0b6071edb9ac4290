package dev.ccm4j.launcher.e2e;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.CloudEmulators;
import dev.ccm4j.conformance.cli.EmbeddedCluster;
import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.e2e.E2eTimeouts;
import dev.ccm4j.conformance.e2e.NodePool;
import dev.ccm4j.conformance.inprocess.KubeconfigClients;
import dev.ccm4j.conformance.inprocess.KubeletAwareFixture;
import dev.ccm4j.conformance.inprocess.SimulatedKubelets;
import dev.ccm4j.core.clock.GoDuration;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster of {@code ccm4j conformance --cloud-emulator}: a vendor's cloud emulator and the real CCM as separate
 * processes of this launcher, the Kubernetes API emulator and simulated kubelets in this JVM.
 *
 * <ol>
 *   <li>{@code ccm4j cloud-emulator <provider> --port 0 --cloud-config-out <tmp>} starts, with a few seed
 *       instances; its {@code endpoint:} line says it is serving, and the cloud-config it wrote is what the CCM, the
 *       TCK's providers and the fixture use.</li>
 *   <li>The Kubernetes API emulator starts on a free port, with a kubeconfig in a private temporary folder.</li>
 *   <li>{@code ccm4j --cloud-provider=<provider> --cloud-config=<tmp> --kubeconfig=<tmp>} starts with every
 *       controller, leader election on, no serving port, node CIDR allocation and cloud routes, and the one-second
 *       periods of the in-process cluster; it is up once it holds its lease.</li>
 *   <li>Nodes join on instances the provider's fixture creates, registered by simulated kubelets with the
 *       instance's provider ID (as the vendor's node image passes {@code --provider-id} to kubelet) and addresses;
 *       stopping or terminating an instance through the fixture silences its kubelet.</li>
 * </ol>
 *
 * Logs of both processes go to {@code <report-dir>/processes/}. Closing stops everything, the processes also when
 * this JVM is shut down by a signal, and deletes the temporary folder (which holds the emulator's credentials).
 * Any provider with a registered {@link CloudEmulatorFactory} works.
 */
public final class CloudEmulatorCluster implements EmbeddedCluster {
  private static final Logger LOG = LoggerFactory.getLogger(CloudEmulatorCluster.class);
  /** The pod network the CCM's node IPAM controller allocates from. */
  public static final String CLUSTER_CIDR = "10.244.0.0/16";
  /** Instances the cloud emulator starts with, besides those the fixture creates for nodes. */
  public static final int SEED_INSTANCES = 3;
  private static final String MAIN = "dev.ccm4j.launcher.Main";
  private static final String LEASE_NAMESPACE = "kube-system";
  private static final String LEASE_NAME = "cloud-controller-manager";
  private static final Pattern ENDPOINT = Pattern.compile("endpoint: (\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration CCM_GRACE = Duration.ofSeconds(20);
  private static final Duration EMULATOR_GRACE = Duration.ofSeconds(10);
  private static final Duration HEARTBEAT = Duration.ofSeconds(3);
  /** Quick to start and small: the children serve one test run, not production traffic. */
  private static final List<String> CHILD_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Xmx512m");

  private final Path java;
  private final String classpath;

  /**
   * A cluster whose processes run this launcher with this JVM's {@code java} and class path.
   *
   * @return the cluster, not started
   */
  public static CloudEmulatorCluster forThisJvm() {
    return new CloudEmulatorCluster(Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"));
  }

  /**
   * A cluster whose processes run {@code dev.ccm4j.launcher.Main} from a class path.
   *
   * @param java the {@code java} executable
   * @param classpath the launcher's class path
   */
  public CloudEmulatorCluster(Path java, String classpath) {
    this.java = Objects.requireNonNull(java, "java");
    this.classpath = Objects.requireNonNull(classpath, "classpath");
  }

  /**
   * The cloud emulator for a provider.
   *
   * @param provider the provider name or one of its emulator's aliases
   * @return the emulator's factory
   * @throws IllegalArgumentException if no emulator is registered for it, listing those that are
   */
  public static CloudEmulatorFactory emulatorFor(String provider) {
    try {
      return CloudEmulators.find(provider);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no cloud emulator is registered for provider \"" + provider
          + "\"; --cloud-emulator works for: " + String.join(", ", CloudEmulators.names()), e);
    }
  }

  @Override
  public Started start(Request request) throws Exception {
    Running running = new Running(request);
    try {
      running.startParts();
      return running;
    } catch (Exception | Error e) {
      running.close();
      throw e;
    }
  }

  /** The processes and in-JVM parts of one run, stopped in reverse order. */
  private final class Running implements Started, E2eEnvironment {
    private final Request request;
    private final PrintStream out;
    private volatile KubeconfigClients clients;
    private final Thread shutdownHook = new Thread(this::onJvmShutdown, "ccm4j-cloud-e2e-shutdown");
    private Path directory;
    private Path cloudConfig;
    private ChildProcess emulator;
    private KubeApiServer api;
    private Path kubeconfig;
    private ApiClient client;
    private CloudProvider provider;
    private ChildProcess ccm;
    private SimulatedKubelets kubelets;
    private KubeletAwareFixture fixture;
    private NodePool pool;
    private boolean closed;

    Running(Request request) {
      this.request = request;
      this.out = request.progress();
    }

    void startParts() throws Exception {
      CloudEmulatorFactory factory = emulatorFor(request.provider());
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      directory = privateDirectory();
      Path logs = request.reportDir().resolve("processes");
      cloudConfig = directory.resolve("cloud-config");

      out.println("Starting the cloud emulator: ccm4j cloud-emulator " + factory.name() + " (" + SEED_INSTANCES
          + " seed instances; log " + logs.resolve("cloud-emulator.log") + ")");
      emulator = ChildProcess.start("the cloud emulator", launcher("cloud-emulator", factory.name(), "--port=0",
          "--instances=" + SEED_INSTANCES, "--cloud-config-out=" + cloudConfig), logs.resolve("cloud-emulator.log"));
      String endpoint = emulator.awaitLine(ENDPOINT, START_TIMEOUT, "its endpoint");
      if (!Files.isRegularFile(cloudConfig)) {
        throw new IllegalStateException("the cloud emulator announced " + endpoint + " but wrote no cloud-config to "
            + cloudConfig);
      }
      out.println("Cloud emulator serving on " + endpoint + " (pid " + emulator.pid() + ")");
      if (!request.e2e()) {
        return;
      }

      api = KubeApiServer.builder().build().start();
      kubeconfig = api.writeKubeconfig(directory.resolve("kubeconfig"));
      clients = new KubeconfigClients(kubeconfig);
      client = client("ccm4j-conformance-e2e");
      provider = CloudProviders.load(request.provider(), cloudConfig);
      provider.initialize(ProviderContext.builder(request.clusterName(), this::client).build());

      out.println("Starting the CCM: ccm4j --cloud-provider=" + request.provider() + " against the API server"
          + " emulator on " + api.url() + " (log " + logs.resolve("ccm.log") + ")");
      ccm = ChildProcess.start("the CCM", launcher(
          "--cloud-provider=" + request.provider(),
          "--cloud-config=" + cloudConfig,
          "--kubeconfig=" + kubeconfig,
          "--cluster-name=" + request.clusterName(),
          "--controllers=*",
          "--leader-elect=true",
          "--leader-elect-resource-namespace=" + LEASE_NAMESPACE,
          "--leader-elect-resource-name=" + LEASE_NAME,
          "--secure-port=0",
          "--allocate-node-cidrs=true",
          "--cluster-cidr=" + CLUSTER_CIDR,
          "--configure-cloud-routes=true",
          "--node-monitor-period=1s",
          "--node-status-update-frequency=1s",
          "--route-reconciliation-period=1s"), logs.resolve("ccm.log"));
      String holder = awaitLeader();
      out.println("CCM leading as " + holder + " (pid " + ccm.pid() + ")");

      kubelets = new SimulatedKubelets(client("simulated-kubelets"), HEARTBEAT);
      Optional<CloudFixtureFactory> fixtures = request.fixtures();
      if (fixtures.isPresent()) {
        fixture = new KubeletAwareFixture(fixtures.get().create(provider, request.clusterName()), kubelets);
        pool = name -> {
          FixtureInstance instance = fixture.createInstance(name);
          return kubelets.register(instance.name(), instance.addresses(), instance.providerId());
        };
        for (int i = 1; i <= request.nodes(); i++) {
          pool.join("ccm4j-node-" + i);
        }
      }
      out.println("Cluster up: " + request.nodes() + " simulated node(s) joined on the cloud emulator's instances");
    }

    /** Waits until the CCM holds its lease: it has loaded the provider and runs its controllers. */
    private String awaitLeader() throws InterruptedException {
      CoordinationV1Api leases = new CoordinationV1Api(client);
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (true) {
        if (!ccm.alive()) {
          throw new IllegalStateException("the CCM exited with status " + exitStatus(ccm) + " before taking its"
              + " lease" + ccm.tail());
        }
        try {
          V1Lease lease = leases.readNamespacedLease(LEASE_NAME, LEASE_NAMESPACE).execute();
          String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
          if (holder != null && !holder.isEmpty()) {
            return holder;
          }
        } catch (ApiException e) {
          if (e.getCode() != 404) {
            LOG.debug("reading the CCM's lease failed: {}", e.getCode());
          }
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the CCM did not take its lease " + LEASE_NAMESPACE + "/" + LEASE_NAME
              + " within " + GoDuration.format(START_TIMEOUT) + ccm.tail());
        }
        Thread.sleep(100);
      }
    }

    private List<String> launcher(String... args) {
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(CHILD_JVM_OPTIONS);
      command.add("-cp");
      command.add(classpath);
      command.add(MAIN);
      command.addAll(List.of(args));
      return command;
    }

    /** Every component gets a client of its own, all closed with the cluster. */
    private ApiClient client(String userAgent) {
      return clients.client(userAgent);
    }

    @Override
    public Optional<Path> cloudConfig() {
      return Optional.ofNullable(cloudConfig);
    }

    @Override
    public Optional<E2eEnvironment> e2e() {
      return request.e2e() ? Optional.of(this) : Optional.empty();
    }

    @Override
    public ApiClient client() {
      return client;
    }

    @Override
    public String clusterName() {
      return request.clusterName();
    }

    @Override
    public String providerName() {
      return provider.name();
    }

    @Override
    public boolean ownsProviderId(String providerId) {
      return provider.ownsProviderId(providerId);
    }

    @Override
    public Optional<LoadBalancer> loadBalancerNaming() {
      return provider.loadBalancer();
    }

    @Override
    public Optional<CloudFixture> fixture() {
      return Optional.ofNullable(fixture);
    }

    @Override
    public Optional<NodePool> nodePool() {
      return Optional.ofNullable(pool);
    }

    /** The CCM runs the route and node IPAM controllers, so routes are expected when the provider has them. */
    @Override
    public boolean routesExpected() {
      return provider.routes().isPresent();
    }

    @Override
    public E2eTimeouts timeouts() {
      return request.timeouts();
    }

    /**
     * Stops the CCM first (it releases its lease), then the kubelets, the fixture (which removes its instances
     * while the cloud emulator still runs), the provider, the API server and the cloud emulator, and deletes the
     * temporary folder. Idempotent.
     */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (ccm != null) {
        ccm.stop(CCM_GRACE);
      }
      quietly("the simulated kubelets", kubelets);
      quietly("the fixture", fixture);
      quietly("the provider", provider);
      if (clients != null) {
        clients.close();
      }
      quietly("the API server", api);
      if (emulator != null) {
        emulator.stop(EMULATOR_GRACE);
      }
      deleteDirectory();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // the JVM is shutting down (the hook runs or ran), or the hook was never added
      }
    }

    /** On SIGTERM or Ctrl-C of this JVM: no child process may outlive it, and no credentials stay on disk. */
    private void onJvmShutdown() {
      for (ChildProcess p : Stream.of(ccm, emulator).filter(Objects::nonNull).toList()) {
        p.stop(Duration.ofSeconds(5));
      }
      deleteDirectory();
    }

    private void deleteDirectory() {
      if (directory == null) {
        return;
      }
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | UncheckedIOException e) {
        LOG.warn("could not delete {}: {}", directory, e.toString());
      }
    }

    private static Path privateDirectory() throws IOException {
      return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? Files.createTempDirectory("ccm4j-cloud-e2e",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("ccm4j-cloud-e2e");
    }

    private static String exitStatus(ChildProcess p) {
      try {
        return Integer.toString(p.exitValue());
      } catch (IllegalThreadStateException e) {
        return "unknown";
      }
    }

    private static void quietly(String what, AutoCloseable part) {
      if (part == null) {
        return;
      }
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", what, e.toString());
      }
    }
  }
}

package dev.ccm4j.launcher.demo;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.conformance.inprocess.SimulatedKubelets;
import dev.ccm4j.core.manager.BuiltInControllers;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.serving.SecureServingOptions;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A whole cluster in one process, on addresses and ports of its own (so several run side by side): the API server
 * emulator, the cloud-controller-manager with the {@code local} provider, simulated nodes (the harness's
 * kubelets), and the cluster components that turn Deployments into answering pods, acting through the API as the
 * real ones do: {@link DeploymentController}, {@link ReplicaSetController}, {@link Scheduler}, {@link Kubelets},
 * {@link EndpointsController}, {@link KubeProxy}, {@link GarbageCollector}, and the {@link BackendExplainer} that says why a Service has no
 * backend.
 */
public final class DemoCluster implements AutoCloseable {
  private final List<AutoCloseable> resources = new ArrayList<>();
  private DemoNetwork network;
  private KubeApiServer api;
  private Path kubeconfig;
  private String kubeconfigText;
  private ApiClient client;
  private ControllerManager manager;
  private SimulatedKubelets nodeKubelets;
  private final Map<String, String> nodes = new LinkedHashMap<>();

  private DemoCluster() {}

  /**
   * Starts a cluster; on failure everything started so far is closed again.
   *
   * @param nodeCount simulated nodes, 1 to {@link DemoNetwork#MAX_NODES}
   * @param kubeconfigOut where to write the kubeconfig
   * @param notes where the components' messages for the user go (a Service without backends, a port that cannot
   *     be bound)
   * @return the running cluster
   * @throws IOException if the kubeconfig or the cloud-config cannot be written
   * @throws ApiException if a node cannot be registered
   */
  public static DemoCluster start(int nodeCount, Path kubeconfigOut, Consumer<String> notes)
      throws IOException, ApiException {
    DemoCluster c = new DemoCluster();
    try {
      c.run(nodeCount, kubeconfigOut, notes);
      return c;
    } catch (IOException | ApiException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void run(int nodeCount, Path kubeconfigOut, Consumer<String> notes) throws IOException, ApiException {
    if (nodeCount < 1 || nodeCount > DemoNetwork.MAX_NODES) {
      throw new IllegalArgumentException("nodes must be between 1 and " + DemoNetwork.MAX_NODES);
    }
    network = DemoNetwork.claim();
    resources.add(network);
    boolean privileged = network.privilegedPortsAllowed();
    api = KubeApiServer.builder().https(true).bearerToken("ccm4j-demo").build().start();
    // closed last but the network, after the manager has released its lease
    resources.add(api);
    kubeconfig = api.writeKubeconfig(kubeconfigOut.toAbsolutePath());
    // clients are made from this copy, so a kubeconfig the user edits or replaces cannot point the demo elsewhere
    kubeconfigText = Files.readString(kubeconfig);
    client = newClient("ccm4j-demo");

    Path cloudConfig = Files.createTempFile("ccm4j-demo-local", ".yaml");
    resources.add(() -> Files.deleteIfExists(cloudConfig));
    Files.writeString(cloudConfig, "zone: demo-a\nregion: demo\ninstanceType: demo.small\n"
        + "loadBalancer:\n  addressPool: [\"" + network.loadBalancerPool() + "\"]\n");
    CloudProvider provider = CloudProviders.load("local", cloudConfig);
    manager = BuiltInControllers.registerAll(ControllerManager.builder())
        .provider(provider)
        .options(ControllerManagerOptions.builder()
            .clusterName("ccm4j-demo")
            .clusterCidrs(List.of("10.244.0.0/16"))
            .allocateNodeCidrs(true)
            .leaderElectTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2))
            .nodeStatusUpdateFrequency(Duration.ofSeconds(30))
            .build())
        .clients(name -> {
          try {
            return newClient(name);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .serving(SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build(), false)
        .identity("ccm4j-demo_" + UUID.randomUUID())
        .build();
    resources.add(manager);
    manager.start();

    nodeKubelets = new SimulatedKubelets(client, Duration.ofSeconds(10));
    resources.add(nodeKubelets);
    for (int i = 1; i <= nodeCount; i++) {
      nodes.put("demo-node-" + i, network.nodeAddress(i));
    }
    DemoInformers informers = new DemoInformers(newClient("ccm4j-demo-informers"));
    resources.add(informers);
    resources.add(new DeploymentController(newClient("deployment-controller"), informers));
    resources.add(new ReplicaSetController(newClient("replicaset-controller"), informers));
    resources.add(new Scheduler(newClient("default-scheduler"), informers));
    Kubelets kubelets = new Kubelets(newClient("kubelet"), informers, network, nodeKubelets::running);
    resources.add(kubelets);
    resources.add(new EndpointsController(newClient("endpoint-controller"), informers));
    resources.add(new KubeProxy(informers, network, nodes, notes));
    resources.add(new GarbageCollector(newClient("generic-garbage-collector"), informers));
    resources.add(new BackendExplainer(newClient(BackendExplainer.COMPONENT), informers, notes, privileged));
    informers.start();
    for (Map.Entry<String, String> n : nodes.entrySet()) {
      nodeKubelets.register(n.getKey(), List.of(new V1NodeAddress().type("InternalIP").address(n.getValue()),
          new V1NodeAddress().type("Hostname").address(n.getKey())));
    }
  }

  private ApiClient newClient(String userAgent) throws IOException {
    ApiClient c = io.kubernetes.client.util.Config.fromConfig(new java.io.StringReader(kubeconfigText));
    c.setUserAgent(userAgent);
    return c;
  }

  /**
   * The API server emulator.
   *
   * @return the running server
   */
  public KubeApiServer api() {
    return api;
  }

  /**
   * The kubeconfig written at start.
   *
   * @return its absolute path
   */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * A client of the cluster, as the user.
   *
   * @return the client
   */
  public ApiClient client() {
    return client;
  }

  /**
   * The demo's addresses.
   *
   * @return the network
   */
  public DemoNetwork network() {
    return network;
  }

  /**
   * The simulated nodes.
   *
   * @return node name to its address, in order
   */
  public Map<String, String> nodes() {
    return Map.copyOf(nodes);
  }

  /**
   * The cloud-controller-manager's health port.
   *
   * @return the port on 127.0.0.1
   */
  public int healthPort() {
    return manager.servingAddress().map(InetSocketAddress::getPort).orElse(0);
  }

  /** Stops everything, newest first. */
  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(DemoCluster.class).warn("cleanup: {}", e.toString());
      }
    }
    resources.clear();
  }
}

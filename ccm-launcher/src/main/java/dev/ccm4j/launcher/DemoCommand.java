package dev.ccm4j.launcher;

import com.sun.net.httpserver.HttpServer;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.conformance.inprocess.SimulatedKubelets;
import dev.ccm4j.core.clock.GoDuration;
import dev.ccm4j.core.manager.BuiltInControllers;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.serving.SecureServingOptions;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: a whole cloud-controller-manager story in one process with no cluster. An API server emulator, the
 * CCM with the {@code local} provider and leader election, three simulated nodes with kubelet-like readiness, a tiny
 * HTTP backend on each node's NodePort, and a LoadBalancer Service; it prints each step as it happens and proves the
 * data path by fetching the backend through the load balancer.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the cloud-controller-manager with the local provider against an embedded API server.")
final class DemoCommand implements Callable<Integer> {
  private static final String NAMESPACE = "default";
  private static final String SERVICE = "demo-web";
  private static final int SERVICE_PORT = 8080;

  @Spec CommandSpec spec;

  @Option(names = "--duration", description = "Exit after this long (Go duration, e.g. 30s); 0 runs until Ctrl-C"
      + " (default ${DEFAULT-VALUE}).")
  Duration duration = Duration.ZERO;

  @Option(names = "--nodes", description = "Simulated nodes (default ${DEFAULT-VALUE}).")
  int nodes = 3;

  @Option(names = "--kubeconfig-out", paramLabel = "FILE",
      description = "Where to write the kubeconfig (default ${DEFAULT-VALUE}).")
  Path kubeconfigOut = Path.of("ccm4j-demo.kubeconfig");

  @Option(names = {"-v", "--v"}, description = "Log verbosity (default ${DEFAULT-VALUE}).")
  int verbosity;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 50) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes must be between 1 and 50");
    }
    Logging.configure(verbosity, "text");
    if (verbosity == 0) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.ccm4j"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    out = spec.commandLine().getOut();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      KubeApiServer api = KubeApiServer.builder().https(true).bearerToken("ccm4j-demo").build().start();
      // closed last, after the manager has released its lease
      resources.add(api);
      Path kubeconfig = api.writeKubeconfig(kubeconfigOut.toAbsolutePath());
      step("API server emulator on " + api.url());
      step("kubeconfig: " + kubeconfig + "   (kubectl --kubeconfig " + kubeconfig + " get nodes,svc)");
      ApiClient client = io.kubernetes.client.util.Config.fromConfig(kubeconfig.toString());
      CoreV1Api core = new CoreV1Api(client);

      Path cloudConfig = Files.createTempFile("ccm4j-demo-local", ".yaml");
      cloudConfig.toFile().deleteOnExit();
      Files.writeString(cloudConfig, "zone: demo-a\nregion: demo\ninstanceType: demo.small\n"
          + "loadBalancer:\n  addressPool: [\"127.0.2.0/24\"]\n");
      CloudProvider provider = CloudProviders.load("local", cloudConfig);
      ControllerManager manager = BuiltInControllers.registerAll(ControllerManager.builder())
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
              ApiClient c = io.kubernetes.client.util.Config.fromConfig(kubeconfig.toString());
              c.setUserAgent(name);
              return c;
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .serving(SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build(), false)
          .identity("ccm4j-demo_" + java.util.UUID.randomUUID())
          .onLeadershipLost(() -> out.println("lost leadership; exiting"))
          .build();
      resources.add(manager);
      manager.start();
      int healthPort = manager.servingAddress().map(InetSocketAddress::getPort).orElse(0);
      step("cloud-controller-manager started (provider local, leader election on); health: https://127.0.0.1:"
          + healthPort + "/healthz");

      SimulatedKubelets kubelets = new SimulatedKubelets(client, Duration.ofSeconds(10));
      resources.add(kubelets);
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        String name = "demo-node-" + i;
        names.add(name);
        kubelets.register(name, List.of(new V1NodeAddress().type("InternalIP").address(nodeIp(i)),
            new V1NodeAddress().type("Hostname").address(name)));
      }
      step(nodes + " nodes joined with the " + WellKnown.TAINT_UNINITIALIZED + " taint");
      awaitInitialized(core, names);

      V1Service svc = core.createNamespacedService(NAMESPACE, new V1Service()
          .metadata(new V1ObjectMeta().name(SERVICE))
          .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", SERVICE))
              .ports(List.of(new V1ServicePort().name("http").port(SERVICE_PORT)
                  .targetPort(new io.kubernetes.client.custom.IntOrString(SERVICE_PORT)))))).execute();
      int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
      for (int i = 1; i <= nodes; i++) {
        resources.add(backend(nodeIp(i), nodePort, "demo-node-" + i));
      }
      step("Service " + NAMESPACE + "/" + SERVICE + " (type LoadBalancer, port " + SERVICE_PORT + ", nodePort "
          + nodePort + ") created; a backend answers on each node's NodePort");
      String ingress = awaitIngress(core);
      step("load balancer ready: " + ingress + ":" + SERVICE_PORT);

      Set<String> answeredBy = new HashSet<>();
      for (int i = 0; i < nodes * 2; i++) {
        // a new client per request means a new connection, so the balancer picks a backend each time
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + ingress + ":" + SERVICE_PORT
            + "/")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        answeredBy.add(r.body().strip());
        out.println("  GET http://" + ingress + ":" + SERVICE_PORT + "/ -> " + r.statusCode() + " " + r.body().strip());
      }
      step("data path works: " + answeredBy.size() + " backend(s) answered through the load balancer");
      awaitRouted(core, names);
      out.println();
      out.println("Explore with:  kubectl --kubeconfig " + kubeconfig + " get nodes -o wide");
      out.println("               kubectl --kubeconfig " + kubeconfig + " get svc " + SERVICE);
      out.println("               curl http://" + ingress + ":" + SERVICE_PORT + "/");
      out.println(duration.isZero() ? "Press Ctrl-C to stop." : "Stopping in " + GoDuration.format(duration) + ".");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-shutdown"));
      if (duration.isZero()) {
        stop.await();
      } else {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
      return 0;
    } finally {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          out.println("cleanup: " + e.getMessage());
        }
      }
    }
  }

  private static String nodeIp(int i) {
    return "127.0.1." + i;
  }

  private void step(String message) {
    out.println("[" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "] " + message);
    out.flush();
  }

  private void awaitInitialized(CoreV1Api core, List<String> names) throws Exception {
    awaitNodes(core, names, n -> !hasTaint(n, WellKnown.TAINT_UNINITIALIZED) && n.getSpec().getProviderID() != null,
        n -> {
          Map<String, String> labels = n.getMetadata().getLabels();
          return "node " + n.getMetadata().getName() + " initialized: providerID " + n.getSpec().getProviderID()
              + ", zone " + labels.get(WellKnown.LABEL_ZONE) + ", type " + labels.get(WellKnown.LABEL_INSTANCE_TYPE)
              + ", addresses " + n.getStatus().getAddresses().stream().map(a -> a.getAddress()).toList();
        }, "initialized");
  }

  private void awaitRouted(CoreV1Api core, List<String> names) throws Exception {
    awaitNodes(core, names, n -> n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> WellKnown.CONDITION_NETWORK_UNAVAILABLE
            .equals(c.getType()) && "False".equals(c.getStatus())),
        n -> "node " + n.getMetadata().getName() + " pod CIDR " + n.getSpec().getPodCIDR() + " routed"
            + " (NetworkUnavailable=False)", "routed");
  }

  private static boolean hasTaint(V1Node n, String key) {
    return n.getSpec() != null && n.getSpec().getTaints() != null
        && n.getSpec().getTaints().stream().anyMatch(t -> key.equals(t.getKey()));
  }

  private void awaitNodes(CoreV1Api core, List<String> names, java.util.function.Predicate<V1Node> done,
      java.util.function.Function<V1Node, String> describe, String what) throws Exception {
    Set<String> seen = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (seen.size() < names.size()) {
      for (V1Node n : core.listNode().execute().getItems()) {
        if (names.contains(n.getMetadata().getName()) && done.test(n) && seen.add(n.getMetadata().getName())) {
          step(describe.apply(n));
        }
      }
      if (seen.size() < names.size() && System.nanoTime() > deadline) {
        throw new IllegalStateException("nodes were not " + what + " within 60s; rerun with --v=2 to see why");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private String awaitIngress(CoreV1Api core) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      V1Service s = core.readNamespacedService(SERVICE, NAMESPACE).execute();
      List<V1LoadBalancerIngress> ingress = s.getStatus() == null || s.getStatus().getLoadBalancer() == null
          ? null : s.getStatus().getLoadBalancer().getIngress();
      if (ingress != null && !ingress.isEmpty() && ingress.get(0).getIp() != null) {
        return ingress.get(0).getIp();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the Service got no load balancer within 60s; rerun with --v=2 to see why");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Stands in for kube-proxy plus a pod: answers on the node's NodePort. */
  private static AutoCloseable backend(String ip, int nodePort, String node) throws java.io.IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(ip, nodePort), 0);
    byte[] body = ("hello from " + node + "\n").getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return () -> server.stop(0);
  }
}

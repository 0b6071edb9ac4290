package dev.ccm4j.launcher;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.clock.GoDuration;
import dev.ccm4j.launcher.demo.DemoCluster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * {@code demo}: a whole cloud-controller-manager story in one process with no cluster ({@link DemoCluster}): an API
 * server emulator, the CCM with the {@code local} provider and leader election, simulated nodes, and the cluster
 * components that run Deployments as answering pods. It creates a Deployment and a LoadBalancer Service, prints
 * each step as it happens, proves the data path by fetching the pods through the load balancer, and then prints
 * the kubectl walk-through to do the same by hand. Every address and port is picked free at start, so several
 * demos run at once.
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
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes must be between 1 and " + dev.ccm4j.launcher.demo.DemoNetwork.MAX_NODES);
    }
    Logging.configure(verbosity, "text");
    if (verbosity == 0) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.ccm4j"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    out = spec.commandLine().getOut();
    boolean chosen = spec.commandLine().getParseResult().hasMatchedOption("--kubeconfig-out");
    try (Claim claim = chosen ? new Claim(kubeconfigOut, null, null) : claimKubeconfig(kubeconfigOut);
        DemoCluster cluster = DemoCluster.start(nodes, claim.path(), this::step)) {
      Path kubeconfig = cluster.kubeconfig();
      step("API server emulator on " + cluster.api().url());
      step("kubeconfig: " + kubeconfig + "   (kubectl --kubeconfig " + kubeconfig + " get nodes,svc)");
      step("cloud-controller-manager started (provider local, leader election on); health: https://127.0.0.1:"
          + cluster.healthPort() + "/healthz");
      ApiClient client = cluster.client();
      CoreV1Api core = new CoreV1Api(client);
      List<String> names = List.copyOf(new java.util.TreeMap<>(cluster.nodes()).keySet());
      step(nodes + " nodes joined with the " + WellKnown.TAINT_UNINITIALIZED + " taint, on "
          + String.join(", ", new java.util.TreeMap<>(cluster.nodes()).values()));
      awaitInitialized(core, names);

      Map<String, String> labels = Map.of("app", SERVICE);
      new AppsV1Api(client).createNamespacedDeployment(NAMESPACE, new V1Deployment()
          .metadata(new V1ObjectMeta().name(SERVICE).labels(labels))
          .spec(new V1DeploymentSpec().replicas(nodes).selector(new V1LabelSelector().matchLabels(labels))
              .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels))
                  .spec(new V1PodSpec().containers(List.of(new V1Container().name("web").image("demo/web"))))))
      ).execute();
      V1Service svc = core.createNamespacedService(NAMESPACE, new V1Service()
          .metadata(new V1ObjectMeta().name(SERVICE))
          .spec(new V1ServiceSpec().type("LoadBalancer").selector(labels)
              .ports(List.of(new V1ServicePort().name("http").port(SERVICE_PORT)
                  .targetPort(new io.kubernetes.client.custom.IntOrString(SERVICE_PORT)))))).execute();
      int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
      step("Deployment " + NAMESPACE + "/" + SERVICE + " (" + nodes + " replicas) and Service " + NAMESPACE + "/"
          + SERVICE + " (type LoadBalancer, port " + SERVICE_PORT + ", nodePort " + nodePort + ") created");
      String ingress = awaitIngress(core);
      step("load balancer ready: " + ingress + ":" + SERVICE_PORT);

      String url = "http://" + ingress + ":" + SERVICE_PORT + "/";
      Set<String> answeredBy = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // pods start after the load balancer may have: until one answers, the balancer closes connections
      int tries = 0;
      while (answeredBy.size() < nodes && (answeredBy.isEmpty() || tries < nodes * 6)) {
        HttpResponse<String> r = fetch(url);
        if (r != null) {
          tries++;
          if (answeredBy.add(r.body().strip())) {
            out.println("  GET " + url + " -> " + r.statusCode() + " " + r.body().strip());
          }
        } else if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the load balancer did not answer within 60s; rerun with --v=2 to see why");
        } else {
          TimeUnit.MILLISECONDS.sleep(200);
        }
      }
      step("data path works: " + answeredBy.size() + " pod(s) answered through the load balancer");
      awaitRouted(core, names);
      boolean privileged = cluster.network().privilegedPortsAllowed();
      int port = privileged ? 80 : 8080;
      out.println();
      out.println("Try it yourself (in another terminal):");
      out.println("  export KUBECONFIG=" + kubeconfig);
      out.println("  kubectl get nodes,pods,svc -o wide");
      out.println("  kubectl create deployment web --image=anything --replicas=2");
      out.println("  kubectl expose deployment web --type=LoadBalancer --port=" + port
          + (privileged ? "" : "   # ports below 1024 need root here"));
      out.println("  kubectl get svc web          # until EXTERNAL-IP is set");
      out.println("  curl http://$(kubectl get svc web -o jsonpath='{.status.loadBalancer.ingress[0].ip}')"
          + (port == 80 ? "" : ":" + port) + "/");
      out.println("  curl " + url + "     # the demo's own Service");
      out.println(duration.isZero() ? "Press Ctrl-C to stop." : "Stopping in " + GoDuration.format(duration) + ".");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Thread hook = new Thread(stop::countDown, "demo-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        if (duration.isZero()) {
          stop.await();
        } else {
          stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already
        }
      }
      return 0;
    }
  }

  private static HttpResponse<String> fetch(String url) {
    try {
      // a new client per request means a new connection, so the balancer picks a backend each time
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Claims the default kubeconfig path, or {@code ccm4j-demo-2.kubeconfig} and so on when another running demo holds
   * it, so a second demo does not overwrite the first one's. The claim is an exclusive lock on a hidden sidecar
   * file, which the kernel drops when the process dies.
   */
  static Claim claimKubeconfig(Path preferred) {
    String name = preferred.getFileName().toString();
    String base = name.endsWith(".kubeconfig") ? name.substring(0, name.length() - ".kubeconfig".length()) : name;
    for (int i = 1; i < 100; i++) {
      Path candidate = i == 1 ? preferred : preferred.resolveSibling(base + "-" + i + ".kubeconfig");
      Path lockFile = candidate.resolveSibling("." + candidate.getFileName() + ".lock");
      try {
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
          // another demo in this JVM holds it
          lock = null;
        }
        if (lock != null) {
          return new Claim(candidate, lockFile, channel);
        }
        channel.close();
      } catch (java.io.IOException e) {
        // an unwritable directory: use the name unclaimed and let the write say what is wrong
        return new Claim(preferred, null, null);
      }
    }
    return new Claim(preferred, null, null);
  }

  /** A claimed kubeconfig path; closing releases it. */
  record Claim(Path path, Path lockFile, java.nio.channels.FileChannel channel) implements AutoCloseable {
    @Override
    public void close() throws java.io.IOException {
      if (channel != null) {
        Files.deleteIfExists(lockFile);
        channel.close();
      }
    }
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
}

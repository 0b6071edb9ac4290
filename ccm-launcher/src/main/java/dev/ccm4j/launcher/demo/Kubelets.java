package dev.ccm4j.launcher.demo;

import com.sun.net.httpserver.HttpServer;
import dev.ccm4j.core.concurrent.DaemonThreads;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1HostIP;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod half of the simulated kubelets (the node half is the harness's {@code SimulatedKubelets}): every pod
 * bound to one of the demo's running nodes "runs" as an in-process HTTP server on its own loopback pod address,
 * answering {@code pod <name> on node <node>} on every path (and, through {@link DemoNetwork#podServer}, every
 * port); the image is ignored. The kubelet then reports what a real one does once the containers started: phase
 * Running, podIP(s), hostIP(s), startTime, the Initialized, PodReadyToStartContainers, ContainersReady, Ready and
 * PodScheduled conditions, and a running containerStatus per container. A deleted pod's server stops and its
 * address is freed; a pod marked for deletion is stopped and then deleted with grace period 0, as a kubelet
 * finishes graceful deletion.
 */
final class Kubelets extends Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Kubelets.class);

  private final ApiClient client;
  private final CoreV1Api core;
  private final DemoInformers informers;
  private final DemoNetwork network;
  private final Supplier<Set<String>> runningNodes;
  private final ExecutorService handlers = Executors.newCachedThreadPool(DaemonThreads.factory("demo-pod"));
  /** Pod uid to its running server. */
  private final Map<String, PodServer> running = new ConcurrentHashMap<>();

  private record PodServer(String podKey, String address, HttpServer server) {}

  Kubelets(ApiClient client, DemoInformers informers, DemoNetwork network, Supplier<Set<String>> runningNodes) {
    super("kubelets", informers, Duration.ofSeconds(2));
    this.client = client;
    this.core = new CoreV1Api(client);
    this.informers = informers;
    this.network = network;
    this.runningNodes = runningNodes;
    DemoInformers.onChange(this::trigger, informers.pods);
  }

  @Override
  void reconcile() throws ApiException {
    Set<String> nodes = runningNodes.get();
    Set<String> alive = new HashSet<>();
    for (V1Pod pod : informers.pods.getIndexer().list()) {
      String node = pod.getSpec().getNodeName();
      if (node == null || !nodes.contains(node)) {
        continue;
      }
      String uid = pod.getMetadata().getUid();
      if (Kube.terminating(pod)) {
        stop(uid);
        if (pod.getMetadata().getFinalizers() == null || pod.getMetadata().getFinalizers().isEmpty()) {
          try {
            core.deleteNamespacedPod(pod.getMetadata().getName(), pod.getMetadata().getNamespace())
                .gracePeriodSeconds(0).execute();
          } catch (ApiException e) {
            if (e.getCode() != 404) {
              throw e;
            }
          }
        }
        continue;
      }
      if (!Kube.active(pod)) {
        continue;
      }
      alive.add(uid);
      PodServer server = running.get(uid);
      if (server == null) {
        Optional<PodServer> started = start(pod, node);
        if (started.isEmpty()) {
          continue;
        }
        server = started.get();
      }
      if (!reported(pod, server.address())) {
        report(pod, node, server.address());
      }
    }
    for (String uid : new ArrayList<>(running.keySet())) {
      if (!alive.contains(uid)) {
        stop(uid);
      }
    }
  }

  private Optional<PodServer> start(V1Pod pod, String node) {
    Optional<String> address = network.allocatePodAddress();
    if (address.isEmpty()) {
      LOG.warn("pod {}: no pod address left in the demo's block; it stays Pending", Kube.key(pod));
      return Optional.empty();
    }
    String name = pod.getMetadata().getName();
    byte[] body = ("pod " + name + " on node " + node + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(DemoNetwork.address(address.get()), 0), 64);
      server.setExecutor(handlers);
      server.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        }
      });
      server.start();
      network.podServer(address.get(), server.getAddress());
      PodServer started = new PodServer(Kube.key(pod), address.get(), server);
      running.put(pod.getMetadata().getUid(), started);
      return Optional.of(started);
    } catch (IOException e) {
      network.releasePodAddress(address.get());
      LOG.warn("pod {}: cannot listen on {}: {}", Kube.key(pod), address.get(), e.getMessage());
      return Optional.empty();
    }
  }

  private void stop(String uid) {
    PodServer server = running.remove(uid);
    if (server != null) {
      server.server().stop(0);
      network.releasePodAddress(server.address());
    }
  }

  private static boolean reported(V1Pod pod, String address) {
    V1PodStatus s = pod.getStatus();
    return s != null && "Running".equals(s.getPhase()) && address.equals(s.getPodIP()) && Kube.podReady(pod);
  }

  private void report(V1Pod pod, String node, String address) throws ApiException {
    V1Node n = informers.nodes.getIndexer().getByKey(node);
    String hostIp = n == null ? null : Kube.internalIp(n).orElse(null);
    OffsetDateTime now = Kube.now();
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1Container c : Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of())) {
      containers.add(new V1ContainerStatus().name(c.getName()).image(c.getImage()).imageID("")
          .containerID("ccm4j://" + pod.getMetadata().getUid() + "-" + c.getName())
          .ready(true).started(true).restartCount(0)
          .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(now))));
    }
    List<V1PodCondition> conditions = new ArrayList<>();
    for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
        "PodScheduled")) {
      conditions.add(new V1PodCondition().type(type).status("True").lastTransitionTime(now));
    }
    V1Pod copy = Kube.copy(client, pod, V1Pod.class);
    V1PodStatus status = new V1PodStatus().phase("Running").podIP(address).podIPs(List.of(new V1PodIP().ip(address)))
        .startTime(now).conditions(conditions).containerStatuses(containers).qosClass("BestEffort");
    if (hostIp != null) {
      status.hostIP(hostIp).hostIPs(List.of(new V1HostIP().ip(hostIp)));
    }
    copy.setStatus(status);
    core.replaceNamespacedPodStatus(pod.getMetadata().getName(), pod.getMetadata().getNamespace(), copy).execute();
  }

  /** Stops every pod's server; the pods stay as they are in the API. */
  @Override
  public void close() {
    super.close();
    for (String uid : new ArrayList<>(running.keySet())) {
      stop(uid);
    }
    handlers.shutdownNow();
  }
}

package dev.ccm4j.launcher.demo;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Says why a NodePort or LoadBalancer Service has no ready backend (no node ready, no pod matches the selector,
 * the pods are not scheduled or not ready, or no endpoints), so the user learns it instead of getting an empty
 * reply from curl; and says when it has backends again. Each verdict is printed once per change, after it has held
 * for a moment (so the ordinary lag between a pod turning ready and its endpoints does not print), and a problem
 * is also recorded as a Warning event on the Service.
 */
final class BackendExplainer extends Reconciler {
  static final String COMPONENT = "ccm4j-demo";
  private static final Duration SETTLE = Duration.ofMillis(1500);

  private final ApiClient client;
  private final DemoInformers informers;
  private final Consumer<String> out;
  private final boolean privilegedPorts;
  /** Service uid to the verdict last printed. */
  private final Map<String, Verdict> printed = new ConcurrentHashMap<>();
  /** Service uid to the verdict seen last and since when. */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /** A Service's state: {@code reason} null when it has ready backends. */
  record Verdict(String reason, String message) {}

  private record Seen(Verdict verdict, long since) {}

  BackendExplainer(ApiClient client, DemoInformers informers, Consumer<String> out, boolean privilegedPorts) {
    super("backend-explainer", informers, Duration.ofSeconds(1));
    this.client = client;
    this.informers = informers;
    this.out = out;
    this.privilegedPorts = privilegedPorts;
    DemoInformers.onChange(this::trigger, informers.services, informers.pods, informers.endpointSlices,
        informers.nodes);
  }

  @Override
  void reconcile() {
    Set<String> uids = new HashSet<>();
    long now = System.nanoTime();
    for (V1Service svc : informers.services.getIndexer().list()) {
      String type = svc.getSpec() == null ? null : svc.getSpec().getType();
      if (!EndpointsController.selects(svc) || !("NodePort".equals(type) || "LoadBalancer".equals(type))) {
        continue;
      }
      String uid = svc.getMetadata().getUid();
      uids.add(uid);
      Verdict v = verdict(svc);
      Seen s = seen.get(uid);
      if (s == null || !s.verdict().equals(v)) {
        seen.put(uid, new Seen(v, now));
        triggerAfter(SETTLE);
        continue;
      }
      if (now - s.since() < SETTLE.toNanos() || v.equals(printed.get(uid))) {
        continue;
      }
      boolean first = !printed.containsKey(uid);
      printed.put(uid, v);
      if (v.reason() == null) {
        if (!first) {
          out.accept("Service " + Kube.key(svc) + " has ready backends again: " + v.message());
        }
      } else {
        out.accept("Service " + Kube.key(svc) + " has no ready backend: " + v.message());
        Kube.event(client, COMPONENT, svc, "v1", "Service", "Warning", v.reason(), v.message());
      }
    }
    printed.keySet().retainAll(uids);
    seen.keySet().retainAll(uids);
  }

  Verdict verdict(V1Service svc) {
    String selector = Kube.describe(svc.getSpec().getSelector());
    if (!privilegedPorts && "LoadBalancer".equals(svc.getSpec().getType())) {
      Optional<Integer> low = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).stream()
          .map(V1ServicePort::getPort).filter(p -> p < 1024).findFirst();
      if (low.isPresent()) {
        return new Verdict("PrivilegedPort", "port " + low.get() + " needs privileges this process lacks (not root,"
            + " and net.ipv4.ip_unprivileged_port_start is above it), so the local load balancer cannot listen on it;"
            + " use a port from 1024 up (kubectl expose ... --port=8080)");
      }
    }
    if (informers.nodes.getIndexer().list().stream().noneMatch(Kube::nodeReady)) {
      return new Verdict("NoReadyNodes", "no node is ready, so no pod can run and the load balancer has no node to"
          + " send to");
    }
    List<V1Pod> pods = EndpointsController.selected(informers, svc).stream().filter(Kube::active).toList();
    if (pods.isEmpty()) {
      return new Verdict("NoPodsMatchSelector", "no pods match the selector " + selector + " in namespace "
          + svc.getMetadata().getNamespace() + " (kubectl get pods -l " + selector + ")");
    }
    List<V1Pod> unscheduled = pods.stream().filter(p -> p.getSpec().getNodeName() == null).toList();
    if (unscheduled.size() == pods.size()) {
      String why = Kube.condition(unscheduled.get(0), "PodScheduled").map(c -> c.getMessage()).orElse(null);
      return new Verdict("PodsNotScheduled", pods.size() + " pod(s) match " + selector + " but none is scheduled to"
          + " a node" + (why == null ? "" : ": " + why));
    }
    List<V1Pod> ready = pods.stream().filter(Kube::podReady).toList();
    if (ready.isEmpty()) {
      return new Verdict("PodsNotReady", pods.size() + " pod(s) match " + selector + " but none is ready: "
          + pods.stream().map(p -> p.getMetadata().getName() + " " + Kube.phase(p)).collect(Collectors.joining(", ")));
    }
    Set<String> readyEndpoints = new HashSet<>();
    for (V1EndpointSlice slice : informers.endpointSlices.getIndexer().list()) {
      if (svc.getMetadata().getNamespace().equals(slice.getMetadata().getNamespace())
          && svc.getMetadata().getName().equals(Kube.labels(slice).get(EndpointsController.SERVICE_NAME_LABEL))) {
        Optional.ofNullable(slice.getEndpoints()).orElse(List.of()).stream()
            .filter(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()))
            .forEach(e -> readyEndpoints.add(e.getTargetRef() == null ? String.valueOf(e.getAddresses())
                : e.getTargetRef().getName() + " on " + e.getNodeName()));
      }
    }
    if (readyEndpoints.isEmpty()) {
      String missing = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).stream()
          .filter(sp -> EndpointsController.targetPort(sp, ready.get(0)).isEmpty())
          .map(sp -> "targetPort \"" + sp.getTargetPort().getStrValue() + "\"").findFirst().orElse(null);
      return new Verdict("NoEndpoints", ready.size() + " ready pod(s) match " + selector + " but the Service has no"
          + " endpoints" + (missing == null ? " yet" : ": " + missing + " names no container port of the pods"));
    }
    return new Verdict(null, readyEndpoints.stream().sorted().collect(Collectors.joining(", ")));
  }
}

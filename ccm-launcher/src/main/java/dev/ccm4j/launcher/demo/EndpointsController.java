package dev.ccm4j.launcher.demo;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.CoreV1EndpointPort;
import io.kubernetes.client.openapi.models.DiscoveryV1EndpointPort;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointAddress;
import io.kubernetes.client.openapi.models.V1EndpointConditions;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1EndpointSubset;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * kube-controller-manager's endpoints and endpointslice controllers, in small: every Service with a selector gets
 * an {@code Endpoints} object of its name and {@code EndpointSlice}s labelled {@code kubernetes.io/service-name},
 * listing the selected pods that have an address (ready ones as addresses / {@code ready: true}, the others as
 * notReadyAddresses / {@code ready: false}), with each Service port's {@code targetPort} resolved against the pod
 * (a named port through the containers' ports, pods without it left out, as upstream does). One slice per distinct
 * port set, owned by the Service. A Service's Endpoints and slices go when the Service does.
 */
final class EndpointsController extends Reconciler {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String SLICE_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
  static final String SLICE_CONTROLLER = "endpointslice-controller.k8s.io";
  static final String ENDPOINTS_MANAGED_BY = "endpoints.kubernetes.io/managed-by";

  private final ApiClient client;
  private final CoreV1Api core;
  private final DiscoveryV1Api discovery;
  private final DemoInformers informers;
  /** Service key to the Endpoints subsets last written, so unchanged ones are not written again. */
  private final Map<String, List<V1EndpointSubset>> written = new ConcurrentHashMap<>();

  /** A resolved port set and the endpoints that serve it. */
  private record Group(List<DiscoveryV1EndpointPort> ports, List<V1Pod> pods) {}

  EndpointsController(ApiClient client, DemoInformers informers) {
    super("endpoints-controller", informers, Duration.ofSeconds(2));
    this.client = client;
    this.core = new CoreV1Api(client);
    this.discovery = new DiscoveryV1Api(client);
    this.informers = informers;
    DemoInformers.onChange(this::trigger, informers.services, informers.pods, informers.endpointSlices);
  }

  static boolean selects(V1Service s) {
    return s.getSpec() != null && s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty()
        && !"ExternalName".equals(s.getSpec().getType());
  }

  @Override
  void reconcile() throws ApiException {
    Set<String> services = new HashSet<>();
    for (V1Service svc : informers.services.getIndexer().list()) {
      if (selects(svc) && !Kube.terminating(svc)) {
        services.add(Kube.key(svc));
        sync(svc);
      }
    }
    for (String key : new ArrayList<>(written.keySet())) {
      if (!services.contains(key)) {
        String[] nn = key.split("/", 2);
        try {
          core.deleteNamespacedEndpoints(nn[1], nn[0]).execute();
        } catch (ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
        written.remove(key);
      }
    }
    for (V1EndpointSlice slice : informers.endpointSlices.getIndexer().list()) {
      String service = Kube.labels(slice).get(SERVICE_NAME_LABEL);
      if (SLICE_CONTROLLER.equals(Kube.labels(slice).get(SLICE_MANAGED_BY)) && service != null
          && !services.contains(slice.getMetadata().getNamespace() + "/" + service)) {
        deleteSlice(slice);
      }
    }
  }

  /** The pods a Service selects that the endpoints list: with an address, not being deleted, not finished. */
  static List<V1Pod> selected(DemoInformers informers, V1Service svc) {
    String ns = svc.getMetadata().getNamespace();
    return informers.pods.getIndexer().list().stream()
        .filter(p -> ns.equals(p.getMetadata().getNamespace()) && Kube.matches(svc.getSpec().getSelector(),
            Kube.labels(p)))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  private void sync(V1Service svc) throws ApiException {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (V1Pod pod : selected(informers, svc)) {
      if (!Kube.active(pod) || pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
        continue;
      }
      Optional<List<DiscoveryV1EndpointPort>> ports = resolve(svc, pod);
      if (ports.isEmpty()) {
        continue;
      }
      String signature = ports.get().stream().map(p -> p.getName() + ":" + p.getPort() + "/" + p.getProtocol())
          .collect(Collectors.joining(","));
      groups.computeIfAbsent(signature, k -> new Group(ports.get(), new ArrayList<>())).pods().add(pod);
    }
    writeEndpoints(svc, groups);
    writeSlices(svc, groups);
  }

  /** Each Service port's target on the pod; empty when a named targetPort is not a port of the pod. */
  private static Optional<List<DiscoveryV1EndpointPort>> resolve(V1Service svc, V1Pod pod) {
    List<DiscoveryV1EndpointPort> ports = new ArrayList<>();
    for (V1ServicePort sp : Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of())) {
      Optional<Integer> target = targetPort(sp, pod);
      if (target.isEmpty()) {
        return Optional.empty();
      }
      ports.add(new DiscoveryV1EndpointPort().name(sp.getName() == null ? "" : sp.getName()).port(target.get())
          .protocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol()));
    }
    return Optional.of(ports);
  }

  static Optional<Integer> targetPort(V1ServicePort sp, V1Pod pod) {
    IntOrString target = sp.getTargetPort();
    if (target == null) {
      return Optional.of(sp.getPort());
    }
    if (target.isInteger()) {
      return Optional.of(target.getIntValue());
    }
    for (V1Container c : Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of())) {
      for (V1ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
        if (target.getStrValue().equals(p.getName())) {
          return Optional.of(p.getContainerPort());
        }
      }
    }
    return Optional.empty();
  }

  private void writeEndpoints(V1Service svc, Map<String, Group> groups) throws ApiException {
    List<V1EndpointSubset> subsets = new ArrayList<>();
    for (Group g : groups.values()) {
      List<V1EndpointAddress> ready = new ArrayList<>();
      List<V1EndpointAddress> notReady = new ArrayList<>();
      for (V1Pod p : g.pods()) {
        (Kube.podReady(p) ? ready : notReady).add(new V1EndpointAddress().ip(p.getStatus().getPodIP())
            .nodeName(p.getSpec().getNodeName()).targetRef(podRef(p)));
      }
      // empty lists are left out, as the real server returns them (omitempty)
      subsets.add(new V1EndpointSubset().addresses(ready.isEmpty() ? null : ready)
          .notReadyAddresses(notReady.isEmpty() ? null : notReady)
          .ports(g.ports().stream().map(p -> new CoreV1EndpointPort().name(p.getName().isEmpty() ? null : p.getName())
              .port(p.getPort()).protocol(p.getProtocol())).toList()));
    }
    String key = Kube.key(svc);
    if (subsets.equals(written.get(key))) {
      return;
    }
    Map<String, String> labels = new TreeMap<>(Kube.labels(svc));
    labels.put(ENDPOINTS_MANAGED_BY, "endpoint-controller");
    V1Endpoints endpoints = new V1Endpoints()
        .metadata(new V1ObjectMeta().name(svc.getMetadata().getName()).namespace(svc.getMetadata().getNamespace())
            .labels(labels))
        .subsets(subsets.isEmpty() ? null : subsets);
    String ns = svc.getMetadata().getNamespace();
    try {
      core.createNamespacedEndpoints(ns, endpoints).execute();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      V1Endpoints current = core.readNamespacedEndpoints(svc.getMetadata().getName(), ns).execute();
      endpoints.getMetadata().resourceVersion(current.getMetadata().getResourceVersion());
      core.replaceNamespacedEndpoints(svc.getMetadata().getName(), ns, endpoints).execute();
    }
    written.put(key, subsets);
  }

  private void writeSlices(V1Service svc, Map<String, Group> groups) throws ApiException {
    String ns = svc.getMetadata().getNamespace();
    String name = svc.getMetadata().getName();
    List<V1EndpointSlice> existing = informers.endpointSlices.getIndexer().list().stream()
        .filter(s -> ns.equals(s.getMetadata().getNamespace()) && name.equals(Kube.labels(s).get(SERVICE_NAME_LABEL))
            && SLICE_CONTROLLER.equals(Kube.labels(s).get(SLICE_MANAGED_BY)))
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .collect(Collectors.toCollection(ArrayList::new));
    Map<String, V1EndpointSlice> bySignature = new HashMap<>();
    for (V1EndpointSlice s : existing) {
      bySignature.putIfAbsent(portSignature(s.getPorts()), s);
    }
    List<Group> wanted = new ArrayList<>(groups.values());
    if (wanted.isEmpty()) {
      // upstream keeps one empty slice, so clients can tell "no endpoints" from "not yet processed"
      wanted.add(new Group(resolveEmpty(svc), List.of()));
    }
    Set<String> kept = new HashSet<>();
    for (Group g : wanted) {
      V1EndpointSlice desired = slice(svc, g);
      V1EndpointSlice current = bySignature.remove(portSignature(g.ports()));
      if (current == null) {
        discovery.createNamespacedEndpointSlice(ns, desired).execute();
        continue;
      }
      kept.add(current.getMetadata().getName());
      if (!endpointSignature(current.getEndpoints()).equals(endpointSignature(desired.getEndpoints()))) {
        desired.getMetadata().name(current.getMetadata().getName()).generateName(null)
            .resourceVersion(current.getMetadata().getResourceVersion());
        discovery.replaceNamespacedEndpointSlice(current.getMetadata().getName(), ns, desired).execute();
      }
    }
    for (V1EndpointSlice s : existing) {
      if (!kept.contains(s.getMetadata().getName())) {
        deleteSlice(s);
      }
    }
  }

  private static List<DiscoveryV1EndpointPort> resolveEmpty(V1Service svc) {
    return Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).stream()
        .filter(sp -> sp.getTargetPort() == null || sp.getTargetPort().isInteger())
        .map(sp -> new DiscoveryV1EndpointPort().name(sp.getName() == null ? "" : sp.getName())
            .port(sp.getTargetPort() == null ? sp.getPort() : sp.getTargetPort().getIntValue())
            .protocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol()))
        .toList();
  }

  private V1EndpointSlice slice(V1Service svc, Group g) {
    Map<String, String> labels = new TreeMap<>(Kube.labels(svc));
    labels.put(SERVICE_NAME_LABEL, svc.getMetadata().getName());
    labels.put(SLICE_MANAGED_BY, SLICE_CONTROLLER);
    List<V1Endpoint> endpoints = g.pods().stream().map(p -> new V1Endpoint()
            .addresses(List.of(p.getStatus().getPodIP()))
            .conditions(new V1EndpointConditions().ready(Kube.podReady(p)).serving(Kube.podReady(p))
                .terminating(false))
            .nodeName(p.getSpec().getNodeName()).targetRef(podRef(p)))
        .toList();
    return new V1EndpointSlice()
        .metadata(new V1ObjectMeta().generateName(svc.getMetadata().getName() + "-")
            .namespace(svc.getMetadata().getNamespace()).labels(labels)
            .ownerReferences(List.of(Kube.controllerRef("v1", "Service", svc))))
        .addressType("IPv4").endpoints(endpoints).ports(g.ports());
  }

  private void deleteSlice(V1EndpointSlice s) throws ApiException {
    try {
      discovery.deleteNamespacedEndpointSlice(s.getMetadata().getName(), s.getMetadata().getNamespace()).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static V1ObjectReference podRef(V1Pod p) {
    return new V1ObjectReference().kind("Pod").namespace(p.getMetadata().getNamespace())
        .name(p.getMetadata().getName()).uid(p.getMetadata().getUid());
  }

  private static String portSignature(List<DiscoveryV1EndpointPort> ports) {
    return Optional.ofNullable(ports).orElse(List.of()).stream()
        .map(p -> Optional.ofNullable(p.getName()).orElse("") + ":" + p.getPort() + "/" + p.getProtocol())
        .collect(Collectors.joining(","));
  }

  private static String endpointSignature(List<V1Endpoint> endpoints) {
    return Optional.ofNullable(endpoints).orElse(List.of()).stream()
        .map(e -> e.getAddresses() + "|" + (e.getConditions() == null ? null : e.getConditions().getReady()) + "|"
            + e.getNodeName() + "|" + (e.getTargetRef() == null ? null : e.getTargetRef().getName()))
        .sorted().collect(Collectors.joining(","));
  }
}

package dev.ccm4j.conformance.e2e;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.PatchUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One Service of a scenario and the API-side steps upstream's e2e service jig takes with it: create, change with
 * conflict retries, wait for an ingress, for the load balancer to go, or for the Service to be deleted.
 */
final class ServiceJig {
  static final String TYPE_LOAD_BALANCER = "LoadBalancer";
  static final String TYPE_CLUSTER_IP = "ClusterIP";
  private static final int UPDATE_ATTEMPTS = 5;

  private final E2eEnvironment env;
  private final CoreV1Api api;
  private final String namespace;
  private final String name;

  ServiceJig(E2eEnvironment env, E2eNamespace namespace, String name) {
    this.env = Objects.requireNonNull(env, "env");
    this.api = new CoreV1Api(env.client());
    this.namespace = namespace.name();
    this.name = Objects.requireNonNull(name, "name");
  }

  /** {@code namespace/name}. */
  String key() {
    return namespace + "/" + name;
  }

  /**
   * Creates the Service as type LoadBalancer with one TCP port, 80 to target 8080, then lets {@code spec} adjust it.
   * No pods back it: the CCM programs load balancers with nodes, not endpoints.
   */
  V1Service createLoadBalancer(Consumer<V1ServiceSpec> spec) throws ApiException {
    V1ServiceSpec s = new V1ServiceSpec().type(TYPE_LOAD_BALANCER).selector(Map.of("app", name))
        .ports(new ArrayList<>(List.of(port("http", 80, 8080))));
    spec.accept(s);
    V1Service service = new V1Service().metadata(new V1ObjectMeta().name(name).labels(Map.of("app", name)))
        .spec(s);
    // A cloud whose load balancers are created in front (Inspur) makes one here and annotates a copy.
    V1Service prepared = env.fixture().map(f -> f.prepareLoadBalancerService(service)).orElse(service);
    return api.createNamespacedService(namespace, prepared).execute();
  }

  static V1ServicePort port(String portName, int port, int targetPort) {
    return new V1ServicePort().name(portName).protocol("TCP").port(port).targetPort(new IntOrString(targetPort));
  }

  V1Service get() throws ApiException {
    return api.readNamespacedService(name, namespace).execute();
  }

  Optional<V1Service> find() throws ApiException {
    try {
      return Optional.of(get());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Reads, changes and replaces the Service, retrying on conflicts with a fresh read as the jig does. */
  V1Service update(Consumer<V1Service> change) throws ApiException {
    for (int attempt = 1; ; attempt++) {
      V1Service current = get();
      change.accept(current);
      try {
        return api.replaceNamespacedService(name, namespace, current).execute();
      } catch (ApiException e) {
        if (e.getCode() != 409 || attempt >= UPDATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Switches to ClusterIP, clearing the node ports as upstream's {@code ChangeServiceType} does. */
  V1Service changeToClusterIp() throws ApiException {
    return update(s -> {
      s.getSpec().setType(TYPE_CLUSTER_IP);
      s.getSpec().getPorts().forEach(p -> p.setNodePort(null));
    });
  }

  V1Service changeToLoadBalancer() throws ApiException {
    return update(s -> s.getSpec().setType(TYPE_LOAD_BALANCER));
  }

  /** A JSON merge patch of the status subresource. */
  V1Service patchStatus(String mergePatch) throws ApiException {
    return PatchUtils.patch(V1Service.class, () -> api.patchNamespacedServiceStatus(name, namespace,
        new V1Patch(mergePatch)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, env.client());
  }

  void delete() throws ApiException {
    api.deleteNamespacedService(name, namespace).execute();
  }

  /** Waits, within the load balancer create timeout, for an ingress whose entries all have an IP or a host name. */
  V1Service awaitIngress() throws InterruptedException {
    return awaitState("Service " + key() + " to get a load balancer ingress", ServiceJig::hasIngress);
  }

  /** Waits, within the load balancer create timeout, for the Service to reach a state. */
  V1Service awaitState(String what, Predicate<V1Service> done) throws InterruptedException {
    return Waits.until(what, env.timeouts().loadBalancerCreate(), env.timeouts().poll(), this::get, done,
        ServiceJig::describe);
  }

  /** Waits, within the cleanup timeout, for an empty ingress and no cleanup finalizer. */
  V1Service awaitLoadBalancerReleased() throws InterruptedException {
    return Waits.until("Service " + key() + " to have no ingress and no " + WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP
        + " finalizer", env.timeouts().loadBalancerCleanup(), env.timeouts().poll(), this::get,
        s -> ingress(s).isEmpty() && !hasCleanupFinalizer(s), ServiceJig::describe);
  }

  /** Waits, within the cleanup timeout, for the deleted Service to be gone, which needs its finalizer released. */
  void awaitDeleted() throws InterruptedException {
    Waits.until("deleted Service " + key() + " to be gone (its " + WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP
        + " finalizer released)", env.timeouts().loadBalancerCleanup(), env.timeouts().poll(), this::find,
        Optional::isEmpty, s -> s.map(ServiceJig::describe).orElse("gone"));
  }

  static List<V1LoadBalancerIngress> ingress(V1Service s) {
    if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return s.getStatus().getLoadBalancer().getIngress();
  }

  /** The ingress points, IP preferred over host name as upstream's {@code GetIngressPoint}. */
  static List<String> ingressPoints(V1Service s) {
    return ingress(s).stream().map(i -> notEmpty(i.getIp()) ? i.getIp() : Objects.toString(i.getHostname(), ""))
        .toList();
  }

  static boolean hasIngress(V1Service s) {
    List<V1LoadBalancerIngress> ingress = ingress(s);
    return !ingress.isEmpty() && ingress.stream().allMatch(i -> notEmpty(i.getIp()) || notEmpty(i.getHostname()));
  }

  static boolean hasCleanupFinalizer(V1Service s) {
    return finalizers(s).contains(WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP);
  }

  static List<String> finalizers(V1Service s) {
    List<String> f = s.getMetadata() == null ? null : s.getMetadata().getFinalizers();
    return f == null ? List.of() : f;
  }

  /** The state the scenarios check, on one line: type, ports, ingress, finalizers, deletion. */
  static String describe(V1Service s) {
    StringBuilder b = new StringBuilder("Service ");
    b.append(s.getMetadata().getNamespace()).append('/').append(s.getMetadata().getName());
    V1ServiceSpec spec = s.getSpec();
    if (spec != null) {
      b.append(" type=").append(spec.getType());
      if (spec.getLoadBalancerClass() != null) {
        b.append(" loadBalancerClass=").append(spec.getLoadBalancerClass());
      }
      List<String> ports = spec.getPorts() == null ? List.of() : spec.getPorts().stream()
          .map(p -> p.getPort() + "/" + p.getProtocol() + (p.getNodePort() == null ? "" : "->" + p.getNodePort()))
          .toList();
      b.append(" ports=").append(ports);
    }
    b.append(" status.loadBalancer.ingress=").append(ingressPoints(s));
    b.append(" finalizers=").append(finalizers(s));
    if (s.getMetadata().getDeletionTimestamp() != null) {
      b.append(" deletionTimestamp=").append(s.getMetadata().getDeletionTimestamp());
    }
    return b.toString();
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}

package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link LoadBalancer} over a map of fake balancers keyed by cluster name and balancer name. Arguments are only
 * read: what is kept is extracted into immutable values.
 */
final class FakeLoadBalancers implements LoadBalancer {
  private final CallGate gate;
  private final Map<String, FakeLoadBalancer> balancers = new LinkedHashMap<>();
  private final List<BalancerCall> ensureCalls = new ArrayList<>();
  private final List<BalancerCall> updateCalls = new ArrayList<>();
  private IngressAllocator allocator = IngressAllocator.testNet();

  FakeLoadBalancers(CallGate gate) {
    this.gate = gate;
  }

  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    String key = serviceKey(service);
    return gate.call(Operation.GET_LOAD_BALANCER, key, CallGate.keys(key), List.of(), () -> {
      synchronized (this) {
        return Optional.ofNullable(balancers.get(mapKey(clusterName, service))).map(FakeLoadBalancers::status);
      }
    });
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    String key = serviceKey(service);
    List<String> names = nodeNames(nodes);
    return gate.call(Operation.ENSURE_LOAD_BALANCER, key, CallGate.keys(key), names, () -> {
      synchronized (this) {
        ensureCalls.add(new BalancerCall(Operation.ENSURE_LOAD_BALANCER, clusterName, key, names));
        String mapKey = mapKey(clusterName, service);
        FakeLoadBalancer existing = owned(balancers.get(mapKey), service, key);
        BalancerIngress ingress = existing != null ? existing.ingress() : allocate(service, key);
        FakeLoadBalancer balancer = new FakeLoadBalancer(clusterName, getLoadBalancerName(clusterName, service), key,
            service.getMetadata().getUid(), ports(service), new LinkedHashSet<>(names), ingress,
            sourceRanges(service));
        balancers.put(mapKey, balancer);
        return status(balancer);
      }
    });
  }

  /** Fails with a {@link CloudProviderException} when the balancer does not exist, as a real cloud would. */
  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    String key = serviceKey(service);
    List<String> names = nodeNames(nodes);
    gate.run(Operation.UPDATE_LOAD_BALANCER, key, CallGate.keys(key), names, () -> {
      synchronized (this) {
        updateCalls.add(new BalancerCall(Operation.UPDATE_LOAD_BALANCER, clusterName, key, names));
        String mapKey = mapKey(clusterName, service);
        FakeLoadBalancer existing = owned(balancers.get(mapKey), service, key);
        if (existing == null) {
          throw new CloudProviderException("fake load balancer for service " + key + " does not exist");
        }
        balancers.put(mapKey, existing.withNodes(new LinkedHashSet<>(names)));
      }
    });
  }

  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    String key = serviceKey(service);
    gate.run(Operation.ENSURE_LOAD_BALANCER_DELETED, key, CallGate.keys(key), List.of(), () -> {
      synchronized (this) {
        balancers.remove(mapKey(clusterName, service));
      }
    });
  }

  synchronized Map<String, FakeLoadBalancer> balancers() {
    return Map.copyOf(balancers);
  }

  synchronized void putBalancer(FakeLoadBalancer balancer) {
    balancers.put(mapKey(balancer.clusterName(), balancer.name()), balancer);
  }

  synchronized List<BalancerCall> ensureCalls() {
    return List.copyOf(ensureCalls);
  }

  synchronized List<BalancerCall> updateCalls() {
    return List.copyOf(updateCalls);
  }

  synchronized void clearBalancerCalls() {
    ensureCalls.clear();
    updateCalls.clear();
  }

  synchronized void setAllocator(IngressAllocator allocator) {
    this.allocator = Objects.requireNonNull(allocator, "allocator");
  }

  /** A balancer of the same name made for another Service (another UID) is not ours to change. */
  private static FakeLoadBalancer owned(FakeLoadBalancer existing, V1Service service, String key) {
    if (existing != null && !existing.serviceUid().equals(service.getMetadata().getUid())) {
      throw new CloudProviderException("fake load balancer " + existing.name() + " belongs to service "
          + existing.serviceKey() + " (uid " + existing.serviceUid() + "), not to " + key);
    }
    return existing;
  }

  private BalancerIngress allocate(V1Service service, String key) {
    String requested = service.getSpec() == null ? null : service.getSpec().getLoadBalancerIP();
    if (requested != null && !requested.isEmpty()) {
      return BalancerIngress.ip(requested);
    }
    Set<String> inUse = balancers.values().stream().map(b -> b.ingress().ip()).filter(ip -> !ip.isEmpty())
        .collect(Collectors.toSet());
    return Objects.requireNonNull(allocator.allocate(key, Set.copyOf(inUse)), "ingress allocator returned null");
  }

  private String mapKey(String clusterName, V1Service service) {
    return mapKey(clusterName, getLoadBalancerName(clusterName, service));
  }

  static String mapKey(String clusterName, String balancerName) {
    return clusterName + "/" + balancerName;
  }

  static String serviceKey(V1Service service) {
    V1ObjectMeta meta = service.getMetadata();
    if (meta == null) {
      return "";
    }
    return (meta.getNamespace() == null ? "" : meta.getNamespace()) + "/"
        + (meta.getName() == null ? "" : meta.getName());
  }

  private static List<String> nodeNames(List<V1Node> nodes) {
    return nodes.stream().map(InstanceRegistry::nodeName).toList();
  }

  private static List<BalancerPort> ports(V1Service service) {
    V1ServiceSpec spec = service.getSpec();
    if (spec == null || spec.getPorts() == null) {
      return List.of();
    }
    List<BalancerPort> ports = new ArrayList<>();
    for (V1ServicePort p : spec.getPorts()) {
      ports.add(new BalancerPort(p.getName() == null ? "" : p.getName(),
          p.getProtocol() == null ? "TCP" : p.getProtocol(), p.getPort() == null ? 0 : p.getPort(),
          p.getNodePort() == null ? 0 : p.getNodePort()));
    }
    return ports;
  }

  /** {@code spec.loadBalancerSourceRanges}, else the legacy annotation, else everything, as upstream decides. */
  private static List<String> sourceRanges(V1Service service) {
    V1ServiceSpec spec = service.getSpec();
    if (spec != null && spec.getLoadBalancerSourceRanges() != null && !spec.getLoadBalancerSourceRanges().isEmpty()) {
      return spec.getLoadBalancerSourceRanges().stream().map(String::strip).toList();
    }
    Map<String, String> annotations = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES);
    if (annotated != null && !annotated.isBlank()) {
      return Arrays.stream(annotated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
    return List.of(WellKnown.DEFAULT_LOAD_BALANCER_SOURCE_RANGE);
  }

  private static V1LoadBalancerStatus status(FakeLoadBalancer balancer) {
    V1LoadBalancerIngress ingress = new V1LoadBalancerIngress();
    if (!balancer.ingress().ip().isEmpty()) {
      ingress.ip(balancer.ingress().ip());
    }
    if (!balancer.ingress().hostname().isEmpty()) {
      ingress.hostname(balancer.ingress().hostname());
    }
    return new V1LoadBalancerStatus().addIngressItem(ingress);
  }
}

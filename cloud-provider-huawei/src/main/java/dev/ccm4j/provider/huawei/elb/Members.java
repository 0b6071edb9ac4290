package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.HuaweiProviderIds;
import dev.ccm4j.provider.huawei.ecs.EcsClient;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.DiscoveryV1EndpointPort;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends of a Service's pools: node InternalIP on the NodePort, or, when
 * {@code spec.allocateLoadBalancerNodePorts} is false, the ready pod IPs on the target port from the Service's
 * EndpointSlices. The member subnet (which ELB requires) is the subnet of the ECS NIC owning the address, looked up
 * only for members about to be created.
 */
final class Members {
  private static final Logger LOG = LoggerFactory.getLogger(Members.class);
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /** One backend of one pool. */
  record Target(String address, int port, String nodeName, Optional<String> serverId, boolean pod) {
    String key() {
      return address + ":" + port;
    }
  }

  private final EcsClient ecs;
  private final Supplier<Optional<ApiClient>> kube;

  Members(EcsClient ecs, Supplier<Optional<ApiClient>> kube) {
    this.ecs = Objects.requireNonNull(ecs, "ecs");
    this.kube = Objects.requireNonNull(kube, "kube");
  }

  /** Per Service port, the backends; the same order as the Service's ports. */
  Map<V1ServicePort, List<Target>> targets(V1Service svc, List<V1Node> nodes, boolean primaryNicForce) {
    List<V1ServicePort> ports = svc.getSpec() == null || svc.getSpec().getPorts() == null
        ? List.of() : svc.getSpec().getPorts();
    Map<V1ServicePort, List<Target>> out = new LinkedHashMap<>();
    if (Boolean.FALSE.equals(svc.getSpec().getAllocateLoadBalancerNodePorts())) {
      List<V1EndpointSlice> slices = endpointSlices(svc);
      Map<String, V1Node> byName = new HashMap<>();
      nodes.forEach(n -> byName.put(n.getMetadata().getName(), n));
      for (V1ServicePort sp : ports) {
        out.put(sp, podTargets(sp, slices, byName));
      }
      return out;
    }
    List<Target> hosts = new ArrayList<>();
    for (V1Node node : nodes) {
      nodeTarget(node, primaryNicForce).ifPresent(hosts::add);
    }
    for (V1ServicePort sp : ports) {
      Integer nodePort = sp.getNodePort();
      if (nodePort == null || nodePort <= 0) {
        throw new ServiceConfigurationException("port " + describe(sp) + " has no nodePort; set "
            + "spec.allocateLoadBalancerNodePorts to true, or to false for pod backends");
      }
      List<Target> list = new ArrayList<>();
      for (Target h : hosts) {
        list.add(new Target(h.address(), nodePort, h.nodeName(), h.serverId(), false));
      }
      out.put(sp, list);
    }
    return out;
  }

  private Optional<Target> nodeTarget(V1Node node, boolean primaryNicForce) {
    String name = node.getMetadata() == null ? "" : node.getMetadata().getName();
    Optional<String> ip = internalIp(node);
    if (ip.isEmpty()) {
      LOG.warn("node {} has no InternalIP and is left out of the ELB backends", name);
      return Optional.empty();
    }
    Optional<String> serverId = serverId(node);
    String address = ip.get();
    if (primaryNicForce) {
      String sid = serverId.orElseGet(() -> ecs.serverByIp(ip.get()).flatMap(s -> Json.string(s, "id")).orElse(null));
      if (sid != null) {
        serverId = Optional.of(sid);
        address = primaryNicAddress(sid).orElse(address);
      }
    }
    return Optional.of(new Target(address, 0, name, serverId, false));
  }

  /** The first IPv4 address of the server's first active NIC (ECS lists the primary NIC first). */
  private Optional<String> primaryNicAddress(String serverId) {
    for (JsonObject nic : ecs.interfaces(serverId)) {
      if (!"ACTIVE".equals(Json.string(nic, "port_state").orElse("ACTIVE"))) {
        continue;
      }
      for (JsonObject fixed : Json.objects(nic, "fixed_ips")) {
        Optional<String> a = Json.string(fixed, "ip_address").filter(s -> s.indexOf('.') > 0);
        if (a.isPresent()) {
          return a;
        }
      }
    }
    return Optional.empty();
  }

  private List<Target> podTargets(V1ServicePort sp, List<V1EndpointSlice> slices, Map<String, V1Node> nodes) {
    String portName = sp.getName() == null ? "" : sp.getName();
    String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
    Map<String, Target> out = new LinkedHashMap<>();
    for (V1EndpointSlice slice : slices) {
      if (!"IPv4".equals(slice.getAddressType()) || slice.getPorts() == null) {
        continue;
      }
      for (DiscoveryV1EndpointPort p : slice.getPorts()) {
        String name = p.getName() == null ? "" : p.getName();
        String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
        if (!name.equals(portName) || !proto.equals(protocol) || p.getPort() == null) {
          continue;
        }
        for (V1Endpoint ep : slice.getEndpoints() == null ? List.<V1Endpoint>of() : slice.getEndpoints()) {
          if (ep.getConditions() != null && Boolean.FALSE.equals(ep.getConditions().getReady())) {
            continue;
          }
          String nodeName = ep.getNodeName() == null ? "" : ep.getNodeName();
          V1Node node = nodes.get(nodeName);
          Optional<String> serverId = node == null ? Optional.empty() : serverId(node);
          for (String address : ep.getAddresses() == null ? List.<String>of() : ep.getAddresses()) {
            Target t = new Target(address, p.getPort(), nodeName.isEmpty() ? address : nodeName, serverId, true);
            out.putIfAbsent(t.key(), t);
          }
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private List<V1EndpointSlice> endpointSlices(V1Service svc) {
    ApiClient client = kube.get().orElseThrow(() -> new CloudProviderException(
        "the Kubernetes client is not available yet, so the pod backends of " + Names.namespace(svc) + "/"
            + Names.name(svc) + " (allocateLoadBalancerNodePorts false) cannot be read"));
    try {
      return new DiscoveryV1Api(client).listNamespacedEndpointSlice(Names.namespace(svc))
          .labelSelector(SERVICE_NAME_LABEL + "=" + Names.name(svc))
          .execute().getItems();
    } catch (ApiException e) {
      throw new CloudProviderException("reading the EndpointSlices of " + Names.namespace(svc) + "/"
          + Names.name(svc) + " failed with HTTP " + e.getCode(), e);
    }
  }

  /**
   * The subnet a new member goes into: the ECS NIC owning its address (for a pod, the pod's NIC, else the node's),
   * else the given fallback (the ELB's VIP subnet).
   */
  String subnetOf(Target t, Map<String, String> nodeIps, String fallback) {
    Optional<String> serverId = t.serverId();
    if (serverId.isEmpty() && !t.pod()) {
      serverId = ecs.serverByIp(t.address()).flatMap(s -> Json.string(s, "id"));
    }
    if (serverId.isPresent()) {
      Optional<String> s = ecs.subnetOfAddress(serverId.get(), t.address());
      if (s.isEmpty() && t.pod() && nodeIps.containsKey(t.nodeName())) {
        s = ecs.subnetOfAddress(serverId.get(), nodeIps.get(t.nodeName()));
      }
      if (s.isPresent()) {
        return s.get();
      }
    }
    return fallback;
  }

  static Optional<String> internalIp(V1Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return Optional.empty();
    }
    for (V1NodeAddress a : node.getStatus().getAddresses()) {
      if ("InternalIP".equals(a.getType()) && a.getAddress() != null && a.getAddress().indexOf('.') > 0) {
        return Optional.of(a.getAddress());
      }
    }
    return Optional.empty();
  }

  static Optional<String> serverId(V1Node node) {
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    if (providerId == null || providerId.isEmpty()) {
      return Optional.empty();
    }
    return HuaweiProviderIds.serverId(providerId);
  }

  static String describe(V1ServicePort sp) {
    return (sp.getName() == null || sp.getName().isEmpty() ? "" : sp.getName() + " ")
        + (sp.getProtocol() == null ? "TCP" : sp.getProtocol()) + "/" + sp.getPort();
  }
}

package dev.ccm4j.provider.inspur.slb;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancers;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.inspur.InspurProviderIds;
import dev.ccm4j.provider.inspur.slb.InspurAnnotations.ListenerSettings;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service load balancers on an Inspur SLB created in front by the user: the Service names the SLB with
 * {@value InspurAnnotations#SLB_ID} (or {@value InspurAnnotations#INTERNAL_SLB_ID}), and this class manages one
 * listener per Service port and its backend members. The SLB itself is never created, modified or deleted.
 *
 * <h2>Which listeners are ours</h2>
 * A listener belongs to a Service when its name is {@code ccm4j_<lb>_<PROTOCOL>_<port>}, where {@code <lb>} is
 * {@link #getLoadBalancerName} (the Service UID based default name, {@code a} and 31 hex digits), {@code PROTOCOL} the
 * Service port's protocol and {@code port} the Service port (not the NodePort, as the original keyed it). Listeners
 * with any other name, the user's or another Service's, are never modified or deleted; a Service port that collides
 * with one of them fails with a message naming it.
 *
 * <h2>Backends</h2>
 * The members of each listener are exactly the nodes the core passes, each {@code {serverId: instance id, serverIp:
 * InternalIP (else the first address), port: NodePort, serverName: node name, type: ECS, weight: 10}}, where the
 * instance id is the node's {@code node.beta.kubernetes.io/instance-id} annotation, else its {@code incloud://}
 * provider ID, else its name. Updates add and remove members by difference; a member whose address, port or weight
 * drifted is replaced.
 *
 * <p>Supported Service ports are TCP (the SLB API has TCP, HTTP and HTTPS listeners; an HTTP listener needs more than
 * the original's annotations describe). Invalid annotations are a {@link ServiceConfigurationException} before any
 * cloud write.
 */
public final class InspurLoadBalancer implements LoadBalancer {
  private static final Logger LOG = LoggerFactory.getLogger(InspurLoadBalancer.class);
  /** Prefix of every listener name this provider creates. */
  public static final String LISTENER_PREFIX = "ccm4j_";
  /** The member weight the original CCM gives every backend. */
  public static final int WEIGHT = 10;
  /** The member type the original CCM sends. */
  public static final String MEMBER_TYPE = "ECS";

  private final SlbClient slb;

  /**
   * Creates the load balancer capability.
   *
   * @param slb the SLB API client
   */
  public InspurLoadBalancer(SlbClient slb) {
    this.slb = Objects.requireNonNull(slb, "slb");
  }

  /**
   * The name of the listener of one Service port.
   *
   * @param loadBalancerName the Service's {@link #getLoadBalancerName}
   * @param protocol the port's protocol, e.g. {@code TCP}
   * @param port the Service port
   * @return {@code ccm4j_<loadBalancerName>_<PROTOCOL>_<port>}
   */
  public static String listenerName(String loadBalancerName, String protocol, int port) {
    return listenerPrefix(loadBalancerName) + protocol.toUpperCase(Locale.ROOT) + "_" + port;
  }

  /**
   * The prefix shared by every listener of one Service.
   *
   * @param loadBalancerName the Service's {@link #getLoadBalancerName}
   * @return {@code ccm4j_<loadBalancerName>_}
   */
  public static String listenerPrefix(String loadBalancerName) {
    return LISTENER_PREFIX + loadBalancerName + "_";
  }

  @Override
  public String getLoadBalancerName(String clusterName, V1Service service) {
    return LoadBalancers.defaultName(service);
  }

  /** Present when the Service's SLB holds at least one of its listeners; the status is the SLB's addresses. */
  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    Optional<String> slbId = InspurAnnotations.slbId(service);
    if (slbId.isEmpty()) {
      return Optional.empty();
    }
    Slb lb;
    try {
      lb = slb.describeLoadBalancer(slbId.get());
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
    String prefix = listenerPrefix(getLoadBalancerName(clusterName, service));
    boolean ours = slb.listeners(lb.slbId()).stream().anyMatch(l -> l.listenerName().startsWith(prefix));
    return ours ? Optional.of(status(lb)) : Optional.empty();
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    Plan plan = plan(clusterName, service, nodes);
    Slb lb = describe(plan.slbId);
    List<SlbListener> existing = slb.listeners(lb.slbId());
    Map<String, SlbListener> ours = new LinkedHashMap<>();
    for (SlbListener l : existing) {
      if (l.listenerName().startsWith(plan.prefix)) {
        ours.put(l.listenerName(), l);
      }
    }
    for (Map.Entry<String, Wanted> e : plan.listeners.entrySet()) {
      Wanted w = e.getValue();
      SlbListener current = ours.remove(e.getKey());
      JsonObject body = plan.settings.body(lb.slbId(), e.getKey(), w.protocol, w.port);
      if (current == null) {
        SlbListener foreign = existing.stream()
            .filter(l -> l.port() == w.port && !l.listenerName().startsWith(plan.prefix)).findFirst().orElse(null);
        if (foreign != null) {
          throw new CloudProviderException("inspur: port " + w.port + " of SLB " + lb.slbId()
              + " is taken by listener \"" + foreign.listenerName() + "\", which this Service does not own; free"
              + " the port or change the Service port");
        }
        current = slb.createListener(lb.slbId(), body);
        LOG.info("created listener {} ({} {}) on SLB {}", e.getKey(), w.protocol, w.port, lb.slbId());
      } else if (drifted(current, body)) {
        current = slb.modifyListener(lb.slbId(), current.listenerId(), body);
        LOG.info("updated listener {} on SLB {}", e.getKey(), lb.slbId());
      }
      syncMembers(lb.slbId(), current, w.members);
    }
    // Ports the Service no longer has.
    for (SlbListener stale : ours.values()) {
      deleteListener(lb.slbId(), stale);
    }
    return status(lb);
  }

  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    Plan plan = plan(clusterName, service, nodes);
    Slb lb = describe(plan.slbId);
    for (SlbListener l : slb.listeners(lb.slbId())) {
      Wanted w = plan.listeners.get(l.listenerName());
      if (w != null) {
        syncMembers(lb.slbId(), l, w.members);
      }
    }
  }

  /**
   * Deletes the Service's listeners (members first) from its SLB; the SLB stays. Returns normally when the Service
   * names no SLB or the SLB is gone.
   */
  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    Optional<String> slbId;
    try {
      slbId = InspurAnnotations.slbId(service);
    } catch (ServiceConfigurationException e) {
      // Two different SLB ids: we cannot tell which one holds our listeners; leave both alone, and say so.
      LOG.warn("service {}/{}: {}; its listeners, if any, are left in place", namespace(service), name(service),
          e.getMessage());
      return;
    }
    if (slbId.isEmpty()) {
      return;
    }
    String lbId;
    try {
      lbId = slb.describeLoadBalancer(slbId.get()).slbId();
    } catch (CloudResourceNotFoundException e) {
      return;
    }
    String prefix = listenerPrefix(getLoadBalancerName(clusterName, service));
    for (SlbListener l : slb.listeners(lbId)) {
      if (l.listenerName().startsWith(prefix)) {
        deleteListener(lbId, l);
      }
    }
  }

  private void deleteListener(String slbId, SlbListener listener) {
    List<String> ids = slb.members(slbId, listener.listenerId()).stream().map(SlbMember::backendId)
        .filter(id -> !id.isEmpty()).toList();
    try {
      slb.removeMembers(slbId, listener.listenerId(), ids);
    } catch (CloudResourceNotFoundException e) {
      // the listener went away meanwhile
    }
    slb.deleteListener(slbId, listener.listenerId());
    LOG.info("deleted listener {} from SLB {}", listener.listenerName(), slbId);
  }

  private void syncMembers(String slbId, SlbListener listener, List<SlbMember> wanted) {
    List<SlbMember> current = slb.members(slbId, listener.listenerId());
    Map<String, SlbMember> want = new LinkedHashMap<>();
    wanted.forEach(m -> want.put(m.serverId(), m));
    List<String> remove = new ArrayList<>();
    Set<String> kept = new HashSet<>();
    for (SlbMember m : current) {
      SlbMember w = want.get(m.serverId());
      if (w != null && m.matches(w) && kept.add(m.serverId())) {
        continue;
      }
      // gone, drifted, or a duplicate of a server already kept
      remove.add(m.backendId());
    }
    List<SlbMember> add = want.values().stream().filter(m -> !kept.contains(m.serverId())).toList();
    if (!remove.isEmpty()) {
      slb.removeMembers(slbId, listener.listenerId(), remove.stream().filter(id -> !id.isEmpty()).toList());
    }
    if (!add.isEmpty()) {
      slb.addMembers(slbId, listener.listenerId(), add);
    }
    if (!remove.isEmpty() || !add.isEmpty()) {
      LOG.info("listener {} on SLB {}: {} members added, {} removed", listener.listenerName(), slbId, add.size(),
          remove.size());
    }
  }

  /** Whether a field we send differs from what the API reports; fields the API does not report are not compared. */
  static boolean drifted(SlbListener current, JsonObject body) {
    for (Map.Entry<String, JsonElement> e : body.entrySet()) {
      String have = current.fields().get(e.getKey());
      if (have == null) {
        continue;
      }
      String want = e.getValue().getAsString();
      if (!normalize(e.getKey(), have).equals(normalize(e.getKey(), want))) {
        return true;
      }
    }
    return false;
  }

  private static String normalize(String field, String value) {
    String v = value.strip();
    if (field.equals("isHealthCheck")) {
      return v.equals("1") || v.equalsIgnoreCase("true") ? "1" : "0";
    }
    if (field.equals("protocol") || field.equals("forwardRule") || field.equals("typeHealthCheck")) {
      return v.toUpperCase(Locale.ROOT);
    }
    if (v.endsWith(".0")) {
      return v.substring(0, v.length() - 2);
    }
    return v;
  }

  private Slb describe(String slbId) {
    try {
      return slb.describeLoadBalancer(slbId);
    } catch (CloudResourceNotFoundException e) {
      throw new CloudProviderException("inspur: the SLB " + slbId + " named by annotation "
          + InspurAnnotations.SLB_ID + " does not exist; create it in front or fix the annotation", e);
    }
  }

  private static V1LoadBalancerStatus status(Slb lb) {
    List<V1LoadBalancerIngress> ingress = new ArrayList<>();
    if (!lb.businessIp().isBlank()) {
      ingress.add(new V1LoadBalancerIngress().ip(lb.businessIp()));
    }
    if (!lb.eipAddress().isBlank() && !lb.eipAddress().equals(lb.businessIp())) {
      ingress.add(new V1LoadBalancerIngress().ip(lb.eipAddress()));
    }
    return new V1LoadBalancerStatus().ingress(ingress);
  }

  /** Everything the Service asks for, validated before any cloud call. */
  private Plan plan(String clusterName, V1Service service, List<V1Node> nodes) {
    String slbId = InspurAnnotations.requireSlbId(service);
    ListenerSettings settings = InspurAnnotations.listenerSettings(service);
    String lbName = getLoadBalancerName(clusterName, service);
    List<V1ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
        : service.getSpec().getPorts();
    List<String> problems = new ArrayList<>();
    Map<String, Wanted> listeners = new LinkedHashMap<>();
    for (V1ServicePort p : ports) {
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol().toUpperCase(Locale.ROOT);
      int port = p.getPort() == null ? 0 : p.getPort();
      if (!protocol.equals("TCP")) {
        problems.add("port " + port + " is " + protocol + ", but Inspur SLB listeners of this provider are TCP only");
        continue;
      }
      int nodePort = p.getNodePort() == null ? 0 : p.getNodePort();
      if (nodePort <= 0) {
        problems.add("port " + port + " has no nodePort (the SLB sends traffic to the nodes' NodePort; keep"
            + " allocateLoadBalancerNodePorts true)");
        continue;
      }
      listeners.put(listenerName(lbName, protocol, port), new Wanted(protocol, port, members(nodes, nodePort)));
    }
    if (!problems.isEmpty()) {
      throw new ServiceConfigurationException("Service ports not supported: " + String.join("; ", problems));
    }
    return new Plan(slbId, listenerPrefix(lbName), settings, listeners);
  }

  private static List<SlbMember> members(List<V1Node> nodes, int nodePort) {
    Map<String, SlbMember> out = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      String name = node.getMetadata() == null || node.getMetadata().getName() == null ? ""
          : node.getMetadata().getName();
      String address = address(node);
      if (address.isEmpty()) {
        LOG.warn("node {} has no address yet and is not added as a backend", name);
        continue;
      }
      String id = InspurProviderIds.instanceId(node);
      out.putIfAbsent(id, new SlbMember("", id, name, address, nodePort, WEIGHT, MEMBER_TYPE));
    }
    return List.copyOf(out.values());
  }

  private static String address(V1Node node) {
    List<V1NodeAddress> addresses = node.getStatus() == null || node.getStatus().getAddresses() == null
        ? List.of() : node.getStatus().getAddresses();
    for (V1NodeAddress a : addresses) {
      if ("InternalIP".equals(a.getType()) && a.getAddress() != null && !a.getAddress().isBlank()) {
        return a.getAddress();
      }
    }
    for (V1NodeAddress a : addresses) {
      if (a.getAddress() != null && !a.getAddress().isBlank()) {
        return a.getAddress();
      }
    }
    return "";
  }

  private static String namespace(V1Service s) {
    return s.getMetadata() == null ? "" : s.getMetadata().getNamespace();
  }

  private static String name(V1Service s) {
    return s.getMetadata() == null ? "" : s.getMetadata().getName();
  }

  private record Wanted(String protocol, int port, List<SlbMember> members) {}

  private record Plan(String slbId, String prefix, ListenerSettings settings, Map<String, Wanted> listeners) {}
}

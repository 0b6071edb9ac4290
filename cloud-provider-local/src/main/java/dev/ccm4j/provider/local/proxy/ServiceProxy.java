package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.ServiceWarnings;
import dev.ccm4j.provider.local.IpRange;
import dev.ccm4j.provider.local.LocalNet;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1PortStatus;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The load balancer of one Service: an address, a listener per service port and protocol, the backends of each
 * port and their health checks, and the set of open connections.
 */
public final class ServiceProxy implements ConnectionTracker {
  /** The event reason of a backend that is never dialled because it is a listener of this process. */
  public static final String REASON_BACKEND_REFUSED = "LoadBalancerBackendRefused";
  /** The event reason of a service port whose protocol the local load balancer cannot serve. */
  public static final String REASON_UNSUPPORTED_PORT = "UnsupportedLoadBalancerPort";
  private static final long DEFAULT_AFFINITY_SECONDS = 10_800;
  private static final long UDP_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final ProxyEngine engine;
  private final InetAddress address;
  private final HealthChecker health;
  private final ServiceWarnings warnings;
  // refused backends already warned about, so that each refusal is reported once while it lasts
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private volatile List<String> unsupportedWarned = List.of();
  private volatile V1Service service;
  private final Map<PortKey, TcpListener> tcp = new LinkedHashMap<>();
  private final Map<PortKey, UdpListener> udp = new LinkedHashMap<>();
  private final Set<TcpRelay> relays = ConcurrentHashMap.newKeySet();
  private volatile SourceFilter filter = SourceFilter.ALLOW_ALL;
  // what the last setBackends was told, so the conformance fixture can read the balancer back by node name
  private volatile Map<PortKey, Integer> nodePorts = Map.of();
  private volatile Set<String> backendNodes = Set.of();

  private ServiceProxy(ProxyEngine engine, InetAddress address, Duration healthInterval, ServiceWarnings warnings) {
    this.engine = engine;
    this.address = address;
    this.warnings = warnings;
    this.health = new HealthChecker(engine.scheduler(), healthInterval, this::expire);
  }

  /**
   * Binds every port of the Service on {@code address} and starts forwarding.
   *
   * @throws IOException if a port cannot be bound; nothing stays open then
   */
  public static ServiceProxy open(ProxyEngine engine, InetAddress address, Duration healthInterval, V1Service service,
      List<V1Node> nodes, ServiceWarnings warnings) throws IOException {
    ServiceProxy p = new ServiceProxy(engine, address, healthInterval, warnings);
    try {
      p.apply(service, nodes);
      return p;
    } catch (IOException | RuntimeException e) {
      p.closeNow();
      throw e;
    }
  }

  public InetAddress address() {
    return address;
  }

  /**
   * Makes the listeners match the Service's ports (opening new ones, closing removed ones, leaving the rest and
   * their connections alone) and updates source ranges and backends.
   *
   * @throws IOException if a new port cannot be bound
   */
  public synchronized void apply(V1Service service, List<V1Node> nodes) throws IOException {
    filter = SourceFilter.of(service);
    Set<PortKey> wanted = new HashSet<>(ports(service).keySet());
    closeUnwanted(tcp, wanted);
    closeUnwanted(udp, wanted);
    for (PortKey k : wanted) {
      InetSocketAddress at = new InetSocketAddress(address, k.port());
      BackendPool pool = new BackendPool(health, k.protocol(), this::looping);
      if (k.protocol().equals("TCP") && !tcp.containsKey(k)) {
        tcp.put(k, TcpListener.open(engine.nextLoop(), at, pool, () -> filter, this, engine.timer()));
      } else if (k.protocol().equals("UDP") && !udp.containsKey(k)) {
        udp.put(k, UdpListener.open(engine.nextLoop(), at, pool, () -> filter));
      }
    }
    setBackends(service, nodes);
    List<String> unsupported = unsupportedPorts(service);
    if (!unsupported.isEmpty() && !unsupported.equals(unsupportedWarned)) {
      warnings.warn(service, REASON_UNSUPPORTED_PORT, "Not serving " + String.join(", ", unsupported)
          + ": the local load balancer serves TCP and UDP only; the Service's other ports are served on "
          + address.getHostAddress());
    }
    unsupportedWarned = unsupported;
  }

  /**
   * The ports of a Service whose protocol the proxy cannot serve, each as {@code spec.ports[i] (SCTP 9000)}.
   *
   * @param service the Service
   * @return the descriptions, in port order; empty when every port is TCP or UDP
   */
  public static List<String> unsupportedPorts(V1Service service) {
    List<String> out = new ArrayList<>();
    List<V1ServicePort> ports = service.getSpec() == null ? null : service.getSpec().getPorts();
    if (ports == null) {
      return out;
    }
    for (int i = 0; i < ports.size(); i++) {
      V1ServicePort p = ports.get(i);
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
        out.add("spec.ports[" + i + "] (" + protocol + " " + p.getPort() + ")");
      }
    }
    return out;
  }

  private static <L extends AutoCloseable> void closeUnwanted(Map<PortKey, L> listeners, Set<PortKey> wanted) {
    listeners.entrySet().removeIf(e -> {
      if (wanted.contains(e.getKey())) {
        return false;
      }
      closeListener(e.getValue());
      return true;
    });
  }

  /** Replaces the backends of every port; established connections keep their backend. */
  public synchronized void setBackends(V1Service service, List<V1Node> nodes) {
    this.service = service;
    V1ServiceSpec spec = service.getSpec();
    Map<PortKey, Integer> ports = ports(service);
    boolean local = "Local".equals(spec.getExternalTrafficPolicy()) && spec.getHealthCheckNodePort() != null
        && spec.getHealthCheckNodePort() > 0;
    long affinity = affinityNanos(spec);
    Set<HealthProbe> probes = new HashSet<>();
    Map<PortKey, List<Backend>> all = new LinkedHashMap<>();
    Set<String> names = new TreeSet<>();
    Map<String, String> refusals = new LinkedHashMap<>();
    for (Map.Entry<PortKey, Integer> e : ports.entrySet()) {
      List<Backend> backends = new ArrayList<>();
      Integer nodePort = e.getValue();
      String protocol = e.getKey().protocol();
      for (V1Node node : nodes) {
        Optional<InetAddress> ip = nodeIp(node);
        if (nodePort == null || nodePort <= 0 || ip.isEmpty()) {
          continue;
        }
        String name = node.getMetadata() == null || node.getMetadata().getName() == null ? ""
            : node.getMetadata().getName();
        Optional<HealthProbe> probe;
        if (local) {
          probe = Optional.of(new HealthProbe(new InetSocketAddress(ip.get(), spec.getHealthCheckNodePort()), true));
        } else if (protocol.equals("TCP")) {
          probe = Optional.of(new HealthProbe(new InetSocketAddress(ip.get(), nodePort), false));
        } else {
          probe = Optional.empty();
        }
        Backend backend = new Backend(name, new InetSocketAddress(ip.get(), nodePort), probe);
        if (ListenerRegistry.PROCESS.isListener(protocol, backend.address())) {
          refusals.put(refusalKey(backend, protocol), refusal(backend, protocol, backend.address(), "its address"));
          continue;
        }
        if (probe.isPresent() && ListenerRegistry.PROCESS.isListener("TCP", probe.get().target())) {
          refusals.put(refusalKey(backend, "health"), refusal(backend, protocol, probe.get().target(),
              "its health check address " + LocalNet.hostPort(probe.get().target())));
          continue;
        }
        probe.ifPresent(probes::add);
        backends.add(backend);
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      all.put(e.getKey(), backends);
    }
    refusals.forEach((key, message) -> {
      if (refused.add(key)) {
        warnings.warn(service, REASON_BACKEND_REFUSED, message);
      }
    });
    refused.retainAll(refusals.keySet());
    health.retain(probes);
    Map<PortKey, Integer> configured = new TreeMap<>();
    ports.forEach((k, nodePort) -> configured.put(k, nodePort == null ? 0 : nodePort));
    nodePorts = Collections.unmodifiableMap(configured);
    backendNodes = Collections.unmodifiableSet(names);
    all.forEach((k, backends) -> {
      // a port whose listener could not be opened has no pool until the next successful ensure
      Optional<BackendPool> pool = k.protocol().equals("TCP") ? Optional.ofNullable(tcp.get(k)).map(TcpListener::pool)
          : Optional.ofNullable(udp.get(k)).map(UdpListener::pool);
      pool.ifPresent(p -> p.update(backends, affinity));
    });
  }

  /**
   * A backend the pool skipped at connect time because a load balancer listener opened on its address after it
   * was set. Runs on an event loop: it only reports, once per backend; the next backend update drops it.
   */
  private void looping(String protocol, Backend b) {
    V1Service s = service;
    if (s != null && refused.add(refusalKey(b, protocol))) {
      warnings.warn(s, REASON_BACKEND_REFUSED, refusal(b, protocol, b.address(), "its address"));
    }
  }

  private static String refusalKey(Backend b, String what) {
    return b.node() + "|" + LocalNet.hostPort(b.address()) + "|" + what;
  }

  private String refusal(Backend b, String protocol, InetSocketAddress listener, String what) {
    String node = b.node().isEmpty() ? "a node without a name" : "node " + b.node();
    return "Not forwarding " + protocol + " traffic to " + node + " at " + LocalNet.hostPort(b.address()) + ": " + what
        + " is a load balancer listener of this cloud-controller-manager ("
        + (listener.getAddress().equals(address) ? "this Service's own" : "another Service's")
        + "), so connecting would loop back into the proxy. The Service's other backends keep serving"
        + " traffic";
  }

  private static long affinityNanos(V1ServiceSpec spec) {
    if (!"ClientIP".equals(spec.getSessionAffinity())) {
      return 0;
    }
    Integer seconds = spec.getSessionAffinityConfig() == null || spec.getSessionAffinityConfig().getClientIP() == null
        ? null : spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
    return TimeUnit.SECONDS.toNanos(seconds == null || seconds <= 0 ? DEFAULT_AFFINITY_SECONDS : seconds);
  }

  private Optional<InetAddress> nodeIp(V1Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return Optional.empty();
    }
    Optional<InetAddress> otherFamily = Optional.empty();
    for (String type : List.of("InternalIP", "ExternalIP")) {
      for (V1NodeAddress a : node.getStatus().getAddresses()) {
        if (!type.equals(a.getType()) || a.getAddress() == null) {
          continue;
        }
        InetAddress ip;
        try {
          ip = IpRange.parse(a.getAddress()).first();
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (ip.getAddress().length == address.getAddress().length) {
          return Optional.of(ip);
        }
        if (otherFamily.isEmpty()) {
          otherFamily = Optional.of(ip);
        }
      }
    }
    return otherFamily;
  }

  /**
   * The Service's TCP and UDP ports with their node ports (null when it has none); other protocols are skipped.
   *
   * @param service the Service
   * @return the ports
   */
  public static Map<PortKey, Integer> ports(V1Service service) {
    Map<PortKey, Integer> out = new TreeMap<>();
    List<V1ServicePort> ports = service.getSpec() == null ? null : service.getSpec().getPorts();
    if (ports == null) {
      return out;
    }
    for (V1ServicePort p : ports) {
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if ((protocol.equals("TCP") || protocol.equals("UDP")) && p.getPort() != null) {
        out.put(new PortKey(protocol, p.getPort()), p.getNodePort());
      }
    }
    return out;
  }

  public synchronized V1LoadBalancerStatus status() {
    List<V1PortStatus> ports = new ArrayList<>();
    Set<PortKey> keys = new TreeSet<>(tcp.keySet());
    keys.addAll(udp.keySet());
    for (PortKey k : keys) {
      ports.add(new V1PortStatus().port(k.port()).protocol(k.protocol()));
    }
    return new V1LoadBalancerStatus().ingress(List.of(new V1LoadBalancerIngress().ip(address.getHostAddress())
        .ports(ports)));
  }

  /**
   * The balancer as it stands: its address, open listeners with their node ports, and the nodes it forwards to.
   *
   * @param name the balancer's name
   * @return the description
   */
  public synchronized FixtureLoadBalancer describe(String name) {
    Set<PortKey> keys = new TreeSet<>(tcp.keySet());
    keys.addAll(udp.keySet());
    Map<PortKey, Integer> ports = nodePorts;
    List<FixtureLoadBalancer.Listener> listeners = keys.stream()
        .map(k -> FixtureLoadBalancer.Listener.of(k.protocol(), k.port(), ports.getOrDefault(k, 0))).toList();
    return FixtureLoadBalancer.builder(name).addresses(List.of(address.getHostAddress())).listeners(listeners)
        .backendNodes(backendNodes).build();
  }

  public synchronized Map<String, Boolean> backendHealth() {
    Map<String, Boolean> out = new TreeMap<>();
    List<BackendPool> pools = new ArrayList<>();
    tcp.values().forEach(l -> pools.add(l.pool()));
    udp.values().forEach(l -> pools.add(l.pool()));
    for (BackendPool pool : pools) {
      for (Backend b : pool.backends()) {
        InetSocketAddress a = b.address();
        out.put(a.getAddress().getHostAddress() + ":" + a.getPort(), pool.healthy(b));
      }
    }
    return out;
  }

  public int openConnections() {
    return relays.size();
  }

  @Override
  public void opened(TcpRelay relay) {
    relays.add(relay);
  }

  @Override
  public void closed(TcpRelay relay) {
    relays.remove(relay);
    synchronized (relays) {
      relays.notifyAll();
    }
  }

  private synchronized void expire() {
    tcp.values().forEach(l -> l.pool().expireAffinity());
    udp.values().forEach(l -> {
      l.pool().expireAffinity();
      l.expireSessions(UDP_IDLE_NANOS);
    });
  }

  /**
   * Stops accepting, waits up to {@code timeout} for open connections to finish, then closes what is left. The
   * address is free when this returns.
   *
   * @param timeout the drain limit
   * @throws InterruptedException if interrupted while waiting; everything is closed anyway
   */
  public void drainAndClose(Duration timeout) throws InterruptedException {
    synchronized (this) {
      tcp.values().forEach(ServiceProxy::closeListener);
      udp.values().forEach(ServiceProxy::closeListener);
      tcp.clear();
      udp.clear();
      health.close();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      synchronized (relays) {
        long left;
        while (!relays.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(relays, left);
        }
      }
    } finally {
      closeNow();
    }
  }

  /** Closes listeners and connections at once. */
  public synchronized void closeNow() {
    tcp.values().forEach(ServiceProxy::closeListener);
    udp.values().forEach(ServiceProxy::closeListener);
    tcp.clear();
    udp.clear();
    health.close();
    for (TcpRelay r : relays.toArray(new TcpRelay[0])) {
      r.closeAsync();
    }
  }

  private static void closeListener(AutoCloseable l) {
    try {
      l.close();
    } catch (Exception e) {
      // closing a listener only releases its socket; there is nothing to recover
    }
  }

  /**
   * A listener's identity.
   *
   * @param protocol {@code TCP} or {@code UDP}
   * @param port the service port
   */
  record PortKey(String protocol, int port) implements Comparable<PortKey> {
    @Override
    public int compareTo(PortKey o) {
      int c = Integer.compare(port, o.port);
      return c != 0 ? c : protocol.compareTo(o.protocol);
    }
  }
}

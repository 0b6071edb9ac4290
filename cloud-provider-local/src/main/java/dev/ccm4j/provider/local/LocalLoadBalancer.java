package dev.ccm4j.provider.local;

import dev.ccm4j.provider.local.proxy.ProxyEngine;
import dev.ccm4j.provider.local.proxy.ServiceProxy;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import java.io.IOException;
import java.math.BigInteger;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load balancers as a userspace TCP and UDP proxy on addresses from the configured pool (by default loopback
 * addresses from 127.0.0.100, which need no privileges on Linux). Each Service gets one address and a listener
 * per port; connections go to the backend nodes' nodePorts. The proxy threads start with the first load balancer.
 *
 * <p>A Service keeps the address its status already names when this instance first serves it (after a restart or
 * a failover), and a new Service never gets an address some Service's status names: before handing out its first
 * address, this instance lists the Services once with the client from {@link #useClients}. The data path needs
 * the Kubernetes API for nothing: load balancers keep serving through an API outage and after the controllers
 * stop, until {@link #close}.
 */
public final class LocalLoadBalancer implements LoadBalancer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLoadBalancer.class);
  private static final int MAX_BIND_ATTEMPTS = 1024;
  private static final int LIST_PAGE = 500;
  private static final Duration ADOPTION_RETRY = Duration.ofSeconds(2);

  private final Supplier<LocalConfig> config;
  private final Map<String, ServiceProxy> proxies = new ConcurrentHashMap<>();
  // deleted or moved load balancers waiting for their connections, so that close() ends those too
  private final Set<ServiceProxy> draining = ConcurrentHashMap.newKeySet();
  private final Object allocation = new Object();
  private final AddressClaims claims = new AddressClaims(this::servingKey);
  private final ServiceWarnings warnings = this::warn;
  private volatile KubernetesClientFactory clients;
  private volatile ServiceEvents events;
  private boolean claimsLoaded;
  // when each Service first found the address its status names bound by another process
  private final Map<String, Long> adoptionWaits = new ConcurrentHashMap<>();
  private volatile Duration adoptionGrace = Duration.ofSeconds(30);
  private ProxyEngine engine;
  private boolean closed;

  LocalLoadBalancer(Supplier<LocalConfig> config) {
    this.config = config;
  }

  /**
   * Gives this load balancer the Kubernetes clients it needs: to list the Services whose statuses name addresses
   * before the first allocation, and to record Warning events on Services. Without them (tests, fixtures) only
   * the Services this instance is called with are known, and warnings are only logged.
   *
   * @param factory the client factory from the provider context
   */
  void useClients(KubernetesClientFactory factory) {
    synchronized (this) {
      if (closed || clients != null) {
        return;
      }
      clients = factory;
      events = new ServiceEvents(factory);
    }
  }

  /**
   * Stops writing events, when the controllers stop (shutdown or lost leadership); load balancers keep serving.
   */
  void stopEvents() {
    ServiceEvents e = events;
    if (e != null) {
      e.close();
    }
  }

  private void warn(V1Service service, String reason, String message) {
    LOG.warn("service {}: {}", ref(service), message);
    ServiceEvents e = events;
    if (e != null) {
      e.warning(service, reason, message);
    }
  }

  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    ServiceProxy p = proxies.get(getLoadBalancerName(clusterName, service));
    return p == null ? Optional.empty() : Optional.of(p.status());
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    String key = getLoadBalancerName(clusterName, service);
    checkPorts(service);
    Optional<InetAddress> requested = requestedIp(service);
    claims.observe(key, service);
    ServiceProxy existing = proxies.get(key);
    if (existing != null && requested.isPresent() && !requested.get().equals(existing.address())) {
      // a changed loadBalancerIP moves the load balancer: validate the new address before dropping the old one
      synchronized (allocation) {
        loadClaims();
        claims.observe(key, service);
        checkRequested(service, requested.get(), key);
      }
      proxies.remove(key);
      drain(existing);
      existing = null;
    }
    if (existing != null) {
      try {
        existing.apply(service, nodes);
      } catch (IOException e) {
        throw new CloudProviderException("cannot open a new port of load balancer " + existing.address()
            .getHostAddress() + " for service " + ref(service) + ": " + e.getMessage(), e);
      }
      return existing.status();
    }
    ServiceProxy created = allocate(key, service, nodes, requested);
    LOG.info("load balancer for service {} listens on {}{}", ref(service), created.address().getHostAddress(),
        AddressClaims.statusAddresses(service).contains(created.address()) ? " (the address its status names)"
            : "");
    return created.status();
  }

  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    String key = getLoadBalancerName(clusterName, service);
    // never waits for an allocation (which may be listing Services): backend updates need no API
    claims.observe(key, service);
    ServiceProxy p = proxies.get(key);
    if (p != null) {
      p.setBackends(service, nodes);
    }
  }

  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    String key = getLoadBalancerName(clusterName, service);
    ServiceProxy p = proxies.remove(key);
    if (p != null) {
      drain(p);
      LOG.info("deleted the load balancer {} of service {}", p.address().getHostAddress(), ref(service));
    }
    // only once the address is free: until then no other Service may take it
    claims.release(key);
    adoptionWaits.remove(key);
  }

  /**
   * The health of every backend of a Service's load balancer, for diagnostics.
   *
   * @param clusterName the cluster name
   * @param service the Service
   * @return {@code ip:nodePort} to whether its last health check passed; empty if there is no load balancer
   */
  public Map<String, Boolean> backendHealth(String clusterName, V1Service service) {
    ServiceProxy p = proxies.get(getLoadBalancerName(clusterName, service));
    return p == null ? Map.of() : p.backendHealth();
  }

  /**
   * Reads one load balancer back, as the conformance fixture sees it.
   *
   * @param name the load balancer name ({@link #getLoadBalancerName})
   * @return its address, listeners and backend nodes; empty if it does not exist
   */
  public Optional<FixtureLoadBalancer> describe(String name) {
    ServiceProxy p = proxies.get(name);
    return p == null ? Optional.empty() : Optional.of(p.describe(name));
  }

  /**
   * Reads every load balancer back.
   *
   * @return one description per load balancer, in no particular order
   */
  public List<FixtureLoadBalancer> describeAll() {
    List<FixtureLoadBalancer> all = new ArrayList<>();
    proxies.forEach((name, p) -> all.add(p.describe(name)));
    return all;
  }

  /**
   * How many proxied TCP connections of a Service's load balancer are open.
   *
   * @param clusterName the cluster name
   * @param service the Service
   * @return the count; 0 if there is no load balancer
   */
  public int openConnections(String clusterName, V1Service service) {
    ServiceProxy p = proxies.get(getLoadBalancerName(clusterName, service));
    return p == null ? 0 : p.openConnections();
  }

  private void drain(ServiceProxy p) {
    draining.add(p);
    try {
      p.drainAndClose(config.get().loadBalancer().drainTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudProviderException("interrupted while draining load balancer " + p.address().getHostAddress(),
          e);
    } finally {
      draining.remove(p);
    }
  }

  private ServiceProxy allocate(String key, V1Service service, List<V1Node> nodes,
      Optional<InetAddress> requested) {
    LoadBalancerSettings lb = config.get().loadBalancer();
    synchronized (allocation) {
      ProxyEngine e = engine();
      loadClaims();
      // the object handed to this call is at least as fresh as the listed one
      claims.observe(key, service);
      if (requested.isPresent()) {
        InetAddress ip = requested.get();
        checkRequested(service, ip, key);
        try {
          return open(key, e, ip, lb, service, nodes);
        } catch (IOException ex) {
          throw new CloudProviderException("loadBalancerIP " + ip.getHostAddress() + " of service " + ref(service)
              + " cannot be bound (" + ex.getMessage() + "); address pool: " + lb.describePool(), ex);
        }
      }
      for (InetAddress ip : AddressClaims.statusAddresses(service)) {
        Optional<ServiceProxy> adopted = adopt(key, e, ip, lb, service, nodes);
        if (adopted.isPresent()) {
          return adopted.get();
        }
      }
      int attempts = 0;
      for (IpRange range : lb.addressPool()) {
        for (BigInteger i = BigInteger.ZERO; attempts < MAX_BIND_ATTEMPTS; i = i.add(BigInteger.ONE)) {
          Optional<InetAddress> candidate = range.at(i);
          if (candidate.isEmpty()) {
            break;
          }
          if (inUse(candidate.get()) || claims.claimed(candidate.get()) || !usableHost(candidate.get())) {
            continue;
          }
          attempts++;
          try {
            return open(key, e, candidate.get(), lb, service, nodes);
          } catch (IOException ex) {
            LOG.debug("address {} is not usable for service {}: {}", candidate.get().getHostAddress(),
                ref(service), ex.getMessage());
          }
        }
      }
      throw new CloudProviderException("no free address for the load balancer of service " + ref(service)
          + " in the address pool " + lb.describePool() + " (tried " + attempts + " addresses)");
    }
  }

  /** Serves the Service on an address its status names, when that address is still its to take. */
  private Optional<ServiceProxy> adopt(String key, ProxyEngine e, InetAddress ip, LoadBalancerSettings lb,
      V1Service service, List<V1Node> nodes) {
    String at = ip.getHostAddress();
    if (lb.addressPool().stream().noneMatch(r -> r.contains(ip))) {
      LOG.info("service {}: its status names {}, which is not in the address pool {}; it gets another address",
          ref(service), at, lb.describePool());
      return Optional.empty();
    }
    if (claims.ownedByOther(ip, key)) {
      // the claim's owner was already logged by the claims
      return Optional.empty();
    }
    try {
      ServiceProxy p = open(key, e, ip, lb, service, nodes);
      adoptionWaits.remove(key);
      return Optional.of(p);
    } catch (IOException ex) {
      if (boundElsewhere(ex)) {
        long first = adoptionWaits.computeIfAbsent(key, k -> System.nanoTime());
        if (System.nanoTime() - first < adoptionGrace.toNanos()) {
          // most likely the previous leader, still serving until it exits: wait for it rather than move
          throw new RetryAfterException("the address " + at + " that the status of service " + ref(service)
              + " names is still bound by another process (a previous leader that is exiting?); retrying",
              ADOPTION_RETRY, ex);
        }
      }
      adoptionWaits.remove(key);
      LOG.warn("service {}: its status names {}, which cannot be bound ({}); it gets another address", ref(service),
          at, ex.getMessage());
      return Optional.empty();
    }
  }

  private static boolean boundElsewhere(IOException e) {
    return e instanceof BindException && e.getMessage() != null && e.getMessage().contains("in use");
  }

  /**
   * How long a Service waits for the address its status names while another process still has it bound, before
   * it takes another address; 30 s by default.
   *
   * @param grace the wait
   */
  void adoptionGrace(Duration grace) {
    adoptionGrace = grace;
  }

  private ServiceProxy open(String key, ProxyEngine e, InetAddress ip, LoadBalancerSettings lb, V1Service service,
      List<V1Node> nodes) throws IOException {
    ServiceProxy p = ServiceProxy.open(e, ip, lb.healthCheckInterval(), service, nodes, warnings);
    proxies.put(key, p);
    return p;
  }

  /**
   * Learns, once, which addresses the statuses of all Services name, before this instance hands out its first
   * address. Without it a new leader would give a new Service the address an old one is still known by.
   *
   * @throws CloudProviderException if the Services cannot be listed; nothing is allocated then, and the call is
   *     retried with backoff like any failure
   */
  private void loadClaims() {
    KubernetesClientFactory f = clients;
    if (f == null || claimsLoaded) {
      return;
    }
    CoreV1Api api;
    try {
      api = new CoreV1Api(f.client(ServiceEvents.COMPONENT));
    } catch (RuntimeException ex) {
      // a context without a cluster (the TCK's, for one): nothing else can have written a status
      LOG.info("no Kubernetes client for the local load balancer ({}); only the Services it is called with are "
          + "known to name addresses", ex.getMessage());
      claimsLoaded = true;
      return;
    }
    List<V1Service> all = new ArrayList<>();
    String next = null;
    try {
      do {
        V1ServiceList page = api.listServiceForAllNamespaces().limit(LIST_PAGE)._continue(next).execute();
        all.addAll(page.getItems());
        next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
      } while (next != null && !next.isEmpty());
    } catch (ApiException ex) {
      throw new CloudProviderException("cannot list Services to learn which load balancer addresses their status "
          + "names (HTTP " + ex.getCode() + "); no new address is handed out until that succeeds", ex);
    }
    int named = claims.load(all, s -> getLoadBalancerName("", s));
    claimsLoaded = true;
    LOG.info("listed {} Services: {} load balancer addresses their statuses name are kept for them", all.size(),
        named);
  }

  private Optional<String> servingKey(InetAddress ip) {
    for (Map.Entry<String, ServiceProxy> e : proxies.entrySet()) {
      if (e.getValue().address().equals(ip)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses a Service none of whose ports the proxy can serve, before it takes an address; the core then records
   * the message as a Warning event and does not retry until the Service changes.
   */
  private static void checkPorts(V1Service service) {
    List<String> unsupported = ServiceProxy.unsupportedPorts(service);
    if (!unsupported.isEmpty() && ServiceProxy.ports(service).isEmpty()) {
      throw new ServiceConfigurationException(String.join(", ", unsupported) + ": the local load balancer "
          + "serves TCP and UDP only, and the Service has no TCP or UDP port; it gets no load balancer and no "
          + "address until it has one");
    }
  }

  /**
   * Addresses ending in .0 or .255 (IPv4) or ::0 (IPv6) are network, broadcast or subnet-router addresses in most
   * layouts; a pool never hands them out, though a Service may still ask for one explicitly.
   */
  private static boolean usableHost(InetAddress ip) {
    byte[] b = ip.getAddress();
    int last = b[b.length - 1] & 0xff;
    if (b.length == 4) {
      return last != 0 && last != 255;
    }
    return last != 0 || b[b.length - 2] != 0;
  }

  private void checkRequested(V1Service service, InetAddress ip, String key) {
    LoadBalancerSettings lb = config.get().loadBalancer();
    if (lb.addressPool().stream().noneMatch(r -> r.contains(ip))) {
      throw new CloudProviderException("loadBalancerIP " + ip.getHostAddress() + " of service " + ref(service)
          + " is not in the address pool " + lb.describePool());
    }
    for (Map.Entry<String, ServiceProxy> e : proxies.entrySet()) {
      if (!e.getKey().equals(key) && e.getValue().address().equals(ip)) {
        throw new CloudProviderException("loadBalancerIP " + ip.getHostAddress() + " of service " + ref(service)
            + " is already used by another load balancer; address pool: " + lb.describePool());
      }
    }
    if (claims.ownedByOther(ip, key)) {
      throw new CloudProviderException("loadBalancerIP " + ip.getHostAddress() + " of service " + ref(service)
          + " is already used by another load balancer: the status of service "
          + claims.claimedBy(ip).orElse("?") + " names it; address pool: " + lb.describePool());
    }
  }

  private boolean inUse(InetAddress ip) {
    return proxies.values().stream().anyMatch(p -> p.address().equals(ip));
  }

  private static Optional<InetAddress> requestedIp(V1Service service) {
    String ip = service.getSpec() == null ? null : service.getSpec().getLoadBalancerIP();
    if (ip == null || ip.isBlank()) {
      return Optional.empty();
    }
    try {
      IpRange r = IpRange.parse(ip);
      if (!r.first().equals(r.last()) || ip.contains("/")) {
        throw new IllegalArgumentException("not a single address");
      }
      return Optional.of(r.first());
    } catch (IllegalArgumentException e) {
      throw new CloudProviderException("loadBalancerIP \"" + ip + "\" of service " + ref(service)
          + " is not an IP address", e);
    }
  }

  private synchronized ProxyEngine engine() {
    if (closed) {
      throw new CloudProviderException("the local load balancer is closed");
    }
    if (engine == null) {
      engine = new ProxyEngine();
    }
    return engine;
  }

  private static String ref(V1Service s) {
    return s.getMetadata() == null ? "?" : s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }

  /** Closes every load balancer at once, without draining, and stops the proxy threads. */
  @Override
  public synchronized void close() {
    closed = true;
    stopEvents();
    proxies.values().forEach(ServiceProxy::closeNow);
    proxies.clear();
    draining.forEach(ServiceProxy::closeNow);
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }
}

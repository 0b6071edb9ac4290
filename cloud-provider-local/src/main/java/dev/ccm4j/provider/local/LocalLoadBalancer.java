package dev.ccm4j.provider.local;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load balancers as a userspace TCP and UDP proxy on addresses from the configured pool (by default loopback
 * addresses from 127.0.0.100, which need no privileges on Linux). Each Service gets one address and a listener
 * per port; connections go to the backend nodes' nodePorts. The proxy threads start with the first load balancer.
 */
public final class LocalLoadBalancer implements LoadBalancer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLoadBalancer.class);
  private static final int MAX_BIND_ATTEMPTS = 1024;

  private final Supplier<LocalConfig> config;
  private final Map<String, ServiceProxy> proxies = new ConcurrentHashMap<>();
  private final Object allocation = new Object();
  private ProxyEngine engine;
  private boolean closed;

  LocalLoadBalancer(Supplier<LocalConfig> config) {
    this.config = config;
  }

  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    ServiceProxy p = proxies.get(getLoadBalancerName(clusterName, service));
    return p == null ? Optional.empty() : Optional.of(p.status());
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    String key = getLoadBalancerName(clusterName, service);
    Optional<InetAddress> requested = requestedIp(service);
    ServiceProxy existing = proxies.get(key);
    if (existing != null && requested.isPresent() && !requested.get().equals(existing.address())) {
      // a changed loadBalancerIP moves the load balancer: validate the new address before dropping the old one
      checkRequested(service, requested.get(), key);
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
    LOG.info("load balancer for service {} listens on {}", ref(service), created.address().getHostAddress());
    return created.status();
  }

  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    ServiceProxy p = proxies.get(getLoadBalancerName(clusterName, service));
    if (p != null) {
      p.setBackends(service, nodes);
    }
  }

  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    ServiceProxy p = proxies.remove(getLoadBalancerName(clusterName, service));
    if (p != null) {
      drain(p);
      LOG.info("deleted the load balancer {} of service {}", p.address().getHostAddress(), ref(service));
    }
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
    try {
      p.drainAndClose(config.get().loadBalancer().drainTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudProviderException("interrupted while draining load balancer " + p.address().getHostAddress(),
          e);
    }
  }

  private ServiceProxy allocate(String key, V1Service service, List<V1Node> nodes,
      Optional<InetAddress> requested) {
    LoadBalancerSettings lb = config.get().loadBalancer();
    synchronized (allocation) {
      ProxyEngine e = engine();
      if (requested.isPresent()) {
        InetAddress ip = requested.get();
        checkRequested(service, ip, key);
        try {
          ServiceProxy p = ServiceProxy.open(e, ip, lb.healthCheckInterval(), service, nodes);
          proxies.put(key, p);
          return p;
        } catch (IOException ex) {
          throw new CloudProviderException("loadBalancerIP " + ip.getHostAddress() + " of service " + ref(service)
              + " cannot be bound (" + ex.getMessage() + "); address pool: " + lb.describePool(), ex);
        }
      }
      int attempts = 0;
      for (IpRange range : lb.addressPool()) {
        for (BigInteger i = BigInteger.ZERO; attempts < MAX_BIND_ATTEMPTS; i = i.add(BigInteger.ONE)) {
          Optional<InetAddress> candidate = range.at(i);
          if (candidate.isEmpty()) {
            break;
          }
          if (inUse(candidate.get()) || !usableHost(candidate.get())) {
            continue;
          }
          attempts++;
          try {
            ServiceProxy p = ServiceProxy.open(e, candidate.get(), lb.healthCheckInterval(), service, nodes);
            proxies.put(key, p);
            return p;
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
    proxies.values().forEach(ServiceProxy::closeNow);
    proxies.clear();
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }
}

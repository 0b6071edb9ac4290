package dev.ccm4j.provider.local;

import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses that Services' {@code status.loadBalancer.ingress} name, and which Service each belongs to.
 *
 * <p>A status outlives the process that wrote it: after a failover the new leader's proxy starts empty while every
 * served Service still names its address. Such an address is kept for the Service whose status names it (which
 * adopts it on its next ensure) and is never handed to another Service, so that no status ever names an address
 * that forwards to another Service's backends. When two Services' statuses name one address, the older Service
 * (by {@code creationTimestamp}, then namespace/name) keeps it and the other gets a new one; an address a load
 * balancer of this process serves stays with that Service whatever the statuses say.
 *
 * <p>A Service's claims follow its status each time the load balancer sees the Service, and end when its load
 * balancer is deleted. Thread-safe; allocation itself is serialised by the caller.
 */
final class AddressClaims {
  private static final Logger LOG = LoggerFactory.getLogger(AddressClaims.class);
  private static final Comparator<Claimant> OLDER_FIRST = Comparator
      .comparing(Claimant::created, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(Claimant::ref).thenComparing(Claimant::key);

  private final Function<InetAddress, Optional<String>> servedBy;
  private final Map<InetAddress, Claimant> owners = new HashMap<>();
  private final Map<String, Set<InetAddress>> named = new HashMap<>();
  private final Set<String> reported = new HashSet<>();

  /**
   * A Service that names an address.
   *
   * @param key its load balancer name
   * @param ref {@code namespace/name}, for messages
   * @param created its creation time; null when unknown, which counts as newest
   */
  record Claimant(String key, String ref, Instant created) {}

  /**
   * Creates an empty set of claims.
   *
   * @param servedBy which Service (by load balancer name) a load balancer of this process serves on an address
   */
  AddressClaims(Function<InetAddress, Optional<String>> servedBy) {
    this.servedBy = servedBy;
  }

  /**
   * Records the claims of many Services at once, for example every Service listed at start; older Services are
   * recorded first, so they win the addresses two statuses name.
   *
   * @param services the Services
   * @param keyOf a Service's load balancer name
   * @return how many addresses are claimed afterwards
   */
  synchronized int load(List<V1Service> services, Function<V1Service, String> keyOf) {
    List<V1Service> sorted = new ArrayList<>();
    for (V1Service s : services) {
      if (!statusAddresses(s).isEmpty() && s.getMetadata() != null && s.getMetadata().getUid() != null) {
        sorted.add(s);
      }
    }
    sorted.sort(Comparator.comparing(s -> claimant(keyOf.apply(s), s), OLDER_FIRST));
    for (V1Service s : sorted) {
      observe(keyOf.apply(s), s);
    }
    return owners.size();
  }

  /**
   * Makes a Service's claims the addresses its status names now. Addresses it named before and no longer names
   * are freed.
   *
   * @param key its load balancer name
   * @param service the Service as last seen
   */
  synchronized void observe(String key, V1Service service) {
    Claimant c = claimant(key, service);
    Set<InetAddress> now = new LinkedHashSet<>(statusAddresses(service));
    Set<InetAddress> before = named.getOrDefault(key, Set.of());
    for (InetAddress ip : before) {
      Claimant owner = owners.get(ip);
      if (!now.contains(ip) && owner != null && owner.key().equals(key)) {
        owners.remove(ip);
      }
    }
    Set<InetAddress> kept = new LinkedHashSet<>();
    for (InetAddress ip : now) {
      if (claim(ip, c)) {
        kept.add(ip);
      }
    }
    if (kept.isEmpty()) {
      named.remove(key);
    } else {
      named.put(key, kept);
    }
  }

  private boolean claim(InetAddress ip, Claimant c) {
    Optional<String> server = servedBy.apply(ip);
    if (server.isPresent() && !server.get().equals(c.key())) {
      report(ip, c, "a load balancer of this process serves it for another Service");
      return false;
    }
    Claimant existing = owners.get(ip);
    if (existing == null || existing.key().equals(c.key())) {
      owners.put(ip, c);
      return true;
    }
    if (OLDER_FIRST.compare(c, existing) < 0) {
      owners.put(ip, c);
      Set<InetAddress> theirs = named.get(existing.key());
      if (theirs != null) {
        theirs.remove(ip);
      }
      report(ip, existing, "the status of the older service " + c.ref() + " names it too, and that one keeps it");
      return true;
    }
    report(ip, c, "the status of the older service " + existing.ref() + " names it too, and that one keeps it");
    return false;
  }

  private void report(InetAddress ip, Claimant loser, String why) {
    if (reported.add(loser.key() + "|" + ip.getHostAddress())) {
      LOG.warn("service {}: its status names load balancer address {}, but {}; it gets another address",
          loser.ref(), ip.getHostAddress(), why);
    }
  }

  /**
   * Whether the address belongs to a Service other than {@code key}: served for it here, or named by its status.
   *
   * @param ip the address
   * @param key the asking Service's load balancer name
   * @return true if another Service has it
   */
  synchronized boolean ownedByOther(InetAddress ip, String key) {
    Optional<String> server = servedBy.apply(ip);
    if (server.isPresent()) {
      return !server.get().equals(key);
    }
    Claimant c = owners.get(ip);
    return c != null && !c.key().equals(key);
  }

  /**
   * The Service whose status names the address, if any.
   *
   * @param ip the address
   * @return its {@code namespace/name}
   */
  synchronized Optional<String> claimedBy(InetAddress ip) {
    return Optional.ofNullable(owners.get(ip)).map(Claimant::ref);
  }

  /**
   * Whether any Service's status names the address.
   *
   * @param ip the address
   * @return true if it is claimed
   */
  synchronized boolean claimed(InetAddress ip) {
    return owners.containsKey(ip);
  }

  /**
   * Forgets a Service's claims, when its load balancer is deleted.
   *
   * @param key its load balancer name
   */
  synchronized void release(String key) {
    Set<InetAddress> mine = named.remove(key);
    if (mine != null) {
      for (InetAddress ip : mine) {
        Claimant c = owners.get(ip);
        if (c != null && c.key().equals(key)) {
          owners.remove(ip);
        }
      }
    }
    reported.removeIf(r -> r.startsWith(key + "|"));
  }

  /**
   * The IP addresses a Service's status names, in order; hostnames and malformed entries are skipped.
   *
   * @param service the Service
   * @return the addresses
   */
  static List<InetAddress> statusAddresses(V1Service service) {
    List<InetAddress> out = new ArrayList<>();
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return out;
    }
    for (V1LoadBalancerIngress in : service.getStatus().getLoadBalancer().getIngress()) {
      String ip = in.getIp();
      if (ip == null || ip.isBlank() || ip.contains("/") || ip.contains("-")) {
        continue;
      }
      try {
        InetAddress a = IpRange.parse(ip).first();
        if (!out.contains(a)) {
          out.add(a);
        }
      } catch (IllegalArgumentException e) {
        // an ingress entry this provider did not write; it names no address of the pool
      }
    }
    return out;
  }

  private static Claimant claimant(String key, V1Service s) {
    V1ObjectMeta m = s.getMetadata();
    String ref = m == null ? "?" : m.getNamespace() + "/" + m.getName();
    Instant created = m == null || m.getCreationTimestamp() == null ? null : m.getCreationTimestamp().toInstant();
    return new Claimant(key, ref, created);
  }
}

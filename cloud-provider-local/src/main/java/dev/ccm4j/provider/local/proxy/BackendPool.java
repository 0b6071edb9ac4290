package dev.ccm4j.provider.local.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The backends of one load balancer port and how a new connection picks one: round robin over the healthy
 * backends (all of them when none is healthy), or the client's previous backend under ClientIP affinity.
 *
 * <p>A backend that has become one of this process's own listeners since it was set (a load balancer opened on
 * its address later) is never picked: dialling it would loop. It is reported instead, and dropped by the next
 * backend update.
 */
final class BackendPool {
  private final HealthChecker health;
  private final String protocol;
  private final BiConsumer<String, Backend> looping;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<InetAddress, Sticky> affinity = new ConcurrentHashMap<>();
  private volatile List<Backend> backends = List.of();
  private volatile long affinityNanos;

  /**
   * Creates an empty pool.
   *
   * @param health the health results of the load balancer
   * @param protocol {@code TCP} or {@code UDP}, how its backends are dialled
   * @param looping told (with the protocol) about a backend that was not picked because it is a listener of this
   *     process
   */
  BackendPool(HealthChecker health, String protocol, BiConsumer<String, Backend> looping) {
    this.health = health;
    this.protocol = protocol;
    this.looping = looping;
  }

  void update(List<Backend> newBackends, long affinityTimeoutNanos) {
    backends = List.copyOf(newBackends);
    affinityNanos = affinityTimeoutNanos;
    if (affinityTimeoutNanos <= 0) {
      affinity.clear();
    }
  }

  List<Backend> backends() {
    return backends;
  }

  boolean healthy(Backend b) {
    return b.probe().map(health::healthy).orElse(true);
  }

  /**
   * Picks a backend for a new connection or datagram session.
   *
   * @param client the client's address
   * @param exclude backends that already failed for this connection
   * @return the backend, or empty when none is left
   */
  Optional<Backend> choose(InetAddress client, Set<InetSocketAddress> exclude) {
    List<Backend> candidates = new ArrayList<>();
    List<Backend> healthy = new ArrayList<>();
    for (Backend b : backends) {
      if (ListenerRegistry.PROCESS.isListener(protocol, b.address())) {
        looping.accept(protocol, b);
        continue;
      }
      if (!exclude.contains(b.address())) {
        candidates.add(b);
        if (healthy(b)) {
          healthy.add(b);
        }
      }
    }
    List<Backend> from = healthy.isEmpty() ? candidates : healthy;
    if (from.isEmpty()) {
      return Optional.empty();
    }
    long timeout = affinityNanos;
    long now = System.nanoTime();
    if (timeout > 0) {
      Sticky s = affinity.get(client);
      if (s != null && now - s.lastUsed < timeout && from.contains(s.backend)) {
        affinity.put(client, new Sticky(s.backend, now));
        return Optional.of(s.backend);
      }
    }
    Backend picked = from.get(Math.floorMod(next.getAndIncrement(), from.size()));
    if (timeout > 0) {
      affinity.put(client, new Sticky(picked, now));
    }
    return Optional.of(picked);
  }

  void expireAffinity() {
    long timeout = affinityNanos;
    long now = System.nanoTime();
    affinity.values().removeIf(s -> now - s.lastUsed >= timeout);
  }

  private record Sticky(Backend backend, long lastUsed) {}
}

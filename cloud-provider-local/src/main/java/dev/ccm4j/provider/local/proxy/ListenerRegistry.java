package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.LocalCloud;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every load balancer listener this process has open, by protocol and bound address. A backend or a health probe
 * whose target is one of them would connect the proxy to itself, and each such connection is accepted and
 * forwarded again, until the process runs out of file descriptors; the proxy never dials such a target.
 *
 * <p>One registry per process rather than per provider instance: a listener of another {@link LocalCloud} in the
 * same JVM loops just the same.
 */
final class ListenerRegistry {
  /** The registry of this process. */
  static final ListenerRegistry PROCESS = new ListenerRegistry();

  private final Set<Key> listeners = ConcurrentHashMap.newKeySet();

  private record Key(String protocol, InetSocketAddress address) {}

  void add(String protocol, InetSocketAddress address) {
    listeners.add(new Key(protocol, Objects.requireNonNull(address, "address")));
  }

  void remove(String protocol, InetSocketAddress address) {
    listeners.remove(new Key(protocol, address));
  }

  /**
   * Whether a connection or datagram of {@code protocol} to {@code target} would reach one of this process's own
   * load balancer listeners.
   *
   * @param protocol {@code TCP} or {@code UDP}
   * @param target the address to be dialled
   * @return true if it is a listener
   */
  boolean isListener(String protocol, InetSocketAddress target) {
    return target != null && listeners.contains(new Key(protocol, target));
  }
}

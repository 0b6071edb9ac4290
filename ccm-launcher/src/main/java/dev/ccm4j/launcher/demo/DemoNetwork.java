package dev.ccm4j.launcher.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's addresses: one loopback block {@code 127.X.Y.0/24} picked at random and claimed for the life of the
 * demo, so several demos (and the test suite) run side by side on one host. Nodes get {@code .1-.50}, pods
 * {@code .64-.191}, the load balancer pool {@code .200-.254}.
 *
 * <p>The claim is a listening socket on {@code 127.X.Y.1:65535}: a port outside Linux's ephemeral range, so only
 * another demo holds it, and the kernel frees it when the process dies. It also is the pod network: a pod's
 * address maps to the socket its in-process server listens on (see {@link #podServer}). Thread-safe.
 */
public final class DemoNetwork implements AutoCloseable {
  /** The highest node count the block has room for. */
  public static final int MAX_NODES = 50;
  private static final int CLAIM_PORT = 65535;
  private static final int FIRST_POD = 64;
  private static final int LAST_POD = 191;
  private static final int ATTEMPTS = 64;

  private final String prefix;
  private final ServerSocket claim;
  private final Deque<Integer> freePods = new ArrayDeque<>();
  private final Map<String, InetSocketAddress> podServers = new ConcurrentHashMap<>();

  private DemoNetwork(String prefix, ServerSocket claim) {
    this.prefix = prefix;
    this.claim = claim;
    for (int i = FIRST_POD; i <= LAST_POD; i++) {
      freePods.add(i);
    }
  }

  /**
   * Claims a free block.
   *
   * @return the claimed network
   * @throws IllegalStateException if no block could be claimed, naming the address that failed and why
   */
  public static DemoNetwork claim() {
    String last = "";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      // 127.0.x.y stays out: 127.0.0.1 is everyone's, 127.0.1.1 is Debian's hostname, 127.0.0.53 resolved's
      int x = ThreadLocalRandom.current().nextInt(1, 255);
      int y = ThreadLocalRandom.current().nextInt(0, 256);
      String prefix = "127." + x + "." + y + ".";
      ServerSocket socket = null;
      try {
        socket = new ServerSocket();
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getByName(prefix + "1"), CLAIM_PORT), 1);
        return new DemoNetwork(prefix, socket);
      } catch (BindException e) {
        closeQuietly(socket);
        last = prefix + "1:" + CLAIM_PORT + ": " + e.getMessage();
        if (e.getMessage() != null && e.getMessage().contains("assign")) {
          throw new IllegalStateException("the demo needs every address of 127.0.0.0/8 on the loopback interface, as"
              + " Linux has it; cannot bind " + last, e);
        }
      } catch (IOException e) {
        closeQuietly(socket);
        throw new UncheckedIOException("cannot bind " + prefix + "1:" + CLAIM_PORT + ": " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("no free loopback block for the demo after " + ATTEMPTS + " tries; last: "
        + last);
  }

  /**
   * The address of a node.
   *
   * @param index from 1 to {@link #MAX_NODES}
   * @return the address
   */
  public String nodeAddress(int index) {
    if (index < 1 || index > MAX_NODES) {
      throw new IllegalArgumentException("node index out of range: " + index);
    }
    return prefix + index;
  }

  /**
   * The load balancer address pool, in the {@code local} provider's cloud-config syntax.
   *
   * @return a first-last range
   */
  public String loadBalancerPool() {
    return prefix + "200-" + prefix + "254";
  }

  /**
   * The first address of the load balancer pool.
   *
   * @return the address
   */
  public String firstLoadBalancerAddress() {
    return prefix + "200";
  }

  /**
   * Hands out a pod address.
   *
   * @return the address, or empty when all are in use
   */
  public synchronized Optional<String> allocatePodAddress() {
    Integer next = freePods.poll();
    return next == null ? Optional.empty() : Optional.of(prefix + next);
  }

  /**
   * Returns a pod address to the pool and forgets its server.
   *
   * @param address an address from {@link #allocatePodAddress}
   */
  public synchronized void releasePodAddress(String address) {
    podServers.remove(address);
    if (address.startsWith(prefix)) {
      freePods.add(Integer.parseInt(address.substring(prefix.length())));
    }
  }

  /**
   * Records where the server of the pod at an address listens.
   *
   * @param podAddress the pod's address
   * @param server its server's socket
   */
  public void podServer(String podAddress, InetSocketAddress server) {
    podServers.put(podAddress, server);
  }

  /**
   * Where a connection to a pod's address and port goes: the pod's server answers every port, as if its container
   * listened on each.
   *
   * @param podAddress the pod's address
   * @return the socket, or empty when no pod runs there
   */
  public Optional<InetSocketAddress> podServer(String podAddress) {
    return Optional.ofNullable(podServers.get(podAddress));
  }

  /**
   * Whether this process may listen on ports below 1024 (root, or a lowered
   * {@code net.ipv4.ip_unprivileged_port_start}); probed on the load balancer pool's first address.
   *
   * @return true when port 80 can be bound
   */
  public boolean privilegedPortsAllowed() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(firstLoadBalancerAddress()), 80), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + literal, e);
    }
  }

  /** Releases the block. */
  @Override
  public void close() {
    closeQuietly(claim);
  }

  private static void closeQuietly(ServerSocket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // nothing is left to release
      }
    }
  }
}

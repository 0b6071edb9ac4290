package dev.ccm4j.launcher.demo;

import dev.ccm4j.core.concurrent.DaemonThreads;
import io.kubernetes.client.openapi.models.DiscoveryV1EndpointPort;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's NodePort data path, in small, on every simulated node's address: {@code nodeIP:nodePort} of each
 * TCP port of a NodePort or LoadBalancer Service relays to a ready endpoint of that port, round robin, from the
 * Service's EndpointSlices (as kube-proxy reads them); with {@code externalTrafficPolicy: Local} only the node's own
 * endpoints count, and {@code nodeIP:healthCheckNodePort} answers {@code /healthz} 200 or 503 with the local
 * endpoint count, as kube-proxy's health server does. A connection with no endpoint to go to is reset, as
 * kube-proxy's REJECT rule does. So the local provider's load balancer → node → pod chain is real sockets.
 *
 * <p>Departures: ClusterIPs and UDP ports are not proxied. A port that cannot be bound is reported once through
 * {@code notes}, naming the address and the port.
 */
final class KubeProxy extends Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(KubeProxy.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 3000;

  private final DemoInformers informers;
  private final DemoNetwork network;
  /** Node name to its address, for the nodes this proxy runs on. */
  private final Map<String, String> nodes;
  private final Consumer<String> notes;
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.factory("demo-kube-proxy"));
  /** "address:port" to its listener. */
  private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
  /** "address:port" that failed to bind, so it is reported once. */
  private final Map<String, String> bindFailures = new ConcurrentHashMap<>();

  KubeProxy(DemoInformers informers, DemoNetwork network, Map<String, String> nodes, Consumer<String> notes) {
    super("kube-proxy", informers, Duration.ofSeconds(2));
    this.informers = informers;
    this.network = network;
    this.nodes = Map.copyOf(nodes);
    this.notes = notes;
    DemoInformers.onChange(this::trigger, informers.services, informers.endpointSlices);
  }

  /** What a listener forwards to; replaced as a whole when the Service or its endpoints change. */
  private record Target(String service, String node, boolean localOnly, String portName, boolean health) {}

  private final class Listener implements Runnable {
    final String address;
    final int port;
    final ServerSocket socket;
    volatile Target target;
    final AtomicInteger next = new AtomicInteger();

    Listener(String address, int port, ServerSocket socket, Target target) {
      this.address = address;
      this.port = port;
      this.socket = socket;
      this.target = target;
    }

    @Override
    public void run() {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          threads.execute(() -> serve(this, client));
        } catch (IOException e) {
          if (!socket.isClosed()) {
            LOG.debug("kube-proxy: accept on {}:{} failed: {}", address, port, e.toString());
          }
        }
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing is all that is left
      }
    }
  }

  @Override
  void reconcile() {
    Map<String, Target> wanted = new HashMap<>();
    for (V1Service svc : informers.services.getIndexer().list()) {
      String type = svc.getSpec() == null ? null : svc.getSpec().getType();
      if (!"NodePort".equals(type) && !"LoadBalancer".equals(type)) {
        continue;
      }
      boolean local = "Local".equals(svc.getSpec().getExternalTrafficPolicy());
      for (Map.Entry<String, String> node : nodes.entrySet()) {
        for (V1ServicePort sp : Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of())) {
          if (sp.getNodePort() != null && (sp.getProtocol() == null || "TCP".equals(sp.getProtocol()))) {
            wanted.put(node.getValue() + ":" + sp.getNodePort(), new Target(Kube.key(svc), node.getKey(), local,
                sp.getName() == null ? "" : sp.getName(), false));
          }
        }
        Integer health = svc.getSpec().getHealthCheckNodePort();
        if (local && health != null) {
          wanted.put(node.getValue() + ":" + health, new Target(Kube.key(svc), node.getKey(), true, "", true));
        }
      }
    }
    for (Map.Entry<String, Listener> l : new ArrayList<>(listeners.entrySet())) {
      if (!wanted.containsKey(l.getKey())) {
        l.getValue().close();
        listeners.remove(l.getKey());
      }
    }
    bindFailures.keySet().retainAll(wanted.keySet());
    for (Map.Entry<String, Target> w : wanted.entrySet()) {
      Listener existing = listeners.get(w.getKey());
      if (existing != null) {
        existing.target = w.getValue();
        continue;
      }
      int colon = w.getKey().lastIndexOf(':');
      String address = w.getKey().substring(0, colon);
      int port = Integer.parseInt(w.getKey().substring(colon + 1));
      try {
        ServerSocket socket = new ServerSocket();
        try {
          socket.bind(new InetSocketAddress(DemoNetwork.address(address), port), 128);
        } catch (IOException e) {
          socket.close();
          throw e;
        }
        Listener listener = new Listener(address, port, socket, w.getValue());
        listeners.put(w.getKey(), listener);
        threads.execute(listener);
        bindFailures.remove(w.getKey());
      } catch (IOException e) {
        String message = "kube-proxy on node " + w.getValue().node() + ": cannot listen on " + address + ":" + port
            + " for Service " + w.getValue().service() + ": " + e.getMessage();
        if (!message.equals(bindFailures.put(w.getKey(), message))) {
          notes.accept(message);
        }
        triggerAfter(Duration.ofSeconds(5));
      }
    }
  }

  /** The ready endpoint addresses of a Service port, from its slices; only the node's own when localOnly. */
  private List<InetSocketAddress> endpoints(Target target) {
    String[] nn = target.service().split("/", 2);
    List<InetSocketAddress> out = new ArrayList<>();
    for (V1EndpointSlice slice : informers.endpointSlices.getIndexer().list()) {
      if (!nn[0].equals(slice.getMetadata().getNamespace())
          || !nn[1].equals(Kube.labels(slice).get(EndpointsController.SERVICE_NAME_LABEL))) {
        continue;
      }
      Optional<Integer> port = Optional.ofNullable(slice.getPorts()).orElse(List.of()).stream()
          .filter(p -> target.portName().equals(Optional.ofNullable(p.getName()).orElse("")))
          .map(DiscoveryV1EndpointPort::getPort).findFirst();
      if (port.isEmpty() && !target.health()) {
        continue;
      }
      for (V1Endpoint e : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
        boolean ready = e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
        if (!ready || (target.localOnly() && !target.node().equals(e.getNodeName()))) {
          continue;
        }
        for (String ip : Optional.ofNullable(e.getAddresses()).orElse(List.of())) {
          out.add(new InetSocketAddress(ip, port.orElse(0)));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(InetSocketAddress::toString));
    return out;
  }

  private void serve(Listener listener, Socket client) {
    Target target = listener.target;
    if (target.health()) {
      health(client, target);
      return;
    }
    List<InetSocketAddress> endpoints = endpoints(target);
    for (int attempt = 0; attempt < endpoints.size(); attempt++) {
      InetSocketAddress endpoint = endpoints.get(Math.floorMod(listener.next.getAndIncrement(), endpoints.size()));
      // the pod's address and port lead to the pod's in-process server, which answers on every port
      Optional<InetSocketAddress> server = network.podServer(endpoint.getHostString());
      if (server.isEmpty()) {
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(server.get(), CONNECT_TIMEOUT_MILLIS);
        relay(client, upstream);
        return;
      } catch (IOException e) {
        closeQuietly(upstream);
        LOG.debug("kube-proxy: endpoint {} of {} failed: {}", endpoint, target.service(), e.toString());
      }
    }
    try {
      // no endpoint: reset, as kube-proxy's REJECT rule answers
      client.setSoLinger(true, 0);
    } catch (IOException e) {
      // closing below is what matters
    }
    closeQuietly(client);
  }

  private void health(Socket client, Target target) {
    int local = endpoints(target).size();
    String[] nn = target.service().split("/", 2);
    String body = "{\"service\":{\"namespace\":\"" + nn[0] + "\",\"name\":\"" + nn[1] + "\"},\"localEndpoints\":"
        + local + ",\"serviceProxyHealthy\":true}\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (client) {
      client.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
      // read the request head; the answer is the same for every path
      InputStream in = client.getInputStream();
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
            : 0;
      }
      String head = "HTTP/1.1 " + (local > 0 ? "200 OK" : "503 Service Unavailable")
          + "\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nContent-Length: "
          + bytes.length + "\r\nConnection: close\r\n\r\n";
      OutputStream out = client.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      LOG.debug("kube-proxy: health check of {} failed: {}", target.service(), e.toString());
    }
  }

  private void relay(Socket client, Socket upstream) throws IOException {
    InputStream fromClient = client.getInputStream();
    OutputStream toUpstream = upstream.getOutputStream();
    threads.execute(() -> {
      copy(fromClient, toUpstream);
      shutdownOutput(upstream);
    });
    copy(upstream.getInputStream(), client.getOutputStream());
    shutdownOutput(client);
    closeQuietly(client);
    closeQuietly(upstream);
  }

  private static void copy(InputStream in, OutputStream out) {
    byte[] buffer = new byte[16 * 1024];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side went away: the relay ends
    }
  }

  private static void shutdownOutput(Socket s) {
    try {
      if (!s.isClosed()) {
        s.shutdownOutput();
      }
    } catch (IOException e) {
      // already closed
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing is left to release
    }
  }

  /** Closes every listener; open relays end with their sockets. */
  @Override
  public void close() {
    super.close();
    listeners.values().forEach(Listener::close);
    listeners.clear();
    threads.shutdownNow();
  }
}

package dev.ccm4j.conformance.inprocess;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Kubernetes clients of a test cluster: every component gets a client of its own from one kubeconfig, as
 * upstream's clientsets, and all of them are shut down with the cluster, so no OkHttp dispatcher or pooled
 * connection outlives it. Thread-safe: a controller manager creates clients on its election thread.
 */
public final class KubeconfigClients {
  private final Path kubeconfig;
  private final List<ApiClient> clients = new CopyOnWriteArrayList<>();

  /**
   * Clients for a kubeconfig file.
   *
   * @param kubeconfig the file, read again for every client
   */
  public KubeconfigClients(Path kubeconfig) {
    this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
  }

  /**
   * A new client, closed with the others.
   *
   * @param userAgent the client's user agent, naming the component
   * @return the client
   * @throws UncheckedIOException if the kubeconfig cannot be read
   */
  public ApiClient client(String userAgent) {
    try {
      ApiClient c = Config.fromConfig(kubeconfig.toString());
      c.setUserAgent(userAgent);
      clients.add(c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kubeconfig " + kubeconfig, e);
    }
  }

  /** Shuts down every client made so far: their dispatcher threads and pooled connections. */
  public void close() {
    for (ApiClient c : clients) {
      c.getHttpClient().dispatcher().executorService().shutdown();
      c.getHttpClient().connectionPool().evictAll();
    }
  }
}

package dev.ccm4j.kubeapi;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;

/** client-java clients for the emulator, built the way a CCM builds them. */
final class Clients {
  private Clients() {}

  /** A client for ordinary calls (finite timeouts). */
  static ApiClient plain(KubeApiServer server) {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
  }

  /** A client for informers: the read timeout must be zero. */
  static ApiClient forInformers(KubeApiServer server) {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ZERO).build();
  }
}

package dev.ccm4j.provider.local;

import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.time.MutableClock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The API emulator with a real client, and provider contexts that point at it. */
final class TestApi implements AutoCloseable {
  final MutableClock clock = new MutableClock();
  final KubeApiServer server = KubeApiServer.builder().clock(clock).build().start();
  final ApiClient client = client();
  final CoreV1Api core = new CoreV1Api(client);
  /** Completes like the core's shutdown signal: on shutdown or lost leadership. */
  final CompletableFuture<Void> shutdown = new CompletableFuture<>();

  private ApiClient client() {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(10)).build();
  }

  ProviderContext context() {
    return ProviderContext.builder(Fixtures.CLUSTER, name -> client()).shutdown(shutdown).build();
  }

  /**
   * A local cloud whose load balancers take addresses from {@code pool}, initialized against this API as the core
   * initializes a provider once this process leads.
   */
  LocalCloud cloud(String pool, Duration healthInterval, Duration drainTimeout) {
    LocalConfig config = new LocalConfig(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        new LoadBalancerSettings(List.of(IpRange.parse(pool)), healthInterval, drainTimeout));
    LocalCloud cloud = new LocalCloud(config, Optional.empty());
    cloud.initialize(context());
    return cloud;
  }

  /** Every Warning event on the named Service in namespace default. */
  List<CoreV1Event> warnings(String service) throws ApiException {
    return core.listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && e.getInvolvedObject() != null
            && service.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    shutdown.complete(null);
    server.close();
  }
}

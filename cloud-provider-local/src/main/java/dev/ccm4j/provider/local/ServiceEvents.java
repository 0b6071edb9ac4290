package dev.ccm4j.provider.local;

import dev.ccm4j.api.KubernetesClientFactory;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Warning events on Services for problems the load balancer works around while the Service stays served.
 *
 * <p>The provider SPI reports a per-Service problem only by failing the call ({@code ServiceConfigurationException}),
 * which would stop a Service that is otherwise served; so the provider writes these few events itself, with the
 * client the core hands it. Writing is asynchronous on one daemon thread with a bounded queue, one attempt per
 * event, so an API outage never slows the proxy: an event that cannot be written is dropped (the log line that
 * accompanies every warning stays). Callers report each problem once while it lasts, so no spam filter is needed.
 */
final class ServiceEvents implements AutoCloseable {
  /** The {@code source.component} and {@code reportingComponent} of the events, and the client's name. */
  static final String COMPONENT = "local-load-balancer";
  private static final Logger LOG = LoggerFactory.getLogger(ServiceEvents.class);
  private static final int QUEUE = 256;

  private final KubernetesClientFactory clients;
  private final ThreadPoolExecutor writer;
  private final AtomicLong sequence = new AtomicLong();
  private CoreV1Api api;

  ServiceEvents(KubernetesClientFactory clients) {
    this.clients = clients;
    this.writer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "local-lb-events");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
    writer.allowCoreThreadTimeOut(true);
  }

  /**
   * Queues a Warning event on the Service; returns at once. Does nothing after {@link #close}.
   *
   * @param service the Service, read-only
   * @param reason the reason
   * @param message the message
   */
  void warning(V1Service service, String reason, String message) {
    V1ObjectMeta meta = service.getMetadata();
    if (writer.isShutdown() || meta == null || meta.getName() == null) {
      return;
    }
    String namespace = meta.getNamespace() == null || meta.getNamespace().isEmpty() ? "default"
        : meta.getNamespace();
    V1ObjectReference ref = new V1ObjectReference().kind("Service").apiVersion("v1").namespace(namespace)
        .name(meta.getName()).uid(meta.getUid()).resourceVersion(meta.getResourceVersion());
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    // upstream's naming: the object's name and a unique hex suffix
    String name = meta.getName() + "." + Long.toHexString(System.currentTimeMillis() * 1_000_000L
        + sequence.getAndIncrement() % 1_000_000L);
    CoreV1Event event = new CoreV1Event()
        .metadata(new V1ObjectMeta().name(name).namespace(namespace))
        .involvedObject(ref)
        .type("Warning")
        .reason(reason)
        .message(message)
        .source(new V1EventSource().component(COMPONENT))
        .reportingComponent(COMPONENT)
        .reportingInstance("")
        .firstTimestamp(now)
        .lastTimestamp(now)
        .count(1);
    writer.execute(() -> write(namespace, event));
  }

  private void write(String namespace, CoreV1Event event) {
    if (writer.isShutdown()) {
      return;
    }
    try {
      if (api == null) {
        // created on first use, on this thread: a factory may be slow, or refuse when there is no cluster
        api = new CoreV1Api(clients.client(COMPONENT));
      }
      api.createNamespacedEvent(namespace, event).execute();
    } catch (ApiException e) {
      LOG.debug("could not write event reason={} object={}/{} (HTTP {})", event.getReason(), namespace,
          event.getInvolvedObject().getName(), e.getCode());
    } catch (RuntimeException e) {
      LOG.debug("could not write event reason={} object={}/{}: {}", event.getReason(), namespace,
          event.getInvolvedObject().getName(), e.toString());
    }
  }

  /** Stops writing: queued events are dropped and the thread ends without waiting for a call in flight. */
  @Override
  public void close() {
    writer.shutdownNow();
  }
}

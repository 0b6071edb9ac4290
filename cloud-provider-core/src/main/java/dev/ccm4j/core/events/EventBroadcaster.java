package dev.ccm4j.core.events;

import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.kube.ApiErrors;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events for any number of {@link EventRecorder}s, the way upstream's broadcaster does, on one
 * background thread.
 *
 * <ul>
 *   <li>Recording is a non-blocking offer to a bounded queue; when the queue is full the event is dropped and
 *       counted, so a flood of events never slows reconciliation.
 *   <li>Identical events (same source, object, type, reason and message) become one Event whose {@code count} and
 *       {@code lastTimestamp} are patched.
 *   <li>More than {@value EventCorrelator#SIMILAR_THRESHOLD} events differing only in their message within ten
 *       minutes are folded into one {@code (combined from similar events)} Event.
 *   <li>Each source and object pair has a token bucket (burst 25, one token per five minutes), so one misbehaving
 *       object cannot fill the API server with Events.
 * </ul>
 */
public final class EventBroadcaster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventBroadcaster.class);
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final CoreV1Api api;
  private final ApiClient client;
  private final Clock clock;
  private final BlockingQueue<Pending> queue;
  private final EventCorrelator correlator;
  private final int maxAttempts;
  private final Duration retryBackoff;
  private final AtomicLong droppedQueueFull = new AtomicLong();
  private final AtomicLong droppedSpam = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Object lifecycle = new Object();
  private Thread writer;
  private volatile boolean closing;
  private long lastNameNanos;

  private record Pending(V1ObjectReference involved, String component, EventType type, String reason,
      String message) {}

  private EventBroadcaster(Builder b) {
    this.client = b.client;
    this.api = new CoreV1Api(b.client);
    this.clock = b.clock;
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.correlator = new EventCorrelator(b.clock, b.spamBurst, b.spamRefill);
    this.maxAttempts = b.maxAttempts;
    this.retryBackoff = b.retryBackoff;
  }

  /**
   * Starts a builder.
   *
   * @param client the API client events are written with
   * @return a builder with upstream's defaults
   */
  public static Builder builder(ApiClient client) {
    return new Builder(client);
  }

  /**
   * A recorder whose events carry {@code source.component = component}.
   *
   * @param component for example {@code cloud-node-controller}
   * @return the recorder
   */
  public EventRecorder recorder(String component) {
    Objects.requireNonNull(component, "component");
    return (involved, type, reason, message) -> offer(new Pending(involved, component, type, reason, message));
  }

  private void offer(Pending p) {
    LOG.debug("event component={} object={}/{}/{} type={} reason={} message={}", p.component(),
        p.involved().getKind(), p.involved().getNamespace(), p.involved().getName(), p.type().wire(), p.reason(),
        p.message());
    if (closing || !queue.offer(p)) {
      droppedQueueFull.incrementAndGet();
    }
  }

  /**
   * Starts the writer thread. Events recorded before start wait in the queue.
   *
   * @return this broadcaster
   */
  public EventBroadcaster start() {
    synchronized (lifecycle) {
      if (writer == null) {
        writer = new Thread(this::writeLoop, "event-broadcaster");
        writer.setDaemon(true);
        writer.start();
      }
    }
    return this;
  }

  /**
   * Writes what is queued for up to two seconds, then stops the writer thread. Later events are dropped.
   */
  @Override
  public void close() {
    closing = true;
    Thread t;
    synchronized (lifecycle) {
      t = writer;
    }
    if (t == null) {
      return;
    }
    try {
      t.join(2000);
      if (t.isAlive()) {
        t.interrupt();
        t.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Events dropped because the queue was full or the broadcaster was closed.
   *
   * @return the count
   */
  public long droppedQueueFull() {
    return droppedQueueFull.get();
  }

  /**
   * Events dropped by the per-object spam filter.
   *
   * @return the count
   */
  public long droppedSpam() {
    return droppedSpam.get();
  }

  /**
   * Successful Event creates and patches.
   *
   * @return the count
   */
  public long written() {
    return written.get();
  }

  /**
   * Events that could not be written after all attempts.
   *
   * @return the count
   */
  public long failed() {
    return failed.get();
  }

  /**
   * Events waiting to be written.
   *
   * @return the queue length
   */
  public int pending() {
    return queue.size();
  }

  private void writeLoop() {
    while (true) {
      Pending p;
      try {
        p = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (p == null) {
        if (closing) {
          return;
        }
        continue;
      }
      try {
        write(p);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        LOG.warn("dropping event reason={} object={}/{}: {}", p.reason(), p.involved().getNamespace(),
            p.involved().getName(), ApiErrors.describe(e));
        LOG.debug("dropping event reason={} object={}/{}", p.reason(), p.involved().getNamespace(),
            p.involved().getName(), e);
      }
    }
  }

  private void write(Pending p) throws InterruptedException {
    EventCorrelator.Decision d = correlator.observe(p.component(), p.involved(), p.type().wire(), p.reason(),
        p.message());
    if (d.spam()) {
      droppedSpam.incrementAndGet();
      return;
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    EventCorrelator.Record existing = d.existing();
    if (existing != null) {
      boolean patched = withRetries(p, () -> patch(existing, d.message(), now));
      if (patched) {
        return;
      }
      // the Event expired or was deleted: start a new one
      correlator.forget(d.key());
    }
    String namespace = p.involved().getNamespace() == null || p.involved().getNamespace().isEmpty()
        ? "default" : p.involved().getNamespace();
    CoreV1Event event = new CoreV1Event()
        .metadata(new V1ObjectMeta().name(eventName(p.involved().getName())).namespace(namespace))
        .involvedObject(p.involved())
        .reason(p.reason())
        .message(d.message())
        .type(p.type().wire())
        .source(new V1EventSource().component(p.component()))
        .reportingComponent(p.component())
        .reportingInstance("")
        .firstTimestamp(now)
        .lastTimestamp(now)
        .count(1);
    boolean created = withRetries(p, () -> {
      api.createNamespacedEvent(namespace, event).execute();
      return true;
    });
    if (created) {
      correlator.remember(d.key(), new EventCorrelator.Record(namespace, event.getMetadata().getName(), 1));
    }
  }

  private boolean patch(EventCorrelator.Record existing, String message, OffsetDateTime now) throws ApiException {
    int count = existing.count() + 1;
    String body = "{\"count\":" + count + ",\"lastTimestamp\":\"" + RFC3339.format(now) + "\",\"message\":"
        + JSON.serialize(message) + "}";
    try {
      PatchUtils.patch(CoreV1Event.class,
          () -> api.patchNamespacedEvent(existing.name(), existing.namespace(), new V1Patch(body)).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
    existing.count(count);
    return true;
  }

  private interface ApiCall {
    boolean run() throws ApiException;
  }

  private boolean withRetries(Pending p, ApiCall call) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean done = call.run();
        if (done) {
          written.incrementAndGet();
        }
        return done;
      } catch (ApiException e) {
        boolean retryable = e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
        if (!retryable || attempt >= maxAttempts) {
          failed.incrementAndGet();
          LOG.warn("could not write event reason={} object={}/{}: {}", p.reason(),
              p.involved().getNamespace(), p.involved().getName(), ApiErrors.describe(e));
          LOG.debug("could not write event reason={} object={}/{}", p.reason(), p.involved().getNamespace(),
              p.involved().getName(), e);
          // a failed patch must not turn into a duplicate create
          return true;
        }
        Thread.sleep(retryBackoff.toMillis() << (attempt - 1));
      }
    }
  }

  private synchronized String eventName(String objectName) {
    Instant now = clock.now();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    lastNameNanos = Math.max(nanos, lastNameNanos + 1);
    return objectName + "." + Long.toHexString(lastNameNanos);
  }

  /** Builds an {@link EventBroadcaster}. */
  public static final class Builder {
    private final ApiClient client;
    private Clock clock = Clock.system();
    private int queueCapacity = 1000;
    private int spamBurst = 25;
    private Duration spamRefill = Duration.ofMinutes(5);
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(200);

    private Builder(ApiClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Sets the clock for timestamps, event names and the spam filter.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many events may wait to be written before new ones are dropped.
     *
     * @param capacity the queue capacity; default 1000
     * @return this builder
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be positive");
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Sets the per-object spam filter.
     *
     * @param burst events an object may get at once; default 25
     * @param refill time to earn one more; default five minutes
     * @return this builder
     */
    public Builder spamFilter(int burst, Duration refill) {
      if (burst < 1 || refill.isNegative() || refill.isZero()) {
        throw new IllegalArgumentException("spam filter needs a positive burst and refill period");
      }
      this.spamBurst = burst;
      this.spamRefill = refill;
      return this;
    }

    /**
     * Sets the retries of a failed write (connection errors, 429 and 5xx only).
     *
     * @param maxAttempts attempts per event; default 3
     * @param backoff the first retry's delay, doubled each time; default 200 ms
     * @return this builder
     */
    public Builder retries(int maxAttempts, Duration backoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be positive");
      }
      this.maxAttempts = maxAttempts;
      this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Builds the broadcaster; call {@link EventBroadcaster#start()} to begin writing.
     *
     * @return the broadcaster
     */
    public EventBroadcaster build() {
      return new EventBroadcaster(this);
    }
  }
}

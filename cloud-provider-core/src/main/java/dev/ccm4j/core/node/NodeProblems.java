package dev.ccm4j.core.node;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.events.EventType;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports why a node cannot be initialized, on the node itself: a Warning event and a WARN line naming the node,
 * at most once per node per {@link #INTERVAL} of the controller's clock (or at once when the reason changes), and
 * a DEBUG line for the retries in between. The limit is per node, so a hundred bad nodes give a hundred reports,
 * while one bad node retried with backoff does not flood its events or the log.
 */
final class NodeProblems {
  private static final Logger LOG = LoggerFactory.getLogger(CloudNodeController.class);
  /** The provided-node-ip annotation is malformed or names an IP the cloud does not report. */
  static final String INVALID_PROVIDED_NODE_IP = "InvalidProvidedNodeIP";
  /** {@code spec.providerID} is not the provider's and the cloud does not know it. */
  static final String INVALID_PROVIDER_ID = "InvalidProviderID";
  /** The shortest clock time between two reports of the same problem on one node. */
  static final Duration INTERVAL = Duration.ofMinutes(5);

  private final EventRecorder recorder;
  private final Clock clock;
  private final long intervalNanos;
  private final Map<String, Reported> last = new ConcurrentHashMap<>();

  private record Reported(String reason, long atNanos) {}

  NodeProblems(EventRecorder recorder, Clock clock) {
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.intervalNanos = INTERVAL.toNanos();
  }

  /**
   * Reports a problem of a node that keeps it uninitialized.
   *
   * @param node the node
   * @param reason the event reason
   * @param message what is wrong, naming the field; never a secret
   */
  void report(V1Node node, String reason, String message) {
    String name = InstanceMetadataSource.name(node);
    long now = clock.nanoTime();
    boolean[] due = new boolean[1];
    last.compute(name, (key, previous) -> {
      due[0] = previous == null || !previous.reason().equals(reason) || now - previous.atNanos() >= intervalNanos;
      return due[0] ? new Reported(reason, now) : previous;
    });
    if (!due[0]) {
      LOG.debug("Node {} still cannot be initialized ({}): {}", name, reason, message);
      return;
    }
    LOG.warn("Node {} cannot be initialized ({}): {}; it keeps the {} taint, retrying with backoff", name, reason,
        message, WellKnown.TAINT_UNINITIALIZED);
    recorder.event(node, EventType.WARNING, reason, message);
  }

  /**
   * Forgets a node's problem: it was initialized, is gone, or no longer needs initializing.
   *
   * @param name the node name
   */
  void resolved(String name) {
    last.remove(name);
  }
}

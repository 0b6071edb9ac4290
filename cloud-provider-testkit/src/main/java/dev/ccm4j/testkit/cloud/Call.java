package dev.ccm4j.testkit.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recorded SPI call, in the order the fake cloud received it.
 *
 * @param sequence position in the call log, starting at 1; strictly increasing, never reused after a clear
 * @param timestamp when the call arrived, from the fake cloud's clock
 * @param operation the SPI method
 * @param target the call's main argument (node name, provider ID, service key {@code namespace/name}, route name,
 *     cluster or volume name), or the empty string when there is none
 * @param nodes the node names given to an ensure, update or batch call, in the order given; empty otherwise
 * @param thread the name of the calling thread
 */
public record Call(long sequence, Instant timestamp, Operation operation, String target, List<String> nodes,
    String thread) {

  /** Rejects nulls and copies the node names. */
  public Call {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(target, "target");
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(thread, "thread");
  }
}

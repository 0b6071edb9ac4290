package dev.ccm4j.provider.inspur.slb;

import java.util.Map;
import java.util.Objects;

/**
 * A listener as the API describes it.
 *
 * @param listenerId its id
 * @param listenerName its name; ccm4j's are {@code ccm4j_<load balancer name>_<PROTOCOL>_<port>}
 * @param protocol {@code TCP}, {@code HTTP} or {@code HTTPS}
 * @param port its front-end port
 * @param fields every field of the answer as text (for drift checks of the health-check settings), by JSON name
 */
public record SlbListener(String listenerId, String listenerName, String protocol, int port,
    Map<String, String> fields) {
  /** Rejects nulls and copies the fields. */
  public SlbListener {
    Objects.requireNonNull(listenerId, "listenerId");
    Objects.requireNonNull(listenerName, "listenerName");
    Objects.requireNonNull(protocol, "protocol");
    fields = Map.copyOf(fields);
  }
}

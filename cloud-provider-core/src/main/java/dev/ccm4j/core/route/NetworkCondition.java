package dev.ccm4j.core.route;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The {@code NetworkUnavailable} condition the route controller owns on each node it routes. */
final class NetworkCondition {
  static final String MESSAGE_CREATED = "RouteController created a route";
  static final String MESSAGE_NOT_CREATED = "RouteController failed to create a route";

  private NetworkCondition() {}

  static Optional<V1NodeCondition> current(V1Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> WellKnown.CONDITION_NETWORK_UNAVAILABLE.equals(c.getType())).findFirst();
  }

  /**
   * Whether the node's condition already says what we would write: same status and our reason. A condition with
   * another reason (set by a CNI, for example) is overwritten.
   */
  static boolean upToDate(V1Node node, boolean routesCreated) {
    return current(node).map(c -> routesCreated
        ? "False".equals(c.getStatus()) && WellKnown.REASON_ROUTE_CREATED.equals(c.getReason())
        : "True".equals(c.getStatus()) && WellKnown.REASON_NO_ROUTE_CREATED.equals(c.getReason())).orElse(false);
  }

  static V1NodeCondition of(boolean routesCreated, Instant now) {
    OffsetDateTime time = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    return new V1NodeCondition()
        .type(WellKnown.CONDITION_NETWORK_UNAVAILABLE)
        .status(routesCreated ? "False" : "True")
        .reason(routesCreated ? WellKnown.REASON_ROUTE_CREATED : WellKnown.REASON_NO_ROUTE_CREATED)
        .message(routesCreated ? MESSAGE_CREATED : MESSAGE_NOT_CREATED)
        .lastTransitionTime(time)
        .lastHeartbeatTime(time);
  }
}

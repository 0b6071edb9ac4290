package dev.ccm4j.core.route;

import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A digest of everything the desired routes depend on: each node's name, UID, pod CIDRs and addresses. Two equal
 * fingerprints mean a pass would compute the same desired routes.
 */
final class RouteFingerprint {
  private RouteFingerprint() {}

  static String of(List<V1Node> nodes) {
    TreeMap<String, String> entries = new TreeMap<>();
    for (V1Node node : nodes) {
      List<String> cidrs = RouteSync.podCidrs(node);
      if (cidrs.isEmpty()) {
        continue;
      }
      StringBuilder entry = new StringBuilder(Objects.toString(node.getMetadata().getUid(), "")).append(cidrs);
      for (V1NodeAddress a : RouteSync.addresses(node)) {
        entry.append(';').append(a.getType()).append('=').append(a.getAddress());
      }
      entries.put(node.getMetadata().getName(), entry.toString());
    }
    return entries.toString();
  }
}

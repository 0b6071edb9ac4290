package dev.ccm4j.kubeapi.patch;

import java.util.HashMap;
import java.util.Map;

/**
 * The strategic-merge-patch list table: which list fields merge, and by what key, per object kind. Paths are field
 * names joined by dots from the object root; list elements add no segment, so the ports of a Pod's containers are
 * {@code spec.containers.ports}. Lists absent from the table are atomic (replaced by the patch), which is also what
 * the real server does for lists its schema declares atomic. Extend by adding rows.
 */
public final class MergeRules {
  private static final Map<String, ListRule> COMMON = Map.of(
      "metadata.finalizers", ListRule.set(),
      "metadata.ownerReferences", ListRule.byKey("uid"));

  private static final Map<String, Map<String, ListRule>> BY_KIND = Map.of(
      "Node", Map.of(
          "spec.podCIDRs", ListRule.set(),
          // spec.taints is deliberately absent: upstream NodeSpec.Taints has no patch strategy, so the list is
          // atomic and a patch carrying taints replaces them all. Controllers (the cloud node controller among them)
          // remove a taint by sending the remaining list; a merge by key would silently keep the removed taint.
          "status.conditions", ListRule.byKey("type"),
          // Upstream merges addresses by type alone. That is a known quirk: a patch listing two InternalIPs merges
          // both into the first InternalIP entry, so they collapse; kubelet and cloud controllers work around it
          // with a "$patch: replace" element. Matched here on purpose.
          "status.addresses", ListRule.byKey("type")),
      "Service", Map.of(
          "spec.ports", ListRule.byKey("port", "protocol", "TCP"),
          "status.conditions", ListRule.byKey("type")),
      "Pod", podRules());

  private MergeRules() {}

  private static Map<String, ListRule> podRules() {
    Map<String, ListRule> rules = new HashMap<>();
    rules.put("spec.volumes", ListRule.byKey("name"));
    rules.put("spec.imagePullSecrets", ListRule.byKey("name"));
    rules.put("status.conditions", ListRule.byKey("type"));
    for (String containers : new String[] {"spec.containers", "spec.initContainers", "spec.ephemeralContainers"}) {
      rules.put(containers, ListRule.byKey("name"));
      rules.put(containers + ".ports", ListRule.byKey("containerPort", "protocol", "TCP"));
      rules.put(containers + ".env", ListRule.byKey("name"));
      rules.put(containers + ".volumeMounts", ListRule.byKey("mountPath"));
      rules.put(containers + ".volumeDevices", ListRule.byKey("devicePath"));
    }
    return Map.copyOf(rules);
  }

  /** The list rules for a kind (null for none): the metadata rules every kind shares plus the kind's own. */
  public static Map<String, ListRule> forKind(String kind) {
    Map<String, ListRule> own = kind == null ? Map.of() : BY_KIND.getOrDefault(kind, Map.of());
    Map<String, ListRule> all = new HashMap<>(COMMON);
    all.putAll(own);
    return Map.copyOf(all);
  }
}

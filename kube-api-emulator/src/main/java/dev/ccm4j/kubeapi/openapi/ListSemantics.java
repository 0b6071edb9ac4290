package dev.ccm4j.kubeapi.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The list and map semantics kube-apiserver publishes for the well-known fields of the served types: the Go struct
 * tags {@code patchStrategy}/{@code patchMergeKey} become {@code x-kubernetes-patch-strategy} and
 * {@code x-kubernetes-patch-merge-key} (kubectl's client-side apply and {@code kubectl patch} compute strategic
 * merge patches from them), and the {@code +listType}/{@code +listMapKey}/{@code +mapType} markers become
 * {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys} and {@code x-kubernetes-map-type} (server-side
 * apply and {@code kubectl explain}). The client-java models carry neither, so the rows are kept here, keyed by
 * definition and JSON field name; they agree with the emulator's own strategic merge rules
 * ({@code dev.ccm4j.kubeapi.patch.MergeRules}), which a test checks.
 */
final class ListSemantics {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final Map<String, Rule> RULES = new HashMap<>();

  /**
   * One field's semantics.
   *
   * @param patchStrategy {@code merge}, {@code merge,retainKeys}, or null
   * @param mergeKey the patch merge key, or null
   * @param listType {@code map}, {@code set}, {@code atomic}, or null
   * @param mapKeys the list map keys, empty unless {@code listType} is {@code map}
   * @param mapType {@code atomic} for maps replaced as a whole, or null
   */
  record Rule(String patchStrategy, String mergeKey, String listType, List<String> mapKeys, String mapType) {}

  static {
    String meta = ModelSchemas.META;
    map(meta + "ObjectMeta.ownerReferences", "uid");
    set(meta + "ObjectMeta.finalizers", true);
    atomic(meta + "ObjectMeta.managedFields");

    for (String container : new String[] {"Container", "EphemeralContainer"}) {
      map(CORE + container + ".ports", "containerPort", "protocol");
      map(CORE + container + ".env", "name");
      map(CORE + container + ".volumeMounts", "mountPath");
      map(CORE + container + ".volumeDevices", "devicePath");
      atomic(CORE + container + ".command");
      atomic(CORE + container + ".args");
      atomic(CORE + container + ".envFrom");
    }
    RULES.put(CORE + "PodSpec.volumes", new Rule("merge,retainKeys", "name", "map", List.of("name"), null));
    map(CORE + "PodSpec.containers", "name");
    map(CORE + "PodSpec.initContainers", "name");
    map(CORE + "PodSpec.ephemeralContainers", "name");
    map(CORE + "PodSpec.imagePullSecrets", "name");
    map(CORE + "PodSpec.hostAliases", "ip");
    map(CORE + "PodSpec.schedulingGates", "name");
    RULES.put(CORE + "PodSpec.topologySpreadConstraints",
        new Rule("merge", "topologyKey", "map", List.of("topologyKey", "whenUnsatisfiable"), null));
    RULES.put(CORE + "PodSpec.resourceClaims", new Rule("merge,retainKeys", "name", "map", List.of("name"), null));
    atomic(CORE + "PodSpec.tolerations");
    atomic(CORE + "PodSpec.readinessGates");
    map(CORE + "PodStatus.conditions", "type");
    map(CORE + "PodStatus.podIPs", "ip");
    map(CORE + "PodStatus.hostIPs", "ip");

    set(CORE + "NodeSpec.podCIDRs", true);
    // upstream NodeSpec.Taints has no patch strategy: a patch carrying taints replaces them all
    atomic(CORE + "NodeSpec.taints");
    map(CORE + "NodeStatus.conditions", "type");
    map(CORE + "NodeStatus.addresses", "type");

    RULES.put(CORE + "ServiceSpec.ports", new Rule("merge", "port", "map", List.of("port", "protocol"), null));
    RULES.put(CORE + "ServiceSpec.selector", new Rule(null, null, null, List.of(), "atomic"));
    atomic(CORE + "ServiceSpec.clusterIPs");
    atomic(CORE + "ServiceSpec.externalIPs");
    atomic(CORE + "ServiceSpec.ipFamilies");
    atomic(CORE + "ServiceSpec.loadBalancerSourceRanges");
    map(CORE + "ServiceStatus.conditions", "type");
    atomic(CORE + "LoadBalancerStatus.ingress");

    map(CORE + "NamespaceStatus.conditions", "type");
    map(CORE + "ServiceAccount.secrets", "name");
    atomic(CORE + "Endpoints.subsets");
    atomic("io.k8s.api.discovery.v1.EndpointSlice.endpoints");
    atomic("io.k8s.api.discovery.v1.EndpointSlice.ports");
    map("io.k8s.api.apps.v1.DeploymentStatus.conditions", "type");
    map("io.k8s.api.apps.v1.ReplicaSetStatus.conditions", "type");
    RULES.put(meta + "LabelSelector", new Rule(null, null, null, List.of(), "atomic"));
    atomic(meta + "LabelSelector.matchExpressions");
  }

  private ListSemantics() {}

  private static void map(String field, String key, String... moreKeys) {
    List<String> keys = new java.util.ArrayList<>(List.of(key));
    keys.addAll(List.of(moreKeys));
    RULES.put(field, new Rule("merge", key, "map", List.copyOf(keys), null));
  }

  private static void set(String field, boolean merge) {
    RULES.put(field, new Rule(merge ? "merge" : null, null, "set", List.of(), null));
  }

  private static void atomic(String field) {
    RULES.put(field, new Rule(null, null, "atomic", List.of(), null));
  }

  /** The rule of a field ({@code definition.field}) or of a whole definition, or null. */
  static Rule rule(String key) {
    return RULES.get(key);
  }

  /** Adds the extensions of {@code definition.field} to the property schema, if it has any. */
  static void apply(String definition, String field, JsonObject property) {
    Rule r = RULES.get(definition + "." + field);
    if (r != null) {
      extend(r, property);
    }
  }

  /** Adds the definition-level extensions ({@code x-kubernetes-map-type} of LabelSelector), if any. */
  static void applyToDefinition(String definition, JsonObject schema) {
    Rule r = RULES.get(definition);
    if (r != null) {
      extend(r, schema);
    }
  }

  private static void extend(Rule r, JsonObject s) {
    if (r.listType() != null) {
      if (!r.mapKeys().isEmpty()) {
        JsonArray keys = new JsonArray();
        r.mapKeys().forEach(keys::add);
        s.add("x-kubernetes-list-map-keys", keys);
      }
      s.addProperty("x-kubernetes-list-type", r.listType());
    }
    if (r.mapType() != null) {
      s.addProperty("x-kubernetes-map-type", r.mapType());
    }
    if (r.mergeKey() != null) {
      s.addProperty("x-kubernetes-patch-merge-key", r.mergeKey());
    }
    if (r.patchStrategy() != null) {
      s.addProperty("x-kubernetes-patch-strategy", r.patchStrategy());
    }
  }
}

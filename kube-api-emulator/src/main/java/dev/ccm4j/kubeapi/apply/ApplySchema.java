package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What structured-merge-diff needs to know about a built-in kind: which lists are associative (and by which keys,
 * with which key defaults), which are sets, which maps and structs are atomic, whether {@code status} is a
 * subresource, and the empty object the real server compares a create against. Everything not listed is a granular
 * struct or map, and every list not listed is atomic, which is what the real schema says for the lists it does not
 * mark ({@code spec.taints}, {@code tolerations}, {@code status.loadBalancer.ingress}, command and args, ...).
 *
 * <p>The table follows the upstream API types' {@code +listType}, {@code +listMapKey}, {@code +mapType},
 * {@code +structType} and {@code patchMergeKey} markers (the real server's schema converter treats a merge key
 * without a list type as a map list keyed by it). Built once per kind and cached: nothing here runs per write.
 */
final class ApplySchema {
  /** A granular object whose children are all granular objects or atomic lists. */
  static final Node DEFAULT = new Node();

  private static final Set<String> STATUS_SUBRESOURCE =
      Set.of("Namespace", "Node", "Service", "Pod", "PersistentVolume", "Deployment", "ReplicaSet");

  private static final Map<String, ApplySchema> CACHE = new ConcurrentHashMap<>();

  /** The kind of a list. */
  enum ListType { ATOMIC, SET, MAP }

  /** One field's schema. For a list, the node also describes the list's items (items add no path segment). */
  static final class Node {
    final Map<String, Node> fields = new HashMap<>();
    ListType list = ListType.ATOMIC;
    String[] keys = new String[0];
    JsonPrimitive[] keyDefaults = new JsonPrimitive[0];
    boolean atomic;

    Node child(String name) {
      if (this == DEFAULT) {
        return DEFAULT;
      }
      Node n = fields.get(name);
      return n == null ? DEFAULT : n;
    }
  }

  final Node root;
  final boolean statusSubresource;
  private final JsonObject skeleton;

  private ApplySchema(Node root, boolean statusSubresource, String skeleton) {
    this.root = root;
    this.statusSubresource = statusSubresource;
    this.skeleton = JsonParser.parseString(skeleton).getAsJsonObject();
  }

  static ApplySchema forKind(String kind) {
    return CACHE.computeIfAbsent(kind == null ? "" : kind, ApplySchema::build);
  }

  /**
   * The object a create is compared against: the real server compares against the kind's empty Go object converted
   * to JSON, where structs by value are present (so {@code spec} itself is never owned) and fields without
   * {@code omitempty} are present as null (so {@code spec.containers} gets no {@code "."} entry). Shared: callers
   * read it or copy it, never change it.
   */
  JsonObject emptyObject() {
    return skeleton;
  }

  private static ApplySchema build(String kind) {
    Builder b = new Builder();
    b.set("metadata.finalizers");
    b.map("metadata.ownerReferences", "uid");
    String skeleton = "{\"metadata\":{\"creationTimestamp\":null}}";
    switch (kind) {
      case "Node" -> {
        b.set("spec.podCIDRs");
        b.map("status.conditions", "type");
        b.map("status.addresses", "type");
        skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{},\"status\":{\"daemonEndpoints\":"
            + "{\"kubeletEndpoint\":{\"Port\":0}},\"nodeInfo\":{\"machineID\":\"\",\"systemUUID\":\"\",\"bootID\":\"\","
            + "\"kernelVersion\":\"\",\"osImage\":\"\",\"containerRuntimeVersion\":\"\",\"kubeletVersion\":\"\","
            + "\"kubeProxyVersion\":\"\",\"operatingSystem\":\"\",\"architecture\":\"\"}}}";
      }
      case "Service" -> {
        b.mapWithDefault("spec.ports", new String[] {"port", "protocol"}, new String[] {null, "TCP"});
        b.atomic("spec.selector");
        b.map("status.conditions", "type");
        skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{},\"status\":{\"loadBalancer\":{}}}";
      }
      case "Pod" -> {
        pod(b, "spec");
        b.map("status.conditions", "type");
        b.map("status.podIPs", "ip");
        b.map("status.hostIPs", "ip");
        skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"containers\":null},\"status\":{}}";
      }
      case "Deployment", "ReplicaSet" -> {
        b.atomic("spec.selector");
        pod(b, "spec.template.spec");
        b.map("status.conditions", "type");
        skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"selector\":null,\"template\":"
            + "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"containers\":null}}},\"status\":{}}";
      }
      case "Namespace" -> {
        b.map("status.conditions", "type");
        skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{},\"status\":{}}";
      }
      case "PersistentVolume" ->
        skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{},\"status\":{}}";
      case "ServiceAccount" -> b.map("secrets", "name");
      case "Lease" -> skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{}}";
      case "EndpointSlice" -> skeleton = "{\"metadata\":{\"creationTimestamp\":null},\"endpoints\":null}";
      default -> {
        // ConfigMap, Secret, Endpoints, Event and unknown kinds: granular maps and atomic lists everywhere
      }
    }
    return new ApplySchema(b.root, STATUS_SUBRESOURCE.contains(kind), skeleton);
  }

  private static void pod(Builder b, String spec) {
    b.map(spec + ".volumes", "name");
    b.map(spec + ".imagePullSecrets", "name");
    b.map(spec + ".hostAliases", "ip");
    b.atomic(spec + ".nodeSelector");
    b.map(spec + ".topologySpreadConstraints", "topologyKey", "whenUnsatisfiable");
    b.map(spec + ".resourceClaims", "name");
    b.map(spec + ".schedulingGates", "name");
    for (String containers : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
      String c = spec + "." + containers;
      b.map(c, "name");
      b.mapWithDefault(c + ".ports", new String[] {"containerPort", "protocol"}, new String[] {null, "TCP"});
      b.map(c + ".env", "name");
      b.map(c + ".volumeMounts", "mountPath");
      b.map(c + ".volumeDevices", "devicePath");
      b.map(c + ".resizePolicy", "resourceName");
    }
  }

  private static final class Builder {
    final Node root = new Node();

    Node node(String path) {
      Node n = root;
      for (String part : path.split("\\.")) {
        n = n.fields.computeIfAbsent(part, p -> new Node());
      }
      return n;
    }

    void set(String path) {
      node(path).list = ListType.SET;
    }

    void map(String path, String... keys) {
      mapWithDefault(path, keys, new String[keys.length]);
    }

    void mapWithDefault(String path, String[] keys, String[] defaults) {
      Node n = node(path);
      n.list = ListType.MAP;
      n.keys = keys.clone();
      n.keyDefaults = new JsonPrimitive[keys.length];
      for (int i = 0; i < keys.length; i++) {
        n.keyDefaults[i] = defaults[i] == null ? null : new JsonPrimitive(defaults[i]);
      }
    }

    void atomic(String path) {
      node(path).atomic = true;
    }
  }

  /** Convenience for tests and callers: true when {@code e} is a JSON object. */
  static boolean isObject(JsonElement e) {
    return e != null && e.isJsonObject();
  }
}

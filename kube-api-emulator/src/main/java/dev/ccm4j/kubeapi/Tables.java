package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Server-side printing: renders objects as a {@code meta.k8s.io/v1 Table}, the way kubectl's default output asks. */
final class Tables {
  private record Column(String name, String type, String description, BiFunction<JsonObject, Instant, Object> cell) {}

  private static final Column NAME = new Column("Name", "string", "Name must be unique within a namespace.",
      (o, now) -> Json.metaString(o, "name"));
  private static final Column AGE = new Column("Age", "string",
      "CreationTimestamp is a timestamp representing the server time when this object was created.",
      (o, now) -> age(Json.metaString(o, "creationTimestamp"), now));

  private static final Map<String, List<Column>> COLUMNS = Map.of(
      "Node", List.of(NAME,
          new Column("Status", "string", "The status of the node", (o, now) -> nodeStatus(o)),
          new Column("Roles", "string", "The roles of the node", (o, now) -> nodeRoles(o)),
          AGE,
          new Column("Version", "string", "Kubelet Version reported by the node.",
              (o, now) -> orEmpty(Json.path(o, "status", "nodeInfo", "kubeletVersion")))),
      "Service", List.of(NAME,
          new Column("Type", "string", "The type of the service.", (o, now) -> orEmpty(Json.path(o, "spec", "type"))),
          new Column("Cluster-IP", "string", "The cluster IP of the service.",
              (o, now) -> orNone(Json.path(o, "spec", "clusterIP"))),
          new Column("External-IP", "string", "The external IP of the service.", (o, now) -> externalIps(o)),
          new Column("Port(s)", "string", "The ports of the service.", (o, now) -> ports(o)),
          AGE),
      "Namespace", List.of(NAME,
          new Column("Status", "string", "The status of the namespace",
              (o, now) -> orEmpty(Json.path(o, "status", "phase"))),
          AGE),
      "Pod", List.of(NAME,
          new Column("Status", "string", "The phase of the pod", (o, now) -> orEmpty(Json.path(o, "status", "phase"))),
          new Column("Node", "string", "The node the pod runs on", (o, now) -> orNone(Json.path(o, "spec", "nodeName"))),
          AGE),
      "Lease", List.of(NAME,
          new Column("Holder", "string", "The holder of the lease",
              (o, now) -> orEmpty(Json.path(o, "spec", "holderIdentity"))),
          AGE));

  private Tables() {}

  /**
   * A Table of the given objects.
   *
   * @param includeObject {@code None}, {@code Metadata} (the default) or {@code Object}
   */
  static JsonObject table(ResourceType type, List<JsonObject> objects, String includeObject, long resourceVersion,
      String continueToken, Instant now) {
    List<Column> columns = COLUMNS.getOrDefault(type.kind(), List.of(NAME, AGE));
    JsonObject table = new JsonObject();
    table.addProperty("kind", "Table");
    table.addProperty("apiVersion", "meta.k8s.io/v1");
    JsonObject meta = new JsonObject();
    meta.addProperty("resourceVersion", Long.toString(resourceVersion));
    if (continueToken != null) {
      meta.addProperty("continue", continueToken);
    }
    table.add("metadata", meta);
    JsonArray defs = new JsonArray();
    for (Column c : columns) {
      JsonObject d = new JsonObject();
      d.addProperty("name", c.name());
      d.addProperty("type", c.type());
      d.addProperty("format", c == NAME ? "name" : "");
      d.addProperty("description", c.description());
      d.addProperty("priority", 0);
      defs.add(d);
    }
    table.add("columnDefinitions", defs);
    JsonArray rows = new JsonArray();
    for (JsonObject o : objects) {
      JsonObject row = new JsonObject();
      JsonArray cells = new JsonArray();
      for (Column c : columns) {
        Object v = c.cell().apply(o, now);
        if (v instanceof Number n) {
          cells.add(n);
        } else {
          cells.add(String.valueOf(v));
        }
      }
      row.add("cells", cells);
      if ("Object".equals(includeObject)) {
        row.add("object", o);
      } else if (!"None".equals(includeObject)) {
        JsonObject partial = new JsonObject();
        partial.addProperty("kind", "PartialObjectMetadata");
        partial.addProperty("apiVersion", "meta.k8s.io/v1");
        partial.add("metadata", o.get("metadata"));
        row.add("object", partial);
      }
      rows.add(row);
    }
    table.add("rows", rows);
    return table;
  }

  static String age(String creationTimestamp, Instant now) {
    Instant created;
    try {
      created = Instant.parse(creationTimestamp);
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
    long s = Math.max(0, Duration.between(created, now).getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172800) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  private static String nodeStatus(JsonObject node) {
    String status = "Unknown";
    JsonElement conditions = node.has("status") && node.get("status").isJsonObject()
        ? node.getAsJsonObject("status").get("conditions") : null;
    if (conditions != null && conditions.isJsonArray()) {
      for (JsonElement c : conditions.getAsJsonArray()) {
        if (c.isJsonObject() && "Ready".equals(Json.path(c.getAsJsonObject(), "type"))) {
          status = "True".equals(Json.path(c.getAsJsonObject(), "status")) ? "Ready" : "NotReady";
        }
      }
    }
    return "true".equals(Json.path(node, "spec", "unschedulable")) ? status + ",SchedulingDisabled" : status;
  }

  private static String nodeRoles(JsonObject node) {
    JsonElement labels = Json.meta(node).get("labels");
    List<String> roles = new ArrayList<>();
    if (labels != null && labels.isJsonObject()) {
      for (String key : labels.getAsJsonObject().keySet()) {
        if (key.startsWith("node-role.kubernetes.io/")) {
          roles.add(key.substring("node-role.kubernetes.io/".length()));
        }
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String externalIps(JsonObject svc) {
    List<String> ips = new ArrayList<>();
    JsonObject spec = svc.has("spec") && svc.get("spec").isJsonObject() ? svc.getAsJsonObject("spec") : new JsonObject();
    if (spec.get("externalIPs") instanceof JsonArray external) {
      external.forEach(e -> ips.add(e.getAsString()));
    }
    JsonObject status = svc.has("status") && svc.get("status").isJsonObject() ? svc.getAsJsonObject("status")
        : new JsonObject();
    JsonElement lb = status.get("loadBalancer");
    if (lb != null && lb.isJsonObject() && lb.getAsJsonObject().get("ingress") instanceof JsonArray ingress) {
      for (JsonElement i : ingress) {
        String ip = Json.path(i.getAsJsonObject(), "ip");
        ips.add(ip != null ? ip : orEmpty(Json.path(i.getAsJsonObject(), "hostname")));
      }
    }
    if (ips.isEmpty()) {
      return "LoadBalancer".equals(Json.path(spec, "type")) ? "<pending>" : "<none>";
    }
    return String.join(",", ips);
  }

  private static String ports(JsonObject svc) {
    JsonElement ports = svc.has("spec") && svc.get("spec").isJsonObject() ? svc.getAsJsonObject("spec").get("ports")
        : null;
    if (ports == null || !ports.isJsonArray() || ports.getAsJsonArray().isEmpty()) {
      return "<none>";
    }
    List<String> out = new ArrayList<>();
    for (JsonElement p : ports.getAsJsonArray()) {
      JsonObject port = p.getAsJsonObject();
      String protocol = Json.path(port, "protocol");
      String nodePort = Json.path(port, "nodePort");
      out.add(Json.path(port, "port") + (nodePort != null ? ":" + nodePort : "") + "/"
          + (protocol == null ? "TCP" : protocol));
    }
    return String.join(",", out);
  }
}

package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Server-side printing: renders objects as a {@code meta.k8s.io/v1 Table}, the way kubectl's default and
 * {@code -o wide} output ask for them. The columns, their order, types and priorities and the text of each cell
 * follow the real server's printers (kubernetes {@code pkg/printers/internalversion}); as there, every row carries
 * the priority-1 ("wide") cells too and kubectl hides them unless asked for {@code -o wide}.
 */
final class Tables {
  /**
   * One column: its definition and how a cell is computed.
   *
   * @param priority 0 for default columns, 1 for those only {@code -o wide} shows
   */
  private record Column(String name, String type, String format, int priority, String description, Cell cell) {
    Column(String name, String type, int priority, String description, Cell cell) {
      this(name, type, "", priority, description, cell);
    }
  }

  /** Computes one cell of a row. */
  @FunctionalInterface
  private interface Cell {
    Object apply(JsonObject object, Instant now, RowWork row);
  }

  /** Work shared by the cells of one row: a pod's READY, STATUS and RESTARTS come out of one pass. */
  private static final class RowWork {
    private String[] pod;

    String pod(JsonObject o, Instant now, int index) {
      if (pod == null) {
        pod = podCells(o, now);
      }
      return pod[index];
    }
  }

  private static final String NONE = "<none>";
  private static final String UNKNOWN = "<unknown>";
  private static final String UNSET = "<unset>";

  private static final Column NAME = new Column("Name", "string", "name", 0,
      "The object's name, unique within its namespace.", (o, now, row) -> Json.metaString(o, "name"));
  private static final Column AGE = new Column("Age", "string", 0,
      "How long ago the object was created.", (o, now, row) -> age(Json.metaString(o, "creationTimestamp"), now));
  private static final Column CONTAINERS = new Column("Containers", "string", 1,
      "The names of the containers of the pod template.", (o, now, row) -> containerCells(o, "name"));
  private static final Column IMAGES = new Column("Images", "string", 1,
      "The images of the containers of the pod template.", (o, now, row) -> containerCells(o, "image"));

  /** The real server's default for resources without a printer: the name and the creation time as RFC 3339. */
  private static final List<Column> DEFAULT = List.of(NAME, new Column("Created At", "date", 0,
      "When the object was created.", (o, now, row) -> Json.metaString(o, "creationTimestamp")));

  private static final Map<String, List<Column>> COLUMNS = columns();

  private Tables() {}

  private static Map<String, List<Column>> columns() {
    Map<String, List<Column>> c = new HashMap<>();
    c.put("Node", List.of(NAME,
        new Column("Status", "string", 0, "The status of the node", (o, now, row) -> nodeStatus(o)),
        new Column("Roles", "string", 0, "The roles of the node", (o, now, row) -> nodeRoles(o)),
        AGE,
        new Column("Version", "string", 0, "The kubelet version the node reports.",
            (o, now, row) -> orEmpty(Json.path(o, "status", "nodeInfo", "kubeletVersion"))),
        new Column("Internal-IP", "string", 1, "The node's first InternalIP address.",
            (o, now, row) -> nodeAddress(o, "InternalIP")),
        new Column("External-IP", "string", 1, "The node's first ExternalIP address.",
            (o, now, row) -> nodeAddress(o, "ExternalIP")),
        new Column("OS-Image", "string", 1, "The OS image the node reports.",
            (o, now, row) -> orUnknown(Json.path(o, "status", "nodeInfo", "osImage"))),
        new Column("Kernel-Version", "string", 1, "The kernel version the node reports.",
            (o, now, row) -> orUnknown(Json.path(o, "status", "nodeInfo", "kernelVersion"))),
        new Column("Container-Runtime", "string", 1, "The container runtime version the node reports.",
            (o, now, row) -> orUnknown(Json.path(o, "status", "nodeInfo", "containerRuntimeVersion")))));
    c.put("Service", List.of(NAME,
        new Column("Type", "string", 0, "The type of the service.", (o, now, row) -> serviceType(o)),
        new Column("Cluster-IP", "string", 0, "The first cluster IP of the service.", (o, now, row) -> clusterIp(o)),
        new Column("External-IP", "string", 0, "The external addresses of the service.", (o, now, row) -> externalIps(o)),
        new Column("Port(s)", "string", 0, "The ports of the service.", (o, now, row) -> servicePorts(o)),
        AGE,
        new Column("Selector", "string", 1, "The service's pod selector.",
            (o, now, row) -> formatLabels(object(o, "spec", "selector")))));
    c.put("Pod", List.of(NAME,
        new Column("Ready", "string", 0, "Ready containers out of all containers.", (o, now, row) -> row.pod(o, now, 0)),
        new Column("Status", "string", 0, "The aggregate status of the pod's containers.",
            (o, now, row) -> row.pod(o, now, 1)),
        new Column("Restarts", "string", 0, "Container restarts, and when the last one was.",
            (o, now, row) -> row.pod(o, now, 2)),
        AGE,
        new Column("IP", "string", 1, "The pod's first IP.", (o, now, row) -> podIp(o)),
        new Column("Node", "string", 1, "The node the pod is bound to.",
            (o, now, row) -> orNone(Json.path(o, "spec", "nodeName"))),
        new Column("Nominated Node", "string", 1, "The node the scheduler nominated for the pod.",
            (o, now, row) -> orNone(Json.path(o, "status", "nominatedNodeName"))),
        new Column("Readiness Gates", "string", 1, "True readiness gates out of all readiness gates.",
            (o, now, row) -> readinessGates(o))));
    List<Column> events = List.of(
        new Column("Last Seen", "string", 0, "How long ago the event was last seen.", (o, now, row) -> eventLastSeen(o, now)),
        new Column("Type", "string", 0, "The type of the event.", (o, now, row) -> orEmpty(Json.path(o, "type"))),
        new Column("Reason", "string", 0, "The reason of the event.", (o, now, row) -> orEmpty(Json.path(o, "reason"))),
        new Column("Object", "string", 0, "The object the event is about.", (o, now, row) -> eventObject(o)),
        new Column("Subobject", "string", 1, "The part of the object the event is about.",
            (o, now, row) -> orEmpty(Json.path(eventRegarding(o), "fieldPath"))),
        new Column("Source", "string", 1, "The component that reported the event.", (o, now, row) -> eventSource(o)),
        new Column("Message", "string", 0, "The message of the event.", (o, now, row) -> eventMessage(o)),
        new Column("First Seen", "string", 1, "How long ago the event was first seen.",
            (o, now, row) -> eventFirstSeen(o, now)),
        new Column("Count", "string", 1, "How often the event was seen.", (o, now, row) -> eventCount(o)),
        new Column("Name", "string", "name", 1, "The event's name.", (o, now, row) -> Json.metaString(o, "name")));
    c.put("Event", events);
    c.put("Namespace", List.of(NAME,
        new Column("Status", "string", 0, "The phase of the namespace.",
            (o, now, row) -> orEmpty(Json.path(o, "status", "phase"))),
        AGE));
    c.put("Lease", List.of(NAME,
        new Column("Holder", "string", 0, "The identity holding the lease.",
            (o, now, row) -> orEmpty(Json.path(o, "spec", "holderIdentity"))),
        AGE));
    c.put("ConfigMap", List.of(NAME,
        new Column("Data", "string", 0, "The number of data and binary data entries.",
            (o, now, row) -> (long) (size(o.get("data")) + size(o.get("binaryData")))),
        AGE));
    c.put("Secret", List.of(NAME,
        new Column("Type", "string", 0, "The type of the secret.", (o, now, row) -> orEmpty(Json.path(o, "type"))),
        new Column("Data", "string", 0, "The number of data entries.", (o, now, row) -> (long) size(o.get("data"))),
        AGE));
    c.put("ServiceAccount", List.of(NAME,
        new Column("Secrets", "string", 0, "The number of secrets of the service account.",
            (o, now, row) -> (long) size(o.get("secrets"))),
        AGE));
    c.put("Deployment", List.of(NAME,
        new Column("Ready", "string", 0, "Ready replicas out of desired replicas.",
            (o, now, row) -> integer(o, "status", "readyReplicas") + "/" + desiredReplicas(o)),
        new Column("Up-to-date", "string", 0, "Replicas of the latest pod template.",
            (o, now, row) -> integer(o, "status", "updatedReplicas")),
        new Column("Available", "string", 0, "Replicas available to serve.",
            (o, now, row) -> integer(o, "status", "availableReplicas")),
        AGE, CONTAINERS, IMAGES,
        new Column("Selector", "string", 1, "The deployment's label selector.",
            (o, now, row) -> labelSelector(object(o, "spec", "selector")))));
    c.put("ReplicaSet", List.of(NAME,
        new Column("Desired", "integer", 0, "The desired number of replicas.", (o, now, row) -> desiredReplicas(o)),
        new Column("Current", "integer", 0, "The observed number of replicas.",
            (o, now, row) -> integer(o, "status", "replicas")),
        new Column("Ready", "integer", 0, "The number of ready replicas.",
            (o, now, row) -> integer(o, "status", "readyReplicas")),
        AGE, CONTAINERS, IMAGES,
        new Column("Selector", "string", 1, "The replica set's label selector.", (o, now, row) -> {
          String s = labelSelector(object(o, "spec", "selector"));
          return s.isEmpty() ? NONE : s;
        })));
    c.put("Endpoints", List.of(NAME,
        new Column("Endpoints", "string", 0, "The addresses and ports of the endpoints.", (o, now, row) -> endpoints(o)),
        AGE));
    c.put("EndpointSlice", List.of(NAME,
        new Column("AddressType", "string", 0, "The type of the slice's addresses.",
            (o, now, row) -> orEmpty(Json.path(o, "addressType"))),
        new Column("Ports", "string", 0, "The slice's ports.", (o, now, row) -> slicePorts(o)),
        new Column("Endpoints", "string", 0, "The slice's addresses.", (o, now, row) -> sliceEndpoints(o)),
        AGE));
    c.put("PersistentVolume", List.of(NAME,
        new Column("Capacity", "string", 0, "The storage capacity of the volume.", (o, now, row) -> {
          String q = Json.path(object(o, "spec", "capacity"), "storage");
          return q == null ? "0" : q;
        }),
        new Column("Access Modes", "string", 0, "The access modes of the volume.", (o, now, row) -> accessModes(o)),
        new Column("Reclaim Policy", "string", 0, "What happens to the volume when released.",
            (o, now, row) -> orEmpty(Json.path(o, "spec", "persistentVolumeReclaimPolicy"))),
        new Column("Status", "string", 0, "The phase of the volume.", (o, now, row) -> deleting(o)
            ? "Terminating" : orEmpty(Json.path(o, "status", "phase"))),
        new Column("Claim", "string", 0, "The claim bound to the volume.", (o, now, row) -> {
          JsonObject ref = object(o, "spec", "claimRef");
          return ref == null ? "" : orEmpty(Json.path(ref, "namespace")) + "/" + orEmpty(Json.path(ref, "name"));
        }),
        new Column("StorageClass", "string", 0, "The storage class of the volume.", (o, now, row) -> storageClass(o)),
        new Column("VolumeAttributesClass", "string", 0, "The volume attributes class of the volume.",
            (o, now, row) -> orUnset(Json.path(o, "spec", "volumeAttributesClassName"))),
        new Column("Reason", "string", 0, "Why the volume is in its phase.",
            (o, now, row) -> orEmpty(Json.path(o, "status", "reason"))),
        AGE,
        new Column("VolumeMode", "string", 1, "Whether the volume is a filesystem or a block device.",
            (o, now, row) -> orUnset(Json.path(o, "spec", "volumeMode")))));
    return Map.copyOf(c);
  }

  /**
   * A Table of the given objects.
   *
   * @param includeObject {@code None}, {@code Metadata} (the default) or {@code Object}
   */
  static JsonObject table(ResourceType type, List<JsonObject> objects, String includeObject, long resourceVersion,
      String continueToken, Instant now) {
    List<Column> columns = COLUMNS.getOrDefault(type.kind(), DEFAULT);
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
      d.addProperty("format", c.format());
      d.addProperty("description", c.description());
      d.addProperty("priority", c.priority());
      defs.add(d);
    }
    table.add("columnDefinitions", defs);
    JsonArray rows = new JsonArray();
    for (JsonObject o : objects) {
      JsonObject row = new JsonObject();
      JsonArray cells = new JsonArray();
      RowWork work = new RowWork();
      for (Column c : columns) {
        Object v = c.cell().apply(o, now, work);
        cells.add(v instanceof Number n ? new JsonPrimitive(n) : new JsonPrimitive(String.valueOf(v)));
      }
      row.add("cells", cells);
      if (type.kind().equals("Pod")) {
        addPodConditions(o, row);
      }
      if ("Object".equals(includeObject)) {
        row.add("object", o);
      } else if ("None".equals(includeObject)) {
        // the real server clears the row's object, which its encoding prints as null
        row.add("object", JsonNull.INSTANCE);
      } else {
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

  /** How long ago a timestamp was, as kubectl's AGE column prints it; {@code <unknown>} when there is none. */
  static String age(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return UNKNOWN;
    }
    Instant then;
    try {
      then = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return UNKNOWN;
    }
    return humanDuration(Duration.between(then, now));
  }

  /**
   * A duration as the real server's printers write it (apimachinery's {@code HumanDuration}): exact seconds up to
   * two minutes, then minutes and seconds up to ten minutes, minutes up to three hours, hours and minutes up to
   * eight hours, hours up to two days, days and hours up to eight days, days up to two years, years and days up to
   * eight years, then years. A little negative skew reads as {@code 0s}, more as {@code <invalid>}.
   */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds() + (d.isNegative() && d.getNano() > 0 ? 1 : 0);
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  // ---- small accessors ----

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? NONE : s;
  }

  private static String orUnknown(String s) {
    return s == null || s.isEmpty() ? UNKNOWN : s;
  }

  private static String orUnset(String s) {
    return s == null ? UNSET : s;
  }

  private static JsonObject object(JsonObject o, String... path) {
    JsonElement cur = o;
    for (String p : path) {
      if (!(cur instanceof JsonObject obj)) {
        return null;
      }
      cur = obj.get(p);
    }
    return cur instanceof JsonObject obj ? obj : null;
  }

  private static JsonArray array(JsonObject o, String... path) {
    JsonElement cur = o;
    for (String p : path) {
      if (!(cur instanceof JsonObject obj)) {
        return new JsonArray();
      }
      cur = obj.get(p);
    }
    return cur instanceof JsonArray a ? a : new JsonArray();
  }

  /** A string element's text; stored objects may carry JSON nulls where the real server writes them. */
  private static String text(JsonElement e) {
    return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
  }

  private static int size(JsonElement e) {
    if (e instanceof JsonObject o) {
      return o.size();
    }
    return e instanceof JsonArray a ? a.size() : 0;
  }

  private static long integer(JsonObject o, String... path) {
    JsonElement cur = o;
    for (String p : path) {
      if (!(cur instanceof JsonObject obj)) {
        return 0;
      }
      cur = obj.get(p);
    }
    return cur != null && cur.isJsonPrimitive() && cur.getAsJsonPrimitive().isNumber() ? cur.getAsLong() : 0;
  }

  /** {@code spec.replicas}, which the real server defaults to 1. */
  private static long desiredReplicas(JsonObject o) {
    JsonObject spec = object(o, "spec");
    return spec != null && spec.get("replicas") instanceof JsonPrimitive ? integer(spec, "replicas") : 1;
  }

  // ---- labels and selectors ----

  /** A label map as {@code k=v,k=v} sorted by key, {@code <none>} when empty. */
  private static String formatLabels(JsonObject labels) {
    if (labels == null || labels.isEmpty()) {
      return NONE;
    }
    List<String> parts = new ArrayList<>();
    new TreeMap<>(labels.asMap()).forEach((k, v) -> parts.add(k + "=" + (v.isJsonPrimitive() ? v.getAsString() : "")));
    return String.join(",", parts);
  }

  /**
   * A LabelSelector as the real server's selector prints it: its requirements sorted by key, {@code k=v},
   * {@code k in (a,b)}, {@code k notin (a,b)}, {@code k} and {@code !k}; empty for no requirements.
   */
  private static String labelSelector(JsonObject selector) {
    if (selector == null) {
      return "";
    }
    TreeMap<String, List<String>> byKey = new TreeMap<>();
    JsonObject matchLabels = object(selector, "matchLabels");
    if (matchLabels != null) {
      matchLabels.asMap().forEach((k, v) -> byKey.computeIfAbsent(k, x -> new ArrayList<>())
          .add(k + "=" + (v.isJsonPrimitive() ? v.getAsString() : "")));
    }
    for (JsonElement e : array(selector, "matchExpressions")) {
      if (!(e instanceof JsonObject expr)) {
        continue;
      }
      String key = orEmpty(Json.path(expr, "key"));
      TreeSet<String> values = new TreeSet<>();
      array(expr, "values").forEach(v -> values.add(text(v)));
      String op = orEmpty(Json.path(expr, "operator"));
      String text = switch (op) {
        case "In" -> key + " in (" + String.join(",", values) + ")";
        case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
        case "Exists" -> key;
        case "DoesNotExist" -> "!" + key;
        default -> key;
      };
      byKey.computeIfAbsent(key, x -> new ArrayList<>()).add(text);
    }
    List<String> all = new ArrayList<>();
    byKey.values().forEach(all::addAll);
    return String.join(",", all);
  }

  private static String containerCells(JsonObject o, String field) {
    List<String> out = new ArrayList<>();
    for (JsonElement c : array(o, "spec", "template", "spec", "containers")) {
      out.add(c instanceof JsonObject container ? orEmpty(Json.path(container, field)) : "");
    }
    return String.join(",", out);
  }

  // ---- nodes ----

  private static String nodeStatus(JsonObject node) {
    String status = null;
    for (JsonElement c : array(node, "status", "conditions")) {
      if (c instanceof JsonObject cond && "Ready".equals(Json.path(cond, "type"))) {
        status = "True".equals(Json.path(cond, "status")) ? "Ready" : "NotReady";
      }
    }
    if (status == null) {
      status = "Unknown";
    }
    return "true".equals(Json.path(node, "spec", "unschedulable")) ? status + ",SchedulingDisabled" : status;
  }

  /** The roles from {@code node-role.kubernetes.io/<role>} label keys and {@code kubernetes.io/role} values, sorted. */
  private static String nodeRoles(JsonObject node) {
    JsonObject labels = object(node, "metadata", "labels");
    TreeSet<String> roles = new TreeSet<>();
    if (labels != null) {
      for (Map.Entry<String, JsonElement> e : labels.entrySet()) {
        String value = e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : "";
        if (e.getKey().startsWith("node-role.kubernetes.io/")) {
          String role = e.getKey().substring("node-role.kubernetes.io/".length());
          if (!role.isEmpty()) {
            roles.add(role);
          }
        } else if (e.getKey().equals("kubernetes.io/role") && !value.isEmpty()) {
          roles.add(value);
        }
      }
    }
    return roles.isEmpty() ? NONE : String.join(",", roles);
  }

  private static String nodeAddress(JsonObject node, String type) {
    for (JsonElement a : array(node, "status", "addresses")) {
      if (a instanceof JsonObject address && type.equals(Json.path(address, "type"))) {
        return orEmpty(Json.path(address, "address"));
      }
    }
    return NONE;
  }

  // ---- services ----

  private static String serviceType(JsonObject svc) {
    String type = Json.path(svc, "spec", "type");
    // the real server stores the default; a stored object without one is a ClusterIP service
    return type == null || type.isEmpty() ? "ClusterIP" : type;
  }

  private static String clusterIp(JsonObject svc) {
    JsonArray ips = array(svc, "spec", "clusterIPs");
    if (!ips.isEmpty()) {
      return text(ips.get(0));
    }
    String ip = Json.path(svc, "spec", "clusterIP");
    return ip == null || ip.isEmpty() ? NONE : ip;
  }

  private static String externalIps(JsonObject svc) {
    List<String> external = new ArrayList<>();
    array(svc, "spec", "externalIPs").forEach(e -> external.add(text(e)));
    switch (serviceType(svc)) {
      case "ClusterIP", "NodePort":
        return external.isEmpty() ? NONE : String.join(",", external);
      case "LoadBalancer": {
        // the ingress points, unique and sorted; the server prints them unclipped (its tables are always wide)
        TreeSet<String> lb = new TreeSet<>();
        for (JsonElement i : array(svc, "status", "loadBalancer", "ingress")) {
          if (i instanceof JsonObject ingress) {
            String ip = Json.path(ingress, "ip");
            String hostname = Json.path(ingress, "hostname");
            if (ip != null && !ip.isEmpty()) {
              lb.add(ip);
            } else if (hostname != null && !hostname.isEmpty()) {
              lb.add(hostname);
            }
          }
        }
        List<String> all = new ArrayList<>(lb);
        all.addAll(external);
        return all.isEmpty() ? "<pending>" : String.join(",", all);
      }
      case "ExternalName":
        return orEmpty(Json.path(svc, "spec", "externalName"));
      default:
        return UNKNOWN;
    }
  }

  private static String servicePorts(JsonObject svc) {
    List<String> out = new ArrayList<>();
    for (JsonElement p : array(svc, "spec", "ports")) {
      if (!(p instanceof JsonObject port)) {
        continue;
      }
      String protocol = Json.path(port, "protocol");
      long nodePort = integer(port, "nodePort");
      out.add(integer(port, "port") + (nodePort > 0 ? ":" + nodePort : "") + "/"
          + (protocol == null || protocol.isEmpty() ? "TCP" : protocol));
    }
    return out.isEmpty() ? NONE : String.join(",", out);
  }

  // ---- pods ----

  /** READY, STATUS and RESTARTS of a pod, which the real printer works out together. */
  private static String[] podCells(JsonObject pod, Instant now) {
    JsonArray containers = array(pod, "spec", "containers");
    JsonArray initContainers = array(pod, "spec", "initContainers");
    Map<String, Boolean> restartableInit = new HashMap<>();
    int total = containers.size();
    for (JsonElement e : initContainers) {
      if (e instanceof JsonObject c) {
        boolean restartable = "Always".equals(Json.path(c, "restartPolicy"));
        restartableInit.put(orEmpty(Json.path(c, "name")), restartable);
        if (restartable) {
          total++;
        }
      }
    }
    String phase = orEmpty(Json.path(pod, "status", "phase"));
    String reason = phase;
    String statusReason = Json.path(pod, "status", "reason");
    if (statusReason != null && !statusReason.isEmpty()) {
      reason = statusReason;
    }
    JsonArray conditions = array(pod, "status", "conditions");
    for (JsonElement e : conditions) {
      if (e instanceof JsonObject c && "PodScheduled".equals(Json.path(c, "type"))
          && "SchedulingGated".equals(Json.path(c, "reason"))) {
        reason = "SchedulingGated";
      }
    }
    long restarts = 0;
    long restartableRestarts = 0;
    int ready = 0;
    Instant lastRestart = null;
    Instant lastRestartableRestart = null;
    boolean initializing = false;
    JsonArray initStatuses = array(pod, "status", "initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      if (!(initStatuses.get(i) instanceof JsonObject cs)) {
        continue;
      }
      boolean restartable = restartableInit.getOrDefault(orEmpty(Json.path(cs, "name")), false);
      long count = integer(cs, "restartCount");
      restarts += count;
      Instant finished = instant(Json.path(cs, "lastState", "terminated", "finishedAt"));
      lastRestart = later(lastRestart, finished);
      if (restartable) {
        restartableRestarts += count;
        lastRestartableRestart = later(lastRestartableRestart, finished);
      }
      JsonObject terminated = object(cs, "state", "terminated");
      JsonObject waiting = object(cs, "state", "waiting");
      if (terminated != null && integer(terminated, "exitCode") == 0) {
        continue;
      }
      if (restartable && "true".equals(Json.path(cs, "started"))) {
        if ("true".equals(Json.path(cs, "ready"))) {
          ready++;
        }
        continue;
      }
      if (terminated != null) {
        String r = Json.path(terminated, "reason");
        if (r == null || r.isEmpty()) {
          long signal = integer(terminated, "signal");
          reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + integer(terminated, "exitCode");
        } else {
          reason = "Init:" + r;
        }
      } else if (waiting != null && !orEmpty(Json.path(waiting, "reason")).isEmpty()
          && !"PodInitializing".equals(Json.path(waiting, "reason"))) {
        reason = "Init:" + Json.path(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + initContainers.size();
      }
      initializing = true;
      break;
    }
    if (!initializing || hasCondition(conditions, "Initialized")) {
      restarts = restartableRestarts;
      lastRestart = lastRestartableRestart;
      boolean hasRunning = false;
      JsonArray statuses = array(pod, "status", "containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        if (!(statuses.get(i) instanceof JsonObject cs)) {
          continue;
        }
        restarts += integer(cs, "restartCount");
        lastRestart = later(lastRestart, instant(Json.path(cs, "lastState", "terminated", "finishedAt")));
        JsonObject waiting = object(cs, "state", "waiting");
        JsonObject terminated = object(cs, "state", "terminated");
        String waitingReason = waiting == null ? "" : orEmpty(Json.path(waiting, "reason"));
        String terminatedReason = terminated == null ? "" : orEmpty(Json.path(terminated, "reason"));
        if (!waitingReason.isEmpty()) {
          reason = waitingReason;
        } else if (!terminatedReason.isEmpty()) {
          reason = terminatedReason;
        } else if (terminated != null) {
          long signal = integer(terminated, "signal");
          reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + integer(terminated, "exitCode");
        } else if ("true".equals(Json.path(cs, "ready")) && object(cs, "state", "running") != null) {
          hasRunning = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = hasCondition(conditions, "Ready") ? "Running" : "NotReady";
      }
    }
    boolean deleting = deleting(pod);
    if (deleting && "NodeLost".equals(statusReason)) {
      reason = "Unknown";
    } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }
    String restartCell = Long.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartCell = restarts + " (" + humanDuration(Duration.between(lastRestart, now)) + " ago)";
    }
    return new String[] {ready + "/" + total, reason, restartCell};
  }

  /** Whether the object is being deleted; never creates metadata on a stored object. */
  private static boolean deleting(JsonObject o) {
    JsonObject meta = object(o, "metadata");
    return meta != null && meta.has("deletionTimestamp") && !meta.get("deletionTimestamp").isJsonNull();
  }

  private static boolean hasCondition(JsonArray conditions, String type) {
    for (JsonElement e : conditions) {
      if (e instanceof JsonObject c && type.equals(Json.path(c, "type")) && "True".equals(Json.path(c, "status"))) {
        return true;
      }
    }
    return false;
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }

  private static String podIp(JsonObject pod) {
    JsonArray ips = array(pod, "status", "podIPs");
    if (!ips.isEmpty() && ips.get(0) instanceof JsonObject first) {
      return orNone(Json.path(first, "ip"));
    }
    return NONE;
  }

  private static String readinessGates(JsonObject pod) {
    JsonArray gates = array(pod, "spec", "readinessGates");
    if (gates.isEmpty()) {
      return NONE;
    }
    JsonArray conditions = array(pod, "status", "conditions");
    int trueGates = 0;
    for (JsonElement g : gates) {
      String type = g instanceof JsonObject gate ? Json.path(gate, "conditionType") : null;
      for (JsonElement e : conditions) {
        if (e instanceof JsonObject c && type != null && type.equals(Json.path(c, "type"))) {
          if ("True".equals(Json.path(c, "status"))) {
            trueGates++;
          }
          break;
        }
      }
    }
    return trueGates + "/" + gates.size();
  }

  /** A Succeeded or Failed pod's row says it is completed, as the real printer marks it. */
  private static void addPodConditions(JsonObject pod, JsonObject row) {
    String phase = orEmpty(Json.path(pod, "status", "phase"));
    if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
      return;
    }
    JsonObject c = new JsonObject();
    c.addProperty("type", "Completed");
    c.addProperty("status", "True");
    c.addProperty("reason", phase);
    c.addProperty("message", phase.equals("Succeeded") ? "The pod has completed successfully." : "The pod failed.");
    JsonArray conditions = new JsonArray();
    conditions.add(c);
    row.add("conditions", conditions);
  }

  // ---- events (core v1 and events.k8s.io/v1 name the same things differently) ----

  /** An events.k8s.io/v1 Event; the stored object says so, else its fields do. */
  private static boolean isNewEvent(JsonObject event) {
    String apiVersion = Json.path(event, "apiVersion");
    if (apiVersion != null && !apiVersion.isEmpty()) {
      return apiVersion.equals("events.k8s.io/v1");
    }
    return !event.has("involvedObject") && (event.has("regarding") || event.has("note"));
  }

  private static JsonObject eventRegarding(JsonObject event) {
    JsonObject ref = object(event, isNewEvent(event) ? "regarding" : "involvedObject");
    return ref == null ? new JsonObject() : ref;
  }

  private static String eventFirstSeen(JsonObject event, Instant now) {
    String first = Json.path(event, isNewEvent(event) ? "deprecatedFirstTimestamp" : "firstTimestamp");
    if (first == null || first.isEmpty()) {
      return age(Json.path(event, "eventTime"), now);
    }
    return age(first, now);
  }

  private static String eventLastSeen(JsonObject event, Instant now) {
    JsonObject series = object(event, "series");
    if (series != null) {
      return age(Json.path(series, "lastObservedTime"), now);
    }
    String last = Json.path(event, isNewEvent(event) ? "deprecatedLastTimestamp" : "lastTimestamp");
    if (last == null || last.isEmpty()) {
      return eventFirstSeen(event, now);
    }
    return age(last, now);
  }

  private static long eventCount(JsonObject event) {
    JsonObject series = object(event, "series");
    if (series != null) {
      return integer(series, "count");
    }
    long count = integer(event, isNewEvent(event) ? "deprecatedCount" : "count");
    // a singleton event of the new API has no count
    return count == 0 ? 1 : count;
  }

  private static String eventObject(JsonObject event) {
    JsonObject ref = eventRegarding(event);
    String kind = orEmpty(Json.path(ref, "kind")).toLowerCase(Locale.ROOT);
    String name = orEmpty(Json.path(ref, "name"));
    return name.isEmpty() ? kind : kind + "/" + name;
  }

  private static String eventMessage(JsonObject event) {
    return orEmpty(Json.path(event, isNewEvent(event) ? "note" : "message")).strip();
  }

  /** {@code component, host}, each falling back to the reporting controller and instance. */
  private static String eventSource(JsonObject event) {
    JsonObject source = object(event, isNewEvent(event) ? "deprecatedSource" : "source");
    String component = source == null ? "" : orEmpty(Json.path(source, "component"));
    String host = source == null ? "" : orEmpty(Json.path(source, "host"));
    if (component.isEmpty()) {
      component = orEmpty(Json.path(event, "reportingController"));
    }
    if (host.isEmpty()) {
      host = orEmpty(Json.path(event, "reportingInstance"));
    }
    return host.isEmpty() ? component : component + ", " + host;
  }

  // ---- endpoints ----

  /** Up to three {@code ip:port} (or bare IPs for port-less subsets), then {@code + N more...}. */
  private static String endpoints(JsonObject ep) {
    JsonArray subsets = array(ep, "subsets");
    if (subsets.isEmpty()) {
      return NONE;
    }
    List<String> list = new ArrayList<>();
    int count = 0;
    for (JsonElement s : subsets) {
      if (!(s instanceof JsonObject subset)) {
        continue;
      }
      JsonArray addresses = array(subset, "addresses");
      JsonArray ports = array(subset, "ports");
      if (ports.isEmpty()) {
        count += addresses.size();
        for (JsonElement a : addresses) {
          if (list.size() < 3) {
            list.add(a instanceof JsonObject address ? orEmpty(Json.path(address, "ip")) : "");
          }
        }
        continue;
      }
      for (JsonElement p : ports) {
        count += addresses.size();
        for (JsonElement a : addresses) {
          if (list.size() < 3) {
            String ip = a instanceof JsonObject address ? orEmpty(Json.path(address, "ip")) : "";
            list.add(hostPort(ip, p instanceof JsonObject port ? integer(port, "port") : 0));
          }
        }
      }
    }
    String joined = String.join(",", list);
    return count > 3 ? joined + " + " + (count - 3) + " more..." : joined;
  }

  private static String hostPort(String ip, long port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  private static String slicePorts(JsonObject slice) {
    List<String> list = new ArrayList<>();
    int count = 0;
    for (JsonElement p : array(slice, "ports")) {
      if (list.size() < 3 && p instanceof JsonObject port) {
        String name = Json.path(port, "name");
        list.add(port.get("port") instanceof JsonPrimitive number ? number.getAsString()
            : name != null ? name : "*");
      }
      count++;
    }
    return withMore(list, count);
  }

  private static String sliceEndpoints(JsonObject slice) {
    List<String> list = new ArrayList<>();
    int count = 0;
    for (JsonElement e : array(slice, "endpoints")) {
      if (e instanceof JsonObject endpoint) {
        for (JsonElement a : array(endpoint, "addresses")) {
          if (list.size() < 3) {
            list.add(text(a));
          }
          count++;
        }
      }
    }
    return withMore(list, count);
  }

  private static String withMore(List<String> list, int count) {
    String joined = String.join(",", list);
    if (count > 3) {
      return joined + " + " + (count - 3) + " more...";
    }
    return joined.isEmpty() ? UNSET : joined;
  }

  // ---- persistent volumes ----

  private static String accessModes(JsonObject pv) {
    List<String> modes = new ArrayList<>();
    array(pv, "spec", "accessModes").forEach(m -> modes.add(text(m)));
    List<String> out = new ArrayList<>();
    String[][] abbreviations = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
        {"ReadWriteOncePod", "RWOP"}};
    for (String[] a : abbreviations) {
      if (modes.contains(a[0])) {
        out.add(a[1]);
      }
    }
    return String.join(",", out);
  }

  /** {@code spec.storageClassName}, or the beta annotation older volumes carry. */
  private static String storageClass(JsonObject pv) {
    JsonObject annotations = object(pv, "metadata", "annotations");
    String beta = annotations == null ? null : Json.path(annotations, "volume.beta.kubernetes.io/storage-class");
    if (beta != null) {
      return beta;
    }
    return orEmpty(Json.path(pv, "spec", "storageClassName"));
  }
}

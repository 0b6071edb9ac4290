package dev.ccm4j.kubeapi.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the Swagger 2.0 description of the served resources: for each resource the REST paths kube-apiserver
 * registers (collection, item, the status subresource, the all-namespaces list) with the operations its verbs allow,
 * the parameters a real server lists for them, {@code x-kubernetes-action} and
 * {@code x-kubernetes-group-version-kind} on every operation, and the definitions of the kinds with their GVK.
 */
final class SwaggerBuilder {
  static final String DELETE_OPTIONS = ModelSchemas.META + "DeleteOptions";
  static final String STATUS = ModelSchemas.META + "Status";

  private static final List<String> GET_TYPES =
      List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf");
  private static final List<String> LIST_TYPES = List.of("application/json", "application/yaml",
      "application/vnd.kubernetes.protobuf", "application/json;stream=watch",
      "application/vnd.kubernetes.protobuf;stream=watch");
  /** The patch types of a built-in resource; kubectl apply checks strategic merge patch is among them. */
  static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
      "application/merge-patch+json", "application/strategic-merge-patch+json");

  private final ModelSchemas models;
  /** Paths by API version ({@code v1}, {@code apps/v1}), each sorted. */
  private final Map<String, TreeMap<String, JsonObject>> pathsByVersion = new LinkedHashMap<>();
  /** The root definitions each API version's paths use. */
  private final Map<String, List<String>> rootsByVersion = new LinkedHashMap<>();
  /** Kind definitions and their GVKs, several when a definition serves more than one version. */
  private final Map<String, JsonArray> gvks = new TreeMap<>();

  SwaggerBuilder(ModelSchemas models) {
    this.models = models;
  }

  /** Adds one served resource; the kind's definitions must exist ({@link ModelSchemas#define}). */
  void add(ResourceType t, String kindDefinition, String listDefinition) {
    String apiVersion = t.apiVersion();
    TreeMap<String, JsonObject> paths = pathsByVersion.computeIfAbsent(apiVersion, v -> new TreeMap<>());
    List<String> roots = rootsByVersion.computeIfAbsent(apiVersion, v -> new ArrayList<>(List.of(STATUS,
        DELETE_OPTIONS, ModelSchemas.PATCH)));
    roots.add(kindDefinition);
    gvk(kindDefinition, t.group(), t.version(), t.kind());
    if (listDefinition != null) {
      roots.add(listDefinition);
      gvk(listDefinition, t.group(), t.version(), t.listKind());
    }
    String base = (t.group().isEmpty() ? "/api/" : "/apis/" + t.group() + "/") + t.version();
    String collection = base + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
    String opKind = (t.namespaced() ? "Namespaced" : "") + t.kind();
    String prefix = ModelSchemas.groupPrefix(t.group()) + "V" + t.version().substring(1);
    String tag = (t.group().isEmpty() ? "core" : t.group().split("\\.", 2)[0]) + "_" + t.version();
    JsonObject gvk = gvkObject(t.group(), t.version(), t.kind());

    if (t.createOnly()) {
      JsonObject item = pathItem(List.of(query("pretty", "string")));
      item.add("post", operation("create" + prefix + t.kind(), tag, "post", gvk, null, GET_TYPES,
          writeParams(kindDefinition, false), created(kindDefinition, true)));
      paths.put(base + "/" + t.plural(), item);
      return;
    }
    List<String> verbs = t.verbs();
    List<JsonObject> collectionParams = new ArrayList<>();
    if (t.namespaced()) {
      collectionParams.add(path("namespace"));
    }
    collectionParams.add(query("pretty", "string"));
    JsonObject coll = pathItem(collectionParams);
    if (verbs.contains("list")) {
      coll.add("get", operation("list" + prefix + opKind, tag, "list", gvk, null, LIST_TYPES, listParams(),
          ok(listDefinition)));
    }
    if (verbs.contains("create")) {
      coll.add("post", operation("create" + prefix + opKind, tag, "post", gvk, List.of("*/*"), GET_TYPES,
          writeParams(kindDefinition, false), created(kindDefinition, true)));
    }
    if (verbs.contains("deletecollection")) {
      List<JsonObject> params = new ArrayList<>(List.of(body(DELETE_OPTIONS, false)));
      params.addAll(List.of(query("continue", "string"), query("dryRun", "string"),
          query("fieldSelector", "string"), query("gracePeriodSeconds", "integer"),
          query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean"), query("labelSelector", "string"),
          query("limit", "integer"), query("orphanDependents", "boolean"), query("propagationPolicy", "string"),
          query("resourceVersion", "string"), query("resourceVersionMatch", "string"),
          query("sendInitialEvents", "boolean"), query("timeoutSeconds", "integer")));
      coll.add("delete", operation("delete" + prefix + "Collection" + opKind, tag, "deletecollection", gvk,
          List.of("*/*"), GET_TYPES, params, ok(STATUS)));
    }
    paths.put(collection, coll);

    List<JsonObject> itemParams = new ArrayList<>(List.of(path("name")));
    if (t.namespaced()) {
      itemParams.add(path("namespace"));
    }
    itemParams.add(query("pretty", "string"));
    JsonObject item = pathItem(itemParams);
    if (verbs.contains("get")) {
      item.add("get", operation("read" + prefix + opKind, tag, "get", gvk, null, GET_TYPES, List.of(),
          ok(kindDefinition)));
    }
    if (verbs.contains("update")) {
      item.add("put", operation("replace" + prefix + opKind, tag, "put", gvk, List.of("*/*"), GET_TYPES,
          writeParams(kindDefinition, false), created(kindDefinition, false)));
    }
    if (verbs.contains("patch")) {
      item.add("patch", operation("patch" + prefix + opKind, tag, "patch", gvk, PATCH_TYPES, GET_TYPES,
          writeParams(ModelSchemas.PATCH, true), created(kindDefinition, false)));
    }
    if (verbs.contains("delete")) {
      List<JsonObject> params = new ArrayList<>(List.of(body(DELETE_OPTIONS, false), query("dryRun", "string"),
          query("gracePeriodSeconds", "integer"),
          query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean"),
          query("orphanDependents", "boolean"), query("propagationPolicy", "string")));
      JsonObject responses = ok(STATUS);
      responses.add("202", response("Accepted", STATUS));
      item.add("delete", operation("delete" + prefix + opKind, tag, "delete", gvk, List.of("*/*"), GET_TYPES,
          params, responses));
    }
    paths.put(collection + "/{name}", item);

    if (t.hasStatus()) {
      JsonObject status = pathItem(itemParams);
      status.add("get", operation("read" + prefix + opKind + "Status", tag, "get", gvk, null, GET_TYPES,
          List.of(), ok(kindDefinition)));
      status.add("put", operation("replace" + prefix + opKind + "Status", tag, "put", gvk, List.of("*/*"),
          GET_TYPES, writeParams(kindDefinition, false), created(kindDefinition, false)));
      status.add("patch", operation("patch" + prefix + opKind + "Status", tag, "patch", gvk, PATCH_TYPES,
          GET_TYPES, writeParams(ModelSchemas.PATCH, true), created(kindDefinition, false)));
      paths.put(collection + "/{name}/status", status);
    }
    if (t.namespaced() && verbs.contains("list")) {
      List<JsonObject> params = new ArrayList<>(listParams());
      params.add(5, query("pretty", "string"));
      JsonObject all = pathItem(params);
      all.add("get", operation("list" + prefix + t.kind() + "ForAllNamespaces", tag, "list", gvk, null,
          LIST_TYPES, List.of(), ok(listDefinition)));
      paths.put(base + "/" + t.plural(), all);
    }
  }

  private void gvk(String definition, String group, String version, String kind) {
    JsonArray list = gvks.computeIfAbsent(definition, d -> new JsonArray());
    JsonObject g = gvkObject(group, version, kind);
    if (!list.contains(g)) {
      list.add(g);
    }
  }

  private static JsonObject gvkObject(String group, String version, String kind) {
    JsonObject g = new JsonObject();
    g.addProperty("group", group);
    g.addProperty("kind", kind);
    g.addProperty("version", version);
    return g;
  }

  /** The GVK extensions, added to the definitions once every resource is in. */
  void finish(Map<String, JsonObject> definitions) {
    gvks.forEach((name, list) -> {
      JsonObject d = definitions.get(name);
      if (d != null) {
        d.add("x-kubernetes-group-version-kind", list);
      }
    });
    // DeleteOptions is accepted by every group version, Status answered by all: upstream lists them all
    JsonArray deleteOptions = new JsonArray();
    for (String apiVersion : pathsByVersion.keySet()) {
      String[] gv = apiVersion.contains("/") ? apiVersion.split("/", 2) : new String[] {"", apiVersion};
      deleteOptions.add(gvkObject(gv[0], gv[1], "DeleteOptions"));
    }
    definitions.get(DELETE_OPTIONS).add("x-kubernetes-group-version-kind", deleteOptions);
    JsonArray status = new JsonArray();
    status.add(gvkObject("", "v1", "Status"));
    definitions.get(STATUS).add("x-kubernetes-group-version-kind", status);
  }

  Map<String, TreeMap<String, JsonObject>> pathsByVersion() {
    return pathsByVersion;
  }

  Map<String, List<String>> rootsByVersion() {
    return rootsByVersion;
  }

  private static JsonObject pathItem(List<JsonObject> parameters) {
    JsonObject item = new JsonObject();
    JsonArray params = new JsonArray();
    parameters.forEach(params::add);
    item.add("parameters", params);
    return item;
  }

  private static JsonObject operation(String id, String tag, String action, JsonObject gvk, List<String> consumes,
      List<String> produces, List<JsonObject> parameters, JsonObject responses) {
    JsonObject op = new JsonObject();
    if (consumes != null) {
      op.add("consumes", strings(consumes));
    }
    op.addProperty("operationId", id);
    if (!parameters.isEmpty()) {
      JsonArray params = new JsonArray();
      parameters.forEach(params::add);
      op.add("parameters", params);
    }
    op.add("produces", strings(produces));
    responses.add("401", response("Unauthorized", null));
    op.add("responses", responses);
    op.add("schemes", strings(List.of("https")));
    op.add("tags", strings(List.of(tag)));
    op.addProperty("x-kubernetes-action", action);
    op.add("x-kubernetes-group-version-kind", gvk.deepCopy());
    return op;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static List<JsonObject> listParams() {
    return List.of(query("allowWatchBookmarks", "boolean"), query("continue", "string"),
        query("fieldSelector", "string"), query("labelSelector", "string"), query("limit", "integer"),
        query("resourceVersion", "string"), query("resourceVersionMatch", "string"),
        query("sendInitialEvents", "boolean"), query("timeoutSeconds", "integer"), query("watch", "boolean"));
  }

  /** create/replace/patch: the body and the write options kube-apiserver lists, force only on patch. */
  private static List<JsonObject> writeParams(String bodyDefinition, boolean patch) {
    List<JsonObject> params = new ArrayList<>(List.of(body(bodyDefinition, true), query("dryRun", "string"),
        query("fieldManager", "string"), query("fieldValidation", "string")));
    if (patch) {
      params.add(query("force", "boolean"));
    }
    return params;
  }

  private static JsonObject query(String name, String type) {
    JsonObject p = new JsonObject();
    p.addProperty("uniqueItems", true);
    p.addProperty("type", type);
    p.addProperty("name", name);
    p.addProperty("in", "query");
    return p;
  }

  private static JsonObject path(String name) {
    JsonObject p = new JsonObject();
    p.addProperty("uniqueItems", true);
    p.addProperty("type", "string");
    p.addProperty("name", name);
    p.addProperty("in", "path");
    p.addProperty("required", true);
    return p;
  }

  private static JsonObject body(String definition, boolean required) {
    JsonObject p = new JsonObject();
    p.addProperty("name", "body");
    p.addProperty("in", "body");
    if (required) {
      p.addProperty("required", true);
    }
    p.add("schema", refSchema(definition));
    return p;
  }

  private static JsonObject refSchema(String definition) {
    JsonObject s = new JsonObject();
    s.addProperty("$ref", "#/definitions/" + definition);
    return s;
  }

  private static JsonObject response(String description, String definition) {
    JsonObject r = new JsonObject();
    r.addProperty("description", description);
    if (definition != null) {
      r.add("schema", refSchema(definition));
    }
    return r;
  }

  private static JsonObject ok(String definition) {
    JsonObject responses = new JsonObject();
    responses.add("200", response("OK", definition));
    return responses;
  }

  private static JsonObject created(String definition, boolean accepted) {
    JsonObject responses = ok(definition);
    responses.add("201", response("Created", definition));
    if (accepted) {
      responses.add("202", response("Accepted", definition));
    }
    return responses;
  }

  /** The definition that models the kind's objects, used by tests. */
  String nameOf(Class<?> c) {
    return models.nameOf(c);
  }
}

package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.ccm4j.kubeapi.admission.ObjectMetaValidation;
import dev.ccm4j.kubeapi.admission.ServiceAdmission;
import dev.ccm4j.kubeapi.apply.ServerSideApply;
import dev.ccm4j.kubeapi.patch.PatchType;
import dev.ccm4j.kubeapi.patch.Patcher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The write semantics of the API server's generic registry: create, update, status update, patch, server-side apply,
 * delete and deletecollection, with resourceVersion preconditions, generation, finalizers, namespace termination,
 * the typed round trip of every write, managedFields and Service admission. Every write runs under the store lock;
 * dry runs ({@code dryRun=All}) do the same work, answer the same, and store nothing.
 */
final class ResourceOperations {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  /** The finalizer the namespace controller owns, in a namespace's {@code spec.finalizers}. */
  static final String KUBERNETES_FINALIZER = "kubernetes";

  private final Store store;
  private final ResourceType namespaces;
  private final ServiceAdmission serviceAdmission;
  private final Normalizer normalizer;
  private final ServerSideApply serverSideApply = new ServerSideApply();
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile Consumer<String> namespaceTerminating = name -> { };

  ResourceOperations(Store store, ResourceType namespaces, ServiceAdmission serviceAdmission, Normalizer normalizer,
      Clock clock) {
    this.store = store;
    this.namespaces = namespaces;
    this.serviceAdmission = serviceAdmission;
    this.normalizer = normalizer;
    this.clock = clock;
  }

  /** Who is told (outside the store lock is not guaranteed) that a namespace started terminating. */
  void onNamespaceTerminating(Consumer<String> listener) {
    this.namespaceTerminating = listener;
  }

  String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  /** POST: creates an object in {@code namespace} (empty for cluster-scoped resources). */
  StoredObject create(ResourceType type, String namespace, JsonObject body, WriteOptions options) {
    type.stampKind(body);
    JsonObject obj = typed(type, body, options, false, true);
    // as on the real server, the field manager records the object as written, before the registry's defaults and
    // allocations (a Service's clusterIP belongs to no manager); it needs no lock
    ServerSideApply.recordUpdate(null, obj, options.fieldManager(), "Update", "", now());
    return store.write(() -> createLocked(type, namespace, obj, options));
  }

  /** Creates a normalised object; the caller holds the store lock. */
  private StoredObject createLocked(ResourceType type, String namespace, JsonObject obj, WriteOptions options) {
    JsonObject meta = Json.meta(obj);
    placeInNamespace(type, namespace, meta);
    String name = Json.metaString(obj, "name");
    String prefix = Json.metaString(obj, "generateName");
    if (name.isEmpty() && !prefix.isEmpty()) {
      name = ObjectMetaValidation.generatedNameBase(prefix) + randomSuffix();
      meta.addProperty("name", name);
    }
    for (String serverField : new String[] {"resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
      meta.remove(serverField);
    }
    if (type.namespaced()) {
      StoredObject ns = store.get(namespaces, "", namespace);
      if (ns == null) {
        throw ApiError.notFound(namespaces, namespace);
      }
      if (Json.meta(ns.object()).has("deletionTimestamp")) {
        throw ApiError.namespaceTerminating(type, name, namespace);
      }
    }
    if (!isService(type)) {
      // Service admission checks its metadata together with its spec, in one 422 as the real server does
      List<StatusCause> causes = new ArrayList<>();
      ObjectMetaValidation.validateCreate(type.kind(), meta,
          ObjectMetaValidation.nameFormat(type.group(), type.plural()), causes);
      if (!causes.isEmpty()) {
        throw ApiError.invalid(type.group(), type.kind(), name, causes);
      }
    }
    if (store.get(type, namespace, name) != null) {
      throw ApiError.alreadyExists(type, name);
    }
    meta.addProperty("uid", randomUid());
    meta.addProperty("creationTimestamp", now());
    meta.addProperty("generation", 1);
    defaultOnCreate(type, obj);
    if (options.dryRun()) {
      if (isService(type)) {
        // what admission allocated for the answer goes back to the pools: a dry run leaks nothing
        serviceAdmission.onDelete(obj);
      }
      // a dry-run create is never written, so it has no resourceVersion, as on the real server
      return preview(obj, null);
    }
    return store.put(type, obj, "ADDED", null);
  }

  /** PUT on the main resource: replaces everything but {@code .status} (when the resource has a status subresource). */
  StoredObject update(ResourceType type, String namespace, String name, JsonObject body, WriteOptions options) {
    type.stampKind(body);
    checkIdentity(type, namespace, name, body);
    JsonObject typedBody = typed(type, body, options, false);
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      checkResourceVersion(type, name, existing, Json.metaString(typedBody, "resourceVersion"));
      JsonObject next = typedBody;
      if (type.hasStatus()) {
        copyField(existing.object(), next, "status");
      }
      return commit(type, existing, next, "", options, true);
    });
  }

  /** PUT on {@code /status}: replaces only {@code .status}. */
  StoredObject updateStatus(ResourceType type, String namespace, String name, JsonObject body,
      WriteOptions options) {
    type.stampKind(body);
    checkIdentity(type, namespace, name, body);
    JsonObject typedBody = typed(type, body, options, false);
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      checkResourceVersion(type, name, existing, Json.metaString(typedBody, "resourceVersion"));
      JsonObject next = existing.object().deepCopy();
      copyField(typedBody, next, "status");
      return commit(type, existing, next, "status", options, true);
    });
  }

  /** PUT on a namespace's {@code /finalize}: replaces only {@code spec.finalizers}. */
  StoredObject finalizeNamespace(String name, JsonObject body, WriteOptions options) {
    namespaces.stampKind(body);
    checkIdentity(namespaces, "", name, body);
    JsonObject typedBody = typed(namespaces, body, options, false);
    return store.write(() -> {
      StoredObject existing = require(namespaces, "", name);
      checkResourceVersion(namespaces, name, existing, Json.metaString(typedBody, "resourceVersion"));
      JsonObject next = existing.object().deepCopy();
      JsonObject spec = next.has("spec") && next.get("spec").isJsonObject() ? next.getAsJsonObject("spec")
          : new JsonObject();
      JsonElement finalizers = typedBody.has("spec") && typedBody.get("spec").isJsonObject()
          ? typedBody.getAsJsonObject("spec").get("finalizers") : null;
      if (finalizers == null || !finalizers.isJsonArray() || finalizers.getAsJsonArray().isEmpty()) {
        spec.remove("finalizers");
      } else {
        spec.add("finalizers", finalizers.deepCopy());
      }
      next.add("spec", spec);
      return commit(namespaces, existing, next, "finalize", options, true);
    });
  }

  /** PATCH on the main resource or on {@code /status} ({@code subresource} empty or {@code status}). */
  StoredObject patch(ResourceType type, String namespace, String name, PatchType patchType, byte[] patchBody,
      String subresource, WriteOptions options) {
    String text = new String(patchBody, StandardCharsets.UTF_8);
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      JsonObject patched = Patcher.apply(patchType, type.kind(), existing.object(), text);
      checkResourceVersion(type, name, existing, Json.metaString(patched, "resourceVersion"));
      patched.addProperty("kind", type.kind());
      patched.addProperty("apiVersion", type.apiVersion());
      patched = typed(type, patched, options, true);
      return commit(type, existing, merge(type, namespace, name, existing, patched, subresource), subresource,
          options, true);
    });
  }

  /**
   * PATCH with {@code application/apply-patch+yaml}: server-side apply of {@code applied} as the options' field
   * manager, creating the object when it does not exist (not through {@code /status}).
   */
  StoredObject apply(ResourceType type, String namespace, String name, JsonObject applied, String subresource,
      WriteOptions options) {
    type.stampKind(applied);
    checkIdentity(type, namespace, name, applied);
    JsonObject typedApplied = typed(type, applied, options, true);
    return store.write(() -> {
      StoredObject existing = store.get(type, namespace, name);
      String now = now();
      if (existing == null) {
        if (!subresource.isEmpty()) {
          throw ApiError.notFound(type, name);
        }
        JsonObject created = serverSideApply.apply(null, typedApplied, options.fieldManager(), options.force(), now);
        return createLocked(type, namespace, typed(type, created, options, true, true), options);
      }
      JsonObject merged = serverSideApply.apply(existing.object(), typedApplied, options.fieldManager(),
          options.force(), now);
      checkResourceVersion(type, name, existing, Json.metaString(merged, "resourceVersion"));
      merged = typed(type, merged, options, true);
      return commit(type, existing, merge(type, namespace, name, existing, merged, subresource), subresource,
          options, false);
    });
  }

  /** A patched or applied object cut to what the endpoint may change: the status, or all but the status. */
  private static JsonObject merge(ResourceType type, String namespace, String name, StoredObject existing,
      JsonObject patched, String subresource) {
    JsonObject next;
    if (subresource.equals("status")) {
      next = existing.object().deepCopy();
      copyField(patched, next, "status");
      JsonElement managed = Json.meta(patched).get("managedFields");
      if (managed != null) {
        Json.meta(next).add("managedFields", managed.deepCopy());
      }
    } else {
      next = patched;
      if (type.hasStatus()) {
        copyField(existing.object(), next, "status");
      }
    }
    JsonObject meta = Json.meta(next);
    meta.addProperty("name", name);
    if (type.namespaced()) {
      meta.addProperty("namespace", namespace);
    }
    return next;
  }

  /**
   * DELETE: marks an object with finalizers for deletion, or removes it at once. A namespace goes through
   * {@code Terminating}: its content is removed by the namespace controller first.
   */
  StoredObject delete(ResourceType type, String namespace, String name, JsonObject deleteOptions,
      WriteOptions options) {
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      checkPreconditions(type, name, existing, deleteOptions);
      return deleteLocked(type, existing, options);
    });
  }

  private StoredObject deleteLocked(ResourceType type, StoredObject existing, WriteOptions options) {
    String name = existing.name();
    JsonObject next = existing.object().deepCopy();
    JsonObject meta = Json.meta(next);
    boolean namespace = type == namespaces;
    if (namespace && meta.has("deletionTimestamp")) {
      throw ApiError.conflict(type, name, "The system is ensuring all content is removed from this namespace.  Upon"
          + " completion, this namespace will automatically be purged by the system.");
    }
    if (hasFinalizers(type, next)) {
      if (meta.has("deletionTimestamp")) {
        return existing;
      }
      meta.addProperty("deletionTimestamp", now());
      meta.addProperty("deletionGracePeriodSeconds", 0);
      if (namespace) {
        JsonObject status = next.has("status") && next.get("status").isJsonObject() ? next.getAsJsonObject("status")
            : new JsonObject();
        status.addProperty("phase", "Terminating");
        next.add("status", status);
      }
      if (options.dryRun()) {
        return preview(next, existing.resourceVersion());
      }
      StoredObject marked = store.put(type, next, "MODIFIED", existing.object());
      if (namespace) {
        namespaceTerminating.accept(name);
      }
      return marked;
    }
    if (options.dryRun()) {
      return existing;
    }
    if (isService(type)) {
      serviceAdmission.onDelete(next);
    }
    return store.remove(type, next);
  }

  /**
   * DELETE on a collection: deletes every object the selector matches (each as a single DELETE would, finalizers
   * respected) and answers the list of the objects as they were before, as the real server does.
   */
  JsonObject deleteCollection(ResourceType type, String namespace, Selector selector, JsonObject deleteOptions,
      WriteOptions options) {
    return store.write(() -> {
      Store.Snapshot snapshot = store.list(type, namespace, null);
      JsonArray items = new JsonArray();
      for (StoredObject o : snapshot.items()) {
        if (!selector.isEmpty() && !selector.matches(o.object())) {
          continue;
        }
        checkPreconditions(type, o.name(), o, deleteOptions);
        items.add(o.object().deepCopy());
        deleteLocked(type, o, options);
      }
      JsonObject list = new JsonObject();
      list.addProperty("kind", type.listKind());
      list.addProperty("apiVersion", type.apiVersion());
      JsonObject listMeta = new JsonObject();
      listMeta.addProperty("resourceVersion", Long.toString(snapshot.resourceVersion()));
      list.add("metadata", listMeta);
      list.add("items", items);
      return list;
    });
  }

  /**
   * One pass of the namespace controller over a terminating namespace: deletes its content, and once nothing is
   * left removes the {@code kubernetes} finalizer, which deletes the namespace.
   *
   * @return whether the namespace is still there (content with finalizers remains, or another finalizer does)
   */
  boolean purgeNamespace(String name, List<ResourceType> namespacedTypes) {
    return store.write(() -> {
      StoredObject ns = store.get(namespaces, "", name);
      if (ns == null || !Json.meta(ns.object()).has("deletionTimestamp")) {
        return false;
      }
      boolean remaining = false;
      for (ResourceType t : namespacedTypes) {
        for (StoredObject o : store.list(t, name, null).items()) {
          StoredObject after = deleteLocked(t, o, WriteOptions.plain());
          remaining |= store.get(t, name, after.name()) != null;
        }
      }
      if (remaining) {
        return true;
      }
      JsonObject next = ns.object().deepCopy();
      JsonObject spec = next.has("spec") && next.get("spec").isJsonObject() ? next.getAsJsonObject("spec") : null;
      if (spec != null && spec.has("finalizers") && spec.get("finalizers").isJsonArray()) {
        JsonArray left = new JsonArray();
        for (JsonElement f : spec.getAsJsonArray("finalizers")) {
          if (!(f.isJsonPrimitive() && f.getAsString().equals(KUBERNETES_FINALIZER))) {
            left.add(f);
          }
        }
        if (left.isEmpty()) {
          spec.remove("finalizers");
        } else {
          spec.add("finalizers", left);
        }
      }
      commit(namespaces, ns, next, "finalize", WriteOptions.plain(), false);
      return store.get(namespaces, "", name) != null;
    });
  }

  /** GET on {@code /scale}: the {@code autoscaling/v1 Scale} of a deployment or replica set. */
  JsonObject scale(ResourceType type, String namespace, String name) {
    return scaleOf(require(type, namespace, name).object());
  }

  /** PUT or PATCH on {@code /scale}: changes only the parent's {@code spec.replicas}. */
  JsonObject updateScale(ResourceType type, String namespace, String name, PatchType patchType, byte[] body,
      WriteOptions options) {
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      JsonObject current = scaleOf(existing.object());
      JsonObject wanted = patchType == null ? Json.parseObject(body)
          : Patcher.apply(patchType, "Scale", current, new String(body, StandardCharsets.UTF_8));
      checkResourceVersion(type, name, existing, Json.metaString(wanted, "resourceVersion"));
      JsonElement replicas = wanted.has("spec") && wanted.get("spec").isJsonObject()
          ? wanted.getAsJsonObject("spec").get("replicas") : null;
      int count;
      try {
        count = replicas == null || replicas.isJsonNull() ? 0 : replicas.getAsInt();
      } catch (RuntimeException e) {
        throw ApiError.badRequest("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal "
            + replicas + " into Go struct field ScaleSpec.spec.replicas of type int32");
      }
      if (count < 0) {
        throw ApiError.invalid("autoscaling", "Scale", name, List.of(StatusCause.invalid("spec.replicas", count,
            "must be greater than or equal to 0")));
      }
      JsonObject next = existing.object().deepCopy();
      JsonObject spec = next.has("spec") && next.get("spec").isJsonObject() ? next.getAsJsonObject("spec")
          : new JsonObject();
      spec.addProperty("replicas", count);
      next.add("spec", spec);
      return scaleOf(commit(type, existing, next, "scale", options, true).object());
    });
  }

  private static JsonObject scaleOf(JsonObject parent) {
    JsonObject scale = new JsonObject();
    scale.addProperty("kind", "Scale");
    scale.addProperty("apiVersion", "autoscaling/v1");
    JsonObject meta = new JsonObject();
    for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      copyField(Json.meta(parent), meta, f);
    }
    scale.add("metadata", meta);
    JsonObject spec = new JsonObject();
    JsonElement replicas = parent.has("spec") && parent.get("spec").isJsonObject()
        ? parent.getAsJsonObject("spec").get("replicas") : null;
    spec.addProperty("replicas", replicas == null || replicas.isJsonNull() ? 1 : replicas.getAsInt());
    scale.add("spec", spec);
    JsonObject status = new JsonObject();
    JsonElement have = parent.has("status") && parent.get("status").isJsonObject()
        ? parent.getAsJsonObject("status").get("replicas") : null;
    status.addProperty("replicas", have == null || have.isJsonNull() ? 0 : have.getAsInt());
    String selector = selectorText(parent);
    if (!selector.isEmpty()) {
      status.addProperty("selector", selector);
    }
    scale.add("status", status);
    return scale;
  }

  /** {@code spec.selector.matchLabels} as a label selector string, as the Scale subresource reports it. */
  private static String selectorText(JsonObject parent) {
    JsonElement spec = parent.get("spec");
    if (spec == null || !spec.isJsonObject()) {
      return "";
    }
    JsonElement selector = spec.getAsJsonObject().get("selector");
    if (selector == null || !selector.isJsonObject()) {
      return "";
    }
    JsonElement match = selector.getAsJsonObject().get("matchLabels");
    List<String> parts = new ArrayList<>();
    if (match != null && match.isJsonObject()) {
      new java.util.TreeMap<>(match.getAsJsonObject().asMap()).forEach((k, v) -> parts.add(k + "="
          + (v.isJsonPrimitive() ? v.getAsString() : v.toString())));
    }
    return String.join(",", parts);
  }

  /**
   * The common end of every update: server-owned metadata kept, generation, finalizer rules, admission,
   * managedFields, then stored, or removed when a deletion's last finalizer went, or answered only for a dry run.
   */
  private StoredObject commit(ResourceType type, StoredObject existing, JsonObject next, String subresource,
      WriteOptions options, boolean recordManagedFields) {
    boolean statusWrite = !subresource.isEmpty();
    JsonObject old = existing.object();
    JsonObject meta = Json.meta(next);
    JsonObject oldMeta = Json.meta(old);
    for (String kept : new String[] {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation"}) {
      copyField(oldMeta, meta, kept);
    }
    next.addProperty("kind", type.kind());
    next.addProperty("apiVersion", type.apiVersion());
    if (!subresource.equals("status") && !Objects.equals(old.get("spec"), next.get("spec"))) {
      long generation = oldMeta.has("generation") ? oldMeta.get("generation").getAsLong() : 0;
      meta.addProperty("generation", generation + 1);
    }
    if (oldMeta.has("deletionTimestamp")) {
      Set<JsonElement> before = finalizers(old);
      for (JsonElement f : finalizers(next)) {
        if (!before.contains(f)) {
          throw ApiError.invalid(type.group(), type.kind(), Json.metaString(next, "name"),
              List.of(StatusCause.forbidden("metadata.finalizers", "no new finalizers can be added if the object is "
                  + "being deleted, found new finalizers [" + f.getAsString() + "]")));
        }
      }
    }
    if (!isService(type) && !statusWrite) {
      List<StatusCause> causes = new ArrayList<>();
      ObjectMetaValidation.validateUpdate(type.kind(), meta, causes);
      if (!causes.isEmpty()) {
        throw ApiError.invalid(type.group(), type.kind(), Json.metaString(next, "name"), causes);
      }
    }
    if (isService(type) && !statusWrite) {
      // the stored object is shared with readers, so admission only ever sees a copy of it
      serviceAdmission.onUpdate(old.deepCopy(), next);
      if (options.dryRun()) {
        // give back what the answer allocated and take again what the stored object holds: no leak either way
        serviceAdmission.onUpdate(next.deepCopy(), old.deepCopy());
      }
    }
    if (recordManagedFields) {
      ServerSideApply.recordUpdate(old, next, options.fieldManager(), "Update",
          subresource.equals("finalize") || subresource.equals("scale") ? "" : subresource, now());
    }
    if (options.dryRun()) {
      return preview(next, existing.resourceVersion());
    }
    if (meta.has("deletionTimestamp") && !hasFinalizers(type, next)) {
      if (isService(type)) {
        serviceAdmission.onDelete(next);
      }
      return store.remove(type, next);
    }
    return store.put(type, next, "MODIFIED", old);
  }

  /**
   * The typed round trip of a written body: the object as the real server would decode it, with unknown fields
   * dropped, and either refused ({@code fieldValidation=Strict}), warned about (Warn, the default) or dropped
   * silently (Ignore).
   */
  private JsonObject typed(ResourceType type, JsonObject body, WriteOptions options, boolean patch) {
    return typed(type, body, options, patch, false);
  }

  private JsonObject typed(ResourceType type, JsonObject body, WriteOptions options, boolean patch, boolean create) {
    Normalizer.Normalized n = normalizer.normalize(type, body, create);
    List<String> unknown = n.unknownFields();
    if (!unknown.isEmpty()) {
      switch (options.fieldValidation()) {
        case STRICT -> {
          StringBuilder sb = new StringBuilder("strict decoding error: ");
          for (int i = 0; i < unknown.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append("unknown field ").append(GoQuote.quote(unknown.get(i)));
          }
          // a create or update body names what could not be decoded; a patch's result does not
          throw ApiError.badRequest(patch ? sb.toString() : type.kind() + " in version " + GoQuote.quote(type.version())
              + " cannot be handled as a " + type.kind() + ": " + sb);
        }
        case WARN -> unknown.forEach(f -> options.warn("unknown field " + GoQuote.quote(f)));
        default -> {
          // Ignore: dropped without a word, as the real server does
        }
      }
    }
    return n.object();
  }

  private void defaultOnCreate(ResourceType type, JsonObject obj) {
    if (type == namespaces) {
      JsonObject meta = Json.meta(obj);
      JsonObject labels = meta.has("labels") && meta.get("labels").isJsonObject() ? meta.getAsJsonObject("labels")
          : new JsonObject();
      labels.addProperty("kubernetes.io/metadata.name", Json.metaString(obj, "name"));
      meta.add("labels", labels);
      JsonObject status = new JsonObject();
      status.addProperty("phase", "Active");
      obj.add("status", status);
      // the namespace controller's finalizer: deleting the namespace removes its content first
      JsonObject spec = obj.has("spec") && obj.get("spec").isJsonObject() ? obj.getAsJsonObject("spec")
          : new JsonObject();
      JsonArray specFinalizers = spec.has("finalizers") && spec.get("finalizers").isJsonArray()
          ? spec.getAsJsonArray("finalizers") : new JsonArray();
      if (!specFinalizers.contains(new JsonPrimitive(KUBERNETES_FINALIZER))) {
        specFinalizers.add(KUBERNETES_FINALIZER);
      }
      spec.add("finalizers", specFinalizers);
      obj.add("spec", spec);
    } else if (isService(type)) {
      JsonObject status = new JsonObject();
      status.add("loadBalancer", new JsonObject());
      obj.add("status", status);
      serviceAdmission.onCreate(obj);
    }
  }

  private static boolean isService(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("services");
  }

  private StoredObject require(ResourceType type, String namespace, String name) {
    StoredObject existing = store.get(type, namespace, name);
    if (existing == null) {
      throw ApiError.notFound(type, name);
    }
    return existing;
  }

  private static void checkResourceVersion(ResourceType type, String name, StoredObject existing, String rv) {
    if (!rv.isEmpty() && !rv.equals(Long.toString(existing.resourceVersion()))) {
      throw ApiError.staleResourceVersion(type, name);
    }
  }

  private static void checkPreconditions(ResourceType type, String name, StoredObject existing, JsonObject options) {
    if (options == null || !options.has("preconditions") || !options.get("preconditions").isJsonObject()) {
      return;
    }
    JsonObject pre = options.getAsJsonObject("preconditions");
    String uid = Json.path(pre, "uid");
    String actualUid = Json.metaString(existing.object(), "uid");
    if (uid != null && !uid.equals(actualUid)) {
      throw ApiError.conflict(type, name, "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + actualUid);
    }
    String rv = Json.path(pre, "resourceVersion");
    if (rv != null && !rv.equals(Long.toString(existing.resourceVersion()))) {
      throw ApiError.conflict(type, name, "Precondition failed: ResourceVersion in precondition: " + rv
          + ", ResourceVersion in object meta: " + existing.resourceVersion());
    }
  }


  private static void placeInNamespace(ResourceType type, String namespace, JsonObject meta) {
    if (type.namespaced()) {
      String bodyNs = meta.has("namespace") && !meta.get("namespace").isJsonNull()
          ? meta.get("namespace").getAsString() : "";
      if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
        throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the "
            + "request");
      }
      meta.addProperty("namespace", namespace);
    } else {
      meta.remove("namespace");
    }
  }

  private static void checkIdentity(ResourceType type, String namespace, String name, JsonObject body) {
    JsonObject meta = Json.meta(body);
    String bodyName = Json.metaString(body, "name");
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
          + name + ")");
    }
    meta.addProperty("name", name);
    placeInNamespace(type, namespace, meta);
  }

  /** Whether a deletion must wait: metadata finalizers, and for a namespace also its {@code spec.finalizers}. */
  private boolean hasFinalizers(ResourceType type, JsonObject obj) {
    if (!finalizers(obj).isEmpty()) {
      return true;
    }
    if (type != namespaces) {
      return false;
    }
    JsonElement spec = obj.get("spec");
    JsonElement f = spec != null && spec.isJsonObject() ? spec.getAsJsonObject().get("finalizers") : null;
    return f != null && f.isJsonArray() && !f.getAsJsonArray().isEmpty();
  }

  private static Set<JsonElement> finalizers(JsonObject obj) {
    JsonElement f = Json.meta(obj).get("finalizers");
    Set<JsonElement> out = new HashSet<>();
    if (f != null && f.isJsonArray()) {
      f.getAsJsonArray().forEach(out::add);
    }
    return out;
  }

  private static void copyField(JsonObject from, JsonObject to, String field) {
    JsonElement v = from.get(field);
    if (v == null) {
      to.remove(field);
    } else {
      to.add(field, v.deepCopy());
    }
  }

  /**
   * A dry run's answer: the object as it would be stored, with the resourceVersion it had (none for a create), as
   * the real server's dry-run storage answers.
   */
  private StoredObject preview(JsonObject obj, Long resourceVersion) {
    if (resourceVersion == null) {
      Json.meta(obj).remove("resourceVersion");
    } else {
      Json.meta(obj).addProperty("resourceVersion", Long.toString(resourceVersion));
    }
    return new StoredObject(obj, Json.bytes(obj), resourceVersion == null ? 0 : resourceVersion);
  }

  /** A version-4 UUID; object uids need uniqueness, not unpredictability, so a fast generator is enough. */
  private static String randomUid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private String randomSuffix() {
    StringBuilder sb = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return sb.toString();
  }
}

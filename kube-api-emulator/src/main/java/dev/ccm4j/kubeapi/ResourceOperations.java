package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.admission.ObjectMetaValidation;
import dev.ccm4j.kubeapi.admission.ServiceAdmission;
import dev.ccm4j.kubeapi.patch.PatchType;
import dev.ccm4j.kubeapi.patch.Patcher;
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

/**
 * The write semantics of the API server's generic registry: create, update, status update, patch and delete,
 * with resourceVersion preconditions, generation, finalizers and Service admission. Every write runs under the
 * store lock; dry runs do the same work and store nothing.
 */
final class ResourceOperations {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  private final Store store;
  private final ResourceType namespaces;
  private final ServiceAdmission serviceAdmission;
  private final AccessReviews reviews;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ResourceOperations(Store store, ResourceType namespaces, ServiceAdmission serviceAdmission, AccessReviews reviews,
      Clock clock) {
    this.store = store;
    this.namespaces = namespaces;
    this.serviceAdmission = serviceAdmission;
    this.reviews = reviews;
    this.clock = clock;
  }

  String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  /** POST: creates an object in {@code namespace} (empty for cluster-scoped resources). */
  StoredObject create(ResourceType type, String namespace, JsonObject obj, boolean dryRun) {
    checkKind(type, obj);
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
    String finalName = name;
    return store.write(() -> {
      if (type.namespaced() && store.get(namespaces, "", namespace) == null) {
        throw ApiError.notFound(namespaces, namespace);
      }
      if (!isService(type)) {
        // Service admission checks its metadata together with its spec, in one 422 as the real server does
        List<StatusCause> causes = new ArrayList<>();
        ObjectMetaValidation.validateCreate(type.kind(), meta,
            ObjectMetaValidation.nameFormat(type.group(), type.plural()), causes);
        if (!causes.isEmpty()) {
          throw ApiError.invalid(type.group(), type.kind(), finalName, causes);
        }
      }
      if (store.get(type, namespace, finalName) != null) {
        throw ApiError.alreadyExists(type, finalName);
      }
      meta.addProperty("uid", randomUid());
      meta.addProperty("creationTimestamp", now());
      meta.addProperty("generation", 1);
      defaultOnCreate(type, obj);
      if (dryRun) {
        if (isService(type)) {
          serviceAdmission.onDelete(obj);
        }
        return preview(obj);
      }
      return store.put(type, obj, "ADDED", null);
    });
  }

  /** PUT on the main resource: replaces everything but {@code .status} (when the resource has a status subresource). */
  StoredObject update(ResourceType type, String namespace, String name, JsonObject body, boolean dryRun) {
    checkKind(type, body);
    checkIdentity(type, namespace, name, body);
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      checkResourceVersion(type, name, existing, Json.metaString(body, "resourceVersion"));
      JsonObject next = body;
      if (type.hasStatus()) {
        copyField(existing.object(), next, "status");
      }
      return commit(type, existing, next, false, dryRun);
    });
  }

  /** PUT on {@code /status}: replaces only {@code .status}. */
  StoredObject updateStatus(ResourceType type, String namespace, String name, JsonObject body, boolean dryRun) {
    checkKind(type, body);
    checkIdentity(type, namespace, name, body);
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      checkResourceVersion(type, name, existing, Json.metaString(body, "resourceVersion"));
      JsonObject next = existing.object().deepCopy();
      copyField(body, next, "status");
      return commit(type, existing, next, true, dryRun);
    });
  }

  /** PATCH on the main resource or on {@code /status}. */
  StoredObject patch(ResourceType type, String namespace, String name, PatchType patchType, String patchBody,
      boolean status, boolean dryRun) {
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      JsonObject patched = Patcher.apply(patchType, type.kind(), existing.object(), patchBody);
      checkResourceVersion(type, name, existing, Json.metaString(patched, "resourceVersion"));
      JsonObject next;
      if (status) {
        next = existing.object().deepCopy();
        copyField(patched, next, "status");
      } else {
        next = patched;
        if (type.hasStatus()) {
          copyField(existing.object(), next, "status");
        }
        JsonObject meta = Json.meta(next);
        meta.addProperty("name", name);
        if (type.namespaced()) {
          meta.addProperty("namespace", namespace);
        }
      }
      return commit(type, existing, next, status, dryRun);
    });
  }

  /** DELETE: marks an object with finalizers for deletion, or removes it at once. */
  StoredObject delete(ResourceType type, String namespace, String name, JsonObject options, boolean dryRun) {
    return store.write(() -> {
      StoredObject existing = require(type, namespace, name);
      checkPreconditions(type, name, existing, options);
      JsonObject next = existing.object().deepCopy();
      JsonObject meta = Json.meta(next);
      if (hasFinalizers(next)) {
        if (meta.has("deletionTimestamp")) {
          return existing;
        }
        meta.addProperty("deletionTimestamp", now());
        meta.addProperty("deletionGracePeriodSeconds", 0);
        return dryRun ? preview(next) : store.put(type, next, "MODIFIED", existing.object());
      }
      if (dryRun) {
        return existing;
      }
      if (isService(type)) {
        serviceAdmission.onDelete(next);
      }
      return store.remove(type, next);
    });
  }

  /** POST to a create-only review resource: answers the review without storing it. */
  JsonObject review(ResourceType type, JsonObject body) {
    checkKind(type, body);
    JsonObject spec = body.has("spec") && body.get("spec").isJsonObject() ? body.getAsJsonObject("spec")
        : new JsonObject();
    JsonObject status = new JsonObject();
    if (type.kind().equals("TokenReview")) {
      String token = Json.path(spec, "token");
      if (token == null || token.isEmpty()) {
        throw ApiError.badRequest("token is required for TokenReview in authentication");
      }
      Optional<AccessReviews.User> user = reviews.user(token);
      status.addProperty("authenticated", user.isPresent());
      user.ifPresentOrElse(u -> {
        JsonObject info = new JsonObject();
        info.addProperty("username", u.username());
        info.addProperty("uid", u.uid());
        JsonArray groups = new JsonArray();
        u.groups().forEach(groups::add);
        info.add("groups", groups);
        status.add("user", info);
        if (spec.has("audiences")) {
          status.add("audiences", spec.get("audiences").deepCopy());
        }
      }, () -> {
        status.add("user", new JsonObject());
        status.addProperty("error", "invalid bearer token");
      });
    } else {
      validateAccessReview(type, spec);
      status.addProperty("allowed", reviews.policy().allows(spec, reviews.usernames()));
    }
    JsonObject result = body.deepCopy();
    Json.meta(result).addProperty("creationTimestamp", now());
    result.add("status", status);
    return result;
  }

  /** The real server's checks of a SubjectAccessReview spec, with its messages. */
  private static void validateAccessReview(ResourceType type, JsonObject spec) {
    List<StatusCause> causes = new ArrayList<>();
    JsonElement resource = spec.get("resourceAttributes");
    JsonElement nonResource = spec.get("nonResourceAttributes");
    boolean hasResource = resource != null && resource.isJsonObject();
    boolean hasNonResource = nonResource != null && nonResource.isJsonObject();
    if (hasResource && hasNonResource) {
      causes.add(StatusCause.invalid("spec.nonResourceAttributes", goStruct("NonResourceAttributes",
          nonResource.getAsJsonObject(), "path", "verb"),
          "cannot be specified in combination with resourceAttributes"));
    } else if (!hasResource && !hasNonResource) {
      causes.add(StatusCause.invalid("spec.resourceAttributes", "null",
          "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
    }
    String user = Json.path(spec, "user");
    JsonElement groups = spec.get("groups");
    boolean noGroups = groups == null || !groups.isJsonArray() || groups.getAsJsonArray().isEmpty();
    if ((user == null || user.isEmpty()) && noGroups) {
      causes.add(StatusCause.invalid("spec.user", user == null ? "" : user,
          "at least one of user or group must be specified"));
    }
    if (!causes.isEmpty()) {
      throw ApiError.invalid(type.group(), type.kind(), "", causes);
    }
  }

  /** A value as Go's {@code %#v} prints a struct of strings, as the real server quotes it in a cause. */
  private static Object goStruct(String name, JsonObject o, String... fields) {
    StringBuilder sb = new StringBuilder("authorization.").append(name).append('{');
    for (int i = 0; i < fields.length; i++) {
      String v = Json.path(o, fields[i]);
      sb.append(i == 0 ? "" : ", ").append(Character.toUpperCase(fields[i].charAt(0))).append(fields[i].substring(1))
          .append(":\"").append(v == null ? "" : v).append('"');
    }
    String text = sb.append('}').toString();
    return new Object() {
      @Override
      public String toString() {
        return text;
      }
    };
  }

  private StoredObject commit(ResourceType type, StoredObject existing, JsonObject next, boolean statusWrite,
      boolean dryRun) {
    JsonObject old = existing.object();
    JsonObject meta = Json.meta(next);
    JsonObject oldMeta = Json.meta(old);
    for (String kept : new String[] {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation"}) {
      copyField(oldMeta, meta, kept);
    }
    next.addProperty("kind", type.kind());
    next.addProperty("apiVersion", type.apiVersion());
    if (!statusWrite && !Objects.equals(old.get("spec"), next.get("spec"))) {
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
      if (dryRun) {
        serviceAdmission.onUpdate(next, old.deepCopy());
      }
    }
    if (dryRun) {
      return preview(next);
    }
    if (meta.has("deletionTimestamp") && !hasFinalizers(next)) {
      if (isService(type)) {
        serviceAdmission.onDelete(next);
      }
      return store.remove(type, next);
    }
    return store.put(type, next, "MODIFIED", old);
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

  private static void checkKind(ResourceType type, JsonObject obj) {
    String kind = Json.path(obj, "kind");
    String apiVersion = Json.path(obj, "apiVersion");
    if ((kind != null && !kind.isEmpty() && !kind.equals(type.kind()))
        || (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion()))) {
      throw ApiError.badRequest("the API version in the data (" + apiVersion + ") and kind (" + kind
          + ") do not match the resource " + type.qualifiedName() + " (" + type.apiVersion() + ", "
          + type.kind() + ")");
    }
    obj.addProperty("kind", type.kind());
    obj.addProperty("apiVersion", type.apiVersion());
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

  private static boolean hasFinalizers(JsonObject obj) {
    return !finalizers(obj).isEmpty();
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

  private StoredObject preview(JsonObject obj) {
    return new StoredObject(obj, Json.bytes(obj), store.currentResourceVersion());
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

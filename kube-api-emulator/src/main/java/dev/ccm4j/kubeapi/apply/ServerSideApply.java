package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.ccm4j.kubeapi.ApiError;
import dev.ccm4j.kubeapi.StatusCause;
import dev.ccm4j.kubeapi.apply.ManagedFields.Entry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) and the {@code managedFields} bookkeeping of every write,
 * following structured-merge-diff as kube-apiserver uses it.
 *
 * <p>Every field of an object has owners, the field managers: an applier owns exactly what it applied last; a
 * writer that creates, updates or patches owns what its writes changed. A write that changes a field takes it away
 * from its other owners; an apply that would change a field another manager owns fails with a 409 conflict unless
 * forced. An applier that stops applying a field it alone owned removes it from the object.
 *
 * <p>Thread-safe and stateless: the per-kind schema tables are built once and cached.
 */
public final class ServerSideApply {
  /** Fields no manager ever owns (the real server's strip set). */
  private static final JsonObject STRIPPED = JsonParser.parseString("{\"f:apiVersion\":{},\"f:kind\":{},"
      + "\"f:metadata\":{\".\":{},\"f:name\":{},\"f:namespace\":{},\"f:creationTimestamp\":{},\"f:selfLink\":{},"
      + "\"f:uid\":{},\"f:clusterName\":{},\"f:generation\":{},\"f:managedFields\":{},\"f:resourceVersion\":{}}}")
      .getAsJsonObject();
  private static final JsonObject STATUS = JsonParser.parseString("{\"f:status\":{}}").getAsJsonObject();
  private static final JsonObject NOT_STATUS = JsonParser.parseString("{\"f:spec\":{}}").getAsJsonObject();

  /** An applier with the built-in types' list semantics. */
  public ServerSideApply() {}

  // ---- parse

  /**
   * Parses an apply body, YAML or JSON (JSON is YAML), into a JSON object, as the real server's YAML-to-JSON
   * conversion does: timestamps stay strings, integral floats become integers, only the first document counts.
   *
   * @throws ApiError 400 {@code error decoding YAML: ...} when the body is not a YAML or JSON object
   */
  public static JsonObject parse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{")) {
      try {
        JsonElement e = JsonParser.parseString(text);
        if (e.isJsonObject()) {
          return e.getAsJsonObject();
        }
      } catch (JsonParseException | IllegalStateException e) {
        // not strict JSON: YAML flow syntax is more lenient, let the YAML parser decide
      }
    }
    Object doc;
    try {
      Iterator<Object> docs = yaml().loadAll(text).iterator();
      doc = docs.hasNext() ? docs.next() : null;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw ApiError.badRequest("error decoding YAML: error converting YAML to JSON: yaml: line " + line + ": "
          + goYamlProblem(e.getProblem()));
    } catch (YAMLException e) {
      throw ApiError.badRequest("error decoding YAML: error converting YAML to JSON: yaml: " + e.getMessage());
    }
    if (doc == null) {
      return new JsonObject();
    }
    JsonElement json = toJson(doc);
    if (!json.isJsonObject()) {
      String type = json.isJsonArray() ? "array" : json.isJsonPrimitive() && json.getAsJsonPrimitive().isString()
          ? "string" : json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber() ? "number" : "bool";
      throw ApiError.badRequest("error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot"
          + " unmarshal " + type + " into Go value of type map[string]interface {}");
    }
    return json.getAsJsonObject();
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(100);
    // YAML 1.1 as go-yaml reads it, except timestamps: the real server keeps them as strings
    Resolver resolver = new Resolver() {
      @Override
      protected void addImplicitResolvers() {
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.");
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
      }
    };
    return new Yaml(new SafeConstructor(options), new Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(), options, resolver);
  }

  /** snakeyaml's wording of the common problems, in go-yaml's words (what the real server prints). */
  private static String goYamlProblem(String problem) {
    if (problem == null) {
      return "syntax error";
    }
    if (problem.startsWith("mapping values are not allowed")) {
      return "mapping values are not allowed in this context";
    }
    if (problem.contains("that cannot start any token")) {
      return "found character that cannot start any token";
    }
    if (problem.startsWith("expected <block end>")) {
      return "did not find expected key";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "could not find expected ':'";
    }
    return problem;
  }

  private static JsonElement toJson(Object v) {
    if (v == null) {
      return JsonNull.INSTANCE;
    }
    if (v instanceof Map<?, ?> m) {
      JsonObject o = new JsonObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        o.add(String.valueOf(e.getKey()), toJson(e.getValue()));
      }
      return o;
    }
    if (v instanceof List<?> l) {
      JsonArray a = new JsonArray(l.size());
      for (Object item : l) {
        a.add(toJson(item));
      }
      return a;
    }
    if (v instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (v instanceof Double d) {
      if (!d.isInfinite() && !d.isNaN() && d == Math.rint(d) && Math.abs(d) < 1e15) {
        return new JsonPrimitive(BigDecimal.valueOf(d).toBigInteger());
      }
      return new JsonPrimitive(d);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return new JsonPrimitive((Number) v);
    }
    if (v instanceof byte[] bytes) {
      return new JsonPrimitive(java.util.Base64.getEncoder().encodeToString(bytes));
    }
    return new JsonPrimitive(String.valueOf(v));
  }

  // ---- apply

  /**
   * Applies {@code applied} as {@code manager}'s configuration to {@code live}.
   *
   * @param live the stored object, or null when the object does not exist (apply creates it)
   * @param applied the parsed apply body
   * @param manager the {@code fieldManager} parameter; required
   * @param force the {@code force} parameter: take ownership of conflicting fields instead of failing
   * @param now the write time as RFC 3339 at second precision, for {@code managedFields[].time}
   * @return a new object: the merged object with {@code metadata.managedFields} updated; equal to {@code live} but
   *     for {@code managedFields} when the apply changes nothing
   * @throws ApplyConflictException when the applied configuration changes fields another manager owns
   * @throws ApiError 422 without a manager, 400 for managedFields in the body or another API version
   */
  public JsonObject apply(JsonObject live, JsonObject applied, String manager, boolean force, String now) {
    return apply(live, applied, manager, force, now, "");
  }

  /**
   * Applies {@code applied} as {@code manager}'s configuration to {@code live} through a subresource: for
   * {@code status} ({@code kubectl apply --server-side --subresource=status}) only the configuration's status is
   * merged and owned, in an Apply entry with {@code subresource: status}, as the real server's status strategy resets
   * everything else. Otherwise as {@link #apply(JsonObject, JsonObject, String, boolean, String)}.
   *
   * @param subresource empty for the main resource, {@code status} for the status subresource
   */
  public JsonObject apply(JsonObject live, JsonObject applied, String manager, boolean force, String now,
      String subresource) {
    String sub = subresource == null ? "" : subresource;
    if (manager == null || manager.isEmpty()) {
      throw ApiError.invalid("meta.k8s.io", "PatchOptions", "", List.of(
          new StatusCause("FieldValueRequired", "Required value: is required for apply patch", "fieldManager")));
    }
    JsonElement appliedMeta = applied.get("metadata");
    if (appliedMeta != null && appliedMeta.isJsonObject()) {
      JsonElement mf = appliedMeta.getAsJsonObject().get("managedFields");
      if (mf != null && !mf.isJsonNull()) {
        throw ApiError.badRequest("metadata.managedFields must be nil");
      }
    }
    String apiVersion = string(applied, "apiVersion");
    String kind = string(applied, "kind");
    if (live != null) {
      String liveVersion = string(live, "apiVersion");
      if (!liveVersion.isEmpty() && !apiVersion.equals(liveVersion)) {
        throw ApiError.badRequest("Incorrect version specified in apply patch. Specified patch version: "
            + apiVersion + ", expected: " + liveVersion);
      }
      if (kind.isEmpty()) {
        kind = string(live, "kind");
      }
    }
    ApplySchema schema = ApplySchema.forKind(kind);
    JsonObject config = applied;
    if (sub.equals("status")) {
      // through /status everything but the status is reset: only the status is merged and owned
      config = new JsonObject();
      for (Map.Entry<String, JsonElement> e : applied.entrySet()) {
        if (e.getKey().equals("status") || e.getKey().equals("apiVersion") || e.getKey().equals("kind")) {
          config.add(e.getKey(), e.getValue());
        }
      }
    } else if (schema.statusSubresource && applied.has("status")) {
      // status is a reset field of the main resource: the real server neither merges nor owns it
      config = new JsonObject();
      for (Map.Entry<String, JsonElement> e : applied.entrySet()) {
        if (!e.getKey().equals("status")) {
          config.add(e.getKey(), e.getValue());
        }
      }
    }
    List<Entry> entries = live == null ? null : ManagedFields.decode(live);
    if (entries == null) {
      entries = new ArrayList<>();
    }
    JsonObject base = live == null ? schema.emptyObject() : withoutManagedFields(live);
    JsonObject merged = base.deepCopy();
    ObjectWalks.merge(merged, config, schema.root);

    JsonObject set = FieldSets.subtract(
        FieldSets.canonical(ObjectWalks.toFieldSet(config, schema.root, describe(applied, apiVersion, kind))),
        STRIPPED);
    Entry own = ManagedFields.find(entries, manager, ManagedFields.APPLY, apiVersion, sub);
    if (own != null && own.fields.size() > 0) {
      JsonObject owned = set;
      for (Entry e : entries) {
        if (e != own) {
          owned = FieldSets.union(owned, e.fields);
        }
      }
      JsonObject prune = FieldSets.subtract(own.fields, owned);
      if (prune.size() > 0) {
        ObjectWalks.remove(merged, prune, schema.root);
      }
    }

    boolean others = entries.size() > (own == null ? 0 : 1);
    if (others) {
      ObjectWalks.Diff diff = ObjectWalks.compare(base, merged, schema.root);
      if (!force) {
        conflicts(entries, own, diff.touched);
      }
      for (Iterator<Entry> it = entries.iterator(); it.hasNext();) {
        Entry e = it.next();
        if (e == own) {
          continue;
        }
        JsonObject f = FieldSets.subtract(FieldSets.subtract(e.fields, diff.touched), diff.removed);
        if (f.size() == 0) {
          it.remove();
        } else if (f != e.fields) {
          e.fields = f;
          e.changed();
        }
      }
    }
    boolean noop = live != null && merged.equals(base);
    if (set.size() == 0) {
      if (own != null) {
        entries.remove(own);
      }
    } else if (own == null) {
      entries.add(new Entry(manager, ManagedFields.APPLY, apiVersion, noop ? null : now, sub, set, null));
    } else {
      own.fields = set;
      own.apiVersion = apiVersion;
      if (!noop) {
        own.time = now;
      }
      own.changed();
    }
    ManagedFields.encode(merged, entries);
    return merged;
  }

  private static void conflicts(List<Entry> entries, Entry own, JsonObject touched) {
    Map<String, Entry> byId = new java.util.TreeMap<>();
    Map<String, List<List<String>>> paths = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e == own || !FieldSets.intersects(e.fields, touched)) {
        continue;
      }
      List<List<String>> p = FieldSets.intersection(e.fields, touched);
      if (!p.isEmpty()) {
        byId.put(e.identifier(), e);
        paths.put(e.identifier(), p);
      }
    }
    if (byId.isEmpty()) {
      return;
    }
    List<StatusCause> causes = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    String single = null;
    for (Map.Entry<String, Entry> m : byId.entrySet()) {
      String printed = m.getValue().printed();
      lines.add("conflicts with " + printed + ":");
      for (List<String> p : paths.get(m.getKey())) {
        String field = FieldSets.pathString(p);
        causes.add(new StatusCause("FieldManagerConflict", "conflict with " + printed, field));
        lines.add("- " + field);
        single = "conflict with " + printed + ": " + field;
      }
    }
    String message = causes.size() == 1 ? "Apply failed with 1 conflict: " + single
        : "Apply failed with " + causes.size() + " conflicts: " + String.join("\n", lines);
    throw new ApplyConflictException(message, causes);
  }

  private static String describe(JsonObject o, String apiVersion, String kind) {
    JsonElement m = o.get("metadata");
    String ns = "";
    String name = "";
    if (m != null && m.isJsonObject()) {
      ns = nz(ManagedFields.string(m.getAsJsonObject(), "namespace"));
      name = nz(ManagedFields.string(m.getAsJsonObject(), "name"));
    }
    int slash = apiVersion.indexOf('/');
    String gv = slash < 0 ? "/" + apiVersion : apiVersion;
    return ns + "/" + name + "; " + gv + ", Kind=" + kind;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String string(JsonObject o, String field) {
    return nz(ManagedFields.string(o, field));
  }

  private static JsonObject withoutManagedFields(JsonObject o) {
    JsonElement m = o.get("metadata");
    if (m == null || !m.isJsonObject() || !m.getAsJsonObject().has("managedFields")) {
      return o;
    }
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      if (e.getKey().equals("metadata")) {
        JsonObject meta = new JsonObject();
        for (Map.Entry<String, JsonElement> me : m.getAsJsonObject().entrySet()) {
          if (!me.getKey().equals("managedFields")) {
            meta.add(me.getKey(), me.getValue());
          }
        }
        copy.add("metadata", meta);
      } else {
        copy.add(e.getKey(), e.getValue());
      }
    }
    return copy;
  }

  // ---- update

  /**
   * Records a non-apply write (create, update, patch, status write) in {@code after}'s {@code managedFields}: the
   * fields the write added or changed join {@code manager}'s entry for this operation, API version and subresource
   * and leave every other manager's set; removed fields leave every set; emptied entries are dropped. As on the real
   * server, {@code managedFields} the client sent on the main resource are taken as they are (an empty list resets
   * them), otherwise those of {@code before} are kept, and a write that changes nothing leaves the entry and its time
   * alone.
   *
   * @param before the object before the write, or null on create
   * @param after the object the write stores; changed in place
   * @param manager the {@code fieldManager} parameter, else the User-Agent's program name; {@code unknown} if empty
   * @param operation {@code Update} (create, update and patch all record as Update on the real server)
   * @param subresource empty for the main resource, {@code status} for status writes
   * @param now the write time as RFC 3339 at second precision
   * @return {@code after}, with {@code metadata.managedFields} updated in place
   */
  public static JsonObject recordUpdate(JsonObject before, JsonObject after, String manager, String operation,
      String subresource, String now) {
    String sub = subresource == null ? "" : subresource;
    String op = operation == null || operation.isEmpty() ? ManagedFields.UPDATE : operation;
    String who = manager == null || manager.isEmpty() ? "unknown" : manager;
    String apiVersion = string(after, "apiVersion");
    if (apiVersion.isEmpty() && before != null) {
      apiVersion = string(before, "apiVersion");
    }
    String kind = string(after, "kind");
    if (kind.isEmpty() && before != null) {
      kind = string(before, "kind");
    }
    ApplySchema schema = ApplySchema.forKind(kind);

    List<Entry> entries;
    if (sub.isEmpty() && ManagedFields.isReset(after)) {
      entries = new ArrayList<>();
    } else {
      entries = sub.isEmpty() ? ManagedFields.decode(after) : null;
      if (entries == null || entries.isEmpty()) {
        entries = ManagedFields.decode(before);
      }
      if (entries == null) {
        entries = new ArrayList<>();
      }
    }

    ObjectWalks.Diff diff = ObjectWalks.compare(before == null ? schema.emptyObject() : before, after, schema.root);
    JsonObject touched = diff.touched;
    JsonObject removed = diff.removed;
    JsonObject ignored = !sub.isEmpty() ? NOT_STATUS : schema.statusSubresource ? STATUS : null;
    if (ignored != null) {
      touched = FieldSets.subtractRecursive(touched, ignored);
      removed = FieldSets.subtractRecursive(removed, ignored);
    }
    if (touched.size() > 0 || removed.size() > 0) {
      for (Iterator<Entry> it = entries.iterator(); it.hasNext();) {
        Entry e = it.next();
        JsonObject f = FieldSets.subtract(FieldSets.subtract(e.fields, touched), removed);
        if (f.size() == 0) {
          it.remove();
        } else if (f != e.fields) {
          e.fields = f;
          e.changed();
        }
      }
    }
    JsonObject self = FieldSets.subtract(touched, STRIPPED);
    if (self.size() > 0) {
      Entry own = ManagedFields.find(entries, who, op, apiVersion, sub);
      if (own == null) {
        entries.add(new Entry(who, op, apiVersion, now, sub, FieldSets.canonical(self), null));
      } else {
        own.fields = FieldSets.union(own.fields, self);
        own.time = now;
        own.changed();
      }
    }
    ManagedFields.encode(after, entries);
    return after;
  }
}

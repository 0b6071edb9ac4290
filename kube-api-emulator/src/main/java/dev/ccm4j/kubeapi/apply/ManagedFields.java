package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The {@code metadata.managedFields} entries of one object, decoded only as far as the bookkeeping needs: identity,
 * time and the {@code fieldsV1} set, which stays in its JSON form. Entries the write does not change are written back
 * as they were.
 */
final class ManagedFields {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  /** One entry. {@code original} is the stored JSON, reused when nothing about the entry changes. */
  static final class Entry {
    final String manager;
    final String operation;
    String apiVersion;
    String time;
    final String subresource;
    JsonObject fields;
    JsonObject original;

    Entry(String manager, String operation, String apiVersion, String time, String subresource, JsonObject fields,
        JsonObject original) {
      this.manager = manager;
      this.operation = operation;
      this.apiVersion = apiVersion;
      this.time = time;
      this.subresource = subresource;
      this.fields = fields;
      this.original = original;
    }

    /**
     * True for the same manager identity as the real server's {@code BuildManagerIdentifier}: manager, operation
     * and subresource, plus the API version for updates (an applier keeps one entry across versions).
     */
    boolean sameIdentity(String m, String op, String version, String sub) {
      return manager.equals(m) && operation.equals(op) && subresource.equals(sub)
          && (op.equals(APPLY) || apiVersion.equals(version));
    }

    /** The manager identifier JSON the real server sorts conflicts by. */
    String identifier() {
      StringBuilder sb = new StringBuilder("{\"manager\":");
      FieldSets.writeJson(sb, new com.google.gson.JsonPrimitive(manager));
      sb.append(",\"operation\":\"").append(operation).append('"');
      if (operation.equals(UPDATE)) {
        sb.append(",\"apiVersion\":");
        FieldSets.writeJson(sb, new com.google.gson.JsonPrimitive(apiVersion));
      }
      if (!subresource.isEmpty()) {
        sb.append(",\"subresource\":");
        FieldSets.writeJson(sb, new com.google.gson.JsonPrimitive(subresource));
      }
      return sb.append('}').toString();
    }

    /** The manager as conflict messages print it: {@code "kubectl"}, {@code "x" with subresource "status" using v1}. */
    String printed() {
      StringBuilder sb = new StringBuilder();
      FieldSets.writeJson(sb, new com.google.gson.JsonPrimitive(manager));
      if (!subresource.isEmpty()) {
        sb.append(" with subresource ");
        FieldSets.writeJson(sb, new com.google.gson.JsonPrimitive(subresource));
      }
      if (operation.equals(UPDATE)) {
        sb.append(" using ").append(apiVersion);
      }
      return sb.toString();
    }

    JsonObject toJson() {
      if (original != null) {
        return original;
      }
      JsonObject o = new JsonObject();
      o.addProperty("manager", manager);
      o.addProperty("operation", operation);
      o.addProperty("apiVersion", apiVersion);
      if (time != null) {
        o.addProperty("time", time);
      }
      o.addProperty("fieldsType", "FieldsV1");
      o.add("fieldsV1", fields);
      if (!subresource.isEmpty()) {
        o.addProperty("subresource", subresource);
      }
      return o;
    }

    /** Marks the entry changed: it is written anew. */
    void changed() {
      original = null;
    }
  }

  /** The real server's order: operation (Apply first), time, manager, API version, subresource. */
  static final Comparator<Entry> ORDER = Comparator.<Entry, String>comparing(e -> e.operation)
      .thenComparing(e -> e.time == null ? "" : e.time)
      .thenComparing(e -> e.manager)
      .thenComparing(e -> e.apiVersion)
      .thenComparing(e -> e.subresource);

  private ManagedFields() {}

  /** The object's entries, or null when it has none or they do not decode (as the real server, which then ignores them). */
  static List<Entry> decode(JsonObject object) {
    JsonElement meta = object == null ? null : object.get("metadata");
    if (meta == null || !meta.isJsonObject()) {
      return null;
    }
    JsonElement mf = meta.getAsJsonObject().get("managedFields");
    if (mf == null || !mf.isJsonArray()) {
      return null;
    }
    List<Entry> out = new ArrayList<>();
    for (JsonElement e : mf.getAsJsonArray()) {
      if (!e.isJsonObject()) {
        return null;
      }
      JsonObject o = e.getAsJsonObject();
      String op = string(o, "operation");
      String version = string(o, "apiVersion");
      if (!(APPLY.equals(op) || UPDATE.equals(op)) || version == null || version.isEmpty()
          || !"FieldsV1".equals(string(o, "fieldsType"))) {
        return null;
      }
      JsonElement fields = o.get("fieldsV1");
      JsonObject set = fields != null && fields.isJsonObject() ? fields.getAsJsonObject() : new JsonObject();
      String manager = string(o, "manager");
      String sub = string(o, "subresource");
      out.add(new Entry(manager == null ? "" : manager, op, version, string(o, "time"), sub == null ? "" : sub, set,
          o));
    }
    return out;
  }

  /** True when the client asks to reset the managed fields: an empty list or a single empty entry. */
  static boolean isReset(JsonObject object) {
    JsonElement meta = object == null ? null : object.get("metadata");
    if (meta == null || !meta.isJsonObject()) {
      return false;
    }
    JsonElement mf = meta.getAsJsonObject().get("managedFields");
    if (mf == null || !mf.isJsonArray()) {
      return false;
    }
    JsonArray a = mf.getAsJsonArray();
    return a.isEmpty() || (a.size() == 1 && a.get(0).isJsonObject() && a.get(0).getAsJsonObject().size() == 0);
  }

  /** Writes the entries, sorted, into {@code object}'s metadata; removes {@code managedFields} when there are none. */
  static void encode(JsonObject object, List<Entry> entries) {
    JsonElement m = object.get("metadata");
    JsonObject meta;
    if (m == null || !m.isJsonObject()) {
      if (entries.isEmpty()) {
        return;
      }
      meta = new JsonObject();
      object.add("metadata", meta);
    } else {
      meta = m.getAsJsonObject();
    }
    if (entries.isEmpty()) {
      meta.remove("managedFields");
      return;
    }
    entries.sort(ORDER);
    JsonArray out = new JsonArray(entries.size());
    for (Entry e : entries) {
      out.add(e.toJson());
    }
    meta.add("managedFields", out);
  }

  static Entry find(List<Entry> entries, String manager, String op, String version, String sub) {
    for (Entry e : entries) {
      if (e.sameIdentity(manager, op, version, sub)) {
        return e;
      }
    }
    return null;
  }

  static String string(JsonObject o, String field) {
    JsonElement v = o.get(field);
    return v == null || !v.isJsonPrimitive() ? null : v.getAsString();
  }

  static boolean same(Object a, Object b) {
    return Objects.equals(a, b);
  }
}

package dev.ccm4j.kubeapi.admission;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;
import dev.ccm4j.kubeapi.StatusCause;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real API server's {@code ObjectMeta} validation: the name format of each kind, {@code generateName}, label keys
 * and values, annotation keys and their total size. Only what the real server checks: it leaves, for example, Node
 * addresses and the names of legacy {@code core/v1} Events free-form (beyond fitting in a URL path segment).
 */
public final class ObjectMetaValidation {
  /** The limit on all annotation keys and values of one object together, in bytes. */
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

  /** The longest generateName the server uses whole; longer ones are cut so that the random suffix fits. */
  public static final int MAX_GENERATE_NAME_BASE = 63 - 5;

  /** How a kind's names are checked. */
  public enum NameFormat {
    /** Nodes, ConfigMaps, Secrets, Leases, EndpointSlices, Pods and most other kinds. */
    DNS1123_SUBDOMAIN,
    /** Namespaces. */
    DNS1123_LABEL,
    /** Services. */
    DNS1035_LABEL,
    /** {@code core/v1} Events, whose names are kept free-form for old clients. */
    PATH_SEGMENT
  }

  private ObjectMetaValidation() {}

  /**
   * The name format of a resource.
   *
   * @param group the API group, empty for the core group
   * @param plural the resource, for example {@code services}
   */
  public static NameFormat nameFormat(String group, String plural) {
    if (group.isEmpty()) {
      switch (plural) {
        case "namespaces":
          return NameFormat.DNS1123_LABEL;
        case "services":
          return NameFormat.DNS1035_LABEL;
        case "events":
          return NameFormat.PATH_SEGMENT;
        default:
          break;
      }
    }
    return NameFormat.DNS1123_SUBDOMAIN;
  }

  /** The name a generateName gives, before the five random characters: the prefix, cut to 58 characters. */
  public static String generatedNameBase(String generateName) {
    return generateName.length() > MAX_GENERATE_NAME_BASE ? generateName.substring(0, MAX_GENERATE_NAME_BASE)
        : generateName;
  }

  /**
   * Checks a new object's metadata, its name already generated from any generateName, adding every problem.
   *
   * @param kind the kind, for decode errors
   * @throws ApiError 400 when labels or annotations are not maps of strings, as decoding fails upstream
   */
  public static void validateCreate(String kind, JsonObject metadata, NameFormat format, List<StatusCause> causes) {
    String generateName = string(metadata, "generateName");
    if (!generateName.isEmpty()) {
      for (String m : name(format, generateName, true)) {
        causes.add(StatusCause.invalid("metadata.generateName", generateName, m));
      }
    }
    String name = string(metadata, "name");
    if (name.isEmpty()) {
      causes.add(new StatusCause("FieldValueRequired", "Required value: name or generateName is required",
          "metadata.name"));
    } else {
      for (String m : name(format, name, false)) {
        causes.add(StatusCause.invalid("metadata.name", name, m));
      }
    }
    validateLabelsAndAnnotations(kind, metadata, causes);
  }

  /**
   * Checks an updated object's labels and annotations (its name cannot change), adding every problem.
   *
   * @throws ApiError 400 when labels or annotations are not maps of strings
   */
  public static void validateUpdate(String kind, JsonObject metadata, List<StatusCause> causes) {
    validateLabelsAndAnnotations(kind, metadata, causes);
  }

  private static List<String> name(NameFormat format, String value, boolean prefix) {
    String checked = prefix && format != NameFormat.PATH_SEGMENT ? NameRules.maskTrailingDash(value) : value;
    switch (format) {
      case DNS1123_LABEL:
        return NameRules.dns1123Label(checked);
      case DNS1035_LABEL:
        return NameRules.dns1035Label(checked);
      case PATH_SEGMENT:
        return NameRules.pathSegment(checked, prefix);
      default:
        return NameRules.dns1123Subdomain(checked);
    }
  }

  private static void validateLabelsAndAnnotations(String kind, JsonObject metadata, List<StatusCause> causes) {
    for (Map.Entry<String, String> label : stringMap(kind, metadata, "labels").entrySet()) {
      for (String m : NameRules.qualifiedName(label.getKey())) {
        causes.add(StatusCause.invalid("metadata.labels", label.getKey(), m));
      }
      for (String m : NameRules.labelValue(label.getValue())) {
        causes.add(StatusCause.invalid("metadata.labels", label.getValue(), m));
      }
    }
    long size = 0;
    for (Map.Entry<String, String> annotation : stringMap(kind, metadata, "annotations").entrySet()) {
      // the rule is a qualified name except that case does not matter
      for (String m : NameRules.qualifiedName(annotation.getKey().toLowerCase(Locale.ROOT))) {
        causes.add(StatusCause.invalid("metadata.annotations", annotation.getKey(), m));
      }
      size += NameRules.bytes(annotation.getKey()) + NameRules.bytes(annotation.getValue());
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      causes.add(new StatusCause("FieldValueTooLong", "Too long: may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT
          + " bytes", "metadata.annotations"));
    }
  }

  private static String string(JsonObject metadata, String field) {
    JsonElement v = metadata.get(field);
    return v == null || v.isJsonNull() || !v.isJsonPrimitive() ? "" : v.getAsString();
  }

  private static Map<String, String> stringMap(String kind, JsonObject metadata, String field) {
    JsonElement v = metadata.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isJsonNull()) {
      return out;
    }
    if (!v.isJsonObject()) {
      throw decodeError(kind, field, "map[string]string");
    }
    for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
      JsonElement value = e.getValue();
      if (value.isJsonNull()) {
        out.put(e.getKey(), "");
      } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
        out.put(e.getKey(), value.getAsString());
      } else {
        throw decodeError(kind, field, "string");
      }
    }
    return out;
  }

  private static ApiError decodeError(String kind, String field, String type) {
    return ApiError.badRequest(kind + " in version \"v1\" cannot be handled as a " + kind + ": json: cannot unmarshal"
        + " into Go struct field ObjectMeta.metadata." + field + " of type " + type);
  }
}

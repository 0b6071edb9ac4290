package dev.ccm4j.kubeapi.admission;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.ccm4j.kubeapi.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Typed reads of wire-JSON Service fields. A value of the wrong JSON type is a 400, as decoding fails upstream. */
final class Fields {
  static final String CLUSTER_IP = "ClusterIP";
  static final String NODE_PORT = "NodePort";
  static final String LOAD_BALANCER = "LoadBalancer";
  static final String EXTERNAL_NAME = "ExternalName";

  private Fields() {}

  static JsonObject spec(JsonObject service) {
    JsonElement spec = service.get("spec");
    if (spec == null || spec.isJsonNull()) {
      JsonObject created = new JsonObject();
      service.add("spec", created);
      return created;
    }
    if (!spec.isJsonObject()) {
      throw decodeError("spec", "object");
    }
    return spec.getAsJsonObject();
  }

  static ApiError decodeError(String field, String expected) {
    return ApiError.badRequest("Service in version \"v1\" cannot be handled as a Service: field " + field
        + " must be of type " + expected);
  }

  /** A string field; null when absent or null. */
  static String str(JsonObject o, String field) {
    JsonElement v = o == null ? null : o.get(field);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw decodeError(field, "string");
    }
    return v.getAsString();
  }

  /** A string field; empty when absent. */
  static String strOrEmpty(JsonObject o, String field) {
    String s = str(o, field);
    return s == null ? "" : s;
  }

  /** An integer field; 0 when absent, as the typed API reads it. */
  static int integer(JsonObject o, String field) {
    JsonElement v = o == null ? null : o.get(field);
    if (v == null || v.isJsonNull()) {
      return 0;
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw decodeError(field, "integer");
    }
    double d = v.getAsDouble();
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw decodeError(field, "int32");
    }
    return (int) d;
  }

  static Boolean bool(JsonObject o, String field) {
    JsonElement v = o == null ? null : o.get(field);
    if (v == null || v.isJsonNull()) {
      return null;
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
      throw decodeError(field, "boolean");
    }
    return v.getAsBoolean();
  }

  static List<String> strings(JsonObject o, String field) {
    JsonElement v = o == null ? null : o.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isJsonNull()) {
      return out;
    }
    if (!v.isJsonArray()) {
      throw decodeError(field, "array of strings");
    }
    for (JsonElement e : v.getAsJsonArray()) {
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw decodeError(field, "array of strings");
      }
      out.add(e.getAsString());
    }
    return out;
  }

  static JsonArray stringArray(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  /** The port objects of {@code spec.ports}. */
  static List<JsonObject> ports(JsonObject spec) {
    JsonElement v = spec == null ? null : spec.get("ports");
    List<JsonObject> out = new ArrayList<>();
    if (v == null || v.isJsonNull()) {
      return out;
    }
    if (!v.isJsonArray()) {
      throw decodeError("ports", "array");
    }
    for (JsonElement e : v.getAsJsonArray()) {
      if (!e.isJsonObject()) {
        throw decodeError("ports", "array of objects");
      }
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  static String type(JsonObject spec) {
    return strOrEmpty(spec, "type");
  }

  static boolean needsClusterIp(JsonObject spec) {
    return !EXTERNAL_NAME.equals(type(spec));
  }

  static boolean needsNodePort(JsonObject spec) {
    String t = type(spec);
    return NODE_PORT.equals(t) || LOAD_BALANCER.equals(t);
  }

  static boolean isLoadBalancer(JsonObject spec) {
    return LOAD_BALANCER.equals(type(spec));
  }

  static boolean needsHealthCheckNodePort(JsonObject spec) {
    return isLoadBalancer(spec) && "Local".equals(str(spec, "externalTrafficPolicy"));
  }

  /** NodePort and LoadBalancer Services, and ClusterIP ones with external IPs, take outside traffic. */
  static boolean externallyAccessible(JsonObject spec) {
    return needsNodePort(spec) || (CLUSTER_IP.equals(type(spec)) && !strings(spec, "externalIPs").isEmpty());
  }

  static boolean sameField(JsonObject a, JsonObject b, String field) {
    return Objects.equals(a.get(field), b.get(field));
  }

  static JsonPrimitive number(int value) {
    return new JsonPrimitive(value);
  }
}

package dev.ccm4j.provider.alibaba.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parameters of one RPC call, flattened as Alibaba's SDKs flatten them: lists become {@code Name.1..N}, lists of
 * objects {@code Name.N.Field}, and JSON-typed parameters a JSON string. Not thread-safe; build one per call.
 *
 * <p>The common parameters ({@code Action}, {@code Version}, {@code AccessKeyId}, {@code Signature}, ...) are added
 * by {@link AlibabaApi} and refused here, so that a caller cannot override what is signed. {@code RegionId} may be
 * set; the client adds its region when it is absent.
 */
public final class RpcParams {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  /** Names the client sets itself. */
  static final Set<String> RESERVED = Set.of("Action", "Version", "Format", "Timestamp", "SignatureMethod",
      "SignatureVersion", "SignatureNonce", "SignatureType", "Signature", "AccessKeyId", "SecurityToken");

  private final Map<String, String> values = new LinkedHashMap<>();

  private RpcParams() {}

  /**
   * Starts an empty parameter set.
   *
   * @return the parameters
   */
  public static RpcParams create() {
    return new RpcParams();
  }

  /**
   * Sets a parameter.
   *
   * @param name the parameter name
   * @param value the value; null leaves the parameter out
   * @return this
   * @throws IllegalArgumentException for a name the client sets itself
   */
  public RpcParams put(String name, String value) {
    checkName(name);
    if (value != null) {
      values.put(name, value);
    }
    return this;
  }

  /**
   * Sets a numeric parameter.
   *
   * @param name the parameter name
   * @param value the value
   * @return this
   */
  public RpcParams put(String name, long value) {
    return put(name, Long.toString(value));
  }

  /**
   * Sets a boolean parameter as {@code true} / {@code false}.
   *
   * @param name the parameter name
   * @param value the value
   * @return this
   */
  public RpcParams put(String name, boolean value) {
    return put(name, Boolean.toString(value));
  }

  /**
   * Sets a repeated parameter as {@code Name.1}, {@code Name.2}, ...; null elements are skipped without leaving a
   * gap.
   *
   * @param name the parameter name
   * @param list the values; null or empty leaves the parameter out
   * @return this
   */
  public RpcParams putList(String name, List<String> list) {
    checkName(name);
    if (list != null) {
      int i = 1;
      for (String v : list) {
        if (v != null) {
          values.put(name + "." + i++, v);
        }
      }
    }
    return this;
  }

  /**
   * Sets a repeated structured parameter as {@code Name.1.Key}, {@code Name.1.Value}, ...; null fields are
   * skipped.
   *
   * @param name the parameter name, e.g. {@code Tag}
   * @param objects the objects, each a map of field to value
   * @return this
   */
  public RpcParams putObjects(String name, List<Map<String, String>> objects) {
    checkName(name);
    if (objects != null) {
      int i = 1;
      for (Map<String, String> o : objects) {
        if (o == null) {
          continue;
        }
        String prefix = name + "." + i++ + ".";
        o.forEach((k, v) -> {
          if (v != null) {
            values.put(prefix + Objects.requireNonNull(k, "field name"), v);
          }
        });
      }
    }
    return this;
  }

  /**
   * Sets a parameter whose value is JSON, e.g. {@code InstanceIds=["i-a","i-b"]} or
   * {@code Tags=[{"TagKey":"k","TagValue":"v"}]}.
   *
   * @param name the parameter name
   * @param value any Gson-serialisable value; null leaves the parameter out
   * @return this
   */
  public RpcParams putJson(String name, Object value) {
    checkName(name);
    if (value != null) {
      values.put(name, GSON.toJson(value));
    }
    return this;
  }

  /**
   * The parameter value, if set.
   *
   * @param name the parameter name
   * @return the value, or null
   */
  public String get(String name) {
    return values.get(name);
  }

  /**
   * The parameters in insertion order.
   *
   * @return an unmodifiable copy
   */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("parameter name is empty");
    }
    if (RESERVED.contains(name)) {
      throw new IllegalArgumentException(name + " is set by the client itself");
    }
  }

  @Override
  public String toString() {
    // parameters of the provider's calls are ids and settings, never credentials
    return "RpcParams" + values.keySet();
  }
}

package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One verified RPC call: action, version and the request parameters (query and form merged, signature parameters
 * included), with readers for Alibaba's parameter conventions ({@code Name.N} lists, {@code Name.N.Field} objects,
 * JSON-array strings). Reader failures are answered as Alibaba does, with {@code MissingParameter} or
 * {@code InvalidParameter} naming the parameter.
 */
public final class RpcCall {
  private final String action;
  private final String version;
  private final Map<String, String> params;
  private final String accessKeyId;
  private final AlibabaCloudState state;

  RpcCall(String action, String version, Map<String, String> params, String accessKeyId, AlibabaCloudState state) {
    this.action = Objects.requireNonNull(action, "action");
    this.version = Objects.requireNonNull(version, "version");
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.state = Objects.requireNonNull(state, "state");
  }

  /**
   * A call built directly, without HTTP, for unit tests of a product's handlers.
   *
   * @param action the action
   * @param version the API version
   * @param params the parameters
   * @param state the state the handler works on
   * @return the call, attributed to the access key id {@code test}
   */
  public static RpcCall of(String action, String version, Map<String, String> params, AlibabaCloudState state) {
    return new RpcCall(action, version, params, "test", state);
  }

  /** The action, e.g. {@code DescribeInstances}. */
  public String action() {
    return action;
  }

  /** The API version, e.g. {@code 2014-05-26}. */
  public String version() {
    return version;
  }

  /** Every request parameter, unmodifiable. */
  public Map<String, String> params() {
    return params;
  }

  /** The access key id the request was signed with (an STS key id for RAM role credentials). */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The emulator's shared state. */
  public AlibabaCloudState state() {
    return state;
  }

  /**
   * A parameter that must be present and non-empty.
   *
   * @param name the parameter name
   * @return its value
   * @throws AlibabaApiError {@code MissingParameter} (400) naming it when absent or empty
   */
  public String required(String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"" + name + "\" that is mandatory for processing this request is not supplied.");
    }
    return value;
  }

  /**
   * A parameter that may be absent; an empty value counts as absent, as Alibaba's SDKs skip empty fields.
   *
   * @param name the parameter name
   * @return its value
   */
  public Optional<String> optional(String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /**
   * An integer parameter with a default and bounds.
   *
   * @param name the parameter name
   * @param defaultValue used when absent
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @return the value
   * @throws AlibabaApiError {@code InvalidParameter} (400) naming it when not an integer in range
   */
  public int integer(String name, int defaultValue, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.get().trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw invalidParameter(name, "must be an integer from " + min + " to " + max);
  }

  /**
   * A boolean parameter ({@code true}/{@code false}, any case).
   *
   * @param name the parameter name
   * @return the value, empty when absent
   * @throws AlibabaApiError {@code InvalidParameter} naming it when neither
   */
  public Optional<Boolean> bool(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.get().equalsIgnoreCase("true")) {
      return Optional.of(Boolean.TRUE);
    }
    if (raw.get().equalsIgnoreCase("false")) {
      return Optional.of(Boolean.FALSE);
    }
    throw invalidParameter(name, "must be true or false");
  }

  /**
   * A repeated parameter flattened as {@code Name.1}, {@code Name.2}, ... in index order.
   *
   * @param name the parameter name without the index
   * @return the values, empty when none
   */
  public List<String> list(String name) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    String prefix = name + ".";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        Integer index = index(e.getKey().substring(prefix.length()));
        if (index != null) {
          byIndex.put(index, e.getValue());
        }
      }
    }
    return List.copyOf(byIndex.values());
  }

  /**
   * Repeated objects flattened as {@code Name.N.Field}, in index order.
   *
   * @param name the parameter name without index and field
   * @return one map of fields per index, empty when none
   */
  public List<Map<String, String>> objects(String name) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String prefix = name + ".";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String rest = e.getKey().substring(prefix.length());
      int dot = rest.indexOf('.');
      if (dot <= 0 || dot == rest.length() - 1) {
        continue;
      }
      Integer index = index(rest.substring(0, dot));
      if (index != null) {
        byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
      }
    }
    List<Map<String, String>> out = new ArrayList<>();
    byIndex.values().forEach(m -> out.add(Collections.unmodifiableMap(m)));
    return List.copyOf(out);
  }

  /**
   * A parameter whose value is a JSON array of strings, as {@code InstanceIds} and {@code PrivateIpAddresses} are.
   *
   * @param name the parameter name
   * @return the strings, empty when the parameter is absent
   * @throws AlibabaApiError {@code InvalidParameter} naming it when the value is not such an array
   */
  public List<String> jsonList(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return List.of();
    }
    try {
      JsonElement parsed = JsonParser.parseString(raw.get());
      if (parsed.isJsonArray()) {
        List<String> out = new ArrayList<>();
        JsonArray array = parsed.getAsJsonArray();
        for (JsonElement e : array) {
          if (!e.isJsonPrimitive()) {
            throw invalidParameter(name, "must be a JSON array of strings");
          }
          out.add(e.getAsString());
        }
        return List.copyOf(out);
      }
    } catch (JsonParseException e) {
      // answered below
    }
    throw invalidParameter(name, "must be a JSON array of strings, e.g. [\"a\",\"b\"]");
  }

  /**
   * The {@code RegionId} of the call, checked against the emulator's region.
   *
   * @return the region
   * @throws AlibabaApiError {@code InvalidRegionId.NotFound} (404) for another region
   */
  public String regionId() {
    String region = optional("RegionId").orElse(state.region());
    if (!region.equals(state.region())) {
      throw AlibabaApiError.notFound("InvalidRegionId.NotFound",
          "The specified RegionId does not exist. This emulator serves " + state.region() + ".");
    }
    return region;
  }

  /**
   * The error Alibaba answers for a parameter with a bad value.
   *
   * @param name the parameter
   * @param why what is wrong with it
   * @return {@code InvalidParameter} (400) naming the parameter
   */
  public static AlibabaApiError invalidParameter(String name, String why) {
    return AlibabaApiError.invalid("InvalidParameter", "The specified parameter \"" + name + "\" is not valid: "
        + why + ".");
  }

  private static Integer index(String text) {
    if (text.isEmpty() || text.length() > 6) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return null;
      }
    }
    return Integer.valueOf(text);
  }
}

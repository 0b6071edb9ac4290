package dev.ccm4j.provider.huawei.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The cluster-wide load balancer defaults of the original CCM's {@code loadbalancer-config} ConfigMap: its data
 * keys {@code loadBalancerOption}, {@code networkingOption} and {@code metadataOption} each hold a JSON object.
 * A Service annotation, when present, wins over the value here.
 *
 * <p>{@code loadBalancerOption}: {@code lb-algorithm} (default {@value #DEFAULT_LB_ALGORITHM}), {@code lb-provider}
 * (default {@value #DEFAULT_LB_PROVIDER}), {@code keep-eip}, {@code enable-cross-vpc}, {@code l4-flavor-id},
 * {@code l7-flavor-id}, {@code session-affinity-flag}, {@code session-affinity-option},
 * {@code enable-transparent-client-ip}, {@code idle-timeout}, {@code request-timeout}, {@code response-timeout},
 * {@code health-check-flag}, {@code health-check-option}, {@code disable-create-security-group} (accepted; the
 * original no longer acts on it either), {@code loadbalancer-class}, {@code business-name} and {@code primary-nic}
 * ({@code force}). {@code networkingOption}: {@code public-network-name} and {@code internal-network-name}, arrays
 * of NIC names. {@code metadataOption}: {@code search-order} (accepted, unused). Booleans and numbers are also
 * accepted as JSON strings ({@code "true"}, {@code "60"}), as hand-written ConfigMaps often have them.
 *
 * <p>Immutable.
 */
public final class LoadBalancerConfig {
  /** ConfigMap data key of the load balancer options. */
  public static final String LOAD_BALANCER_OPTION = "loadBalancerOption";
  /** ConfigMap data key of the networking options. */
  public static final String NETWORKING_OPTION = "networkingOption";
  /** ConfigMap data key of the metadata options. */
  public static final String METADATA_OPTION = "metadataOption";
  /** Default of {@code lb-algorithm}. */
  public static final String DEFAULT_LB_ALGORITHM = "ROUND_ROBIN";
  /** Default of {@code lb-provider}. */
  public static final String DEFAULT_LB_PROVIDER = "vlb";

  private static final LoadBalancerConfig DEFAULTS = new LoadBalancerConfig(new JsonObject(), new JsonObject());

  private final String lbAlgorithm;
  private final String lbProvider;
  private final boolean keepEip;
  private final boolean enableCrossVpc;
  private final Optional<String> l4FlavorId;
  private final Optional<String> l7FlavorId;
  private final String sessionAffinityFlag;
  private final Optional<JsonObject> sessionAffinityOption;
  private final boolean enableTransparentClientIp;
  private final OptionalInt idleTimeout;
  private final OptionalInt requestTimeout;
  private final OptionalInt responseTimeout;
  private final String healthCheckFlag;
  private final Optional<JsonObject> healthCheckOption;
  private final Optional<String> loadBalancerClass;
  private final Optional<String> businessName;
  private final boolean primaryNicForce;
  private final List<String> publicNetworkNames;
  private final List<String> internalNetworkNames;

  private LoadBalancerConfig(JsonObject lb, JsonObject net) {
    String k = LOAD_BALANCER_OPTION;
    this.lbAlgorithm = string(lb, k, "lb-algorithm").orElse(DEFAULT_LB_ALGORITHM);
    this.lbProvider = string(lb, k, "lb-provider").orElse(DEFAULT_LB_PROVIDER);
    this.keepEip = bool(lb, k, "keep-eip");
    this.enableCrossVpc = bool(lb, k, "enable-cross-vpc");
    this.l4FlavorId = string(lb, k, "l4-flavor-id");
    this.l7FlavorId = string(lb, k, "l7-flavor-id");
    this.sessionAffinityFlag = string(lb, k, "session-affinity-flag").orElse("");
    this.sessionAffinityOption = object(lb, k, "session-affinity-option");
    this.enableTransparentClientIp = bool(lb, k, "enable-transparent-client-ip");
    this.idleTimeout = integer(lb, k, "idle-timeout");
    this.requestTimeout = integer(lb, k, "request-timeout");
    this.responseTimeout = integer(lb, k, "response-timeout");
    this.healthCheckFlag = string(lb, k, "health-check-flag").orElse("");
    this.healthCheckOption = object(lb, k, "health-check-option");
    bool(lb, k, "disable-create-security-group");
    this.loadBalancerClass = string(lb, k, "loadbalancer-class");
    this.businessName = string(lb, k, "business-name");
    this.primaryNicForce = string(lb, k, "primary-nic").map(v -> v.equalsIgnoreCase("force")).orElse(false);
    this.publicNetworkNames = strings(net, NETWORKING_OPTION, "public-network-name");
    this.internalNetworkNames = strings(net, NETWORKING_OPTION, "internal-network-name");
  }

  /**
   * The configuration of a cluster without a {@code loadbalancer-config} ConfigMap.
   *
   * @return the defaults
   */
  public static LoadBalancerConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Parses the ConfigMap's data.
   *
   * @param data the ConfigMap data; missing keys take the defaults
   * @return the configuration
   * @throws IllegalArgumentException naming the data key and option at fault, never its value
   */
  public static LoadBalancerConfig parse(Map<String, String> data) {
    Objects.requireNonNull(data, "data");
    JsonObject lb = document(data, LOAD_BALANCER_OPTION);
    JsonObject net = document(data, NETWORKING_OPTION);
    JsonObject md = document(data, METADATA_OPTION);
    string(md, METADATA_OPTION, "search-order");
    return new LoadBalancerConfig(lb, net);
  }

  private static JsonObject document(Map<String, String> data, String key) {
    String text = data.get(key);
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    JsonElement e;
    try {
      e = JsonParser.parseString(text);
    } catch (RuntimeException ex) {
      // the parser's message may quote the text
      throw new IllegalArgumentException("loadbalancer-config key " + key + " is not valid JSON");
    }
    if (e.isJsonNull()) {
      return new JsonObject();
    }
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("loadbalancer-config key " + key + " must be a JSON object");
    }
    return e.getAsJsonObject();
  }

  private static IllegalArgumentException bad(String key, String option, String expected) {
    return new IllegalArgumentException("loadbalancer-config key " + key + ": option " + option + " must be "
        + expected);
  }

  private static Optional<JsonElement> member(JsonObject o, String option) {
    JsonElement e = o.get(option);
    return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e);
  }

  private static Optional<String> string(JsonObject o, String key, String option) {
    Optional<JsonElement> e = member(o, option);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (!e.get().isJsonPrimitive()) {
      throw bad(key, option, "a string");
    }
    String s = e.get().getAsString().strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static boolean bool(JsonObject o, String key, String option) {
    Optional<JsonElement> e = member(o, option);
    if (e.isEmpty()) {
      return false;
    }
    if (e.get().isJsonPrimitive()) {
      JsonPrimitive p = e.get().getAsJsonPrimitive();
      if (p.isBoolean()) {
        return p.getAsBoolean();
      }
      String s = p.getAsString().strip().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return s.equals("true");
      }
      if (s.isEmpty()) {
        return false;
      }
    }
    throw bad(key, option, "true or false");
  }

  private static OptionalInt integer(JsonObject o, String key, String option) {
    Optional<JsonElement> e = member(o, option);
    if (e.isEmpty()) {
      return OptionalInt.empty();
    }
    if (e.get().isJsonPrimitive() && !e.get().getAsJsonPrimitive().isBoolean()) {
      String s = e.get().getAsString().strip();
      if (s.isEmpty()) {
        return OptionalInt.empty();
      }
      try {
        int v = Integer.parseInt(s);
        if (v >= 0) {
          return OptionalInt.of(v);
        }
      } catch (NumberFormatException ex) {
        // reported below
      }
    }
    throw bad(key, option, "a whole number of seconds, 0 or more");
  }

  private static Optional<JsonObject> object(JsonObject o, String key, String option) {
    Optional<JsonElement> e = member(o, option);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (e.get().isJsonObject()) {
      return Optional.of(e.get().getAsJsonObject().deepCopy());
    }
    // some hand-written ConfigMaps nest the option as a JSON string
    if (e.get().isJsonPrimitive() && e.get().getAsJsonPrimitive().isString()) {
      String s = e.get().getAsString().strip();
      if (s.isEmpty()) {
        return Optional.empty();
      }
      try {
        JsonElement inner = JsonParser.parseString(s);
        if (inner.isJsonObject()) {
          return Optional.of(inner.getAsJsonObject());
        }
      } catch (RuntimeException ex) {
        // reported below
      }
    }
    throw bad(key, option, "a JSON object");
  }

  private static List<String> strings(JsonObject o, String key, String option) {
    Optional<JsonElement> e = member(o, option);
    if (e.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (e.get().isJsonArray()) {
      JsonArray a = e.get().getAsJsonArray();
      for (JsonElement x : a) {
        if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
          throw bad(key, option, "an array of strings");
        }
        if (!x.getAsString().isBlank()) {
          out.add(x.getAsString().strip());
        }
      }
      return List.copyOf(out);
    }
    throw bad(key, option, "an array of strings");
  }

  /**
   * Default {@code lb-algorithm}.
   *
   * @return {@code ROUND_ROBIN}, {@code LEAST_CONNECTIONS} or {@code SOURCE_IP} (not validated here)
   */
  public String lbAlgorithm() {
    return lbAlgorithm;
  }

  /**
   * Default {@code lb-provider}.
   *
   * @return the provider, {@value #DEFAULT_LB_PROVIDER} by default
   */
  public String lbProvider() {
    return lbProvider;
  }

  /**
   * Default {@code keep-eip}.
   *
   * @return whether an EIP is kept when its load balancer is deleted
   */
  public boolean keepEip() {
    return keepEip;
  }

  /**
   * Default {@code enable-cross-vpc} (dedicated ELB {@code ip_target_enable}).
   *
   * @return the flag
   */
  public boolean enableCrossVpc() {
    return enableCrossVpc;
  }

  /**
   * Default {@code l4-flavor-id} of dedicated ELBs.
   *
   * @return the flavor id, or empty
   */
  public Optional<String> l4FlavorId() {
    return l4FlavorId;
  }

  /**
   * Default {@code l7-flavor-id} of dedicated ELBs.
   *
   * @return the flavor id, or empty
   */
  public Optional<String> l7FlavorId() {
    return l7FlavorId;
  }

  /**
   * Default {@code session-affinity-flag}.
   *
   * @return {@code on}, {@code off} or {@code ""} when unset (not validated here)
   */
  public String sessionAffinityFlag() {
    return sessionAffinityFlag;
  }

  /**
   * Default {@code session-affinity-option}, {@code {type, cookie_name, persistence_timeout}}.
   *
   * @return a copy of the object, or empty
   */
  public Optional<JsonObject> sessionAffinityOption() {
    return sessionAffinityOption.map(JsonObject::deepCopy);
  }

  /**
   * Default {@code enable-transparent-client-ip}.
   *
   * @return the flag
   */
  public boolean enableTransparentClientIp() {
    return enableTransparentClientIp;
  }

  /**
   * Default {@code idle-timeout}, in seconds.
   *
   * @return the timeout, or empty
   */
  public OptionalInt idleTimeout() {
    return idleTimeout;
  }

  /**
   * Default {@code request-timeout}, in seconds.
   *
   * @return the timeout, or empty
   */
  public OptionalInt requestTimeout() {
    return requestTimeout;
  }

  /**
   * Default {@code response-timeout}, in seconds.
   *
   * @return the timeout, or empty
   */
  public OptionalInt responseTimeout() {
    return responseTimeout;
  }

  /**
   * Default {@code health-check-flag}.
   *
   * @return {@code on}, {@code off} or {@code ""} when unset (which means on)
   */
  public String healthCheckFlag() {
    return healthCheckFlag;
  }

  /**
   * Default {@code health-check-option}, {@code {enable, delay, timeout, max_retries, protocol, path}}.
   *
   * @return a copy of the object, or empty
   */
  public Optional<JsonObject> healthCheckOption() {
    return healthCheckOption.map(JsonObject::deepCopy);
  }

  /**
   * {@code loadbalancer-class}: when set, only Services of that load balancer class are served.
   *
   * @return the class, or empty
   */
  public Optional<String> loadBalancerClass() {
    return loadBalancerClass;
  }

  /**
   * {@code business-name}, which replaces the cluster name in ELB names.
   *
   * @return the name, or empty
   */
  public Optional<String> businessName() {
    return businessName;
  }

  /**
   * Whether {@code primary-nic} is {@code force}: members use the primary NIC's address only.
   *
   * @return the flag
   */
  public boolean primaryNicForce() {
    return primaryNicForce;
  }

  /**
   * {@code public-network-name}: NIC names whose addresses are ExternalIP.
   *
   * @return the names, possibly empty
   */
  public List<String> publicNetworkNames() {
    return publicNetworkNames;
  }

  /**
   * {@code internal-network-name}: when not empty, only these NICs give InternalIP addresses.
   *
   * @return the names, possibly empty
   */
  public List<String> internalNetworkNames() {
    return internalNetworkNames;
  }

  @Override
  public String toString() {
    return "LoadBalancerConfig{lbAlgorithm=" + lbAlgorithm + ", lbProvider=" + lbProvider + ", keepEip=" + keepEip
        + ", loadBalancerClass=" + loadBalancerClass.orElse("") + ", businessName=" + businessName.orElse("")
        + "}";
  }
}

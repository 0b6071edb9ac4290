package dev.ccm4j.provider.local;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The local provider's cloud-config, parsed and validated. Every section is optional; an empty file means all
 * defaults. YAML and JSON are both accepted (JSON is read as YAML).
 *
 * <pre>{@code
 * zone: local-a            # defaults for nodes without their own value or topology labels
 * region: local
 * instanceType: local
 * nodes:
 *   worker-1:
 *     zone: local-b
 *     instanceType: big
 *     addresses: ["10.0.0.5", {type: ExternalIP, address: 192.0.2.5}]
 *     state: running       # running | shutdown | terminated
 * loadBalancer:
 *   addressPool: ["127.0.0.100-127.0.0.200"]   # or one string; CIDRs, ranges or addresses
 *   healthCheckInterval: 3 # seconds
 *   drainTimeout: 10       # seconds
 * }</pre>
 *
 * <p>Errors name the source and the field, never the value.
 *
 * @param zone the default zone
 * @param region the default region
 * @param instanceType the default instance type
 * @param nodes per-node settings by node name
 * @param loadBalancer the load balancer settings
 */
public record LocalConfig(
    Optional<String> zone,
    Optional<String> region,
    Optional<String> instanceType,
    Map<String, NodeSettings> nodes,
    LoadBalancerSettings loadBalancer) {
  private static final Set<String> TOP = Set.of("zone", "region", "instanceType", "nodes", "loadBalancer");
  private static final Set<String> NODE = Set.of("zone", "region", "instanceType", "addresses", "state");
  private static final Set<String> ADDRESS = Set.of("type", "address");
  private static final Set<String> LB = Set.of("addressPool", "healthCheckInterval", "drainTimeout");
  private static final Set<String> ADDRESS_TYPES = Set.of("InternalIP", "ExternalIP", "Hostname", "InternalDNS",
      "ExternalDNS");

  /** Checks for nulls and copies the node map. */
  public LocalConfig {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(instanceType, "instanceType");
    nodes = Map.copyOf(Objects.requireNonNull(nodes, "nodes"));
    Objects.requireNonNull(loadBalancer, "loadBalancer");
  }

  /**
   * A config with every default.
   *
   * @return the config
   */
  public static LocalConfig defaults() {
    return new LocalConfig(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        LoadBalancerSettings.defaults());
  }

  /**
   * Parses and validates a cloud-config.
   *
   * @param config the raw config; may be empty
   * @return the parsed config
   * @throws CloudConfigException naming the source and the field at fault
   */
  public static LocalConfig parse(CloudConfig config) {
    if (config.isEmpty() || config.text().isBlank()) {
      return defaults();
    }
    Object tree = config.yamlTree();
    if (tree == null) {
      return defaults();
    }
    return new Parser(config.source()).top(tree);
  }

  /** Walks the YAML tree so that every error can name its field. */
  private static final class Parser {
    private final String source;

    Parser(String source) {
      this.source = source;
    }

    LocalConfig top(Object tree) {
      Map<String, Object> root = map(tree, "(top level)", TOP);
      Map<String, NodeSettings> nodes = new LinkedHashMap<>();
      Object rawNodes = root.get("nodes");
      if (rawNodes != null) {
        for (Map.Entry<String, Object> e : map(rawNodes, "nodes", null).entrySet()) {
          String field = "nodes." + e.getKey();
          if (e.getKey().isBlank()) {
            throw fail("nodes", "node name is empty");
          }
          nodes.put(e.getKey(), node(e.getValue(), field));
        }
      }
      Object rawLb = root.get("loadBalancer");
      return new LocalConfig(string(root, "zone", "zone"), string(root, "region", "region"),
          string(root, "instanceType", "instanceType"), nodes,
          rawLb == null ? LoadBalancerSettings.defaults() : loadBalancer(rawLb));
    }

    private NodeSettings node(Object raw, String field) {
      if (raw == null) {
        return new NodeSettings(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
      }
      Map<String, Object> m = map(raw, field, NODE);
      List<V1NodeAddress> addresses = new ArrayList<>();
      Object rawAddresses = m.get("addresses");
      if (rawAddresses != null) {
        List<?> list = list(rawAddresses, field + ".addresses");
        for (int i = 0; i < list.size(); i++) {
          addresses.add(address(list.get(i), field + ".addresses[" + i + "]"));
        }
      }
      Optional<InstanceState> state = string(m, "state", field + ".state").map(s -> {
        try {
          return InstanceState.parse(s);
        } catch (IllegalArgumentException e) {
          // InstanceState's message quotes the value
          throw fail(field + ".state", "expected one of running, shutdown, terminated");
        }
      });
      return new NodeSettings(string(m, "zone", field + ".zone"), string(m, "region", field + ".region"),
          string(m, "instanceType", field + ".instanceType"), addresses, state);
    }

    private V1NodeAddress address(Object raw, String field) {
      if (raw instanceof String s) {
        return new V1NodeAddress().type("InternalIP").address(ip(s, field));
      }
      Map<String, Object> m = map(raw, field, ADDRESS);
      String type = string(m, "type", field + ".type").orElse("InternalIP");
      if (!ADDRESS_TYPES.contains(type)) {
        throw fail(field + ".type", "expected one of " + String.join(", ", ADDRESS_TYPES.stream().sorted().toList()));
      }
      String address = string(m, "address", field + ".address")
          .orElseThrow(() -> fail(field + ".address", "is required"));
      boolean isIp = type.endsWith("IP");
      return new V1NodeAddress().type(type).address(isIp ? ip(address, field + ".address") : address);
    }

    private String ip(String s, String field) {
      try {
        IpRange r = IpRange.parse(s);
        if (!r.first().equals(r.last()) || s.contains("/")) {
          throw fail(field, "expected a single IP address, not a CIDR or range");
        }
        return r.first().getHostAddress();
      } catch (IllegalArgumentException e) {
        throw fail(field, "is not an IP address");
      }
    }

    private LoadBalancerSettings loadBalancer(Object raw) {
      Map<String, Object> m = map(raw, "loadBalancer", LB);
      List<IpRange> pool = new ArrayList<>();
      Object rawPool = m.get("addressPool");
      if (rawPool == null) {
        pool.addAll(LoadBalancerSettings.defaults().addressPool());
      } else if (rawPool instanceof String s) {
        pool.add(range(s, "loadBalancer.addressPool"));
      } else {
        List<?> list = list(rawPool, "loadBalancer.addressPool");
        if (list.isEmpty()) {
          throw fail("loadBalancer.addressPool", "is empty");
        }
        for (int i = 0; i < list.size(); i++) {
          String f = "loadBalancer.addressPool[" + i + "]";
          if (!(list.get(i) instanceof String s)) {
            throw fail(f, "expected a CIDR, range or address string");
          }
          pool.add(range(s, f));
        }
      }
      Duration interval = seconds(m, "healthCheckInterval", LoadBalancerSettings.DEFAULT_HEALTH_CHECK_INTERVAL);
      if (interval.isZero()) {
        throw fail("loadBalancer.healthCheckInterval", "must be positive");
      }
      return new LoadBalancerSettings(pool, interval,
          seconds(m, "drainTimeout", LoadBalancerSettings.DEFAULT_DRAIN_TIMEOUT));
    }

    private IpRange range(String s, String field) {
      try {
        return IpRange.parse(s);
      } catch (IllegalArgumentException e) {
        throw fail(field, rangeProblem(e));
      }
    }

    private Duration seconds(Map<String, Object> m, String key, Duration dflt) {
      Object v = m.get(key);
      String field = "loadBalancer." + key;
      if (v == null) {
        return dflt;
      }
      if (!(v instanceof Number n)) {
        throw fail(field, "expected a number of seconds");
      }
      BigDecimal s = new BigDecimal(n.toString());
      if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(86_400)) > 0) {
        throw fail(field, "expected between 0 and 86400 seconds");
      }
      return Duration.ofNanos(s.movePointRight(9).longValue());
    }

    private Map<String, Object> map(Object raw, String field, Set<String> allowed) {
      if (!(raw instanceof Map<?, ?> m)) {
        throw fail(field, "expected a mapping");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (allowed != null && !allowed.contains(key)) {
          throw fail(field.equals("(top level)") ? key : field + "." + key, "unknown field; expected one of "
              + String.join(", ", allowed.stream().sorted().toList()));
        }
        out.put(key, e.getValue());
      }
      return out;
    }

    private List<?> list(Object raw, String field) {
      if (!(raw instanceof List<?> l)) {
        throw fail(field, "expected a list");
      }
      return l;
    }

    private Optional<String> string(Map<String, Object> m, String key, String field) {
      Object v = m.get(key);
      if (v == null) {
        return Optional.empty();
      }
      if (!(v instanceof String s) || s.isBlank()) {
        throw fail(field, "expected a non-empty string");
      }
      return Optional.of(s.strip());
    }

    /** IpRange's complaint cut to fixed text: its messages quote the value. */
    private static String rangeProblem(IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("prefix length")) {
        return "invalid CIDR prefix length";
      }
      if (m.contains("mixes IPv4 and IPv6")) {
        return "the range mixes IPv4 and IPv6";
      }
      if (m.contains("ends before it starts")) {
        return "the range ends before it starts";
      }
      return "is not an IP address, CIDR or range";
    }

    private CloudConfigException fail(String field, String problem) {
      return new CloudConfigException(source + ": field " + field + ": " + problem);
    }
  }
}

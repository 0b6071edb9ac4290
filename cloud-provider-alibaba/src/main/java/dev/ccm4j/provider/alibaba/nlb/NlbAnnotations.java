package dev.ccm4j.provider.alibaba.nlb;

import dev.ccm4j.api.ServiceConfigurationException;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The NLB annotations of one Service, parsed and validated as a whole.
 *
 * <p>Every annotation is read under the prefix {@value #PREFIX} and, for clusters migrating from older Alibaba
 * CCMs, under the legacy prefix {@value #LEGACY_PREFIX}; the new prefix wins when both are set. {@link #parse}
 * checks every annotation before the controller touches the cloud and reports all problems in one
 * {@link ServiceConfigurationException}, each naming the annotation, the value and what is accepted, so the
 * Service owner can fix them in one edit.
 *
 * <p>Values are kept in the cloud API's spelling (for example {@code Internet}, {@code DualStack}, {@code Wrr}),
 * so the controller compares them with what the NLB API returns without translating again. Immutable.
 */
public final class NlbAnnotations {
  /** The current annotation prefix. */
  public static final String PREFIX = "service.beta.kubernetes.io/alibaba-cloud-";
  /** The legacy annotation prefix, still honoured. */
  public static final String LEGACY_PREFIX = "service.beta.kubernetes.io/alicloud-";

  /** Suffix: reuse an existing NLB by id. */
  public static final String LOADBALANCER_ID = "loadbalancer-id";
  /** Suffix: manage listeners on a reused NLB. */
  public static final String FORCE_OVERRIDE_LISTENERS = "loadbalancer-force-override-listeners";
  /** Suffix: keep the NLB when the Service goes. */
  public static final String PRESERVE_LB_ON_DELETE = "loadbalancer-preserve-lb-on-delete";
  /** Suffix: NLB name. */
  public static final String NAME = "loadbalancer-name";
  /** Suffix: {@code internet} or {@code intranet}. */
  public static final String ADDRESS_TYPE = "loadbalancer-address-type";
  /** Suffix: {@code ipv4} or {@code dualstack}. */
  public static final String IP_VERSION = "loadbalancer-ip-version";
  /** Suffix: IPv6 address type of a dual-stack NLB. */
  public static final String IPV6_ADDRESS_TYPE = "loadbalancer-ipv6-address-type";
  /** Suffix: {@code zone:vsw[:ipv4[:eip-allocation-id]]} list. */
  public static final String ZONE_MAPS = "loadbalancer-zone-maps";
  /** Suffix: security group ids. */
  public static final String SECURITY_GROUP_IDS = "loadbalancer-security-group-ids";
  /** Suffix: common bandwidth package id. */
  public static final String BANDWIDTH_PACKAGE_ID = "loadbalancer-bandwidth-package-id";
  /** Suffix: cross-zone load balancing on or off. */
  public static final String CROSS_ZONE_ENABLED = "loadbalancer-cross-zone-enabled";
  /** Suffix: resource group of new NLBs and server groups. */
  public static final String RESOURCE_GROUP_ID = "loadbalancer-resource-group-id";
  /** Suffix: extra tags {@code k1=v1,k2=v2}. */
  public static final String ADDITIONAL_TAGS = "loadbalancer-additional-resource-tags";
  /** Suffix: deletion protection on or off. */
  public static final String DELETE_PROTECTION = "loadbalancer-delete-protection";
  /** Suffix: {@code ConsoleProtection} or {@code NonProtection}. */
  public static final String MODIFICATION_PROTECTION = "loadbalancer-modification-protection";
  /** Suffix: listener protocol per port, {@code tcpssl:443,udp:53}. */
  public static final String PROTOCOL_PORT = "loadbalancer-protocol-port";
  /** Suffix: listener port range per Service port, {@code 1000-2000:80}. */
  public static final String LISTENER_PORT_RANGE = "loadbalancer-listener-port-range";
  /** Suffix: server certificate ids of TCPSSL listeners. */
  public static final String CERT_ID = "loadbalancer-cert-id";
  /** Suffix: additional server certificate ids of TCPSSL listeners. */
  public static final String ADDITIONAL_CERT_IDS = "loadbalancer-additional-cert-ids";
  /** Suffix: CA certificate ids of TCPSSL listeners. */
  public static final String CACERT_ID = "loadbalancer-cacert-id";
  /** Suffix: mutual TLS on or off. */
  public static final String CACERT = "loadbalancer-cacert";
  /** Suffix: TLS security policy of TCPSSL listeners. */
  public static final String TLS_CIPHER_POLICY = "loadbalancer-tls-cipher-policy";
  /** Suffix: ALPN on or off. */
  public static final String ALPN = "loadbalancer-alpn";
  /** Suffix: ALPN policy. */
  public static final String ALPN_POLICY = "loadbalancer-alpn-policy";
  /** Suffix: new connections per second limit of a listener. */
  public static final String CPS = "loadbalancer-cps";
  /** Suffix: listener idle timeout in seconds. */
  public static final String IDLE_TIMEOUT = "loadbalancer-idle-timeout";
  /** Suffix: proxy protocol on or off. */
  public static final String PROXY_PROTOCOL = "loadbalancer-proxy-protocol";
  /** Suffix: proxy protocol v2 carries the PrivateLink endpoint id. */
  public static final String PPV2_EP_ID = "loadbalancer-ppv2-pvl-ep-id-enabled";
  /** Suffix: proxy protocol v2 carries the PrivateLink endpoint service id. */
  public static final String PPV2_EPS_ID = "loadbalancer-ppv2-pvl-eps-id-enabled";
  /** Suffix: proxy protocol v2 carries the VPC id. */
  public static final String PPV2_VPC_ID = "loadbalancer-ppv2-pvl-vpc-id-enabled";
  /** Suffix: scheduler of the server groups. */
  public static final String SCHEDULER = "loadbalancer-scheduler";
  /** Suffix: {@code Instance} or {@code Ip} server groups. */
  public static final String SERVER_GROUP_TYPE = "loadbalancer-server-group-type";
  /** Suffix: preserve client IP on or off. */
  public static final String PRESERVE_CLIENT_IP = "loadbalancer-preserve-client-ip";
  /** Suffix: connection drain on or off. */
  public static final String CONNECTION_DRAIN = "loadbalancer-connection-drain";
  /** Suffix: connection drain timeout in seconds. */
  public static final String CONNECTION_DRAIN_TIMEOUT = "loadbalancer-connection-drain-timeout";
  /** Suffix: health check on or off. */
  public static final String HEALTH_CHECK_FLAG = "loadbalancer-health-check-flag";
  /** Suffix: {@code tcp} or {@code http} health check. */
  public static final String HEALTH_CHECK_TYPE = "loadbalancer-health-check-type";
  /** Suffix: health check port. */
  public static final String HEALTH_CHECK_CONNECT_PORT = "loadbalancer-health-check-connect-port";
  /** Suffix: healthy threshold. */
  public static final String HEALTHY_THRESHOLD = "loadbalancer-healthy-threshold";
  /** Suffix: unhealthy threshold. */
  public static final String UNHEALTHY_THRESHOLD = "loadbalancer-unhealthy-threshold";
  /** Suffix: health check connect timeout. */
  public static final String HEALTH_CHECK_CONNECT_TIMEOUT = "loadbalancer-health-check-connect-timeout";
  /** Suffix: health check interval. */
  public static final String HEALTH_CHECK_INTERVAL = "loadbalancer-health-check-interval";
  /** Suffix: HTTP health check path. */
  public static final String HEALTH_CHECK_URI = "loadbalancer-health-check-uri";
  /** Suffix: HTTP health check domain. */
  public static final String HEALTH_CHECK_DOMAIN = "loadbalancer-health-check-domain";
  /** Suffix: HTTP health check codes. */
  public static final String HEALTH_CHECK_HTTP_CODE = "loadbalancer-health-check-httpcode";
  /** Suffix: HTTP health check method. */
  public static final String HEALTH_CHECK_METHOD = "loadbalancer-health-check-method";

  /** Tag key that binds a load balancer to the Service it was created for (value: the default name). */
  public static final String TAG_SERVICE = "kubernetes.do.not.delete";
  /** Tag key that binds a load balancer to the cluster that owns it (value: the ownership cluster id). */
  public static final String TAG_CLUSTER = "ack.aliyun.com";

  private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z\\p{IsHan}][A-Za-z0-9\\p{IsHan}._-]{1,127}");
  private static final Pattern ZONE_PATTERN = Pattern.compile("[a-z0-9-]{2,64}");
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern ID_CHARS = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern DOMAIN = Pattern.compile("\\$_ip|[A-Za-z0-9.-]{1,80}");
  private static final Pattern URI = Pattern.compile("/[A-Za-z0-9$\\-_.+!*'(),/%?#&=:;@~]{0,79}");
  private static final List<String> ON_OFF = List.of("on", "off");
  private static final Map<String, String> SCHEDULERS = orderedMap(
      "wrr", "Wrr", "rr", "rr", "sch", "sch", "tch", "tch", "qch", "qch");
  private static final Map<String, String> ALPN_POLICIES = orderedMap(
      "http1only", "HTTP1Only", "http2only", "HTTP2Only", "http2preferred", "HTTP2Preferred",
      "http2optional", "HTTP2Optional");
  private static final List<String> HTTP_CODES = List.of("http_2xx", "http_3xx", "http_4xx", "http_5xx");
  private static final int MAX_TAGS = 20;

  private final Optional<String> loadBalancerId;
  private final boolean forceOverrideListeners;
  private final boolean preserveOnDelete;
  private final Optional<String> name;
  private final String addressType;
  private final String ipVersion;
  private final Optional<String> ipv6AddressType;
  private final List<ZoneMapping> zoneMappings;
  private final Optional<List<String>> securityGroupIds;
  private final Optional<String> bandwidthPackageId;
  private final Optional<Boolean> crossZoneEnabled;
  private final Optional<String> resourceGroupId;
  private final Map<String, String> additionalTags;
  private final boolean deletionProtection;
  private final String modificationProtection;
  private final List<ListenerSpec> listeners;
  private final ServerGroupSettings serverGroup;

  private NlbAnnotations(Reader r, List<ZoneMapping> zones, List<ListenerSpec> listeners, ServerGroupSettings sg) {
    this.loadBalancerId = r.loadBalancerId;
    this.forceOverrideListeners = r.forceOverrideListeners;
    this.preserveOnDelete = r.preserveOnDelete;
    this.name = r.name;
    this.addressType = r.addressType;
    this.ipVersion = r.ipVersion;
    this.ipv6AddressType = r.ipv6AddressType;
    this.zoneMappings = List.copyOf(zones);
    this.securityGroupIds = r.securityGroupIds.map(List::copyOf);
    this.bandwidthPackageId = r.bandwidthPackageId;
    this.crossZoneEnabled = r.crossZoneEnabled;
    this.resourceGroupId = r.resourceGroupId;
    this.additionalTags = Collections.unmodifiableMap(new LinkedHashMap<>(r.additionalTags));
    this.deletionProtection = r.deletionProtection;
    this.modificationProtection = r.modificationProtection;
    this.listeners = List.copyOf(listeners);
    this.serverGroup = sg;
  }

  /**
   * Parses and validates the NLB annotations of {@code service}.
   *
   * @param service the Service, read-only
   * @param configuredVSwitches the cloud-config's vSwitch per zone ({@code vswitchid: zone:vsw,...}); used as the
   *     zone mappings when the Service has no {@code zone-maps} annotation; may be empty
   * @param defaultResourceGroup the cloud-config's {@code resourceGroupID}, or null
   * @return the parsed annotations
   * @throws ServiceConfigurationException listing every invalid annotation, naming it, its value and the accepted
   *     values; nothing in the cloud may be changed for such a Service
   */
  public static NlbAnnotations parse(V1Service service, Map<String, String> configuredVSwitches,
      String defaultResourceGroup) {
    Objects.requireNonNull(service, "service");
    Map<String, String> annotations = service.getMetadata() == null || service.getMetadata().getAnnotations() == null
        ? Map.of() : service.getMetadata().getAnnotations();
    Reader r = new Reader(annotations);
    r.readLoadBalancer(defaultResourceGroup);
    List<ZoneMapping> zones = r.zoneMappings(configuredVSwitches == null ? Map.of() : configuredVSwitches);
    List<V1ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
        ? List.of() : service.getSpec().getPorts();
    List<ListenerSpec> listeners = r.listeners(ports);
    ServerGroupSettings sg = r.serverGroup();
    if (!r.problems.isEmpty()) {
      String ref = service.getMetadata() == null ? "?" : service.getMetadata().getNamespace() + "/"
          + service.getMetadata().getName();
      throw new ServiceConfigurationException("invalid NLB configuration of service " + ref + ": "
          + String.join("; ", r.problems));
    }
    return new NlbAnnotations(r, zones, listeners, sg);
  }

  /**
   * The NLB to reuse instead of creating one.
   *
   * @return the id from {@code loadbalancer-id}, or empty
   */
  public Optional<String> loadBalancerId() {
    return loadBalancerId;
  }

  /**
   * Whether listeners of a reused NLB are managed.
   *
   * @return true when {@code force-override-listeners} is {@code true}
   */
  public boolean forceOverrideListeners() {
    return forceOverrideListeners;
  }

  /**
   * Whether the NLB outlives the Service.
   *
   * @return true when {@code preserve-lb-on-delete} has any non-empty value
   */
  public boolean preserveOnDelete() {
    return preserveOnDelete;
  }

  /**
   * The requested NLB name.
   *
   * @return the name, or empty for the default
   */
  public Optional<String> name() {
    return name;
  }

  /**
   * The address type in API spelling.
   *
   * @return {@code Internet} (default) or {@code Intranet}
   */
  public String addressType() {
    return addressType;
  }

  /**
   * The IP version in API spelling.
   *
   * @return {@code ipv4} (default) or {@code DualStack}
   */
  public String ipVersion() {
    return ipVersion;
  }

  /**
   * The IPv6 address type of a dual-stack NLB, in API spelling.
   *
   * @return {@code Internet} or {@code Intranet}, or empty
   */
  public Optional<String> ipv6AddressType() {
    return ipv6AddressType;
  }

  /**
   * The zone mappings, at least two zones, from the annotation or else the cloud-config.
   *
   * @return the mappings in the order given; empty only for a reused NLB without the annotation
   */
  public List<ZoneMapping> zoneMappings() {
    return zoneMappings;
  }

  /**
   * The security groups the NLB must be in.
   *
   * @return the ids (possibly empty: none) when the annotation is set, otherwise empty (leave as is)
   */
  public Optional<List<String>> securityGroupIds() {
    return securityGroupIds;
  }

  /**
   * The common bandwidth package.
   *
   * @return the id, or empty
   */
  public Optional<String> bandwidthPackageId() {
    return bandwidthPackageId;
  }

  /**
   * Cross-zone load balancing.
   *
   * @return the requested setting, or empty to leave the cloud's
   */
  public Optional<Boolean> crossZoneEnabled() {
    return crossZoneEnabled;
  }

  /**
   * The resource group of new resources.
   *
   * @return the annotation's id, else the cloud-config's, or empty
   */
  public Optional<String> resourceGroupId() {
    return resourceGroupId;
  }

  /**
   * The additional tags, in the order given.
   *
   * @return key to value (a value may be empty)
   */
  public Map<String, String> additionalTags() {
    return additionalTags;
  }

  /**
   * Deletion protection of new NLBs.
   *
   * @return true unless {@code delete-protection: off}
   */
  public boolean deletionProtection() {
    return deletionProtection;
  }

  /**
   * Modification protection of new NLBs.
   *
   * @return {@code ConsoleProtection} (default) or {@code NonProtection}
   */
  public String modificationProtection() {
    return modificationProtection;
  }

  /**
   * One listener per Service port, in the order of the Service's ports.
   *
   * @return the listener specifications
   */
  public List<ListenerSpec> listeners() {
    return listeners;
  }

  /**
   * The settings shared by every server group of the Service.
   *
   * @return the server group settings
   */
  public ServerGroupSettings serverGroup() {
    return serverGroup;
  }

  /**
   * One zone of the NLB.
   *
   * @param zoneId the zone, for example {@code cn-hangzhou-k}
   * @param vSwitchId the vSwitch in that zone
   * @param privateIpv4 the requested private address, or empty
   * @param allocationId the EIP allocation id for an internet NLB, or empty
   */
  public record ZoneMapping(String zoneId, String vSwitchId, Optional<String> privateIpv4,
      Optional<String> allocationId) {
    /** Checks the fields. */
    public ZoneMapping {
      Objects.requireNonNull(zoneId, "zoneId");
      Objects.requireNonNull(vSwitchId, "vSwitchId");
      Objects.requireNonNull(privateIpv4, "privateIpv4");
      Objects.requireNonNull(allocationId, "allocationId");
    }
  }

  /**
   * The listener for one Service port.
   *
   * @param servicePort the Service port number, which is the listener port
   * @param nodePort the Service port's node port, 0 when not yet allocated
   * @param protocol {@code TCP}, {@code UDP} or {@code TCPSSL}
   * @param settings the listener attributes shared by all ports
   */
  public record ListenerSpec(int servicePort, int nodePort, String protocol, ListenerSettings settings) {
    /** Checks the fields. */
    public ListenerSpec {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(settings, "settings");
    }

    /**
     * The protocol of the server group behind this listener: TCPSSL terminates TLS and forwards TCP.
     *
     * @return {@code TCP} or {@code UDP}
     */
    public String serverGroupProtocol() {
      return "UDP".equals(protocol) ? "UDP" : "TCP";
    }
  }

  /**
   * Listener attributes; empty values leave the cloud's setting alone.
   *
   * @param certificateIds server certificates (TCPSSL)
   * @param additionalCertificateIds additional server certificates (TCPSSL)
   * @param caCertificateIds CA certificates (TCPSSL)
   * @param caEnabled mutual TLS (TCPSSL)
   * @param securityPolicyId TLS policy (TCPSSL)
   * @param alpnEnabled ALPN (TCPSSL)
   * @param alpnPolicy ALPN policy in API spelling (TCPSSL)
   * @param cps new connections per second limit, 0 = unlimited
   * @param idleTimeout idle timeout in seconds
   * @param proxyProtocol proxy protocol v2
   * @param ppv2EndpointId carry the PrivateLink endpoint id
   * @param ppv2EndpointServiceId carry the PrivateLink endpoint service id
   * @param ppv2VpcId carry the VPC id
   */
  public record ListenerSettings(List<String> certificateIds, List<String> additionalCertificateIds,
      List<String> caCertificateIds, Optional<Boolean> caEnabled, Optional<String> securityPolicyId,
      Optional<Boolean> alpnEnabled, Optional<String> alpnPolicy, Optional<Integer> cps,
      Optional<Integer> idleTimeout, Optional<Boolean> proxyProtocol, Optional<Boolean> ppv2EndpointId,
      Optional<Boolean> ppv2EndpointServiceId, Optional<Boolean> ppv2VpcId) {
    /** Copies the lists. */
    public ListenerSettings {
      certificateIds = List.copyOf(certificateIds);
      additionalCertificateIds = List.copyOf(additionalCertificateIds);
      caCertificateIds = List.copyOf(caCertificateIds);
    }
  }

  /**
   * Server group attributes; empty values leave the cloud's default or setting alone.
   *
   * @param type {@code Instance} (default) or {@code Ip}
   * @param scheduler the scheduler in API spelling
   * @param preserveClientIp preserve the client address
   * @param connectionDrain connection drain
   * @param connectionDrainTimeout drain timeout in seconds
   * @param healthCheck the health check, when {@code health-check-flag} is set
   */
  public record ServerGroupSettings(String type, Optional<String> scheduler, Optional<Boolean> preserveClientIp,
      Optional<Boolean> connectionDrain, Optional<Integer> connectionDrainTimeout,
      Optional<HealthCheck> healthCheck) {
    /** Checks the fields. */
    public ServerGroupSettings {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * A server group health check.
   *
   * @param enabled whether health checks run
   * @param type {@code TCP} or {@code HTTP}, or empty
   * @param connectPort the port probed, 0 = the backend port, or empty
   * @param healthyThreshold successes before healthy
   * @param unhealthyThreshold failures before unhealthy
   * @param connectTimeout probe timeout in seconds
   * @param interval seconds between probes
   * @param uri HTTP path
   * @param domain HTTP host
   * @param httpCodes accepted HTTP code classes
   * @param method {@code GET} or {@code HEAD}
   */
  public record HealthCheck(boolean enabled, Optional<String> type, Optional<Integer> connectPort,
      Optional<Integer> healthyThreshold, Optional<Integer> unhealthyThreshold, Optional<Integer> connectTimeout,
      Optional<Integer> interval, Optional<String> uri, Optional<String> domain, List<String> httpCodes,
      Optional<String> method) {
    /** Copies the list. */
    public HealthCheck {
      httpCodes = List.copyOf(httpCodes);
    }
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Reads annotations and collects every problem instead of stopping at the first. */
  private static final class Reader {
    private final Map<String, String> annotations;
    private final List<String> problems = new ArrayList<>();
    private Optional<String> loadBalancerId = Optional.empty();
    private boolean forceOverrideListeners;
    private boolean preserveOnDelete;
    private Optional<String> name = Optional.empty();
    private String addressType = "Internet";
    private String ipVersion = "ipv4";
    private Optional<String> ipv6AddressType = Optional.empty();
    private Optional<List<String>> securityGroupIds = Optional.empty();
    private Optional<String> bandwidthPackageId = Optional.empty();
    private Optional<Boolean> crossZoneEnabled = Optional.empty();
    private Optional<String> resourceGroupId = Optional.empty();
    private Map<String, String> additionalTags = new LinkedHashMap<>();
    private boolean deletionProtection = true;
    private String modificationProtection = "ConsoleProtection";

    Reader(Map<String, String> annotations) {
      this.annotations = annotations;
    }

    /** The full key under which the suffix is set (new prefix first), or the new-prefix key when unset. */
    String key(String suffix) {
      if (annotations.containsKey(PREFIX + suffix) || !annotations.containsKey(LEGACY_PREFIX + suffix)) {
        return PREFIX + suffix;
      }
      return LEGACY_PREFIX + suffix;
    }

    Optional<String> raw(String suffix) {
      String v = annotations.get(key(suffix));
      if (v == null) {
        return Optional.empty();
      }
      String t = v.trim();
      // an empty annotation counts as not set, as upstream reads it and as the CLB side does (templated manifests
      // render unset values empty); only an empty security group list has a meaning of its own: none
      return t.isEmpty() && !suffix.equals(SECURITY_GROUP_IDS) ? Optional.empty() : Optional.of(t);
    }

    boolean has(String suffix) {
      return raw(suffix).isPresent();
    }

    void problem(String suffix, String value, String expected) {
      problems.add(key(suffix) + ": \"" + value + "\" " + expected);
    }

    Optional<String> choice(String suffix, Map<String, String> accepted) {
      Optional<String> v = raw(suffix);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      String mapped = accepted.get(v.get().toLowerCase(Locale.ROOT));
      if (mapped == null) {
        problem(suffix, v.get(), "is not one of " + String.join(", ", accepted.values()));
        return Optional.empty();
      }
      return Optional.of(mapped);
    }

    Optional<Boolean> onOff(String suffix) {
      Optional<String> v = raw(suffix);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      String s = v.get().toLowerCase(Locale.ROOT);
      if (!ON_OFF.contains(s)) {
        problem(suffix, v.get(), "is not one of on, off");
        return Optional.empty();
      }
      return Optional.of(s.equals("on"));
    }

    Optional<Integer> integer(String suffix, int min, int max) {
      Optional<String> v = raw(suffix);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      try {
        int n = Integer.parseInt(v.get());
        if (n >= min && n <= max) {
          return Optional.of(n);
        }
      } catch (NumberFormatException e) {
        // reported below with the accepted range
      }
      problem(suffix, v.get(), "is not an integer from " + min + " to " + max);
      return Optional.empty();
    }

    Optional<String> id(String suffix, String prefix) {
      Optional<String> v = raw(suffix);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      if (!isId(v.get(), prefix)) {
        problem(suffix, v.get(), "is not a valid id (expected " + prefix + "...)");
        return Optional.empty();
      }
      return v;
    }

    List<String> ids(String suffix, String prefix) {
      Optional<String> v = raw(suffix);
      if (v.isEmpty() || v.get().isEmpty()) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String part : v.get().split(",", -1)) {
        String id = part.trim();
        if (!isId(id, prefix)) {
          problem(suffix, v.get(), "must be a comma-separated list of ids"
              + (prefix.isEmpty() ? "" : " starting with " + prefix) + ", got \"" + id + "\"");
          return List.of();
        }
        out.add(id);
      }
      return List.copyOf(new LinkedHashSet<>(out));
    }

    static boolean isId(String s, String prefix) {
      return s.length() > prefix.length() && s.startsWith(prefix) && ID_CHARS.matcher(s).matches();
    }

    void readLoadBalancer(String defaultResourceGroup) {
      loadBalancerId = id(LOADBALANCER_ID, "nlb-");
      raw(FORCE_OVERRIDE_LISTENERS).ifPresent(v -> {
        if (v.equalsIgnoreCase("true")) {
          forceOverrideListeners = true;
        } else if (!v.equalsIgnoreCase("false")) {
          problem(FORCE_OVERRIDE_LISTENERS, v, "is not one of true, false");
        }
      });
      preserveOnDelete = raw(PRESERVE_LB_ON_DELETE).filter(v -> !v.isEmpty()).isPresent();
      raw(NAME).ifPresent(v -> {
        if (NAME_PATTERN.matcher(v).matches()) {
          name = Optional.of(v);
        } else {
          problem(NAME, v, "is not a valid NLB name (2 to 128 characters: letters, digits, '.', '_' and '-', "
              + "starting with a letter)");
        }
      });
      addressType = choice(ADDRESS_TYPE, orderedMap("internet", "Internet", "intranet", "Intranet"))
          .orElse("Internet");
      ipVersion = choice(IP_VERSION, orderedMap("ipv4", "ipv4", "dualstack", "DualStack")).orElse("ipv4");
      ipv6AddressType = choice(IPV6_ADDRESS_TYPE, orderedMap("internet", "Internet", "intranet", "Intranet"));
      if (ipv6AddressType.isPresent() && !ipVersion.equals("DualStack")) {
        problem(IPV6_ADDRESS_TYPE, raw(IPV6_ADDRESS_TYPE).orElse(""), "needs " + key(IP_VERSION) + ": dualstack");
      }
      if (has(SECURITY_GROUP_IDS)) {
        int before = problems.size();
        List<String> sgs = ids(SECURITY_GROUP_IDS, "sg-");
        if (problems.size() == before) {
          securityGroupIds = Optional.of(sgs);
        }
      }
      bandwidthPackageId = id(BANDWIDTH_PACKAGE_ID, "cbwp-");
      crossZoneEnabled = onOff(CROSS_ZONE_ENABLED);
      resourceGroupId = id(RESOURCE_GROUP_ID, "rg-");
      if (resourceGroupId.isEmpty() && !has(RESOURCE_GROUP_ID) && defaultResourceGroup != null
          && !defaultResourceGroup.isBlank()) {
        resourceGroupId = Optional.of(defaultResourceGroup.trim());
      }
      additionalTags = tags();
      deletionProtection = onOff(DELETE_PROTECTION).orElse(true);
      modificationProtection = choice(MODIFICATION_PROTECTION,
          orderedMap("consoleprotection", "ConsoleProtection", "nonprotection", "NonProtection"))
          .orElse("ConsoleProtection");
    }

    Map<String, String> tags() {
      Optional<String> v = raw(ADDITIONAL_TAGS);
      Map<String, String> out = new LinkedHashMap<>();
      if (v.isEmpty() || v.get().isEmpty()) {
        return out;
      }
      for (String pair : v.get().split(",", -1)) {
        int eq = pair.indexOf('=');
        String k = (eq < 0 ? pair : pair.substring(0, eq)).trim();
        String val = eq < 0 ? "" : pair.substring(eq + 1).trim();
        if (eq < 0 || k.isEmpty() || k.length() > 128 || val.length() > 128) {
          problem(ADDITIONAL_TAGS, v.get(), "must be k1=v1,k2=v2 (keys 1 to 128 characters, values up to 128, "
              + "a value may be empty: key=)");
          return Map.of();
        }
        String lower = k.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aliyun") || lower.startsWith("acs:") || k.equals(TAG_SERVICE)
            || k.equals(TAG_CLUSTER)) {
          problem(ADDITIONAL_TAGS, v.get(), "uses the reserved tag key \"" + k + "\" (keys may not start with "
              + "aliyun or acs:, and " + TAG_SERVICE + " and " + TAG_CLUSTER + " are set by the controller)");
          return Map.of();
        }
        out.put(k, val);
      }
      if (out.size() > MAX_TAGS - 2) {
        problem(ADDITIONAL_TAGS, v.get(), "has " + out.size() + " tags; at most " + (MAX_TAGS - 2)
            + " are allowed next to the controller's own two");
        return Map.of();
      }
      return out;
    }

    List<ZoneMapping> zoneMappings(Map<String, String> configured) {
      Optional<String> v = raw(ZONE_MAPS);
      List<ZoneMapping> out = new ArrayList<>();
      if (v.isEmpty() || v.get().isEmpty()) {
        if (configured.size() >= 2) {
          configured.forEach((z, vsw) -> out.add(new ZoneMapping(z, vsw, Optional.empty(), Optional.empty())));
          return out;
        }
        if (loadBalancerId.isEmpty()) {
          problems.add(key(ZONE_MAPS) + " is required (zone:vsw,zone:vsw with at least two zones) because "
              + "the cloud-config's vswitchid does not name vSwitches in two zones");
        }
        return out;
      }
      Set<String> zones = new LinkedHashSet<>();
      for (String entry : v.get().split(",", -1)) {
        String[] parts = entry.trim().split(":", -1);
        String expected = "must be zone:vsw-id[:private-ipv4[:eip-allocation-id]] entries separated by commas, "
            + "for example cn-hangzhou-k:vsw-aaa,cn-hangzhou-j:vsw-bbb; bad entry \"" + entry.trim() + "\"";
        if (parts.length < 2 || parts.length > 4 || !ZONE_PATTERN.matcher(parts[0]).matches()
            || !isId(parts[1], "vsw-")
            || (parts.length > 2 && !parts[2].isEmpty() && !IPV4.matcher(parts[2]).matches())
            || (parts.length > 3 && !isId(parts[3], "eip-"))) {
          problem(ZONE_MAPS, v.get(), expected);
          return List.of();
        }
        if (!zones.add(parts[0])) {
          problem(ZONE_MAPS, v.get(), "names zone " + parts[0] + " twice; an NLB has one vSwitch per zone");
          return List.of();
        }
        out.add(new ZoneMapping(parts[0], parts[1],
            parts.length > 2 && !parts[2].isEmpty() ? Optional.of(parts[2]) : Optional.empty(),
            parts.length > 3 ? Optional.of(parts[3]) : Optional.empty()));
      }
      if (out.size() < 2) {
        problem(ZONE_MAPS, v.get(), "names " + out.size() + " zone; an NLB needs at least two zones");
        return List.of();
      }
      return out;
    }

    List<ListenerSpec> listeners(List<V1ServicePort> ports) {
      Map<Integer, String> protocolByPort = protocolPort(ports);
      checkPortRanges(ports);
      ListenerSettings settings = listenerSettings();
      List<ListenerSpec> out = new ArrayList<>();
      for (int i = 0; i < ports.size(); i++) {
        V1ServicePort p = ports.get(i);
        String declared = p.getProtocol() == null ? "TCP" : p.getProtocol().toUpperCase(Locale.ROOT);
        if (!declared.equals("TCP") && !declared.equals("UDP")) {
          problems.add("spec.ports[" + i + "].protocol: \"" + p.getProtocol() + "\" is not supported by NLB "
              + "(TCP, UDP; TCPSSL through " + key(PROTOCOL_PORT) + ")");
          continue;
        }
        int port = p.getPort() == null ? 0 : p.getPort();
        String protocol = protocolByPort.getOrDefault(port, declared);
        if (protocol.equals("TCPSSL") && !declared.equals("TCP")) {
          problem(PROTOCOL_PORT, raw(PROTOCOL_PORT).orElse(""), "makes UDP port " + port + " a TCPSSL listener; "
              + "TCPSSL needs a TCP service port");
        }
        out.add(new ListenerSpec(port, p.getNodePort() == null ? 0 : p.getNodePort(), protocol, settings));
      }
      boolean ssl = out.stream().anyMatch(l -> l.protocol().equals("TCPSSL"));
      if (ssl && settings.certificateIds().isEmpty()) {
        problems.add(key(CERT_ID) + " is required: " + key(PROTOCOL_PORT) + " asks for a TCPSSL listener");
      }
      if (!ssl) {
        for (String sslOnly : List.of(CERT_ID, ADDITIONAL_CERT_IDS, CACERT_ID, CACERT, TLS_CIPHER_POLICY, ALPN,
            ALPN_POLICY)) {
          if (has(sslOnly)) {
            problem(sslOnly, raw(sslOnly).get(), "applies to TCPSSL listeners only; set " + key(PROTOCOL_PORT)
                + " to tcpssl:<port>");
          }
        }
      }
      return out;
    }

    Map<Integer, String> protocolPort(List<V1ServicePort> ports) {
      Map<Integer, String> out = new LinkedHashMap<>();
      Optional<String> v = raw(PROTOCOL_PORT);
      if (v.isEmpty() || v.get().isEmpty()) {
        return out;
      }
      for (String entry : v.get().split(",", -1)) {
        String[] pp = entry.trim().split(":", -1);
        String proto = pp.length == 2 ? pp[0].trim().toUpperCase(Locale.ROOT) : "";
        Integer port = pp.length == 2 ? port(pp[1].trim()) : null;
        if (port == null || !(proto.equals("TCP") || proto.equals("UDP") || proto.equals("TCPSSL"))) {
          problem(PROTOCOL_PORT, v.get(), "must be protocol:port entries separated by commas with protocol one "
              + "of tcp, udp, tcpssl, for example tcpssl:443,tcp:80; bad entry \"" + entry.trim() + "\"");
          return Map.of();
        }
        if (ports.stream().noneMatch(p -> port.equals(p.getPort()))) {
          problem(PROTOCOL_PORT, v.get(), "names port " + port + ", which is not a port of this service");
          return Map.of();
        }
        out.put(port, proto);
      }
      return out;
    }

    void checkPortRanges(List<V1ServicePort> ports) {
      Optional<String> v = raw(LISTENER_PORT_RANGE);
      if (v.isEmpty() || v.get().isEmpty()) {
        return;
      }
      for (String entry : v.get().split(",", -1)) {
        String[] pp = entry.trim().split(":", -1);
        String[] se = pp.length == 2 ? pp[0].trim().split("-", -1) : new String[0];
        Integer start = se.length == 2 ? port(se[0].trim()) : null;
        Integer end = se.length == 2 ? port(se[1].trim()) : null;
        Integer port = pp.length == 2 ? port(pp[1].trim()) : null;
        if (start == null || end == null || port == null || start >= end) {
          problem(LISTENER_PORT_RANGE, v.get(), "must be start-end:servicePort entries separated by commas with "
              + "1 <= start < end <= 65535, for example 1000-2000:80; bad entry \"" + entry.trim() + "\"");
          return;
        }
        if (ports.stream().noneMatch(p -> port.equals(p.getPort()))) {
          problem(LISTENER_PORT_RANGE, v.get(), "names port " + port + ", which is not a port of this service");
          return;
        }
      }
      // a port range forwards to the same ports on the backends, which node backends (one NodePort per service
      // port) cannot serve; upstream allows it only for ENI (pod) backends, which this controller does not manage
      problem(LISTENER_PORT_RANGE, v.get(), "needs pod (ENI) backends, which the ccm4j NLB controller does not "
          + "manage; use one listener per service port");
    }

    static Integer port(String s) {
      try {
        int n = Integer.parseInt(s);
        return n >= 1 && n <= 65535 ? n : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }

    ListenerSettings listenerSettings() {
      List<String> certs = ids(CERT_ID, "");
      List<String> extra = ids(ADDITIONAL_CERT_IDS, "");
      List<String> ca = ids(CACERT_ID, "");
      Optional<Boolean> caEnabled = onOff(CACERT);
      if (caEnabled.orElse(false) && ca.isEmpty()) {
        problems.add(key(CACERT) + ": \"on\" needs " + key(CACERT_ID));
      }
      Optional<String> policy = raw(TLS_CIPHER_POLICY);
      if (policy.isPresent() && !isId(policy.get(), "")) {
        problem(TLS_CIPHER_POLICY, policy.get(), "is not a TLS policy id (for example tls_cipher_policy_1_2 or "
            + "tls-xxx)");
        policy = Optional.empty();
      }
      Optional<Boolean> alpn = onOff(ALPN);
      Optional<String> alpnPolicy = choice(ALPN_POLICY, ALPN_POLICIES);
      if (alpn.orElse(false) && alpnPolicy.isEmpty() && !has(ALPN_POLICY)) {
        problems.add(key(ALPN) + ": \"on\" needs " + key(ALPN_POLICY) + " (one of "
            + String.join(", ", ALPN_POLICIES.values()) + ")");
      }
      if (alpnPolicy.isPresent() && !alpn.orElse(false)) {
        problem(ALPN_POLICY, raw(ALPN_POLICY).get(), "needs " + key(ALPN) + ": on");
      }
      Optional<Integer> cps = integer(CPS, 0, 1_000_000);
      Optional<Integer> idle = integer(IDLE_TIMEOUT, 1, 900);
      Optional<Boolean> proxy = onOff(PROXY_PROTOCOL);
      Optional<Boolean> ep = onOff(PPV2_EP_ID);
      Optional<Boolean> eps = onOff(PPV2_EPS_ID);
      Optional<Boolean> vpc = onOff(PPV2_VPC_ID);
      for (String s : List.of(PPV2_EP_ID, PPV2_EPS_ID, PPV2_VPC_ID)) {
        if (has(s) && raw(s).get().equalsIgnoreCase("on") && !proxy.orElse(false)) {
          problem(s, raw(s).get(), "needs " + key(PROXY_PROTOCOL) + ": on");
        }
      }
      return new ListenerSettings(certs, extra, ca, caEnabled, policy, alpn, alpnPolicy, cps, idle, proxy, ep,
          eps, vpc);
    }

    ServerGroupSettings serverGroup() {
      String type = choice(SERVER_GROUP_TYPE, orderedMap("instance", "Instance", "ip", "Ip")).orElse("Instance");
      Optional<String> scheduler = choice(SCHEDULER, SCHEDULERS);
      Optional<Boolean> preserve = onOff(PRESERVE_CLIENT_IP);
      Optional<Boolean> drain = onOff(CONNECTION_DRAIN);
      Optional<Integer> drainTimeout = integer(CONNECTION_DRAIN_TIMEOUT, 10, 900);
      if (drainTimeout.isPresent() && !drain.orElse(false)) {
        problem(CONNECTION_DRAIN_TIMEOUT, raw(CONNECTION_DRAIN_TIMEOUT).get(), "needs " + key(CONNECTION_DRAIN)
            + ": on");
      }
      Optional<Boolean> flag = onOff(HEALTH_CHECK_FLAG);
      Optional<String> hcType = choice(HEALTH_CHECK_TYPE, orderedMap("tcp", "TCP", "http", "HTTP"));
      Optional<Integer> hcPort = integer(HEALTH_CHECK_CONNECT_PORT, 0, 65535);
      Optional<Integer> healthy = integer(HEALTHY_THRESHOLD, 2, 10);
      Optional<Integer> unhealthy = integer(UNHEALTHY_THRESHOLD, 2, 10);
      Optional<Integer> timeout = integer(HEALTH_CHECK_CONNECT_TIMEOUT, 1, 300);
      Optional<Integer> interval = integer(HEALTH_CHECK_INTERVAL, 1, 50);
      Optional<String> uri = raw(HEALTH_CHECK_URI);
      if (uri.isPresent() && !URI.matcher(uri.get()).matches()) {
        problem(HEALTH_CHECK_URI, uri.get(), "is not a path starting with / of at most 80 characters");
        uri = Optional.empty();
      }
      Optional<String> domain = raw(HEALTH_CHECK_DOMAIN);
      if (domain.isPresent() && !DOMAIN.matcher(domain.get()).matches()) {
        problem(HEALTH_CHECK_DOMAIN, domain.get(), "is not $_ip or a domain name of at most 80 characters");
        domain = Optional.empty();
      }
      List<String> codes = new ArrayList<>();
      raw(HEALTH_CHECK_HTTP_CODE).ifPresent(v -> {
        for (String c : v.split(",", -1)) {
          String code = c.trim().toLowerCase(Locale.ROOT);
          if (!HTTP_CODES.contains(code)) {
            problem(HEALTH_CHECK_HTTP_CODE, v, "must be a comma-separated list of " + String.join(", ", HTTP_CODES));
            codes.clear();
            return;
          }
          codes.add(code);
        }
      });
      Optional<String> method = choice(HEALTH_CHECK_METHOD, orderedMap("get", "GET", "head", "HEAD"));
      boolean anyDetail = hcType.isPresent() || hcPort.isPresent() || healthy.isPresent() || unhealthy.isPresent()
          || timeout.isPresent() || interval.isPresent() || uri.isPresent() || domain.isPresent()
          || !codes.isEmpty() || method.isPresent();
      boolean http = hcType.map("HTTP"::equals).orElse(false);
      if (!http) {
        for (String s : List.of(HEALTH_CHECK_URI, HEALTH_CHECK_DOMAIN, HEALTH_CHECK_HTTP_CODE, HEALTH_CHECK_METHOD)) {
          if (has(s)) {
            problem(s, raw(s).get(), "applies to HTTP health checks only; set " + key(HEALTH_CHECK_TYPE) + ": http");
          }
        }
      }
      Optional<HealthCheck> hc = Optional.empty();
      if (flag.isPresent()) {
        hc = Optional.of(new HealthCheck(flag.get(), hcType, hcPort, healthy, unhealthy, timeout, interval, uri,
            domain, codes, method));
      } else if (anyDetail) {
        problems.add("health check annotations need " + key(HEALTH_CHECK_FLAG) + ": on");
      }
      return new ServerGroupSettings(type, scheduler, preserve, drain, drainTimeout, hc);
    }
  }
}

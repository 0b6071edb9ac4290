package dev.ccm4j.provider.alibaba.clb;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every CLB Service annotation upstream's CCM reads, with its value format.
 *
 * <p>The full name is {@link ClbAnnotations#PREFIX} plus {@link #suffix()}; the legacy prefix
 * {@link ClbAnnotations#LEGACY_PREFIX} is accepted too. Annotations that map one-to-one onto a listener parameter
 * carry that parameter's wire name and the listener protocols it applies to, so that listeners are built and
 * compared from this table instead of from one hand-written branch per annotation.
 */
public enum ClbAnnotation {
  /** Reuse an existing CLB by id. */
  LOADBALANCER_ID("loadbalancer-id", Format.pattern("lb-[A-Za-z0-9]+", "a CLB id such as lb-bp1xxxxxxxx")),
  /** Manage listeners on a reused CLB. */
  FORCE_OVERRIDE_LISTENERS("loadbalancer-force-override-listeners", Format.choice("true", "false")),
  /** {@code internet} or {@code intranet}; immutable. */
  ADDRESS_TYPE("loadbalancer-address-type", Format.choice("internet", "intranet")),
  /** {@code classic} or {@code vpc}; immutable. */
  NETWORK_TYPE("loadbalancer-network-type", Format.choice("classic", "vpc")),
  /** Internet charge type. */
  CHARGE_TYPE("loadbalancer-charge-type", Format.choice("paybytraffic", "paybybandwidth")),
  /** Internet bandwidth in Mbit/s, with {@code paybybandwidth}. */
  BANDWIDTH("loadbalancer-bandwidth", Format.range(1, 5120)),
  /** Instance spec, for {@code PayBySpec}. */
  SPEC("loadbalancer-spec", Format.choice("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small",
      "slb.s3.medium", "slb.s3.large", "slb.s3.xlarge", "slb.s3.xxlarge")),
  /** {@code PayBySpec} or {@code PayByCLCU}. */
  INSTANCE_CHARGE_TYPE("loadbalancer-instance-charge-type", Format.choice("PayBySpec", "PayByCLCU")),
  /** The CLB name. */
  NAME("loadbalancer-name", Format.pattern("[^\\s]{1,80}", "1 to 80 characters without spaces")),
  /** Resource group of a new CLB; immutable. */
  RESOURCE_GROUP_ID("loadbalancer-resource-group-id",
      Format.pattern("rg-[A-Za-z0-9]+", "a resource group id such as rg-acfmxxxxxxxx")),
  /** Extra tags {@code k1=v1,k2=v2}. */
  ADDITIONAL_RESOURCE_TAGS("loadbalancer-additional-resource-tags",
      Format.custom("a comma-separated list of key=value (value may be empty), at most 18 tags")),
  /** {@code on} or {@code off}. */
  DELETE_PROTECTION("loadbalancer-delete-protection", Format.onOff()),
  /** {@code ConsoleProtection} or {@code NonProtection}. */
  MODIFICATION_PROTECTION("loadbalancer-modification-protection",
      Format.choice("ConsoleProtection", "NonProtection")),
  /** Any non-empty value keeps the CLB when the Service goes. */
  PRESERVE_LB_ON_DELETE("loadbalancer-preserve-lb-on-delete", Format.custom("any non-empty value")),
  /** vSwitch of an intranet CLB; immutable. */
  VSWITCH_ID("loadbalancer-vswitch-id", Format.pattern("vsw-[A-Za-z0-9]+", "a vSwitch id such as vsw-bp1xxxx")),
  /** Primary zone; immutable. */
  MASTER_ZONE_ID("loadbalancer-master-zoneid", Format.pattern("[a-z]{2,}-[a-z0-9-]+", "a zone id such as "
      + "cn-hangzhou-b")),
  /** Backup zone; immutable. */
  SLAVE_ZONE_ID("loadbalancer-slave-zoneid", Format.pattern("[a-z]{2,}-[a-z0-9-]+", "a zone id such as "
      + "cn-hangzhou-d")),
  /** {@code ipv4} or {@code ipv6}; immutable. */
  IP_VERSION("loadbalancer-ip-version", Format.choice("ipv4", "ipv6")),
  /** A specific private address for an intranet CLB; immutable. */
  IP("loadbalancer-ip", Format.custom("an IPv4 or IPv6 address")),
  /** {@code eip}: report the CLB's EIP as the ingress address. */
  EXTERNAL_IP_TYPE("loadbalancer-external-ip-type", Format.choice("eip")),
  /** Report this host name as the ingress instead of the address. */
  HOSTNAME("loadbalancer-hostname", Format.pattern(
      "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
      "a lower-case DNS name")),
  /** Listener protocols per port: {@code https:443,http:80}. */
  PROTOCOL_PORT("loadbalancer-protocol-port",
      Format.custom("a comma-separated list of protocol:port with protocol one of http, https, tcp, udp")),
  /** Server certificate of HTTPS listeners. */
  CERT_ID("loadbalancer-cert-id", Format.pattern("[^\\s,]+", "a server certificate id"), "ServerCertificateId",
      Protocols.HTTPS),
  /** TLS cipher policy of HTTPS listeners. */
  TLS_CIPHER_POLICY("loadbalancer-tls-cipher-policy", Format.choice("tls_cipher_policy_1_0",
      "tls_cipher_policy_1_1", "tls_cipher_policy_1_2", "tls_cipher_policy_1_2_strict",
      "tls_cipher_policy_1_2_strict_with_1_3"), "TLSCipherPolicy", Protocols.HTTPS),
  /** HTTP/2 on HTTPS listeners. */
  HTTP2_ENABLED("loadbalancer-http2-enabled", Format.onOff(), "EnableHttp2", Protocols.HTTPS),
  /** SNI certificates {@code domain:certId,...}. */
  DOMAIN_EXTENSIONS("loadbalancer-domain-extensions",
      Format.custom("a comma-separated list of domain:certificateId")),
  /** HTTP to HTTPS redirects {@code 80:443,...}. */
  FORWARD_PORT("loadbalancer-forward-port",
      Format.custom("a comma-separated list of httpPort:httpsPort, each from 1 to 65535")),
  /** Scheduling algorithm. */
  SCHEDULER("loadbalancer-scheduler", Format.choice("rr", "wrr", "wlc", "sch", "tch", "qch"), "Scheduler",
      Protocols.ALL),
  /** TCP session persistence in seconds. */
  PERSISTENCE_TIMEOUT("loadbalancer-persistence-timeout", Format.range(0, 3600), "PersistenceTimeout",
      Protocols.TCP),
  /** TCP connection timeout in seconds. */
  ESTABLISHED_TIMEOUT("loadbalancer-established-timeout", Format.range(10, 900), "EstablishedTimeout",
      Protocols.TCP),
  /** Session stickiness on HTTP and HTTPS. */
  STICKY_SESSION("loadbalancer-sticky-session", Format.onOff(), "StickySession", Protocols.L7),
  /** {@code insert} or {@code server}. */
  STICKY_SESSION_TYPE("loadbalancer-sticky-session-type", Format.choice("insert", "server"), "StickySessionType",
      Protocols.L7),
  /** Inserted cookie lifetime in seconds. */
  COOKIE_TIMEOUT("loadbalancer-cookie-timeout", Format.range(1, 86400), "CookieTimeout", Protocols.L7),
  /** The server's cookie name. */
  COOKIE("loadbalancer-cookie", Format.pattern("[A-Za-z0-9_\\-.]{1,200}",
      "1 to 200 letters, digits, '_', '-' or '.'"), "Cookie", Protocols.L7),
  /** HTTP idle timeout in seconds. */
  IDLE_TIMEOUT("loadbalancer-idle-timeout", Format.range(1, 60), "IdleTimeout", Protocols.L7),
  /** HTTP request timeout in seconds. */
  REQUEST_TIMEOUT("loadbalancer-request-timeout", Format.range(1, 180), "RequestTimeout", Protocols.L7),
  /** Connection draining on TCP and UDP. */
  CONNECTION_DRAIN("loadbalancer-connection-drain", Format.onOff(), "ConnectionDrain", Protocols.L4),
  /** Drain timeout in seconds. */
  CONNECTION_DRAIN_TIMEOUT("loadbalancer-connection-drain-timeout", Format.range(10, 900),
      "ConnectionDrainTimeout", Protocols.L4),
  /** Proxy protocol v2 on TCP and UDP. */
  PROXY_PROTOCOL("loadbalancer-proxy-protocol", Format.onOff(), "ProxyProtocolV2Enabled", Protocols.L4),
  /** Access control on or off. */
  ACL_STATUS("loadbalancer-acl-status", Format.onOff(), "AclStatus", Protocols.ALL),
  /** The access control list. */
  ACL_ID("loadbalancer-acl-id", Format.pattern("acl-[A-Za-z0-9]+", "an ACL id such as acl-bp1xxxx"), "AclId",
      Protocols.ALL),
  /** {@code white} or {@code black}. */
  ACL_TYPE("loadbalancer-acl-type", Format.choice("white", "black"), "AclType", Protocols.ALL),
  /** Health check of HTTP and HTTPS listeners. */
  HEALTH_CHECK_FLAG("loadbalancer-health-check-flag", Format.onOff(), "HealthCheck", Protocols.L7),
  /** Health check of TCP and UDP listeners. */
  HEALTH_CHECK_SWITCH("loadbalancer-health-check-switch", Format.onOff(), "HealthCheckSwitch", Protocols.L4),
  /** Health check type of TCP listeners. */
  HEALTH_CHECK_TYPE("loadbalancer-health-check-type", Format.choice("tcp", "http"), "HealthCheckType",
      Protocols.TCP),
  /** Health check path. */
  HEALTH_CHECK_URI("loadbalancer-health-check-uri", Format.pattern("/[A-Za-z0-9\\-/.%?#&=_]{0,79}",
      "a path starting with / of at most 80 characters"), "HealthCheckURI", Protocols.TCP_AND_L7),
  /** Health check host header: {@code $_ip} or a domain. */
  HEALTH_CHECK_DOMAIN("loadbalancer-health-check-domain", Format.pattern(
      "\\$_ip|[A-Za-z0-9]([A-Za-z0-9.-]{0,78}[A-Za-z0-9])?", "$_ip or a domain name of at most 80 characters"),
      "HealthCheckDomain", Protocols.TCP_AND_L7),
  /** Healthy status codes. */
  HEALTH_CHECK_HTTP_CODE("loadbalancer-health-check-httpcode", Format.custom(
      "a comma-separated list of http_2xx, http_3xx, http_4xx, http_5xx"), "HealthCheckHttpCode",
      Protocols.TCP_AND_L7),
  /** Health check method. */
  HEALTH_CHECK_METHOD("loadbalancer-health-check-method", Format.choice("head", "get"), "HealthCheckMethod",
      Protocols.TCP_AND_L7),
  /** Health check port, {@code -520} for the backend port. */
  HEALTH_CHECK_CONNECT_PORT("loadbalancer-health-check-connect-port",
      Format.custom("-520 (the backend port) or a port from 1 to 65535"), "HealthCheckConnectPort", Protocols.ALL),
  /** Consecutive successes to mark a backend healthy. */
  HEALTHY_THRESHOLD("loadbalancer-healthy-threshold", Format.range(2, 10), "HealthyThreshold", Protocols.ALL),
  /** Consecutive failures to mark a backend unhealthy. */
  UNHEALTHY_THRESHOLD("loadbalancer-unhealthy-threshold", Format.range(2, 10), "UnhealthyThreshold",
      Protocols.ALL),
  /** Seconds between health checks. */
  HEALTH_CHECK_INTERVAL("loadbalancer-health-check-interval", Format.range(1, 50), "HealthCheckInterval",
      Protocols.ALL),
  /** TCP and UDP health check timeout in seconds. */
  HEALTH_CHECK_CONNECT_TIMEOUT("loadbalancer-health-check-connect-timeout", Format.range(1, 300),
      "HealthCheckConnectTimeout", Protocols.L4),
  /** HTTP and HTTPS health check timeout in seconds. */
  HEALTH_CHECK_TIMEOUT("loadbalancer-health-check-timeout", Format.range(1, 300), "HealthCheckTimeout",
      Protocols.L7),
  /** {@code X-Forwarded-Proto}. */
  XFORWARDEDFOR_PROTO("loadbalancer-xforwardedfor-proto", Format.onOff(), "XForwardedFor_proto", Protocols.L7),
  /** {@code X-Forwarded-Port}. */
  XFORWARDEDFOR_SLBPORT("loadbalancer-xforwardedfor-slbport", Format.onOff(), "XForwardedFor_SLBPORT",
      Protocols.L7),
  /** {@code X-Forwarded-Client-srcport}. */
  XFORWARDEDFOR_CLIENTSRCPORT("loadbalancer-xforwardedfor-clientsrcport", Format.onOff(),
      "XForwardedFor_ClientSrcPort", Protocols.L7),
  /** User VServer groups per port {@code vsp-x:443,...}, reused CLB only. */
  VGROUP_PORT("loadbalancer-vgroup-port", Format.custom("a comma-separated list of vServerGroupId:port")),
  /** Only nodes with all these labels {@code k1=v1,k2=v2}. */
  BACKEND_LABEL("loadbalancer-backend-label", Format.custom("a comma-separated list of label=value")),
  /** Drop cordoned nodes from the backends. */
  REMOVE_UNSCHEDULED_BACKEND("loadbalancer-remove-unscheduled-backend", Format.onOff()),
  /** Backend address family. */
  BACKEND_IP_VERSION("loadbalancer-backend-ip-version", Format.choice("ipv4", "ipv6")),
  /** Total weight shared by the backends. */
  WEIGHT("loadbalancer-weight", Format.range(1, 100)),
  /** Weight of every backend. */
  DEFAULT_WEIGHT("loadbalancer-default-weight", Format.range(0, 100)),
  /** Leave backend weights as they are in the cloud. */
  IGNORE_WEIGHT_UPDATE("loadbalancer-ignore-weight-update", Format.onOff()),
  /** {@code clb} (default) or {@code nlb}. */
  LOADBALANCER_TYPE("loadbalancer-type", Format.choice("clb", "nlb"));

  private final String suffix;
  private final Format format;
  private final String listenerParameter;
  private final Set<ListenerProtocol> protocols;

  ClbAnnotation(String suffix, Format format) {
    this(suffix, format, null, Set.of());
  }

  ClbAnnotation(String suffix, Format format, String listenerParameter, Set<ListenerProtocol> protocols) {
    this.suffix = suffix;
    this.format = format;
    this.listenerParameter = listenerParameter;
    this.protocols = protocols;
  }

  /**
   * The part after the prefix, e.g. {@code loadbalancer-scheduler}.
   *
   * @return the suffix
   */
  public String suffix() {
    return suffix;
  }

  /**
   * The full annotation name with the current prefix.
   *
   * @return e.g. {@code service.beta.kubernetes.io/alibaba-cloud-loadbalancer-scheduler}
   */
  public String key() {
    return ClbAnnotations.PREFIX + suffix;
  }

  /**
   * The annotation name with the legacy prefix.
   *
   * @return e.g. {@code service.beta.kubernetes.io/alicloud-loadbalancer-scheduler}
   */
  public String legacyKey() {
    return ClbAnnotations.LEGACY_PREFIX + suffix;
  }

  /**
   * What values are accepted, for messages and documentation.
   *
   * @return a human-readable description
   */
  public String accepted() {
    return format.accepted;
  }

  /**
   * The listener parameter this annotation sets, if it maps onto one.
   *
   * @return the wire name, e.g. {@code HealthyThreshold}
   */
  public Optional<String> listenerParameter() {
    return Optional.ofNullable(listenerParameter);
  }

  /**
   * Whether this annotation's listener parameter applies to a listener protocol.
   *
   * @param protocol the listener protocol
   * @return true if the parameter is sent for that protocol
   */
  public boolean appliesTo(ListenerProtocol protocol) {
    return protocols.contains(protocol);
  }

  /**
   * Checks a value against the simple formats (choices, ranges, patterns) and returns its canonical spelling.
   * Custom formats are checked by {@link ClbAnnotations}.
   *
   * @param value the raw annotation value
   * @return the canonical value, or empty if it is not valid
   */
  Optional<String> canonical(String value) {
    return format.canonical(value);
  }

  boolean custom() {
    return format.kind == Kind.CUSTOM;
  }

  private enum Kind { CHOICE, RANGE, PATTERN, CUSTOM }

  /** Sets of listener protocols an annotation applies to. */
  private static final class Protocols {
    static final Set<ListenerProtocol> ALL = EnumSet.allOf(ListenerProtocol.class);
    static final Set<ListenerProtocol> L4 = EnumSet.of(ListenerProtocol.TCP, ListenerProtocol.UDP);
    static final Set<ListenerProtocol> L7 = EnumSet.of(ListenerProtocol.HTTP, ListenerProtocol.HTTPS);
    static final Set<ListenerProtocol> TCP = EnumSet.of(ListenerProtocol.TCP);
    static final Set<ListenerProtocol> HTTPS = EnumSet.of(ListenerProtocol.HTTPS);
    static final Set<ListenerProtocol> TCP_AND_L7 =
        EnumSet.of(ListenerProtocol.TCP, ListenerProtocol.HTTP, ListenerProtocol.HTTPS);

    private Protocols() {}
  }

  /** A value format: the check and its description. */
  private static final class Format {
    final Kind kind;
    final String accepted;
    final List<String> choices;
    final long min;
    final long max;
    final Pattern pattern;

    private Format(Kind kind, String accepted, List<String> choices, long min, long max, Pattern pattern) {
      this.kind = kind;
      this.accepted = accepted;
      this.choices = choices;
      this.min = min;
      this.max = max;
      this.pattern = pattern;
    }

    static Format choice(String... values) {
      return new Format(Kind.CHOICE, "one of " + String.join(", ", values), List.of(values), 0, 0, null);
    }

    static Format onOff() {
      return choice("on", "off");
    }

    static Format range(long min, long max) {
      return new Format(Kind.RANGE, "an integer from " + min + " to " + max, List.of(), min, max, null);
    }

    static Format pattern(String regex, String accepted) {
      return new Format(Kind.PATTERN, accepted, List.of(), 0, 0, Pattern.compile(regex));
    }

    static Format custom(String accepted) {
      return new Format(Kind.CUSTOM, accepted, List.of(), 0, 0, null);
    }

    Optional<String> canonical(String raw) {
      String v = raw.trim();
      switch (kind) {
        case CHOICE:
          // upstream compares most enum values case-insensitively; keep the documented spelling
          for (String c : choices) {
            if (c.equalsIgnoreCase(v)) {
              return Optional.of(c);
            }
          }
          return Optional.empty();
        case RANGE:
          try {
            long n = Long.parseLong(v);
            return n >= min && n <= max ? Optional.of(Long.toString(n)) : Optional.empty();
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        case PATTERN:
          return pattern.matcher(v).matches() ? Optional.of(v) : Optional.empty();
        default:
          return Optional.of(v);
      }
    }
  }

  /**
   * Finds the annotation for a suffix.
   *
   * @param suffix the part after the prefix
   * @return the annotation, or empty if the suffix is not a CLB annotation
   */
  static Optional<ClbAnnotation> bySuffix(String suffix) {
    String s = suffix.toLowerCase(Locale.ROOT);
    for (ClbAnnotation a : values()) {
      if (a.suffix.equals(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}

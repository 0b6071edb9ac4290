package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Service annotations of the original Huawei CCM, read, validated and merged with the {@code loadbalancer-config}
 * defaults into an {@link ElbServiceConfig}.
 *
 * <p>{@link #parse} checks every annotation before anything touches the cloud and reports every problem in one
 * {@link ServiceConfigurationException}, each naming the annotation (or the loadbalancer-config key the value came
 * from) and what is accepted, so one Warning event tells the Service's owner everything to fix. Short enumerated,
 * boolean and numeric values are quoted; identifiers, JSON options and long values never are, since a pasted token
 * or key must not end up in an event.
 *
 * <p>An annotation that is absent, or present but blank, falls back to the loadbalancer-config value; the one
 * exception is {@value #HEALTH_CHECK_FLAG}, where the empty value means {@code on}, as the original documents.
 */
public final class ElbAnnotations {
  /** The prefix of every ELB annotation. */
  public static final String PREFIX = "kubernetes.io/elb.";
  /** Required: {@code shared}, {@code dedicated}, {@code elasticity} or {@code dnat}. */
  public static final String CLASS = PREFIX + "class";
  /** An existing ELB to put the Service's listeners on. */
  public static final String ID = PREFIX + "id";
  /** The VIP subnet of a new ELB. */
  public static final String SUBNET_ID = PREFIX + "subnet-id";
  /** {@code az1;az2}: the availability zones of a dedicated ELB, required for {@code dedicated}. */
  public static final String AVAILABILITY_ZONES = PREFIX + "availability-zones";
  /** An existing EIP to bind to a new ELB. */
  public static final String EIP_ID = PREFIX + "eip-id";
  /** {@code true} or {@code false}: keep the EIP when the Service goes. */
  public static final String KEEP_EIP = PREFIX + "keep-eip";
  /** JSON {@code {"ip_type","bandwidth_size","share_type","charge_mode","share_id"}}: the EIP to create. */
  public static final String EIP_AUTO_CREATE_OPTION = PREFIX + "eip-auto-create-option";
  /** {@code ROUND_ROBIN}, {@code LEAST_CONNECTIONS} or {@code SOURCE_IP}. */
  public static final String LB_ALGORITHM = PREFIX + "lb-algorithm";
  /** {@code on} or {@code off}: sticky sessions. */
  public static final String SESSION_AFFINITY_FLAG = PREFIX + "session-affinity-flag";
  /** JSON {@code {"type","cookie_name","persistence_timeout"}}: how sessions stick. */
  public static final String SESSION_AFFINITY_OPTION = PREFIX + "session-affinity-option";
  /** {@code on}, {@code off} or empty (on): the health monitor. */
  public static final String HEALTH_CHECK_FLAG = PREFIX + "health-check-flag";
  /** JSON {@code {"delay","timeout","max_retries","protocol","path"}}: the health monitor's settings. */
  public static final String HEALTH_CHECK_OPTION = PREFIX + "health-check-option";
  /** {@code true} or {@code false}: backends see the client's address. */
  public static final String ENABLE_TRANSPARENT_CLIENT_IP = PREFIX + "enable-transparent-client-ip";
  /** {@code true} or {@code false}: HTTP listeners that add X-Forwarded-Host. */
  public static final String X_FORWARDED_HOST = PREFIX + "x-forwarded-host";
  /** A certificate id: listeners become {@code TERMINATED_HTTPS}. */
  public static final String DEFAULT_TLS_CONTAINER_REF = PREFIX + "default-tls-container-ref";
  /** Seconds, 0 to 4000: the listeners' idle timeout. */
  public static final String IDLE_TIMEOUT = PREFIX + "idle-timeout";
  /** Seconds, 1 to 300: the HTTP/HTTPS request timeout. */
  public static final String REQUEST_TIMEOUT = PREFIX + "request-timeout";
  /** Seconds, 1 to 300: the HTTP/HTTPS response timeout. */
  public static final String RESPONSE_TIMEOUT = PREFIX + "response-timeout";
  /** {@code true} or {@code false}: a dedicated ELB accepts backends outside its VPC. */
  public static final String ENABLE_CROSS_VPC = PREFIX + "enable-cross-vpc";
  /** The dedicated ELB's layer-4 flavor id. */
  public static final String L4_FLAVOR_ID = PREFIX + "l4-flavor-id";
  /** The dedicated ELB's layer-7 flavor id. */
  public static final String L7_FLAVOR_ID = PREFIX + "l7-flavor-id";
  /** -1 to 2147483647: the shared ELB listeners' connection limit (documented by the original, never read there). */
  public static final String CONNECTION_LIMIT = PREFIX + "connection-limit";
  /** Internal to the original's classic ELB code (it wrote it to force a requeue); accepted and ignored. */
  public static final String MARK = PREFIX + "mark";
  /** The NAT gateway of a {@code dnat} Service, required for {@code dnat}. */
  public static final String NAT_GATEWAY_ID = "kubernetes.io/natgateway.id";
  /** The {@code spec.loadBalancerClass} this provider answers to when loadbalancer-config names it. */
  public static final String LOAD_BALANCER_CLASS = "huaweicloud.com/elb";

  /** Older releases of the original spelled these options in the plural; the current spelling wins. */
  private static final Map<String, String> LEGACY = Map.of(
      PREFIX + "health-check-options", HEALTH_CHECK_OPTION,
      PREFIX + "session-affinity-options", SESSION_AFFINITY_OPTION,
      PREFIX + "eip-auto-create-options", EIP_AUTO_CREATE_OPTION);
  /** Names of older releases of the original that mean something else now: named in the problem, not read. */
  private static final Map<String, String> REPLACED = Map.of(
      PREFIX + "x-forwarded-for", "older releases' X-Forwarded-For switch; use " + PREFIX + "x-forwarded-host",
      PREFIX + "session-affinity-mode", "older releases' affinity type; use " + PREFIX + "session-affinity-flag=on "
          + "with " + PREFIX + "session-affinity-option {\"type\":...}");
  private static final Set<String> KNOWN = Set.of(CLASS, ID, SUBNET_ID, AVAILABILITY_ZONES, EIP_ID, KEEP_EIP,
      EIP_AUTO_CREATE_OPTION, LB_ALGORITHM, SESSION_AFFINITY_FLAG, SESSION_AFFINITY_OPTION, HEALTH_CHECK_FLAG,
      HEALTH_CHECK_OPTION, ENABLE_TRANSPARENT_CLIENT_IP, X_FORWARDED_HOST, DEFAULT_TLS_CONTAINER_REF, IDLE_TIMEOUT,
      REQUEST_TIMEOUT, RESPONSE_TIMEOUT, ENABLE_CROSS_VPC, L4_FLAVOR_ID, L7_FLAVOR_ID, CONNECTION_LIMIT, MARK);
  /** Where a default from the ConfigMap is named in messages. */
  private static final String CONFIG = "loadbalancer-config loadBalancerOption.";
  private static final String CLASSES = "shared, dedicated, elasticity or dnat";
  private static final List<String> ALGORITHMS = List.of("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP");
  private static final List<String> AFFINITY_TYPES =
      List.of(SessionPersistence.SOURCE_IP, SessionPersistence.HTTP_COOKIE, SessionPersistence.APP_COOKIE);
  private static final List<String> HEALTH_PROTOCOLS = List.of("TCP", "UDP_CONNECT", "HTTP", "HTTPS");
  /** Huawei resource ids (UUIDs, 32-hex certificate ids, flavor ids); no blanks or slashes, as they go into paths. */
  private static final Pattern ID_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern IP_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** Minutes; the original's default for source-IP stickiness (Huawei's own default is shorter). */
  private static final int SOURCE_IP_DEFAULT_TIMEOUT = 60;
  private static final Pattern QUOTABLE = Pattern.compile("[\\x20-\\x7e]{1,16}");
  private static final Logger LOG = LoggerFactory.getLogger(ElbAnnotations.class);

  private ElbAnnotations() {}

  /**
   * Parses and validates a Service's annotations, falling back to the loadbalancer-config defaults.
   *
   * @param service the Service, read-only
   * @param defaults the current loadbalancer-config
   * @return the merged, validated settings
   * @throws ServiceConfigurationException listing every problem, each naming the annotation or config key and the
   *     accepted values
   */
  public static ElbServiceConfig parse(V1Service service, LoadBalancerConfig defaults) {
    Parser p = new Parser(service, defaults);
    Optional<ElbServiceConfig> config = p.run();
    if (!p.problems.isEmpty() || config.isEmpty()) {
      throw new ServiceConfigurationException(
          (p.problems.size() == 1 ? "invalid Huawei load balancer configuration: "
              : p.problems.size() + " problems in the Huawei load balancer configuration: ")
              + String.join("; ", p.problems));
    }
    return config.get();
  }

  /**
   * The class a Service's {@value #CLASS} names, without validating anything else; for deleting a Service whose
   * other annotations no longer parse.
   *
   * @param service the Service, read-only
   * @return the class, or empty when the annotation is missing or names none
   */
  public static Optional<ElbClass> classOf(V1Service service) {
    return ElbClass.fromAnnotation(annotations(service).get(CLASS));
  }

  private static Map<String, String> annotations(V1Service service) {
    Map<String, String> a = service == null || service.getMetadata() == null ? null
        : service.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** One parse run: collects problems instead of stopping at the first. */
  private static final class Parser {
    private final V1Service service;
    private final LoadBalancerConfig defaults;
    /** Canonical annotation name to the name the Service used (a legacy spelling or the canonical one). */
    private final Map<String, String> used = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    Parser(V1Service service, LoadBalancerConfig defaults) {
      this.service = service;
      this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    Optional<ElbServiceConfig> run() {
      collect();
      Optional<ElbClass> elbClass = elbClass();
      ElbServiceConfig.Builder b = ElbServiceConfig.builder(elbClass.orElse(ElbClass.SHARED));

      Optional<String> elbId = id(ID);
      b.elbId(elbId);
      b.subnetId(id(SUBNET_ID));
      List<String> zones = zones();
      b.availabilityZones(zones);
      if (elbClass.equals(Optional.of(ElbClass.DEDICATED)) && !present(AVAILABILITY_ZONES)) {
        problems.add(AVAILABILITY_ZONES + ": is required for " + CLASS + "=dedicated; accepted: zone names "
            + "separated by ';', for example cn-north-4a;cn-north-4b");
      }

      Optional<String> eipId = id(EIP_ID);
      Optional<EipAutoCreate> eipAuto = eipAutoCreate();
      if (eipId.isPresent() && present(EIP_AUTO_CREATE_OPTION)) {
        problems.add(EIP_ID + " and " + name(EIP_AUTO_CREATE_OPTION) + ": set only one of them (bind an existing "
            + "EIP, or create one)");
      }
      if (elbId.isPresent() && (eipId.isPresent() || eipAuto.isPresent())) {
        // as the original: a reused ELB keeps whatever public address its owner gave it
        LOG.debug("Service {}: EIP annotations are ignored because {} reuses an existing ELB", ref(), ID);
        eipId = Optional.empty();
        eipAuto = Optional.empty();
      }
      b.eipId(eipId);
      b.eipAutoCreate(eipAuto);
      b.keepEip(bool(KEEP_EIP, defaults.keepEip()));

      String algorithm = algorithm();
      b.lbAlgorithm(algorithm);
      b.sessionAffinity(sessionAffinity());
      b.healthCheck(healthCheck());
      b.transparentClientIp(bool(ENABLE_TRANSPARENT_CLIENT_IP, defaults.enableTransparentClientIp()));
      boolean xForwardedHost = bool(X_FORWARDED_HOST, false);
      b.xForwardedHost(xForwardedHost);
      Optional<String> tls = id(DEFAULT_TLS_CONTAINER_REF);
      b.tlsContainerRef(tls);
      boolean http = xForwardedHost || tls.isPresent();
      b.idleTimeout(integer(IDLE_TIMEOUT, defaults.idleTimeout(), "idle-timeout", 0, 4000));
      b.requestTimeout(httpTimeout(REQUEST_TIMEOUT, defaults.requestTimeout(), "request-timeout", http));
      b.responseTimeout(httpTimeout(RESPONSE_TIMEOUT, defaults.responseTimeout(), "response-timeout", http));
      b.crossVpc(bool(ENABLE_CROSS_VPC, defaults.enableCrossVpc()));
      b.l4FlavorId(idOrDefault(L4_FLAVOR_ID, defaults.l4FlavorId(), "l4-flavor-id"));
      b.l7FlavorId(idOrDefault(L7_FLAVOR_ID, defaults.l7FlavorId(), "l7-flavor-id"));
      b.connectionLimit(integer(CONNECTION_LIMIT, OptionalInt.empty(), "", -1, Integer.MAX_VALUE));
      Optional<String> nat = id(NAT_GATEWAY_ID);
      if (elbClass.equals(Optional.of(ElbClass.DNAT)) && !present(NAT_GATEWAY_ID)) {
        problems.add(NAT_GATEWAY_ID + ": is required for " + CLASS + "=dnat; accepted: the NAT gateway's id");
      }
      b.natGatewayId(nat);
      b.primaryNicForce(defaults.primaryNicForce());
      b.lbProvider(defaults.lbProvider());
      b.businessName(defaults.businessName());
      return elbClass.isPresent() && problems.isEmpty() ? Optional.of(b.build()) : Optional.empty();
    }

    /**
     * Reads the annotations this provider knows. An unknown {@code kubernetes.io/elb.*} key that is a near miss of a
     * known one is a problem (a typo would otherwise silently fall back to a default); any other is left alone,
     * because other Huawei controllers (CCE's own, newer releases of the original) use keys under the same prefix,
     * and refusing them would block Services that worked before the switch.
     */
    private void collect() {
      Map<String, String> all = new TreeMap<>(annotations(service));
      for (Map.Entry<String, String> e : all.entrySet()) {
        String key = e.getKey();
        String canonical = LEGACY.getOrDefault(key, key);
        if (KNOWN.contains(canonical) || canonical.equals(NAT_GATEWAY_ID)) {
          if (!canonical.equals(key) && all.containsKey(canonical)) {
            LOG.debug("Service {}: {} is ignored, {} is set too", ref(), key, canonical);
            continue;
          }
          used.put(canonical, key);
          values.put(canonical, e.getValue() == null ? "" : e.getValue());
        } else if (REPLACED.containsKey(key)) {
          problems.add(key + ": is not read any more (" + REPLACED.get(key) + ")");
        } else if (key.startsWith(PREFIX)) {
          String suggestion = suggestion(key);
          if (suggestion.isEmpty()) {
            LOG.debug("Service {}: {} is not read by this provider; ignored", ref(), key);
          } else {
            problems.add(key + ": is not an annotation of this provider" + suggestion);
          }
        }
      }
    }

    private String suggestion(String key) {
      String suffix = key.substring(PREFIX.length());
      if (suffix.length() < 3) {
        return "";
      }
      for (String k : new TreeSet<>(KNOWN)) {
        String s = k.substring(PREFIX.length());
        if (s.startsWith(suffix) || suffix.startsWith(s) || distance(s, suffix) <= 2) {
          return "; did you mean " + k + "?";
        }
      }
      return "";
    }

    private Optional<ElbClass> elbClass() {
      Optional<String> v = value(CLASS);
      if (v.isEmpty()) {
        boolean classed = service != null && service.getSpec() != null
            && LOAD_BALANCER_CLASS.equals(service.getSpec().getLoadBalancerClass());
        problems.add(CLASS + ": is required" + (classed ? " (also with spec.loadBalancerClass "
            + LOAD_BALANCER_CLASS + ", as in the original)" : "") + "; accepted: " + CLASSES);
        return Optional.empty();
      }
      Optional<ElbClass> c = ElbClass.fromAnnotation(v.get());
      if (c.isEmpty()) {
        String lower = v.get().toLowerCase(Locale.ROOT);
        String hint = lower.equals("union") ? " (union is the older name of shared)"
            : lower.equals("performance") ? " (performance is the older name of dedicated)" : "";
        problems.add(CLASS + ": " + shown(v.get()) + " is not accepted" + hint + "; accepted: " + CLASSES);
      }
      return c;
    }

    private List<String> zones() {
      Optional<String> v = value(AVAILABILITY_ZONES);
      if (v.isEmpty()) {
        return List.of();
      }
      Set<String> out = new LinkedHashSet<>();
      boolean ok = true;
      for (String z : v.get().split(";", -1)) {
        String t = z.strip();
        ok &= ZONE.matcher(t).matches() && out.add(t);
      }
      if (!ok) {
        problems.add(AVAILABILITY_ZONES + ": " + shown(v.get()) + " is not accepted; accepted: distinct zone names "
            + "separated by ';' with no empty item, for example cn-north-4a;cn-north-4b");
        return List.of();
      }
      return List.copyOf(out);
    }

    private String algorithm() {
      Optional<String> v = value(LB_ALGORITHM);
      String where = v.isPresent() ? LB_ALGORITHM : CONFIG + "lb-algorithm";
      String raw = v.orElseGet(() -> blankToEmpty(defaults.lbAlgorithm()).orElse(ALGORITHMS.get(0)));
      String canonical = raw.strip().toUpperCase(Locale.ROOT);
      if (!ALGORITHMS.contains(canonical)) {
        problems.add(where + ": " + shown(raw) + " is not accepted; accepted: " + String.join(", ", ALGORITHMS));
        return ALGORITHMS.get(0);
      }
      return canonical;
    }

    private Optional<SessionPersistence> sessionAffinity() {
      Optional<String> flag = value(SESSION_AFFINITY_FLAG);
      String where = flag.isPresent() ? SESSION_AFFINITY_FLAG : CONFIG + "session-affinity-flag";
      String raw = flag.orElseGet(() -> blankToEmpty(defaults.sessionAffinityFlag()).orElse("off"));
      Optional<Boolean> on = onOff(raw);
      if (on.isEmpty()) {
        problems.add(where + ": " + shown(raw) + " is not accepted; accepted: on, off");
      }
      // the option is checked even while the flag is off, so that turning it on later cannot surprise
      Optional<JsonObject> option;
      String optionWhere;
      if (present(SESSION_AFFINITY_OPTION)) {
        optionWhere = name(SESSION_AFFINITY_OPTION);
        option = json(SESSION_AFFINITY_OPTION,
            "{\"type\":\"SOURCE_IP\"|\"HTTP_COOKIE\"|\"APP_COOKIE\",\"cookie_name\":...,\"persistence_timeout\":N}");
      } else {
        optionWhere = CONFIG + "session-affinity-option";
        option = defaults.sessionAffinityOption();
      }
      Optional<SessionPersistence> persistence = option.flatMap(o -> persistence(o, optionWhere));
      if (!on.orElse(false)) {
        return Optional.empty();
      }
      if (option.isEmpty()) {
        return Optional.of(new SessionPersistence(SessionPersistence.SOURCE_IP, Optional.empty(),
            OptionalInt.of(SOURCE_IP_DEFAULT_TIMEOUT)));
      }
      return persistence;
    }

    private Optional<SessionPersistence> persistence(JsonObject o, String where) {
      int before = problems.size();
      Optional<String> type = member(o, "type", where);
      String t = type.map(s -> s.strip().toUpperCase(Locale.ROOT)).orElse(SessionPersistence.SOURCE_IP);
      if (!AFFINITY_TYPES.contains(t)) {
        problems.add(where + ": type " + shown(type.orElse("")) + " is not accepted; accepted: "
            + String.join(", ", AFFINITY_TYPES));
        return Optional.empty();
      }
      Optional<String> cookie = member(o, "cookie_name", where).map(String::strip).filter(s -> !s.isEmpty());
      if (t.equals(SessionPersistence.APP_COOKIE)) {
        if (cookie.isEmpty()) {
          problems.add(where + ": cookie_name is required for type APP_COOKIE; accepted: 1 to 64 letters, digits, "
              + "'_', '-' or '.'");
        } else if (!COOKIE_NAME.matcher(cookie.get()).matches()) {
          problems.add(where + ": cookie_name is not accepted; accepted: 1 to 64 letters, digits, '_', '-' or '.'");
        }
      } else if (cookie.isPresent()) {
        problems.add(where + ": cookie_name applies to type APP_COOKIE only, not " + t);
      }
      OptionalInt timeout = OptionalInt.empty();
      if (t.equals(SessionPersistence.APP_COOKIE)) {
        if (o.has("persistence_timeout") && !o.get("persistence_timeout").isJsonNull()) {
          problems.add(where + ": persistence_timeout is not allowed with type APP_COOKIE (the application's "
              + "cookie decides)");
        }
      } else {
        int max = t.equals(SessionPersistence.SOURCE_IP) ? 60 : 1440;
        timeout = numberMember(o, "persistence_timeout", where, 1, max, " minutes for type " + t);
        if (t.equals(SessionPersistence.SOURCE_IP) && timeout.isEmpty()) {
          timeout = OptionalInt.of(SOURCE_IP_DEFAULT_TIMEOUT);
        }
      }
      return problems.size() == before
          ? Optional.of(new SessionPersistence(t, t.equals(SessionPersistence.APP_COOKIE) ? cookie : Optional.empty(),
              timeout))
          : Optional.empty();
    }

    private Optional<HealthCheck> healthCheck() {
      // blank means on here, so the raw value is read without the blank-is-absent rule
      boolean annotated = values.containsKey(HEALTH_CHECK_FLAG);
      String where = annotated ? HEALTH_CHECK_FLAG : CONFIG + "health-check-flag";
      String raw = annotated ? values.get(HEALTH_CHECK_FLAG) : blankToEmpty(defaults.healthCheckFlag()).orElse("");
      Optional<Boolean> on = raw.isBlank() ? Optional.of(true) : onOff(raw);
      if (on.isEmpty()) {
        problems.add(where + ": " + shown(raw) + " is not accepted; accepted: on, off, or empty for on");
      }
      Optional<JsonObject> option;
      String optionWhere;
      if (present(HEALTH_CHECK_OPTION)) {
        optionWhere = name(HEALTH_CHECK_OPTION);
        option = json(HEALTH_CHECK_OPTION, "{\"delay\":5,\"timeout\":3,\"max_retries\":3,\"protocol\":...,"
            + "\"path\":\"/...\"}");
      } else {
        optionWhere = CONFIG + "health-check-option";
        option = defaults.healthCheckOption();
      }
      Optional<HealthCheck> check = option.isEmpty() ? Optional.of(HealthCheck.defaults())
          : healthCheck(option.get(), optionWhere);
      Optional<Boolean> enable = option.flatMap(o -> enable(o, optionWhere));
      if (!annotated && raw.isBlank() && enable.isPresent()) {
        // no flag anywhere: the option's own switch, which loadbalancer-config documents, decides
        on = enable;
      }
      return on.orElse(false) ? check : Optional.empty();
    }

    private Optional<HealthCheck> healthCheck(JsonObject o, String where) {
      int before = problems.size();
      int delay = numberMember(o, "delay", where, 1, 50, " seconds").orElse(HealthCheck.DEFAULT_DELAY);
      int timeout = numberMember(o, "timeout", where, 1, 50, " seconds").orElse(HealthCheck.DEFAULT_TIMEOUT);
      int retries = numberMember(o, "max_retries", where, 1, 10, "").orElse(HealthCheck.DEFAULT_MAX_RETRIES);
      Optional<String> protocol = member(o, "protocol", where).map(s -> s.strip().toUpperCase(Locale.ROOT))
          .filter(s -> !s.isEmpty());
      if (protocol.isPresent() && !HEALTH_PROTOCOLS.contains(protocol.get())) {
        problems.add(where + ": protocol " + shown(protocol.get()) + " is not accepted; accepted: "
            + String.join(", ", HEALTH_PROTOCOLS));
      }
      Optional<String> path = member(o, "path", where).map(String::strip).filter(s -> !s.isEmpty());
      if (path.isPresent() && (!path.get().startsWith("/") || path.get().length() > 80
          || !path.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
        problems.add(where + ": path is not accepted; accepted: a URL path starting with '/', at most 80 "
            + "printable characters without blanks");
      }
      return problems.size() == before
          ? Optional.of(new HealthCheck(delay, timeout, retries, protocol, path))
          : Optional.empty();
    }

    private Optional<Boolean> enable(JsonObject o, String where) {
      try {
        return Json.bool(o, "enable");
      } catch (CloudProviderException e) {
        problems.add(where + ": enable is not accepted; accepted: true, false");
        return Optional.empty();
      }
    }

    private Optional<EipAutoCreate> eipAutoCreate() {
      if (!present(EIP_AUTO_CREATE_OPTION)) {
        return Optional.empty();
      }
      String where = name(EIP_AUTO_CREATE_OPTION);
      Optional<JsonObject> option = json(EIP_AUTO_CREATE_OPTION, "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":5,"
          + "\"share_type\":\"PER\",\"charge_mode\":\"traffic\"}");
      if (option.isEmpty()) {
        return Optional.empty();
      }
      JsonObject o = option.get();
      int before = problems.size();
      Optional<String> ipType = member(o, "ip_type", where).map(String::strip).filter(s -> !s.isEmpty());
      if (ipType.isEmpty()) {
        problems.add(where + ": ip_type is required; accepted: the EIP type of the region, for example 5_bgp");
      } else if (!IP_TYPE.matcher(ipType.get()).matches()) {
        problems.add(where + ": ip_type " + shown(ipType.get()) + " is not accepted; accepted: the EIP type of the "
            + "region, for example 5_bgp or 5_sbgp");
      }
      Optional<String> shareTypeRaw = member(o, "share_type", where).map(String::strip).filter(s -> !s.isEmpty());
      String shareType = shareTypeRaw.map(s -> s.toUpperCase(Locale.ROOT)).orElse(EipAutoCreate.PER);
      if (!shareType.equals(EipAutoCreate.PER) && !shareType.equals(EipAutoCreate.WHOLE)) {
        problems.add(where + ": share_type " + shown(shareTypeRaw.orElse("")) + " is not accepted; accepted: PER, "
            + "WHOLE");
      }
      OptionalInt size = numberMember(o, "bandwidth_size", where, 1, 2000, " Mbit/s");
      Optional<String> shareId = member(o, "share_id", where).map(String::strip).filter(s -> !s.isEmpty());
      if (shareType.equals(EipAutoCreate.WHOLE) && shareId.isEmpty()) {
        problems.add(where + ": share_id is required with share_type WHOLE; accepted: the shared bandwidth's id");
      } else if (shareType.equals(EipAutoCreate.PER) && shareId.isPresent()) {
        problems.add(where + ": share_id applies to share_type WHOLE only");
      } else if (shareId.isPresent() && !ID_VALUE.matcher(shareId.get()).matches()) {
        problems.add(where + ": share_id is not accepted; accepted: the shared bandwidth's id");
      }
      if (shareType.equals(EipAutoCreate.PER) && size.isEmpty() && problems.size() == before) {
        problems.add(where + ": bandwidth_size is required with share_type PER; accepted: 1 to 2000 Mbit/s");
      }
      Optional<String> chargeRaw = member(o, "charge_mode", where).map(String::strip).filter(s -> !s.isEmpty());
      String charge = chargeRaw.map(s -> s.toLowerCase(Locale.ROOT)).orElse(EipAutoCreate.TRAFFIC);
      if (!charge.equals(EipAutoCreate.TRAFFIC) && !charge.equals(EipAutoCreate.BANDWIDTH)) {
        problems.add(where + ": charge_mode " + shown(chargeRaw.orElse("")) + " is not accepted; accepted: traffic, "
            + "bandwidth");
      }
      return problems.size() == before
          ? Optional.of(new EipAutoCreate(ipType.orElseThrow(), size, shareType, charge, shareId))
          : Optional.empty();
    }

    private OptionalInt httpTimeout(String annotation, OptionalInt configured, String configKey, boolean http) {
      if (present(annotation) && !http) {
        problems.add(annotation + ": applies to HTTP and HTTPS listeners only; set " + X_FORWARDED_HOST + "=true or "
            + DEFAULT_TLS_CONTAINER_REF + ", or remove it");
      }
      // a cluster-wide default cannot know the Service, so it only reaches HTTP and HTTPS listeners
      OptionalInt v = integer(annotation, http ? configured : OptionalInt.empty(), configKey, 1, 300);
      return http ? v : OptionalInt.empty();
    }

    private OptionalInt integer(String annotation, OptionalInt configured, String configKey, int min, int max) {
      Optional<String> v = value(annotation);
      if (v.isEmpty()) {
        if (configured.isPresent() && (configured.getAsInt() < min || configured.getAsInt() > max)) {
          problems.add(CONFIG + configKey + ": " + configured.getAsInt() + " is out of range; accepted: " + min
              + " to " + max);
        }
        return configured;
      }
      try {
        long n = Long.parseLong(v.get().strip());
        if (n >= min && n <= max) {
          return OptionalInt.of((int) n);
        }
      } catch (NumberFormatException e) {
        // reported below with the range
      }
      problems.add(annotation + ": " + shown(v.get()) + " is not accepted; accepted: an integer from " + min + " to "
          + max);
      return OptionalInt.empty();
    }

    private boolean bool(String annotation, boolean configured) {
      Optional<String> v = value(annotation);
      if (v.isEmpty()) {
        return configured;
      }
      String t = v.get().strip().toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("false")) {
        return t.equals("true");
      }
      problems.add(annotation + ": " + shown(v.get()) + " is not accepted; accepted: true, false");
      return configured;
    }

    private Optional<String> id(String annotation) {
      Optional<String> v = value(annotation).map(String::strip);
      if (v.isPresent() && !ID_VALUE.matcher(v.get()).matches()) {
        problems.add(annotation + ": is not an id (" + v.get().length() + " characters); accepted: up to 128 "
            + "letters, digits, '-', '_', '.' or ':'");
        return Optional.empty();
      }
      return v;
    }

    private Optional<String> idOrDefault(String annotation, Optional<String> configured, String configKey) {
      if (present(annotation)) {
        return id(annotation);
      }
      Optional<String> c = configured.map(String::strip).filter(s -> !s.isEmpty());
      if (c.isPresent() && !ID_VALUE.matcher(c.get()).matches()) {
        problems.add(CONFIG + configKey + ": is not an id; accepted: up to 128 letters, digits, '-', '_', '.' or "
            + "':'");
        return Optional.empty();
      }
      return c;
    }

    private Optional<JsonObject> json(String annotation, String example) {
      try {
        return Optional.of(Json.parse(values.get(annotation)));
      } catch (CloudProviderException e) {
        problems.add(name(annotation) + ": is not a JSON object (" + e.getMessage() + "); accepted: " + example);
        return Optional.empty();
      }
    }

    private Optional<String> member(JsonObject o, String member, String where) {
      try {
        return Json.string(o, member);
      } catch (CloudProviderException e) {
        problems.add(where + ": " + member + " must be a string");
        return Optional.empty();
      }
    }

    /** An integer member; JSON numbers and strings holding one are both accepted, as manifests use both. */
    private OptionalInt numberMember(JsonObject o, String member, String where, int min, int max, String unit) {
      try {
        Optional<Long> n = Json.number(o, member);
        if (n.isEmpty()) {
          return OptionalInt.empty();
        }
        if (n.get() >= min && n.get() <= max) {
          return OptionalInt.of(n.get().intValue());
        }
      } catch (CloudProviderException e) {
        // reported below with the range
      }
      problems.add(where + ": " + member + " is not accepted; accepted: an integer from " + min + " to " + max + unit);
      return OptionalInt.empty();
    }

    /** The annotation's value, empty when absent or blank. */
    private Optional<String> value(String annotation) {
      return blankToEmpty(values.get(annotation));
    }

    private boolean present(String annotation) {
      return value(annotation).isPresent();
    }

    private String name(String canonical) {
      return used.getOrDefault(canonical, canonical);
    }

    private String ref() {
      return service == null || service.getMetadata() == null ? "?"
          : service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    }
  }

  private static Optional<String> blankToEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  private static Optional<Boolean> onOff(String raw) {
    String t = raw.strip().toLowerCase(Locale.ROOT);
    return t.equals("on") ? Optional.of(true) : t.equals("off") ? Optional.of(false) : Optional.empty();
  }

  /** A value fit to quote in an event: short printable text only; anything else is described by its length. */
  private static String shown(String value) {
    String v = value.strip();
    return QUOTABLE.matcher(v).matches() ? "\"" + v + "\"" : "a value of " + value.length() + " characters";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

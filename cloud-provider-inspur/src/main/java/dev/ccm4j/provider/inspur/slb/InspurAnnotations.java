package dev.ccm4j.provider.inspur.slb;

import com.google.gson.JsonObject;
import dev.ccm4j.api.ServiceConfigurationException;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Service annotations of the original Inspur CCM, read and validated: the SLB id, and the listener settings of
 * {@code loadbalancer.inspur.com/*} with the original's defaults.
 *
 * <p>Validation collects every problem of a Service into one {@link ServiceConfigurationException} message, naming
 * each annotation and the values it accepts, so that one Warning event tells the owner everything to fix.
 */
public final class InspurAnnotations {
  /** The SLB the Service's listeners go on; required. */
  public static final String SLB_ID = "service.beta.kubernetes.io/inspur-load-balancer-slbid";
  /** The same, as the original's getting-started guide spells it for internal SLBs. */
  public static final String INTERNAL_SLB_ID = "service.beta.kubernetes.io/inspur-internal-load-balancer-slbid";
  /** Prefix of the listener annotations. */
  public static final String PREFIX = "loadbalancer.inspur.com/";
  /** Scheduling: {@code RR} (default), {@code WRR} or {@code WR}. */
  public static final String FORWARD_RULE = PREFIX + "forward-rule";
  /** Health check on or off, as Go's {@code strconv.ParseBool} reads it; default off. */
  public static final String IS_HEALTHCHECK = PREFIX + "is-healthcheck";
  /** Health check type: {@code tcp} (default) or {@code http}. */
  public static final String HEALTHCHECK_TYPE = PREFIX + "healthcheck-type";
  /** Health check port: 0 (default: the backend port) to 65535. */
  public static final String HEALTHCHECK_PORT = PREFIX + "healthcheck-port";
  /** Health check interval in seconds: 1 to 300, default 30. */
  public static final String HEALTHCHECK_PERIOD = PREFIX + "healthcheck-period";
  /** Health check timeout in seconds: 1 to 300, default 1. */
  public static final String HEALTHCHECK_TIMEOUT = PREFIX + "healthcheck-timeout";
  /** Failed checks before a backend is taken out: 1 to 10, default 1. */
  public static final String HEALTHCHECK_MAX = PREFIX + "healthcheck-max";
  /** Host name of HTTP health checks: empty (default) or a DNS name. */
  public static final String HEALTHCHECK_DOMAIN = PREFIX + "healthcheck-domain";
  /** Path of HTTP health checks: starts with {@code /}, default {@code /}. */
  public static final String HEALTHCHECK_PATH = PREFIX + "healthcheck-path";

  private static final Set<String> KNOWN = Set.of(FORWARD_RULE, IS_HEALTHCHECK, HEALTHCHECK_TYPE, HEALTHCHECK_PORT,
      HEALTHCHECK_PERIOD, HEALTHCHECK_TIMEOUT, HEALTHCHECK_MAX, HEALTHCHECK_DOMAIN, HEALTHCHECK_PATH);
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
  private static final Pattern DOMAIN =
      Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
          + "[A-Za-z0-9])?)*\\.?");
  private static final Pattern SLB_ID_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private InspurAnnotations() {}

  /**
   * The listener settings every listener of a Service gets.
   *
   * @param forwardRule {@code RR}, {@code WRR} or {@code WR}
   * @param healthCheck whether health checks are on
   * @param type {@code tcp} or {@code http}
   * @param port the health check port, 0 for the backend port
   * @param period seconds between checks
   * @param timeout seconds a check may take
   * @param max failed checks before a backend is taken out
   * @param domain the HTTP check's host name, or empty
   * @param path the HTTP check's path
   */
  public record ListenerSettings(String forwardRule, boolean healthCheck, String type, int port, int period,
      int timeout, int max, String domain, String path) {

    /** The original's defaults. */
    public static final ListenerSettings DEFAULTS = new ListenerSettings("RR", false, "tcp", 0, 30, 1, 1, "", "/");

    /**
     * The original's {@code CreateListenerOpts} body for one listener with these settings.
     *
     * @param slbId the SLB id
     * @param name the listener's name
     * @param protocol its protocol, {@code TCP}
     * @param listenerPort its front-end port
     * @return the JSON body
     */
    public JsonObject body(String slbId, String name, String protocol, int listenerPort) {
      JsonObject o = new JsonObject();
      o.addProperty("slbId", slbId);
      o.addProperty("listenerName", name);
      o.addProperty("protocol", protocol);
      o.addProperty("port", listenerPort);
      o.addProperty("forwardRule", forwardRule);
      o.addProperty("isHealthCheck", healthCheck ? "1" : "0");
      o.addProperty("typeHealthCheck", type);
      o.addProperty("portHealthCheck", port);
      o.addProperty("periodHealthCheck", period);
      o.addProperty("timeoutHealthCheck", timeout);
      o.addProperty("maxHealthCheck", max);
      o.addProperty("domainHealthCheck", domain);
      o.addProperty("pathHealthCheck", path);
      return o;
    }
  }

  /**
   * The SLB id the Service names.
   *
   * @param service the Service
   * @return the id, or empty when neither {@link #SLB_ID} nor {@link #INTERNAL_SLB_ID} is set
   * @throws ServiceConfigurationException if both are set to different SLBs, or the id is malformed
   */
  public static Optional<String> slbId(V1Service service) {
    Map<String, String> a = annotations(service);
    String main = blankToNull(a.get(SLB_ID));
    String internal = blankToNull(a.get(INTERNAL_SLB_ID));
    if (main != null && internal != null && !main.equals(internal)) {
      throw new ServiceConfigurationException("annotations " + SLB_ID + " and " + INTERNAL_SLB_ID
          + " name different SLBs; set only one of them");
    }
    String id = main != null ? main : internal;
    if (id != null && !SLB_ID_VALUE.matcher(id).matches()) {
      throw new ServiceConfigurationException("annotation " + (main != null ? SLB_ID : INTERNAL_SLB_ID)
          + " must be the id of an existing SLB (letters, digits, '.', '_' and '-')");
    }
    return Optional.ofNullable(id);
  }

  /**
   * The SLB id the Service names, required.
   *
   * @param service the Service
   * @return the id
   * @throws ServiceConfigurationException saying which annotation to add when none is set
   */
  public static String requireSlbId(V1Service service) {
    return slbId(service).orElseThrow(() -> new ServiceConfigurationException("the incloud provider manages"
        + " listeners on an SLB created in front: create the SLB in the Inspur console and add the annotation "
        + SLB_ID + ": <slbId> to this Service (or " + INTERNAL_SLB_ID + " for an internal SLB)"));
  }

  /**
   * The listener settings of a Service, validated.
   *
   * @param service the Service
   * @return the settings, with the original's defaults for absent annotations
   * @throws ServiceConfigurationException listing every invalid annotation with its accepted values
   */
  public static ListenerSettings listenerSettings(V1Service service) {
    Map<String, String> a = annotations(service);
    List<String> problems = new ArrayList<>();
    ListenerSettings d = ListenerSettings.DEFAULTS;

    String rule = d.forwardRule();
    String ruleValue = a.get(FORWARD_RULE);
    if (ruleValue != null) {
      String r = ruleValue.strip().toUpperCase(Locale.ROOT);
      if (r.equals("RR") || r.equals("WRR") || r.equals("WR")) {
        rule = r;
      } else {
        problems.add(FORWARD_RULE + " must be RR, WRR or WR");
      }
    }

    boolean health = d.healthCheck();
    String healthValue = a.get(IS_HEALTHCHECK);
    if (healthValue != null) {
      String h = healthValue.strip();
      if (TRUE.contains(h)) {
        health = true;
      } else if (FALSE.contains(h)) {
        health = false;
      } else {
        problems.add(IS_HEALTHCHECK + " must be a boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)");
      }
    }

    String type = d.type();
    String typeValue = a.get(HEALTHCHECK_TYPE);
    if (typeValue != null) {
      String t = typeValue.strip().toLowerCase(Locale.ROOT);
      if (t.equals("tcp") || t.equals("http")) {
        type = t;
      } else {
        problems.add(HEALTHCHECK_TYPE + " must be tcp or http");
      }
    }

    int port = integer(a, HEALTHCHECK_PORT, d.port(), 0, 65535, " (0 checks the backend port)", problems);
    int period = integer(a, HEALTHCHECK_PERIOD, d.period(), 1, 300, " seconds", problems);
    int timeout = integer(a, HEALTHCHECK_TIMEOUT, d.timeout(), 1, 300, " seconds", problems);
    int max = integer(a, HEALTHCHECK_MAX, d.max(), 1, 10, " failed checks", problems);

    String domain = d.domain();
    String domainValue = a.get(HEALTHCHECK_DOMAIN);
    if (domainValue != null && !domainValue.isBlank()) {
      String v = domainValue.strip();
      if (DOMAIN.matcher(v).matches()) {
        domain = v;
      } else {
        problems.add(HEALTHCHECK_DOMAIN + " must be empty or a DNS name such as www.example.com");
      }
    }

    String path = d.path();
    String pathValue = a.get(HEALTHCHECK_PATH);
    if (pathValue != null) {
      String p = pathValue.strip();
      if (p.startsWith("/") && p.length() <= 1024 && p.chars().noneMatch(c -> c <= ' ' || c == 0x7f)) {
        path = p;
      } else {
        problems.add(HEALTHCHECK_PATH + " must start with / and contain no spaces or control characters");
      }
    }

    for (String key : a.keySet()) {
      if (key.startsWith(PREFIX) && !KNOWN.contains(key)) {
        problems.add(key + " is not an annotation of the incloud provider (known: "
            + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ServiceConfigurationException("invalid Service annotations: " + String.join("; ", problems));
    }
    return new ListenerSettings(rule, health, type, port, period, timeout, max, domain, path);
  }

  private static int integer(Map<String, String> a, String key, int fallback, int min, int max, String unit,
      List<String> problems) {
    String value = a.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(value.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(key + " must be an integer from " + min + " to " + max + unit);
    return fallback;
  }

  private static Map<String, String> annotations(V1Service service) {
    Map<String, String> a = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

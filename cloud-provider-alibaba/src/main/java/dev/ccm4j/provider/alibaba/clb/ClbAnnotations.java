package dev.ccm4j.provider.alibaba.clb;

import dev.ccm4j.api.ServiceConfigurationException;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates a Service's CLB annotations.
 *
 * <p>Every problem of a Service is collected and reported in one {@link ServiceConfigurationException} that names
 * each annotation, its value and what is accepted, so the Service's owner fixes them in one go. Annotation values
 * are configuration, not credentials, so quoting them is safe. Unknown suffixes under the prefix are ignored, as
 * upstream does, because NLB and other controllers share it.
 */
public final class ClbAnnotations {
  /** The current annotation prefix. */
  public static final String PREFIX = "service.beta.kubernetes.io/alibaba-cloud-";
  /** The legacy prefix, still accepted; the current prefix wins when both are set. */
  public static final String LEGACY_PREFIX = "service.beta.kubernetes.io/alicloud-";
  /** Backend type annotation, without the vendor prefix: {@code ecs} or {@code eni}. */
  public static final String BACKEND_TYPE = "service.beta.kubernetes.io/backend-type";
  /** Any value hands the Service to another controller. */
  public static final String CLASS = "service.beta.kubernetes.io/class";

  private static final Logger LOG = LoggerFactory.getLogger(ClbAnnotations.class);
  /** Alibaba allows 20 tags per resource; the controller's own two come out of that budget. */
  private static final int MAX_TAGS = 18;
  private static final int MAX_TAG_LENGTH = 128;
  private static final Set<String> RESERVED_TAGS = Set.of(ClbTags.DO_NOT_DELETE, ClbTags.CLUSTER, ClbTags.REUSED);
  private static final Set<String> HTTP_CODES = Set.of("http_2xx", "http_3xx", "http_4xx", "http_5xx");
  private static final Set<String> NLB_ONLY = Set.of("loadbalancer-zone-maps", "loadbalancer-security-group-ids",
      "loadbalancer-bandwidth-package-id", "loadbalancer-ipv6-address-type", "loadbalancer-cross-zone-enabled",
      "loadbalancer-cacert-id", "loadbalancer-cacert", "loadbalancer-cps", "loadbalancer-preserve-client-ip",
      "loadbalancer-server-group-type", "loadbalancer-ppv2-pvl-ep-id-enabled",
      "loadbalancer-ppv2-pvl-eps-id-enabled", "loadbalancer-ppv2-pvl-vpc-id-enabled", "loadbalancer-alpn",
      "loadbalancer-alpn-policy", "loadbalancer-listener-port-range", "loadbalancer-additional-cert-ids");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
  private static final Pattern DOMAIN =
      Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
          + "[A-Za-z0-9])?)+");
  private static final Pattern LABEL_KEY =
      Pattern.compile("([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private ClbAnnotations() {}

  /**
   * Parses the annotations of a Service against its ports.
   *
   * @param service the Service, read-only
   * @return the validated settings
   * @throws ServiceConfigurationException naming every invalid annotation, its value and the accepted values
   */
  public static ClbSettings parse(V1Service service) {
    Map<String, String> annotations = service.getMetadata() == null ? null
        : service.getMetadata().getAnnotations();
    List<V1ServicePort> ports = service.getSpec() == null ? null : service.getSpec().getPorts();
    return parse(annotations == null ? Map.of() : annotations, ports == null ? List.of() : ports);
  }

  /**
   * Parses annotations against a Service's ports.
   *
   * @param annotations the Service's annotations
   * @param ports the Service's ports, for the rules that relate annotations to listeners
   * @return the validated settings
   * @throws ServiceConfigurationException naming every invalid annotation, its value and the accepted values
   */
  public static ClbSettings parse(Map<String, String> annotations, List<V1ServicePort> ports) {
    Parser p = new Parser(annotations, ports);
    ClbSettings settings = p.run();
    if (!p.problems.isEmpty()) {
      throw new ServiceConfigurationException(
          (p.problems.size() == 1 ? "invalid load balancer configuration: "
              : p.problems.size() + " problems in the load balancer configuration: ")
              + String.join("; ", p.problems));
    }
    return settings;
  }

  /**
   * Whether the Service carries {@value #CLASS}, which hands it to another controller.
   *
   * @param service the Service
   * @return true if the CLB controller must leave it alone
   */
  public static boolean handledElsewhere(V1Service service) {
    Map<String, String> a = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
    return a != null && a.containsKey(CLASS);
  }

  /** One parse run; collects problems instead of failing on the first. */
  private static final class Parser {
    private final Map<String, String> annotations;
    private final List<V1ServicePort> ports;
    private final List<String> problems = new ArrayList<>();
    private final Map<ClbAnnotation, String> keys = new EnumMap<>(ClbAnnotation.class);
    private final Map<ClbAnnotation, String> raw = new EnumMap<>(ClbAnnotation.class);
    private final Map<ClbAnnotation, String> values = new EnumMap<>(ClbAnnotation.class);

    Parser(Map<String, String> annotations, List<V1ServicePort> ports) {
      this.annotations = annotations;
      this.ports = ports;
    }

    ClbSettings run() {
      collect();
      for (Map.Entry<ClbAnnotation, String> e : raw.entrySet()) {
        ClbAnnotation a = e.getKey();
        if (a.custom()) {
          continue;
        }
        Optional<String> v = a.canonical(e.getValue());
        if (v.isPresent()) {
          values.put(a, v.get());
        } else {
          invalid(a);
        }
      }
      checkBackendType();
      Map<String, String> tags = tags();
      Map<Integer, ListenerProtocol> protocolPorts = protocolPorts();
      Map<Integer, Integer> forward = forwardPorts();
      Map<Integer, String> vgroups = vgroupPorts();
      List<ClbSettings.DomainExtension> domains = domainExtensions();
      Map<String, String> labels = backendLabels();
      simpleCustoms();
      checkPorts(protocolPorts, forward, vgroups, domains);
      crossField();
      return new ClbSettings(values, protocolPorts, forward, vgroups, domains, tags, labels);
    }

    private void collect() {
      // legacy first so that the current prefix overwrites it
      for (String prefix : List.of(LEGACY_PREFIX, PREFIX)) {
        for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
          if (!e.getKey().startsWith(prefix)) {
            continue;
          }
          String suffix = e.getKey().substring(prefix.length());
          Optional<ClbAnnotation> a = ClbAnnotation.bySuffix(suffix);
          if (a.isPresent() && (e.getValue() == null || e.getValue().isBlank())) {
            // upstream reads an empty annotation as an absent one; templated manifests often render them
            LOG.debug("annotation {} is empty; treated as not set", e.getKey());
          } else if (a.isPresent()) {
            raw.put(a.get(), e.getValue());
            keys.put(a.get(), e.getKey());
          } else if (NLB_ONLY.contains(suffix)) {
            LOG.debug("annotation {} applies to NLB only; the CLB controller ignores it", e.getKey());
          } else {
            LOG.debug("annotation {} is not a CLB annotation; ignored", e.getKey());
          }
        }
      }
    }

    private String key(ClbAnnotation a) {
      return keys.getOrDefault(a, a.key());
    }

    private void invalid(ClbAnnotation a) {
      problem(a, "must be " + a.accepted());
    }

    private void problem(ClbAnnotation a, String what) {
      problems.add(key(a) + ": \"" + raw.get(a) + "\" " + what);
    }

    private List<String> items(ClbAnnotation a) {
      List<String> out = new ArrayList<>();
      for (String s : raw.get(a).split(",", -1)) {
        out.add(s.trim());
      }
      return out;
    }

    private void checkBackendType() {
      String t = annotations.get(BACKEND_TYPE);
      if (t == null) {
        return;
      }
      String v = t.trim().toLowerCase(Locale.ROOT);
      if (v.equals("eni")) {
        problems.add(BACKEND_TYPE + ": \"" + t + "\" is not supported: ENI backends need pod addresses, which the "
            + "cloud-provider interface does not pass to load balancers; accepted: ecs");
      } else if (!v.equals("ecs")) {
        problems.add(BACKEND_TYPE + ": \"" + t + "\" must be ecs (eni is not supported)");
      }
    }

    private Map<String, String> tags() {
      Map<String, String> out = new LinkedHashMap<>();
      if (!raw.containsKey(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS)) {
        return out;
      }
      String rawValue = raw.get(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS).trim();
      if (rawValue.isEmpty()) {
        return out;
      }
      for (String item : items(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS)) {
        int eq = item.indexOf('=');
        String k = eq < 0 ? item : item.substring(0, eq).trim();
        String v = eq < 0 ? "" : item.substring(eq + 1).trim();
        if (eq < 0 || k.isEmpty()) {
          problem(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS,
              "has an item \"" + item + "\" that is not key=value; accepted: " + ClbAnnotation
                  .ADDITIONAL_RESOURCE_TAGS.accepted());
          continue;
        }
        String lower = k.toLowerCase(Locale.ROOT);
        if (k.length() > MAX_TAG_LENGTH || v.length() > MAX_TAG_LENGTH) {
          problem(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS,
              "has tag \"" + k + "\" longer than " + MAX_TAG_LENGTH + " characters in key or value");
        } else if (lower.startsWith("aliyun") || lower.startsWith("acs:")) {
          problem(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS,
              "has tag key \"" + k + "\"; keys starting with aliyun or acs: are reserved by Alibaba Cloud");
        } else if (RESERVED_TAGS.contains(k)) {
          problem(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS,
              "sets tag \"" + k + "\", which the controller manages itself");
        } else if (out.containsKey(k)) {
          problem(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS, "sets tag \"" + k + "\" twice");
        } else {
          out.put(k, v);
        }
      }
      if (out.size() > MAX_TAGS) {
        problem(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS, "has " + out.size() + " tags; at most " + MAX_TAGS);
      }
      return out;
    }

    private Map<Integer, ListenerProtocol> protocolPorts() {
      Map<Integer, ListenerProtocol> out = new LinkedHashMap<>();
      if (!raw.containsKey(ClbAnnotation.PROTOCOL_PORT)) {
        return out;
      }
      for (String item : items(ClbAnnotation.PROTOCOL_PORT)) {
        String[] parts = item.split(":", -1);
        Optional<ListenerProtocol> proto = parts.length == 2 ? ListenerProtocol.parse(parts[0]) : Optional.empty();
        Optional<Integer> port = parts.length == 2 ? port(parts[1]) : Optional.empty();
        if (proto.isEmpty() || port.isEmpty()) {
          problem(ClbAnnotation.PROTOCOL_PORT, "has an item \"" + item + "\" that is not protocol:port; accepted: "
              + ClbAnnotation.PROTOCOL_PORT.accepted() + " and port from 1 to 65535");
        } else if (out.containsKey(port.get())) {
          problem(ClbAnnotation.PROTOCOL_PORT, "lists port " + port.get() + " twice");
        } else {
          out.put(port.get(), proto.get());
        }
      }
      return out;
    }

    private Map<Integer, Integer> forwardPorts() {
      Map<Integer, Integer> out = new LinkedHashMap<>();
      if (!raw.containsKey(ClbAnnotation.FORWARD_PORT)) {
        return out;
      }
      for (String item : items(ClbAnnotation.FORWARD_PORT)) {
        String[] parts = item.split(":", -1);
        Optional<Integer> from = parts.length == 2 ? port(parts[0]) : Optional.empty();
        Optional<Integer> to = parts.length == 2 ? port(parts[1]) : Optional.empty();
        if (from.isEmpty() || to.isEmpty()) {
          problem(ClbAnnotation.FORWARD_PORT, "has an item \"" + item + "\" that is not httpPort:httpsPort; "
              + "accepted: " + ClbAnnotation.FORWARD_PORT.accepted());
        } else if (out.containsKey(from.get())) {
          problem(ClbAnnotation.FORWARD_PORT, "forwards port " + from.get() + " twice");
        } else {
          out.put(from.get(), to.get());
        }
      }
      return out;
    }

    private Map<Integer, String> vgroupPorts() {
      Map<Integer, String> out = new LinkedHashMap<>();
      if (!raw.containsKey(ClbAnnotation.VGROUP_PORT)) {
        return out;
      }
      for (String item : items(ClbAnnotation.VGROUP_PORT)) {
        String[] parts = item.split(":", -1);
        Optional<Integer> port = parts.length == 2 ? port(parts[1]) : Optional.empty();
        if (port.isEmpty() || !ID.matcher(parts[0].trim()).matches()) {
          problem(ClbAnnotation.VGROUP_PORT, "has an item \"" + item + "\" that is not vServerGroupId:port; "
              + "accepted: " + ClbAnnotation.VGROUP_PORT.accepted());
        } else if (out.containsKey(port.get())) {
          problem(ClbAnnotation.VGROUP_PORT, "lists port " + port.get() + " twice");
        } else {
          out.put(port.get(), parts[0].trim());
        }
      }
      return out;
    }

    private List<ClbSettings.DomainExtension> domainExtensions() {
      List<ClbSettings.DomainExtension> out = new ArrayList<>();
      if (!raw.containsKey(ClbAnnotation.DOMAIN_EXTENSIONS)) {
        return out;
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String item : items(ClbAnnotation.DOMAIN_EXTENSIONS)) {
        String[] parts = item.split(":", -1);
        if (parts.length != 2 || !DOMAIN.matcher(parts[0].trim()).matches()
            || !ID.matcher(parts[1].trim()).matches()) {
          problem(ClbAnnotation.DOMAIN_EXTENSIONS, "has an item \"" + item + "\" that is not domain:certificateId; "
              + "accepted: " + ClbAnnotation.DOMAIN_EXTENSIONS.accepted());
        } else if (!seen.add(parts[0].trim().toLowerCase(Locale.ROOT))) {
          problem(ClbAnnotation.DOMAIN_EXTENSIONS, "lists domain " + parts[0].trim() + " twice");
        } else {
          out.add(new ClbSettings.DomainExtension(parts[0].trim().toLowerCase(Locale.ROOT), parts[1].trim()));
        }
      }
      return out;
    }

    private Map<String, String> backendLabels() {
      Map<String, String> out = new LinkedHashMap<>();
      if (!raw.containsKey(ClbAnnotation.BACKEND_LABEL)) {
        return out;
      }
      for (String item : items(ClbAnnotation.BACKEND_LABEL)) {
        int eq = item.indexOf('=');
        String k = eq < 0 ? item : item.substring(0, eq).trim();
        String v = eq < 0 ? "" : item.substring(eq + 1).trim();
        if (eq < 0 || !LABEL_KEY.matcher(k).matches() || !LABEL_VALUE.matcher(v).matches()) {
          problem(ClbAnnotation.BACKEND_LABEL, "has an item \"" + item + "\" that is not a label=value pair; "
              + "accepted: " + ClbAnnotation.BACKEND_LABEL.accepted());
        } else {
          out.put(k, v);
        }
      }
      return out;
    }

    /** The custom formats that yield one canonical string. */
    private void simpleCustoms() {
      for (ClbAnnotation a : raw.keySet()) {
        if (!a.custom()) {
          continue;
        }
        String v = raw.get(a).trim();
        switch (a) {
          case PRESERVE_LB_ON_DELETE:
            // upstream: any non-empty value preserves; an empty one is the same as not set
            if (!v.isEmpty()) {
              values.put(a, v);
            }
            break;
          case IP:
            if (IPV4.matcher(v).matches() || (v.contains(":") && IPV6.matcher(v).matches())) {
              values.put(a, v);
            } else {
              invalid(a);
            }
            break;
          case HEALTH_CHECK_HTTP_CODE: {
            Set<String> codes = new LinkedHashSet<>();
            boolean ok = !v.isEmpty();
            for (String c : items(a)) {
              String lc = c.toLowerCase(Locale.ROOT);
              ok &= HTTP_CODES.contains(lc);
              codes.add(lc);
            }
            if (ok) {
              values.put(a, String.join(",", codes));
            } else {
              invalid(a);
            }
            break;
          }
          case HEALTH_CHECK_CONNECT_PORT:
            if (v.equals("-520") || port(v).isPresent()) {
              values.put(a, v);
            } else {
              invalid(a);
            }
            break;
          default:
            // structured lists are kept in their parsed form; record that the annotation is set
            values.put(a, v);
        }
      }
    }

    private void checkPorts(Map<Integer, ListenerProtocol> protocolPorts, Map<Integer, Integer> forward,
        Map<Integer, String> vgroups, List<ClbSettings.DomainExtension> domains) {
      Map<Integer, ListenerProtocol> effective = new LinkedHashMap<>();
      for (int i = 0; i < ports.size(); i++) {
        V1ServicePort sp = ports.get(i);
        String proto = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
        if (!proto.equalsIgnoreCase("TCP") && !proto.equalsIgnoreCase("UDP")) {
          problems.add("spec.ports[" + i + "].protocol: \"" + proto + "\" is not supported by CLB; accepted: TCP, "
              + "UDP");
          continue;
        }
        if (sp.getPort() == null) {
          continue;
        }
        ListenerProtocol lp = protocolPorts.get(sp.getPort());
        if (lp != null && (lp == ListenerProtocol.UDP) != proto.equalsIgnoreCase("UDP")) {
          problem(ClbAnnotation.PROTOCOL_PORT, "maps " + proto + " port " + sp.getPort() + " to " + lp.wire()
              + "; a UDP port must be udp and a TCP port one of tcp, http, https");
        }
        effective.put(sp.getPort(), lp != null ? lp : proto.equalsIgnoreCase("UDP") ? ListenerProtocol.UDP
            : ListenerProtocol.TCP);
      }
      boolean https = effective.containsValue(ListenerProtocol.HTTPS);
      if (https && !values.containsKey(ClbAnnotation.CERT_ID) && !raw.containsKey(ClbAnnotation.CERT_ID)) {
        problems.add(ClbAnnotation.CERT_ID.key() + " is required: " + key(ClbAnnotation.PROTOCOL_PORT)
            + " asks for an https listener, which needs a server certificate");
      }
      for (Map.Entry<Integer, Integer> f : forward.entrySet()) {
        if (effective.get(f.getKey()) != ListenerProtocol.HTTP) {
          problem(ClbAnnotation.FORWARD_PORT, "forwards port " + f.getKey() + ", which is not an http listener "
              + "(set it as http:" + f.getKey() + " in " + ClbAnnotation.PROTOCOL_PORT.key() + ")");
        }
        if (effective.get(f.getValue()) != ListenerProtocol.HTTPS) {
          problem(ClbAnnotation.FORWARD_PORT, "forwards to port " + f.getValue() + ", which is not an https "
              + "listener (set it as https:" + f.getValue() + " in " + ClbAnnotation.PROTOCOL_PORT.key() + ")");
        }
      }
      if (!domains.isEmpty() && !https) {
        problem(ClbAnnotation.DOMAIN_EXTENSIONS, "needs an https listener (see " + ClbAnnotation.PROTOCOL_PORT
            .key() + ")");
      }
      for (Integer port : vgroups.keySet()) {
        if (!effective.containsKey(port)) {
          problem(ClbAnnotation.VGROUP_PORT, "names port " + port + ", which is not a port of this Service");
        }
      }
      if (!vgroups.isEmpty() && !raw.containsKey(ClbAnnotation.LOADBALANCER_ID)) {
        problem(ClbAnnotation.VGROUP_PORT, "needs " + ClbAnnotation.LOADBALANCER_ID.key()
            + ": user VServer groups exist only on a reused load balancer");
      }
      String scheduler = values.get(ClbAnnotation.SCHEDULER);
      if (scheduler != null && Set.of("sch", "tch", "qch").contains(scheduler)
          && effective.values().stream().anyMatch(ListenerProtocol::layer7)) {
        problem(ClbAnnotation.SCHEDULER, "is a layer-4 scheduler and cannot be used with http or https listeners; "
            + "accepted there: rr, wrr, wlc");
      }
      if (scheduler != null && Set.of("tch", "qch").contains(scheduler)
          && effective.values().stream().anyMatch(p -> p == ListenerProtocol.TCP)) {
        problem(ClbAnnotation.SCHEDULER, "applies to udp listeners only; accepted for tcp: rr, wrr, wlc, sch");
      }
    }

    private void crossField() {
      requireWhen(ClbAnnotation.BANDWIDTH, ClbAnnotation.CHARGE_TYPE, "paybybandwidth",
          "only takes effect with " + ClbAnnotation.CHARGE_TYPE.key() + ": paybybandwidth");
      if ("PayByCLCU".equals(values.get(ClbAnnotation.INSTANCE_CHARGE_TYPE))
          && values.containsKey(ClbAnnotation.SPEC)) {
        problem(ClbAnnotation.SPEC, "cannot be combined with " + key(ClbAnnotation.INSTANCE_CHARGE_TYPE)
            + ": PayByCLCU; a spec needs PayBySpec");
      }
      if ("on".equals(values.get(ClbAnnotation.STICKY_SESSION))) {
        String type = values.get(ClbAnnotation.STICKY_SESSION_TYPE);
        if (type == null) {
          if (!raw.containsKey(ClbAnnotation.STICKY_SESSION_TYPE)) {
            problem(ClbAnnotation.STICKY_SESSION, "needs " + ClbAnnotation.STICKY_SESSION_TYPE.key()
                + " (insert or server)");
          }
        } else if (type.equals("insert") && !raw.containsKey(ClbAnnotation.COOKIE_TIMEOUT)) {
          problem(ClbAnnotation.STICKY_SESSION_TYPE, "needs " + ClbAnnotation.COOKIE_TIMEOUT.key() + " ("
              + ClbAnnotation.COOKIE_TIMEOUT.accepted() + ")");
        } else if (type.equals("server") && !raw.containsKey(ClbAnnotation.COOKIE)) {
          problem(ClbAnnotation.STICKY_SESSION_TYPE, "needs " + ClbAnnotation.COOKIE.key()
              + " (the cookie name the server sets)");
        }
      }
      if ("on".equals(values.get(ClbAnnotation.CONNECTION_DRAIN))
          && !raw.containsKey(ClbAnnotation.CONNECTION_DRAIN_TIMEOUT)) {
        problem(ClbAnnotation.CONNECTION_DRAIN, "needs " + ClbAnnotation.CONNECTION_DRAIN_TIMEOUT.key() + " ("
            + ClbAnnotation.CONNECTION_DRAIN_TIMEOUT.accepted() + ")");
      }
      if ("on".equals(values.get(ClbAnnotation.ACL_STATUS))) {
        if (!raw.containsKey(ClbAnnotation.ACL_ID)) {
          problem(ClbAnnotation.ACL_STATUS, "needs " + ClbAnnotation.ACL_ID.key());
        }
        if (!raw.containsKey(ClbAnnotation.ACL_TYPE)) {
          problem(ClbAnnotation.ACL_STATUS, "needs " + ClbAnnotation.ACL_TYPE.key() + " (white or black)");
        }
      }
      if ("classic".equals(values.get(ClbAnnotation.NETWORK_TYPE)) && raw.containsKey(ClbAnnotation.VSWITCH_ID)) {
        problem(ClbAnnotation.VSWITCH_ID, "cannot be used with " + key(ClbAnnotation.NETWORK_TYPE)
            + ": classic, which has no vSwitch");
      }
      if (raw.containsKey(ClbAnnotation.IP) && !"intranet".equals(values.get(ClbAnnotation.ADDRESS_TYPE))) {
        problem(ClbAnnotation.IP, "needs " + ClbAnnotation.ADDRESS_TYPE.key() + ": intranet; only a private "
            + "address can be chosen");
      }
      if (raw.containsKey(ClbAnnotation.HOSTNAME) && raw.containsKey(ClbAnnotation.EXTERNAL_IP_TYPE)) {
        problem(ClbAnnotation.HOSTNAME, "cannot be combined with " + key(ClbAnnotation.EXTERNAL_IP_TYPE)
            + "; the ingress is either a host name or an address");
      }
      if ("nlb".equals(values.get(ClbAnnotation.LOADBALANCER_TYPE))) {
        problem(ClbAnnotation.LOADBALANCER_TYPE, "is not supported; set spec.loadBalancerClass: "
            + "alibabacloud.com/nlb to get an NLB, or clb (or no annotation) for a CLB");
      }
    }

    private void requireWhen(ClbAnnotation a, ClbAnnotation other, String otherValue, String what) {
      if (values.containsKey(a) && !otherValue.equals(values.get(other)) && !problemFor(other)) {
        problem(a, what);
      }
    }

    private boolean problemFor(ClbAnnotation a) {
      return raw.containsKey(a) && !values.containsKey(a);
    }

    private static Optional<Integer> port(String s) {
      try {
        int p = Integer.parseInt(s.trim());
        return p >= 1 && p <= 65535 ? Optional.of(p) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }
}

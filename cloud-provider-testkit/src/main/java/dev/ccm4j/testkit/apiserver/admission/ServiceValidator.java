package dev.ccm4j.testkit.apiserver.admission;

import static dev.ccm4j.testkit.apiserver.admission.Fields.integer;
import static dev.ccm4j.testkit.apiserver.admission.Fields.str;
import static dev.ccm4j.testkit.apiserver.admission.Fields.strOrEmpty;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.testkit.apiserver.StatusCause;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field validation of a defaulted Service spec, with the real API server's field paths and messages. Cluster IPs and
 * IP families are checked where they are planned ({@link ServiceAdmission}), since they depend on the cluster's
 * service CIDRs and on the old object.
 */
final class ServiceValidator {
  static final String PORT_RANGE = "must be between 1 and 65535, inclusive";
  static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
  private static final Set<String> TYPES = Set.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS_LABEL_PATTERN = Pattern.compile(DNS_LABEL);
  private static final String DNS_SUBDOMAIN = DNS_LABEL + "(\\." + DNS_LABEL + ")*";
  private static final Pattern DNS_SUBDOMAIN_PATTERN = Pattern.compile(DNS_SUBDOMAIN);
  private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern QUALIFIED_NAME_PATTERN = Pattern.compile(QUALIFIED_NAME);
  private static final String DNS_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric"
      + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
      + " regex used for validation is '" + DNS_LABEL + "')";
  private static final String DNS_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case"
      + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
      + " 'example.com', regex used for validation is '" + DNS_SUBDOMAIN + "')";
  private static final String QUALIFIED_NAME_MESSAGE = "name part must consist of alphanumeric characters, '-', '_'"
      + " or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
      + " '123-abc', regex used for validation is '" + QUALIFIED_NAME + "')";

  private ServiceValidator() {}

  static void validate(JsonObject spec, List<StatusCause> causes) {
    String type = Fields.type(spec);
    if (!TYPES.contains(type)) {
      causes.add(StatusCause.notSupported("spec.type", type,
          "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
    }
    validatePorts(spec, type, causes);
    validateSessionAffinity(spec, causes);
    validateTrafficPolicies(spec, causes);
    validateLoadBalancerFields(spec, type, causes);
    if (Fields.EXTERNAL_NAME.equals(type)) {
      String externalName = strOrEmpty(spec, "externalName");
      if (externalName.isEmpty()) {
        causes.add(StatusCause.required("spec.externalName"));
      } else {
        String name = externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1) : externalName;
        if (name.length() > 253 || !DNS_SUBDOMAIN_PATTERN.matcher(name).matches()) {
          causes.add(StatusCause.invalid("spec.externalName", externalName, DNS_SUBDOMAIN_MESSAGE));
        }
      }
    }
    List<String> externalIps = Fields.strings(spec, "externalIPs");
    for (int i = 0; i < externalIps.size(); i++) {
      if (IpAddress.parse(externalIps.get(i)).isEmpty()) {
        causes.add(StatusCause.invalid("spec.externalIPs[" + i + "]", externalIps.get(i), INVALID_IP));
      }
    }
  }

  /** Checks that only apply to updates: the load balancer class is fixed while the Service stays a LoadBalancer. */
  static void validateUpdate(JsonObject oldSpec, JsonObject spec, List<StatusCause> causes) {
    if (Fields.isLoadBalancer(oldSpec) && Fields.isLoadBalancer(spec)
        && !Objects.equals(str(oldSpec, "loadBalancerClass"), str(spec, "loadBalancerClass"))) {
      causes.add(StatusCause.invalid("spec.loadBalancerClass", str(spec, "loadBalancerClass"),
          "may not change once set"));
    }
  }

  private static boolean headless(JsonObject spec) {
    List<String> ips = Fields.strings(spec, "clusterIPs");
    return "None".equals(str(spec, "clusterIP")) || (!ips.isEmpty() && "None".equals(ips.get(0)));
  }

  private static void validatePorts(JsonObject spec, String type, List<StatusCause> causes) {
    List<JsonObject> ports = Fields.ports(spec);
    if (ports.isEmpty() && !Fields.EXTERNAL_NAME.equals(type) && !headless(spec)) {
      causes.add(StatusCause.required("spec.ports"));
    }
    boolean requireName = ports.size() > 1;
    Set<String> names = new HashSet<>();
    Set<String> portProtocols = new HashSet<>();
    Set<String> nodePortProtocols = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonObject port = ports.get(i);
      String path = "spec.ports[" + i + "]";
      String name = strOrEmpty(port, "name");
      if (name.isEmpty()) {
        if (requireName) {
          causes.add(StatusCause.required(path + ".name"));
        }
      } else if (name.length() > 63 || !DNS_LABEL_PATTERN.matcher(name).matches()) {
        causes.add(StatusCause.invalid(path + ".name", name,
            name.length() > 63 ? "must be no more than 63 characters" : DNS_LABEL_MESSAGE));
      } else if (!names.add(name)) {
        causes.add(StatusCause.duplicate(path + ".name", name));
      }
      int number = integer(port, "port");
      if (number < 1 || number > 65535) {
        causes.add(StatusCause.invalid(path + ".port", number, PORT_RANGE));
      }
      String protocol = strOrEmpty(port, "protocol");
      if (!PROTOCOLS.contains(protocol)) {
        causes.add(StatusCause.notSupported(path + ".protocol", protocol, "\"SCTP\", \"TCP\", \"UDP\""));
      }
      validateTargetPort(port.get("targetPort"), path + ".targetPort", causes);
      int nodePort = integer(port, "nodePort");
      if (nodePort != 0) {
        if (Fields.CLUSTER_IP.equals(type)) {
          causes.add(StatusCause.forbidden(path + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
        } else if (nodePort < 0 || nodePort > 65535) {
          causes.add(StatusCause.invalid(path + ".nodePort", nodePort, PORT_RANGE));
        } else if (!nodePortProtocols.add(nodePort + "/" + protocol)) {
          causes.add(StatusCause.duplicate(path + ".nodePort", nodePort));
        }
      }
      if (!portProtocols.add(number + "/" + protocol)) {
        causes.add(StatusCause.duplicate(path,
            new GoText("core.ServicePort{Port:" + number + ", Protocol:\"" + protocol + "\"}")));
      }
    }
  }

  private static void validateTargetPort(JsonElement target, String path, List<StatusCause> causes) {
    if (target == null || target.isJsonNull()) {
      return;
    }
    if (!target.isJsonPrimitive()) {
      throw Fields.decodeError("targetPort", "integer or string");
    }
    if (target.getAsJsonPrimitive().isNumber()) {
      double value = target.getAsDouble();
      if (value < 1 || value > 65535 || value != Math.rint(value)) {
        causes.add(StatusCause.invalid(path, (int) value, PORT_RANGE));
      }
      return;
    }
    String name = target.getAsString();
    String problem = portNameProblem(name);
    if (problem != null) {
      causes.add(StatusCause.invalid(path, name, problem));
    }
  }

  /** IANA service-name rules for a named target port; null when valid. */
  private static String portNameProblem(String name) {
    if (name.length() > 15) {
      return "must be no more than 15 characters";
    }
    if (!name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
    }
    if (name.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
      return "must contain at least one letter (a-z)";
    }
    if (name.contains("--")) {
      return "must not contain consecutive hyphens";
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      return "must not begin or end with a hyphen";
    }
    return null;
  }

  private static void validateSessionAffinity(JsonObject spec, List<StatusCause> causes) {
    String affinity = strOrEmpty(spec, "sessionAffinity");
    if (!affinity.equals("None") && !affinity.equals("ClientIP")) {
      causes.add(StatusCause.notSupported("spec.sessionAffinity", affinity, "\"ClientIP\", \"None\""));
      return;
    }
    JsonElement config = spec.get("sessionAffinityConfig");
    if ("ClientIP".equals(affinity) && config != null && config.isJsonObject()) {
      JsonElement clientIp = config.getAsJsonObject().get("clientIP");
      if (clientIp != null && clientIp.isJsonObject()) {
        int timeout = integer(clientIp.getAsJsonObject(), "timeoutSeconds");
        if (timeout <= 0 || timeout > 86400) {
          causes.add(StatusCause.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout,
              "must be greater than 0 and less than 86400"));
        }
      }
    }
  }

  private static void validateTrafficPolicies(JsonObject spec, List<StatusCause> causes) {
    String etp = str(spec, "externalTrafficPolicy");
    if (Fields.externallyAccessible(spec)) {
      if (etp == null || etp.isEmpty()) {
        causes.add(StatusCause.required("spec.externalTrafficPolicy"));
      } else if (!etp.equals("Cluster") && !etp.equals("Local")) {
        causes.add(StatusCause.notSupported("spec.externalTrafficPolicy", etp, "\"Cluster\", \"Local\""));
      }
    } else if (etp != null && !etp.isEmpty()) {
      causes.add(StatusCause.invalid("spec.externalTrafficPolicy", etp,
          "may only be set for externally-accessible services"));
    }
    String itp = str(spec, "internalTrafficPolicy");
    if (itp != null && !itp.equals("Cluster") && !itp.equals("Local")) {
      causes.add(StatusCause.notSupported("spec.internalTrafficPolicy", itp, "\"Cluster\", \"Local\""));
    }
    int healthCheckNodePort = integer(spec, "healthCheckNodePort");
    if (healthCheckNodePort != 0) {
      if (!Fields.needsHealthCheckNodePort(spec)) {
        causes.add(StatusCause.invalid("spec.healthCheckNodePort", healthCheckNodePort,
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
      } else if (healthCheckNodePort < 1 || healthCheckNodePort > 65535) {
        causes.add(StatusCause.invalid("spec.healthCheckNodePort", healthCheckNodePort, PORT_RANGE));
      }
    }
  }

  private static void validateLoadBalancerFields(JsonObject spec, String type, List<StatusCause> causes) {
    boolean loadBalancer = Fields.LOAD_BALANCER.equals(type);
    List<String> ranges = Fields.strings(spec, "loadBalancerSourceRanges");
    if (!ranges.isEmpty()) {
      // The capitalised field path is what the real server reports.
      String path = "spec.LoadBalancerSourceRanges";
      if (!loadBalancer) {
        causes.add(StatusCause.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
      }
      for (int i = 0; i < ranges.size(); i++) {
        if (Cidr.parse(ranges.get(i).trim()).isEmpty()) {
          causes.add(StatusCause.invalid(path + "[" + i + "]", ranges.get(i),
              "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
        }
      }
    }
    String lbClass = str(spec, "loadBalancerClass");
    if (lbClass != null) {
      if (!loadBalancer) {
        causes.add(StatusCause.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
      } else {
        String problem = qualifiedNameProblem(lbClass);
        if (problem != null) {
          causes.add(StatusCause.invalid("spec.loadBalancerClass", lbClass, problem));
        }
      }
    }
    if (Fields.bool(spec, "allocateLoadBalancerNodePorts") != null && !loadBalancer) {
      causes.add(StatusCause.forbidden("spec.allocateLoadBalancerNodePorts",
          "may only be used when `type` is 'LoadBalancer'"));
    }
  }

  private static String qualifiedNameProblem(String value) {
    int slash = value.indexOf('/');
    String name = slash < 0 ? value : value.substring(slash + 1);
    if (slash >= 0) {
      String prefix = value.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN_PATTERN.matcher(prefix).matches()) {
        return "prefix part " + DNS_SUBDOMAIN_MESSAGE;
      }
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME_PATTERN.matcher(name).matches()) {
      return name.length() > 63 ? "name part must be no more than 63 characters" : QUALIFIED_NAME_MESSAGE;
    }
    return null;
  }
}

package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.Fields.integer;
import static dev.ccm4j.kubeapi.admission.Fields.str;
import static dev.ccm4j.kubeapi.admission.Fields.strOrEmpty;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.StatusCause;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
  static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
  private static final String SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

  private ServiceValidator() {}

  static void validate(JsonObject spec, JsonObject metadata, List<StatusCause> causes) {
    String type = Fields.type(spec);
    if (!TYPES.contains(type)) {
      causes.add(StatusCause.notSupported("spec.type", type,
          "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
    }
    validatePorts(spec, type, causes);
    validateSessionAffinity(spec, causes);
    validateTrafficPolicies(spec, causes);
    validateLoadBalancerFields(spec, metadata, type, causes);
    if (Fields.EXTERNAL_NAME.equals(type)) {
      String externalName = strOrEmpty(spec, "externalName");
      if (externalName.isEmpty()) {
        causes.add(StatusCause.required("spec.externalName"));
      } else {
        String name = externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1) : externalName;
        for (String m : NameRules.dns1123Subdomain(name)) {
          causes.add(StatusCause.invalid("spec.externalName", externalName, m));
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
      List<String> nameProblems = name.isEmpty() ? List.of() : NameRules.dns1123Label(name);
      if (name.isEmpty()) {
        if (requireName) {
          causes.add(StatusCause.required(path + ".name"));
        }
      } else if (!nameProblems.isEmpty()) {
        for (String m : nameProblems) {
          causes.add(StatusCause.invalid(path + ".name", name, m));
        }
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

  private static void validateLoadBalancerFields(JsonObject spec, JsonObject metadata, String type,
      List<StatusCause> causes) {
    boolean loadBalancer = Fields.LOAD_BALANCER.equals(type);
    String loadBalancerIp = strOrEmpty(spec, "loadBalancerIP");
    if (!loadBalancerIp.isEmpty() && IpAddress.parse(loadBalancerIp).isEmpty()) {
      causes.add(StatusCause.invalid("spec.loadBalancerIP", loadBalancerIp, INVALID_IP));
    }
    List<String> ranges = Fields.strings(spec, "loadBalancerSourceRanges");
    String annotation = sourceRangesAnnotation(metadata);
    if (!ranges.isEmpty() || (annotation != null && !annotation.isEmpty())) {
      // The capitalised field path is what the real server reports.
      String path = "spec.LoadBalancerSourceRanges";
      if (!loadBalancer) {
        causes.add(StatusCause.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
      }
      if (!ranges.isEmpty()) {
        for (int i = 0; i < ranges.size(); i++) {
          // the real server trims these, a leftover of the field's origin in the annotation
          if (Cidr.parse(ranges.get(i).trim()).isEmpty()) {
            causes.add(StatusCause.invalid(path + "[" + i + "]", ranges.get(i), INVALID_CIDR));
          }
        }
      } else if (!annotation.trim().isEmpty()) {
        for (String value : annotation.trim().split(",", -1)) {
          if (Cidr.parse(value.trim()).isEmpty()) {
            causes.add(StatusCause.invalid("metadata.annotations[" + SOURCE_RANGES_ANNOTATION + "]", value.trim(),
                INVALID_CIDR));
          }
        }
      }
    }
    String lbClass = str(spec, "loadBalancerClass");
    if (lbClass != null) {
      if (!loadBalancer) {
        causes.add(StatusCause.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
      } else {
        for (String m : NameRules.qualifiedName(lbClass)) {
          causes.add(StatusCause.invalid("spec.loadBalancerClass", lbClass, m));
        }
      }
    }
    if (Fields.bool(spec, "allocateLoadBalancerNodePorts") != null && !loadBalancer) {
      causes.add(StatusCause.forbidden("spec.allocateLoadBalancerNodePorts",
          "may only be used when `type` is 'LoadBalancer'"));
    }
  }

  private static String sourceRangesAnnotation(JsonObject metadata) {
    JsonElement annotations = metadata == null ? null : metadata.get("annotations");
    if (annotations == null || !annotations.isJsonObject()) {
      return null;
    }
    JsonElement v = annotations.getAsJsonObject().get(SOURCE_RANGES_ANNOTATION);
    return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
  }
}

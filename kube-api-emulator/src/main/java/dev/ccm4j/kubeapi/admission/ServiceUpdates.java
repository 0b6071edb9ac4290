package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.Fields.integer;
import static dev.ccm4j.kubeapi.admission.Fields.sameField;

import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The API server's update-time fix-ups of a Service spec, run before validation and allocation. */
final class ServiceUpdates {
  private ServiceUpdates() {}

  /**
   * Clears fields the new type no longer uses, but only when the client left them as they were: a client that
   * switches to ClusterIP by sending back the whole old object must not be told its node ports are forbidden, while
   * one that explicitly changes them still is.
   */
  static void dropTypeDependentFields(JsonObject oldSpec, JsonObject spec) {
    if (Fields.needsClusterIp(oldSpec) && !Fields.needsClusterIp(spec)) {
      if (sameField(oldSpec, spec, "clusterIP") && sameField(oldSpec, spec, "clusterIPs")) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
      }
      if (sameField(oldSpec, spec, "ipFamilies")) {
        spec.remove("ipFamilies");
      }
      if (sameField(oldSpec, spec, "ipFamilyPolicy")) {
        spec.remove("ipFamilyPolicy");
      }
    }
    if (Fields.needsNodePort(oldSpec) && !Fields.needsNodePort(spec) && sameNodePorts(oldSpec, spec)) {
      Fields.ports(spec).forEach(p -> p.remove("nodePort"));
    }
    if (Fields.needsHealthCheckNodePort(oldSpec) && !Fields.needsHealthCheckNodePort(spec)
        && sameField(oldSpec, spec, "healthCheckNodePort")) {
      spec.remove("healthCheckNodePort");
    }
    if (Fields.isLoadBalancer(oldSpec) && !Fields.isLoadBalancer(spec)) {
      if (sameField(oldSpec, spec, "allocateLoadBalancerNodePorts")) {
        spec.remove("allocateLoadBalancerNodePorts");
      }
      if (sameField(oldSpec, spec, "loadBalancerClass")) {
        spec.remove("loadBalancerClass");
      }
    }
    if (Fields.externallyAccessible(oldSpec) && !Fields.externallyAccessible(spec)
        && sameField(oldSpec, spec, "externalTrafficPolicy")) {
      spec.remove("externalTrafficPolicy");
    }
  }

  private static boolean sameNodePorts(JsonObject oldSpec, JsonObject spec) {
    List<JsonObject> oldPorts = Fields.ports(oldSpec);
    List<JsonObject> ports = Fields.ports(spec);
    if (oldPorts.size() != ports.size()) {
      return false;
    }
    for (int i = 0; i < ports.size(); i++) {
      if (integer(oldPorts.get(i), "nodePort") != integer(ports.get(i), "nodePort")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Carries allocated values the client did not send over from the old object, so that re-submitting the YAML a
   * Service was created from succeeds. Node ports are matched by port name, as upstream does, and only when the old
   * number is not claimed by another port of the new spec.
   */
  static void patchAllocatedValues(JsonObject oldSpec, JsonObject spec) {
    if (Fields.needsNodePort(oldSpec) && Fields.needsNodePort(spec)) {
      Set<Integer> usedInNew = new HashSet<>();
      for (JsonObject p : Fields.ports(spec)) {
        int np = integer(p, "nodePort");
        if (np != 0) {
          usedInNew.add(np);
        }
      }
      Map<String, Integer> oldByName = new HashMap<>();
      for (JsonObject p : Fields.ports(oldSpec)) {
        oldByName.put(Fields.strOrEmpty(p, "name"), integer(p, "nodePort"));
      }
      for (JsonObject p : Fields.ports(spec)) {
        Integer old = oldByName.get(Fields.strOrEmpty(p, "name"));
        if (integer(p, "nodePort") == 0 && old != null && old != 0 && !usedInNew.contains(old)) {
          p.add("nodePort", Fields.number(old));
          usedInNew.add(old);
        }
      }
    }
    if (Fields.needsHealthCheckNodePort(oldSpec) && Fields.needsHealthCheckNodePort(spec)
        && integer(spec, "healthCheckNodePort") == 0 && integer(oldSpec, "healthCheckNodePort") != 0) {
      spec.add("healthCheckNodePort", Fields.number(integer(oldSpec, "healthCheckNodePort")));
    }
  }
}

package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.Fields.str;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** The Service defaults the API server applies when it decodes a v1 Service (before any allocation). */
final class ServiceDefaults {
  private static final int DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

  private ServiceDefaults() {}

  static void apply(JsonObject service, JsonObject spec) {
    String affinity = str(spec, "sessionAffinity");
    if (affinity == null || affinity.isEmpty()) {
      affinity = "None";
      spec.addProperty("sessionAffinity", affinity);
    }
    if ("None".equals(affinity)) {
      spec.remove("sessionAffinityConfig");
    } else if ("ClientIP".equals(affinity) && !hasClientIpTimeout(spec)) {
      JsonObject clientIp = new JsonObject();
      clientIp.addProperty("timeoutSeconds", DEFAULT_CLIENT_IP_TIMEOUT_SECONDS);
      JsonObject config = new JsonObject();
      config.add("clientIP", clientIp);
      spec.add("sessionAffinityConfig", config);
    }
    String type = str(spec, "type");
    if (type == null || type.isEmpty()) {
      spec.addProperty("type", Fields.CLUSTER_IP);
    }
    for (JsonObject port : Fields.ports(spec)) {
      String protocol = str(port, "protocol");
      if (protocol == null || protocol.isEmpty()) {
        port.addProperty("protocol", "TCP");
      }
      JsonElement target = port.get("targetPort");
      boolean unset = target == null || target.isJsonNull()
          || (target.isJsonPrimitive() && target.getAsJsonPrimitive().isNumber() && target.getAsDouble() == 0)
          || (target.isJsonPrimitive() && target.getAsJsonPrimitive().isString() && target.getAsString().isEmpty());
      if (unset && port.has("port") && !port.get("port").isJsonNull()) {
        port.add("targetPort", port.get("port").deepCopy());
      }
    }
    String etp = str(spec, "externalTrafficPolicy");
    if (Fields.externallyAccessible(spec) && (etp == null || etp.isEmpty())) {
      spec.addProperty("externalTrafficPolicy", "Cluster");
    }
    if (str(spec, "internalTrafficPolicy") == null && Fields.needsClusterIp(spec)) {
      spec.addProperty("internalTrafficPolicy", "Cluster");
    }
    if (Fields.isLoadBalancer(spec)) {
      if (Fields.bool(spec, "allocateLoadBalancerNodePorts") == null) {
        spec.addProperty("allocateLoadBalancerNodePorts", true);
      }
      defaultIngressIpMode(service);
    }
  }

  private static boolean hasClientIpTimeout(JsonObject spec) {
    JsonElement config = spec.get("sessionAffinityConfig");
    if (config == null || !config.isJsonObject()) {
      return false;
    }
    JsonElement clientIp = config.getAsJsonObject().get("clientIP");
    return clientIp != null && clientIp.isJsonObject() && clientIp.getAsJsonObject().has("timeoutSeconds")
        && !clientIp.getAsJsonObject().get("timeoutSeconds").isJsonNull();
  }

  /** {@code status.loadBalancer.ingress[].ipMode} defaults to VIP for entries with an IP. */
  private static void defaultIngressIpMode(JsonObject service) {
    JsonElement status = service.get("status");
    if (status == null || !status.isJsonObject()) {
      return;
    }
    JsonElement lb = status.getAsJsonObject().get("loadBalancer");
    if (lb == null || !lb.isJsonObject()) {
      return;
    }
    JsonElement ingress = lb.getAsJsonObject().get("ingress");
    if (ingress == null || !ingress.isJsonArray()) {
      return;
    }
    for (JsonElement e : ingress.getAsJsonArray()) {
      if (e.isJsonObject() && e.getAsJsonObject().has("ip") && !e.getAsJsonObject().has("ipMode")) {
        e.getAsJsonObject().add("ipMode", new JsonPrimitive("VIP"));
      }
    }
  }
}

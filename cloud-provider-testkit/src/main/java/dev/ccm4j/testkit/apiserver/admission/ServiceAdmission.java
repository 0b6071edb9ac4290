package dev.ccm4j.testkit.apiserver.admission;

import com.google.gson.JsonObject;

/** Placeholder Service admission: assigns sequential cluster IPs from a fixed range. Superseded by the full one. */
public final class ServiceAdmission {
  private int next = 1;

  /** Creates the admission for the given service CIDRs and node-port range. */
  public ServiceAdmission(String serviceCidrs, int nodePortMin, int nodePortMax) {
    if (serviceCidrs == null || nodePortMin > nodePortMax) {
      throw new IllegalArgumentException("invalid service admission settings");
    }
  }

  /** Defaults a new Service in place. */
  public void onCreate(JsonObject service) {
    JsonObject spec = service.has("spec") ? service.getAsJsonObject("spec") : new JsonObject();
    service.add("spec", spec);
    if (!spec.has("type")) {
      spec.addProperty("type", "ClusterIP");
    }
    if (!spec.has("clusterIP")) {
      int n = next++;
      spec.addProperty("clusterIP", "10.96." + (n / 250) + "." + (n % 250 + 1));
    }
  }

  /** Keeps the allocated cluster IP across updates. */
  public void onUpdate(JsonObject oldService, JsonObject newService) {
    JsonObject spec = newService.has("spec") ? newService.getAsJsonObject("spec") : new JsonObject();
    newService.add("spec", spec);
    JsonObject oldSpec = oldService.getAsJsonObject("spec");
    if (!spec.has("clusterIP") && oldSpec != null && oldSpec.has("clusterIP")) {
      spec.add("clusterIP", oldSpec.get("clusterIP"));
    }
    if (!spec.has("type")) {
      spec.addProperty("type", "ClusterIP");
    }
  }

  /** Releases nothing: the placeholder never reuses addresses. */
  public void onDelete(JsonObject service) {
    // sequential allocation never reuses an address, so there is nothing to give back
  }
}

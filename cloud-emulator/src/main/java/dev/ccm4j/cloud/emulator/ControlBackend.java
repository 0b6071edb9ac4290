package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;

/**
 * A load balancer backend as the control API shows it.
 *
 * @param instanceId the backend instance id (empty for an IP backend)
 * @param address the backend address
 * @param port the backend port
 * @param weight the weight
 */
public record ControlBackend(String instanceId, String address, int port, int weight) {
  /** Turns null strings into empty ones. */
  public ControlBackend {
    instanceId = instanceId == null ? "" : instanceId;
    address = address == null ? "" : address;
  }

  /** The control API's JSON form. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("instanceId", instanceId);
    o.addProperty("address", address);
    o.addProperty("port", port);
    o.addProperty("weight", weight);
    return o;
  }

  /**
   * Reads the control API's JSON form.
   *
   * @param json the object
   * @return the backend
   */
  public static ControlBackend fromJson(JsonObject json) {
    return new ControlBackend(Jsons.string(json, "instanceId").orElse(""), Jsons.string(json, "address").orElse(""),
        Jsons.number(json, "port").orElse(0L).intValue(), Jsons.number(json, "weight").orElse(0L).intValue());
  }
}

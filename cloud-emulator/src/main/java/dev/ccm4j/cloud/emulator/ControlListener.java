package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * A load balancer listener as the control API shows it.
 *
 * @param protocol the protocol, lower-case ({@code tcp}, {@code udp}, {@code http}, {@code https})
 * @param port the frontend port
 * @param backendPort the port traffic is sent to on the backends
 */
public record ControlListener(String protocol, int port, int backendPort) {
  /** Normalises the protocol to lower case. */
  public ControlListener {
    protocol = Objects.requireNonNull(protocol, "protocol").toLowerCase(Locale.ROOT);
  }

  /** The control API's JSON form. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("protocol", protocol);
    o.addProperty("port", port);
    o.addProperty("backendPort", backendPort);
    return o;
  }

  /**
   * Reads the control API's JSON form.
   *
   * @param json the object
   * @return the listener
   */
  public static ControlListener fromJson(JsonObject json) {
    return new ControlListener(Jsons.string(json, "protocol").orElse(""),
        Jsons.number(json, "port").orElse(0L).intValue(), Jsons.number(json, "backendPort").orElse(0L).intValue());
  }
}

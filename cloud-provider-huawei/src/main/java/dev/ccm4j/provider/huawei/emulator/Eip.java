package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * An elastic IP with its bandwidth, as the EIP v1 {@code publicips} API shows it. It is bound to at most one port;
 * its {@link #status()} is {@code ACTIVE} when bound and {@code DOWN} when not. Changed only through
 * {@link EipStore}, under the state's lock.
 */
final class Eip {
  private final String id;
  private final String publicIpAddress;
  private final String type;
  private final String bandwidthId;
  private final String bandwidthName;
  private final int bandwidthSize;
  private final String shareType;
  private final String chargeMode;
  private final String createTime;
  private final String projectId;
  private String portId;
  private String privateIpAddress;

  Eip(String id, String publicIpAddress, String type, String bandwidthId, String bandwidthName, int bandwidthSize,
      String shareType, String chargeMode, String createTime, String projectId) {
    this.id = Objects.requireNonNull(id, "id");
    this.publicIpAddress = Objects.requireNonNull(publicIpAddress, "publicIpAddress");
    this.type = Objects.requireNonNull(type, "type");
    this.bandwidthId = Objects.requireNonNull(bandwidthId, "bandwidthId");
    this.bandwidthName = Objects.requireNonNull(bandwidthName, "bandwidthName");
    this.bandwidthSize = bandwidthSize;
    this.shareType = Objects.requireNonNull(shareType, "shareType");
    this.chargeMode = Objects.requireNonNull(chargeMode, "chargeMode");
    this.createTime = Objects.requireNonNull(createTime, "createTime");
    this.projectId = Objects.requireNonNull(projectId, "projectId");
  }

  /** The EIP id. */
  String id() {
    return id;
  }

  /** The public address. */
  String publicIpAddress() {
    return publicIpAddress;
  }

  /** The port it is bound to, or null when unbound. */
  String portId() {
    return portId;
  }

  /** The private address of the bound port, or null when unbound. */
  String privateIpAddress() {
    return privateIpAddress;
  }

  /** {@code ACTIVE} when bound, {@code DOWN} when unbound. */
  String status() {
    return portId == null ? "DOWN" : "ACTIVE";
  }

  /** The EIP type, e.g. {@code 5_bgp}. */
  String type() {
    return type;
  }

  /** The bandwidth size in Mbit/s. */
  int bandwidthSize() {
    return bandwidthSize;
  }

  /** {@code PER} (dedicated) or {@code WHOLE} (shared). */
  String shareType() {
    return shareType;
  }

  /** {@code traffic} or {@code bandwidth}. */
  String chargeMode() {
    return chargeMode;
  }

  /** The bandwidth name. */
  String bandwidthName() {
    return bandwidthName;
  }

  /** The bandwidth id. */
  String bandwidthId() {
    return bandwidthId;
  }

  void bind(String portId, String privateIpAddress) {
    this.portId = portId;
    this.privateIpAddress = privateIpAddress;
  }

  /** The {@code publicip} object of the EIP v1 API; unbound EIPs carry no {@code port_id}. */
  JsonObject json() {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("status", status());
    o.addProperty("type", type);
    o.addProperty("public_ip_address", publicIpAddress);
    if (portId != null) {
      o.addProperty("port_id", portId);
      o.addProperty("private_ip_address", privateIpAddress);
    }
    o.addProperty("tenant_id", projectId);
    o.addProperty("create_time", createTime);
    o.addProperty("bandwidth_id", bandwidthId);
    o.addProperty("bandwidth_size", bandwidthSize);
    o.addProperty("bandwidth_share_type", shareType);
    o.addProperty("bandwidth_name", bandwidthName);
    o.addProperty("enterprise_project_id", "0");
    o.addProperty("ip_version", 4);
    return o;
  }
}

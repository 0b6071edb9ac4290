package dev.ccm4j.provider.huawei.emulator;

import dev.ccm4j.cloud.emulator.Ipv4;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The elastic IPs of the emulated cloud: public addresses from {@code 121.36.0.0/16}, each bound to at most one
 * port and each port to at most one EIP. Every method takes the state's lock, so products may call it while holding
 * that lock; a rejected change changes nothing.
 */
final class EipStore {
  /** EIP types the create call accepts (Huawei's mainland line types). */
  static final Set<String> TYPES = Set.of("5_bgp", "5_sbgp", "5_telcom", "5_union", "5_bgp_v6");
  /** Bandwidth share types. */
  static final Set<String> SHARE_TYPES = Set.of("PER", "WHOLE");
  /** Bandwidth charge modes. */
  static final Set<String> CHARGE_MODES = Set.of("traffic", "bandwidth");

  private static final DateTimeFormatter CREATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final long POOL_START = Ipv4.parse("121.36.10.10").orElseThrow();

  private final HuaweiState state;
  private final Map<String, Eip> eips = new LinkedHashMap<>();
  private long next = POOL_START;

  EipStore(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  /**
   * Allocates an unbound EIP.
   *
   * @param ipType e.g. {@code 5_bgp}
   * @param bandwidthSize 1..2000 Mbit/s
   * @param shareType {@code PER} or {@code WHOLE}
   * @param chargeMode {@code traffic} or {@code bandwidth}; null or empty means {@code bandwidth}, Huawei's default
   * @param bandwidthName the bandwidth's name; null or empty gives a generated one
   * @return the EIP
   * @throws HuaweiApiError 400 when a value is invalid
   */
  Eip create(String ipType, int bandwidthSize, String shareType, String chargeMode, String bandwidthName) {
    if (ipType == null || !TYPES.contains(ipType)) {
      throw HuaweiApiError.badRequest("VPC.0104", "publicip.type is invalid: " + ipType + "; use one of "
          + String.join(", ", TYPES.stream().sorted().toList()) + ".");
    }
    if (bandwidthSize < 1 || bandwidthSize > 2000) {
      throw HuaweiApiError.badRequest("VPC.0104", "bandwidth.size must be 1..2000, got " + bandwidthSize + ".");
    }
    if (shareType == null || !SHARE_TYPES.contains(shareType)) {
      throw HuaweiApiError.badRequest("VPC.0104", "bandwidth.share_type must be PER or WHOLE, got " + shareType + ".");
    }
    String mode = chargeMode == null || chargeMode.isEmpty() ? "bandwidth" : chargeMode;
    if (!CHARGE_MODES.contains(mode)) {
      throw HuaweiApiError.badRequest("VPC.0104", "bandwidth.charge_mode must be traffic or bandwidth, got "
          + chargeMode + ".");
    }
    synchronized (state.lock()) {
      String id = state.newId();
      String name = bandwidthName == null || bandwidthName.isEmpty() ? "bandwidth-" + id.substring(0, 4)
          : bandwidthName;
      Eip eip = new Eip(id, Ipv4.format(next++), ipType, state.newId(), name, bandwidthSize, shareType, mode,
          CREATE_TIME.format(state.clock().instant()), state.projectId());
      eips.put(id, eip);
      return eip;
    }
  }

  /**
   * One EIP.
   *
   * @param id the EIP id
   * @return the EIP, if it exists
   */
  Optional<Eip> get(String id) {
    synchronized (state.lock()) {
      return Optional.ofNullable(eips.get(id));
    }
  }

  /**
   * The EIPs bound to a port (at most one).
   *
   * @param portId the port id
   * @return the EIPs
   */
  List<Eip> byPort(String portId) {
    synchronized (state.lock()) {
      return eips.values().stream().filter(e -> portId != null && portId.equals(e.portId())).toList();
    }
  }

  /**
   * Binds an EIP to a port, or unbinds it.
   *
   * @param id the EIP id
   * @param portId the port id; null or empty unbinds
   * @throws HuaweiApiError 404 unknown EIP or port, 409 EIP bound elsewhere or the port already has an EIP
   */
  void bind(String id, String portId) {
    synchronized (state.lock()) {
      Eip eip = require(id);
      if (portId == null || portId.isEmpty()) {
        eip.bind(null, null);
        return;
      }
      if (portId.equals(eip.portId())) {
        return;
      }
      Port port = state.port(portId).orElseThrow(() -> new HuaweiApiError(404, "VPC.0603",
          "Port " + portId + " could not be found."));
      if (eip.portId() != null) {
        throw HuaweiApiError.conflict("VPC.1812", "Publicip " + id + " is already bound to port " + eip.portId()
            + "; unbind it first.");
      }
      for (Eip other : eips.values()) {
        if (portId.equals(other.portId())) {
          throw HuaweiApiError.conflict("VPC.1813", "Port " + portId + " already has publicip " + other.id() + ".");
        }
      }
      eip.bind(port.id(), port.ipAddress());
    }
  }

  /**
   * Releases an unbound EIP.
   *
   * @param id the EIP id
   * @throws HuaweiApiError 404 when unknown, 409 when still bound
   */
  void delete(String id) {
    synchronized (state.lock()) {
      Eip eip = require(id);
      if (eip.portId() != null) {
        throw HuaweiApiError.conflict("VPC.1811", "Publicip " + id + " is bound to port " + eip.portId()
            + " and cannot be deleted; unbind it first.");
      }
      eips.remove(id);
    }
  }

  /** Every EIP, in creation order. */
  List<Eip> all() {
    synchronized (state.lock()) {
      return new ArrayList<>(eips.values());
    }
  }

  /** Unbinds whatever is bound to a port that is going away. */
  void portDeleted(String portId) {
    synchronized (state.lock()) {
      eips.values().stream().filter(e -> portId.equals(e.portId())).forEach(e -> e.bind(null, null));
    }
  }

  private Eip require(String id) {
    Eip eip = eips.get(id);
    if (eip == null) {
      throw new HuaweiApiError(404, "VPC.1802", "Publicip " + id + " could not be found.");
    }
    return eip;
  }
}

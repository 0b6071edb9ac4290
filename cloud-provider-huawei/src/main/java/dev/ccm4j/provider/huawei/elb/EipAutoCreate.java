package dev.ccm4j.provider.huawei.elb;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The EIP to create for a new load balancer, from {@code kubernetes.io/elb.eip-auto-create-option}.
 *
 * @param ipType the EIP type, for example {@code 5_bgp}
 * @param bandwidthSize the dedicated bandwidth in Mbit/s (1 to 2000); present for {@code PER}, may be empty for
 *     {@code WHOLE}, where the shared bandwidth has its own size
 * @param shareType {@link #PER} (a bandwidth of its own) or {@link #WHOLE} (an existing shared bandwidth)
 * @param chargeMode {@code traffic} or {@code bandwidth}
 * @param shareId the shared bandwidth's id; present exactly when the share type is {@code WHOLE}
 */
public record EipAutoCreate(String ipType, OptionalInt bandwidthSize, String shareType, String chargeMode,
    Optional<String> shareId) {
  /** Share type: the EIP gets a bandwidth of its own. */
  public static final String PER = "PER";
  /** Share type: the EIP joins an existing shared bandwidth. */
  public static final String WHOLE = "WHOLE";
  /** Charge mode by traffic, the default. */
  public static final String TRAFFIC = "traffic";
  /** Charge mode by bandwidth. */
  public static final String BANDWIDTH = "bandwidth";

  /** Checks that no component is null. */
  public EipAutoCreate {
    Objects.requireNonNull(ipType, "ipType");
    Objects.requireNonNull(bandwidthSize, "bandwidthSize");
    Objects.requireNonNull(shareType, "shareType");
    Objects.requireNonNull(chargeMode, "chargeMode");
    Objects.requireNonNull(shareId, "shareId");
  }
}

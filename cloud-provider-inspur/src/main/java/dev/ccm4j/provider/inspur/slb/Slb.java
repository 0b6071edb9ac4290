package dev.ccm4j.provider.inspur.slb;

import java.util.Objects;

/**
 * An SLB as the API describes it (the fields this provider uses).
 *
 * @param slbId its id
 * @param slbName its name
 * @param businessIp the address it answers on inside its subnet; may be empty
 * @param eipAddress its elastic IP; empty when none is bound
 * @param state its state as the API reports it; may be empty
 */
public record Slb(String slbId, String slbName, String businessIp, String eipAddress, String state) {
  /** Rejects nulls. */
  public Slb {
    Objects.requireNonNull(slbId, "slbId");
    Objects.requireNonNull(slbName, "slbName");
    Objects.requireNonNull(businessIp, "businessIp");
    Objects.requireNonNull(eipAddress, "eipAddress");
    Objects.requireNonNull(state, "state");
  }
}

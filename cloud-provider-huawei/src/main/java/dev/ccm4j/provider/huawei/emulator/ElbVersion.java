package dev.ccm4j.provider.huawei.emulator;

/**
 * The two REST generations of Huawei's ELB that share one store: v2 ({@code /v2/{project_id}/elb/...}, the shared
 * "enhanced" ELB and its OpenStack-like shapes) and v3 ({@code /v3/{project_id}/elb/...}, the dedicated ELB, whose
 * listener calls the original CCM also uses for shared load balancers).
 */
enum ElbVersion {
  /** {@code /v2/{project_id}/elb}. */
  V2("v2"),
  /** {@code /v3/{project_id}/elb}. */
  V3("v3");

  private final String segment;

  ElbVersion(String segment) {
    this.segment = segment;
  }

  /** The first path segment, {@code v2} or {@code v3}. */
  String segment() {
    return segment;
  }

  /**
   * The version of a first path segment.
   *
   * @param segment e.g. {@code v3}
   * @return the version, or null when it is neither
   */
  static ElbVersion of(String segment) {
    for (ElbVersion v : values()) {
      if (v.segment.equals(segment)) {
        return v;
      }
    }
    return null;
  }
}

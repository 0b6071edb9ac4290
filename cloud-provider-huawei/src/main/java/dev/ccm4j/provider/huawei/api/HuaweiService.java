package dev.ccm4j.provider.huawei.api;

/**
 * The Huawei Cloud services the provider calls, each with its endpoint catalog name: the default endpoint is
 * {@code https://<catalog>.<region>.<cloud>} ({@code https://iam.<cloud>} for IAM).
 */
public enum HuaweiService {
  /** Elastic Cloud Server (also Nova actions and the classic ELB v1.0 API, which lives on the ECS host). */
  ECS("ecs"),
  /** Elastic Load Balance, v2 (shared) and v3 (dedicated). */
  ELB("elb"),
  /** Virtual Private Cloud: EIPs, ports, subnets. */
  VPC("vpc"),
  /** NAT gateway and DNAT rules. */
  NAT("nat"),
  /** Identity and Access Management, for project-id discovery. */
  IAM("iam");

  private final String catalog;

  HuaweiService(String catalog) {
    this.catalog = catalog;
  }

  /**
   * The catalog name, first label of the default endpoint host and prefix of its cloud-config key
   * ({@code <catalog>-endpoint}).
   *
   * @return for example {@code ecs}
   */
  public String catalog() {
    return catalog;
  }
}

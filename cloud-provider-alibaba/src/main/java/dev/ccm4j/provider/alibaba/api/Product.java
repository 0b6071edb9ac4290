package dev.ccm4j.provider.alibaba.api;

import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import java.net.URI;

/** The Alibaba Cloud products the provider calls, each with the RPC API version it speaks. */
public enum Product {
  /** Elastic Compute Service. */
  ECS("ecs", "2014-05-26"),
  /** Server Load Balancer, the Classic Load Balancer (CLB). */
  SLB("slb", "2014-05-15"),
  /** Virtual Private Cloud: route tables and entries. */
  VPC("vpc", "2016-04-28"),
  /** Network Load Balancer. */
  NLB("nlb", "2022-04-30");

  private final String code;
  private final String version;

  Product(String code, String version) {
    this.code = code;
    this.version = version;
  }

  /**
   * The API version sent as {@code Version} / {@code x-acs-version}.
   *
   * @return e.g. {@code 2014-05-26}
   */
  public String version() {
    return version;
  }

  /**
   * The lower-case product code used in endpoint host names and configuration keys.
   *
   * @return e.g. {@code ecs}
   */
  public String code() {
    return code;
  }

  /**
   * This product's endpoint under a configuration.
   *
   * @param config the configuration (explicit endpoints, network)
   * @param region the region, for the default endpoint
   * @return {@code scheme://host[:port]}
   */
  public URI endpoint(AlibabaCloudConfig config, String region) {
    return config.endpoint(code, region);
  }
}

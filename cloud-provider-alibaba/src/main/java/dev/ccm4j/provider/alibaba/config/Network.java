package dev.ccm4j.provider.alibaba.config;

/**
 * Which default endpoints the client uses; cloud-config key {@code Global.network}, upstream's {@code --network}.
 */
public enum Network {
  /** {@code <product>-vpc.<region>.aliyuncs.com}: reachable from inside a VPC without internet access. */
  VPC,
  /** {@code <product>.<region>.aliyuncs.com}: the public endpoints. */
  PUBLIC
}

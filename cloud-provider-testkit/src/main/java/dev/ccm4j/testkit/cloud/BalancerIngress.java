package dev.ccm4j.testkit.cloud;

import java.util.Objects;

/**
 * The address a fake load balancer reports in the Service status.
 *
 * @param ip the IP address, may be empty
 * @param hostname the DNS name, may be empty
 */
public record BalancerIngress(String ip, String hostname) {
  /** Rejects nulls and an ingress with neither part. */
  public BalancerIngress {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(hostname, "hostname");
    if (ip.isEmpty() && hostname.isEmpty()) {
      throw new IllegalArgumentException("an ingress needs an IP or a hostname");
    }
  }

  /**
   * An IP-only ingress.
   *
   * @param ip the address
   * @return the ingress
   */
  public static BalancerIngress ip(String ip) {
    return new BalancerIngress(ip, "");
  }

  /**
   * A hostname-only ingress.
   *
   * @param hostname the DNS name
   * @return the ingress
   */
  public static BalancerIngress hostname(String hostname) {
    return new BalancerIngress("", hostname);
  }
}

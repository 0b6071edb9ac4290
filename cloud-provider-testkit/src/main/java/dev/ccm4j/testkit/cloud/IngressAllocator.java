package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProviderException;
import java.util.Set;

/**
 * Chooses the ingress of a load balancer when it is first created. It is called under the fake's load balancer
 * lock, so it must not block or call back into the fake.
 */
@FunctionalInterface
public interface IngressAllocator {

  /**
   * Allocates the ingress for a new load balancer.
   *
   * @param serviceKey the Service's {@code namespace/name}
   * @param ipsInUse the IPs of every existing fake load balancer
   * @return the ingress
   */
  BalancerIngress allocate(String serviceKey, Set<String> ipsInUse);

  /**
   * The default: the lowest free address of {@code 192.0.2.1}–{@code 192.0.2.254} (TEST-NET-1). An address is
   * free again once its load balancer is deleted.
   *
   * @return the allocator
   * @throws CloudProviderException from {@link #allocate} when all 254 addresses are in use
   */
  static IngressAllocator testNet() {
    return (serviceKey, inUse) -> {
      for (int i = 1; i <= 254; i++) {
        String ip = "192.0.2." + i;
        if (!inUse.contains(ip)) {
          return BalancerIngress.ip(ip);
        }
      }
      throw new CloudProviderException("fake load balancer address pool 192.0.2.0/24 is exhausted");
    };
  }
}

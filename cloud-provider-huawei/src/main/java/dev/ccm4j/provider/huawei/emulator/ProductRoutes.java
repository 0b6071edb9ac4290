package dev.ccm4j.provider.huawei.emulator;

import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.util.List;
import java.util.Optional;

/**
 * One Huawei product's REST routes on the emulator's single port (ECS, IAM, EIP/VPC, ELB, classic ELB, NAT).
 * {@link HuaweiEmulator} asks each registered product in turn whether a path is its own; the first that names an
 * operation answers. Products share one {@link HuaweiState} and its lock.
 */
interface ProductRoutes {
  /**
   * The journal label of this request (also what fault rules match), e.g. {@code ShowServer}.
   *
   * @param call the request
   * @return the label, or empty when the path is not this product's
   */
  Optional<String> operation(HuaweiCall call);

  /**
   * Answers a request; only called when {@link #operation} named one.
   *
   * @param call the request, signature and project already checked
   * @return the answer
   * @throws HuaweiApiError for an answer in Huawei's error shape
   */
  EmulatorResponse handle(HuaweiCall call);

  /** The control-API view of this product's load balancers; none by default. */
  default List<ControlLoadBalancer> loadBalancers() {
    return List.of();
  }
}

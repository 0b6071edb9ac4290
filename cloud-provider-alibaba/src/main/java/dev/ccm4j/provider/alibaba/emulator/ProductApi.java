package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import java.util.List;
import java.util.Map;

/**
 * One emulated Alibaba product (ECS, VPC, SLB, NLB): its API version and its actions. Every product is served on the
 * same port; the emulator picks the product by the request's {@code Version} (or {@code x-acs-version}) and the
 * handler by its {@code Action}. Products are listed in {@link ProductCatalog}.
 */
public interface ProductApi {
  /** The product code as Alibaba spells it in error recommendations and host ids, e.g. {@code Ecs} or {@code Slb}. */
  String product();

  /** The API version this product answers, e.g. {@code 2014-05-26}. */
  String version();

  /** The actions, by name. */
  Map<String, ActionHandler> actions();

  /**
   * The product's load balancers in the control API's vendor-neutral shape ({@code GET /_ccm4j/load-balancers});
   * empty for products without load balancers.
   */
  default List<ControlLoadBalancer> controlLoadBalancers() {
    return List.of();
  }
}

package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One emulated Alibaba product (ECS, VPC, SLB, NLB): its API version and its actions. Every product is served on the
 * same port; the emulator picks the product by the request's {@code Version} (or {@code x-acs-version}) and the
 * handler by its {@code Action}. Products are listed in {@link ProductCatalog}; each registers its actions with
 * {@link #action} from its constructor.
 */
public abstract class ProductApi {
  private final String product;
  private final String version;
  private final Map<String, ActionHandler> actions = new LinkedHashMap<>();

  /**
   * Creates a product without actions yet.
   *
   * @param product the product code, e.g. {@code Ecs}
   * @param version the API version, e.g. {@code 2014-05-26}
   */
  protected ProductApi(String product, String version) {
    this.product = Objects.requireNonNull(product, "product");
    this.version = Objects.requireNonNull(version, "version");
  }

  /**
   * Registers an action; call it from the constructor only, before the product is served.
   *
   * @param name the action, e.g. {@code DescribeInstances}
   * @param handler serves it
   * @throws IllegalArgumentException when the action is already registered
   */
  protected final void action(String name, ActionHandler handler) {
    if (actions.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(handler, "handler"))
        != null) {
      throw new IllegalArgumentException(product + " registers " + name + " twice");
    }
  }

  /** The product code as Alibaba spells it in error recommendations and host ids, e.g. {@code Ecs} or {@code Slb}. */
  public final String product() {
    return product;
  }

  /** The API version this product answers, e.g. {@code 2014-05-26}. */
  public final String version() {
    return version;
  }

  /** The actions, by name, in registration order. */
  public final Map<String, ActionHandler> actions() {
    return Collections.unmodifiableMap(actions);
  }

  /**
   * The product's load balancers in the control API's vendor-neutral shape ({@code GET /_ccm4j/load-balancers});
   * empty for products without load balancers.
   */
  public List<ControlLoadBalancer> controlLoadBalancers() {
    return List.of();
  }
}

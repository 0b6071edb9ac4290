package dev.ccm4j.provider.alibaba.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The products one emulator serves. Each product is one line below: a product owner adds its line and nothing
 * else. A product is created once per emulator, so it may keep its own state next to the shared
 * {@link AlibabaCloudState}.
 */
public final class ProductCatalog {
  private ProductCatalog() {}

  /**
   * Creates every product for one emulator.
   *
   * @param state the emulator's shared state
   * @return the products, in no particular order; their versions are distinct
   */
  public static List<ProductApi> products(AlibabaCloudState state) {
    List<ProductApi> products = new ArrayList<>();
    products.add(new EcsApi(state));
    products.add(new VpcApi(state));
    products.add(new dev.ccm4j.provider.alibaba.emulator.slb.SlbApi(state));
    products.add(new dev.ccm4j.provider.alibaba.emulator.nlb.NlbProductApi(state));
    return products;
  }
}

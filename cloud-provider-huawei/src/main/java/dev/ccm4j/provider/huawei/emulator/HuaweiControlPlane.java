package dev.ccm4j.provider.huawei.emulator;

import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.ControlPlane;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The vendor-neutral view of the Huawei emulator: ECS servers as instances ({@code ACTIVE} is running,
 * {@code SHUTOFF} stopped; a terminated server is deleted at once, as ECS forgets it, so only the terminate answer
 * shows {@code DELETED}), provider id {@code huaweicloud://<server id>}, and every product's load balancers.
 */
final class HuaweiControlPlane implements ControlPlane {
  /** The provider-id scheme of the Huawei provider. */
  static final String PROVIDER_ID_PREFIX = "huaweicloud://";

  private final HuaweiState state;
  private final Supplier<List<ProductRoutes>> products;

  HuaweiControlPlane(HuaweiState state, Supplier<List<ProductRoutes>> products) {
    this.state = Objects.requireNonNull(state, "state");
    this.products = Objects.requireNonNull(products, "products");
  }

  @Override
  public List<ControlInstance> instances() {
    synchronized (state.lock()) {
      return state.servers().stream().map(this::view).toList();
    }
  }

  @Override
  public ControlInstance createInstance(InstanceSpec spec) {
    synchronized (state.lock()) {
      return view(state.createServer(spec));
    }
  }

  @Override
  public ControlInstance stopInstance(String id) {
    synchronized (state.lock()) {
      return view(state.setStatus(id, "SHUTOFF"));
    }
  }

  @Override
  public ControlInstance startInstance(String id) {
    synchronized (state.lock()) {
      return view(state.setStatus(id, "ACTIVE"));
    }
  }

  @Override
  public ControlInstance terminateInstance(String id) {
    synchronized (state.lock()) {
      if (state.server(id).isEmpty()) {
        throw new NoSuchElementException("no server " + id);
      }
      ControlInstance before = view(state.server(id).get());
      state.deleteServer(id);
      return before.toBuilder().state(ControlInstance.TERMINATED).vendorState("DELETED").build();
    }
  }

  @Override
  public List<ControlLoadBalancer> loadBalancers() {
    List<ControlLoadBalancer> out = new ArrayList<>();
    for (ProductRoutes p : products.get()) {
      out.addAll(p.loadBalancers());
    }
    return out;
  }

  private ControlInstance view(Server s) {
    return ControlInstance.builder()
        .id(s.id())
        .name(s.name())
        .privateIp(s.primaryIp())
        .zone(s.availabilityZone())
        .region(state.region())
        .instanceType(s.flavor())
        .state(s.status().equals("ACTIVE") ? ControlInstance.RUNNING : ControlInstance.STOPPED)
        .vendorState(s.status())
        .providerId(PROVIDER_ID_PREFIX + s.id())
        .build();
  }
}

package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.ControlPlane;
import dev.ccm4j.cloud.emulator.ControlRoute;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The vendor-neutral view of the Alibaba emulator: ECS instances (provider id {@code <region>.<instanceId>}), every
 * product's load balancers, and the VPC route table's custom entries (a route whose next hop instance is gone is a
 * blackhole).
 */
final class AlibabaControlPlane implements ControlPlane {
  private final AlibabaCloudState state;
  private final List<ProductApi> products;

  AlibabaControlPlane(AlibabaCloudState state, List<ProductApi> products) {
    this.state = state;
    this.products = List.copyOf(products);
  }

  @Override
  public List<ControlInstance> instances() {
    return state.ecs().instances().stream().map(i -> view(i, state(i))).toList();
  }

  @Override
  public ControlInstance createInstance(InstanceSpec spec) {
    EcsInstance created = state.ecs().create(spec.name().orElse(null), spec.zone().orElse(null),
        spec.privateIp().orElse(null), spec.instanceType().orElse(null));
    return view(created, ControlInstance.RUNNING);
  }

  @Override
  public ControlInstance stopInstance(String id) {
    EcsInstance stopped = state.ecs().stop(id);
    return view(stopped, state(stopped));
  }

  @Override
  public ControlInstance startInstance(String id) {
    EcsInstance started = state.ecs().start(id);
    return view(started, state(started));
  }

  @Override
  public ControlInstance terminateInstance(String id) {
    EcsInstance gone = state.ecs().terminate(id);
    return view(gone, ControlInstance.TERMINATED).toBuilder().vendorState("Deleted").build();
  }

  @Override
  public List<ControlLoadBalancer> loadBalancers() {
    List<ControlLoadBalancer> out = new ArrayList<>();
    products.forEach(p -> out.addAll(p.controlLoadBalancers()));
    return out;
  }

  @Override
  public List<ControlRoute> routes() {
    List<ControlRoute> out = new ArrayList<>();
    for (RouteEntry r : state.vpc().routeEntries()) {
      if (!r.type().equals(RouteEntry.CUSTOM)) {
        continue;
      }
      boolean blackhole = r.nextHopInstanceId().flatMap(id -> state.ecs().instance(id)).isEmpty();
      out.add(ControlRoute.builder()
          .id(r.routeEntryId())
          .destinationCidr(r.destinationCidrBlock())
          .nextHopInstanceId(r.nextHopId())
          .routeTableId(r.routeTableId())
          .blackhole(blackhole)
          .build());
    }
    return out;
  }

  private static String state(EcsInstance i) {
    switch (i.status()) {
      case EcsInstance.STOPPED:
      case EcsInstance.STOPPING:
        return ControlInstance.STOPPED;
      default:
        return ControlInstance.RUNNING;
    }
  }

  private ControlInstance view(EcsInstance i, String controlState) {
    return ControlInstance.builder()
        .id(i.instanceId())
        .name(i.instanceName())
        .privateIp(i.privateIp())
        .zone(i.zoneId())
        .region(i.regionId())
        .instanceType(i.instanceType())
        .state(controlState)
        .vendorState(i.status())
        .providerId(i.regionId() + "." + i.instanceId())
        .build();
  }
}

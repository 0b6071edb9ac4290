package dev.ccm4j.provider.inspur.emulator;

import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.ControlPlane;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import java.util.List;

/**
 * The vendor-neutral view of the Inspur emulator: instances are the servers the nodes run on (the SLB API has no
 * instance calls; they exist so the nodes and backends of a test have ids), load balancers are the SLBs with their
 * listeners and members.
 */
final class InspurControlPlane implements ControlPlane {
  private final InspurState state;

  InspurControlPlane(InspurState state) {
    this.state = state;
  }

  @Override
  public List<ControlInstance> instances() {
    return state.instances();
  }

  @Override
  public ControlInstance createInstance(InstanceSpec spec) {
    return state.createInstance(spec);
  }

  @Override
  public ControlInstance stopInstance(String id) {
    return state.transition(id, ControlInstance.STOPPED);
  }

  @Override
  public ControlInstance startInstance(String id) {
    return state.transition(id, ControlInstance.RUNNING);
  }

  @Override
  public ControlInstance terminateInstance(String id) {
    return state.transition(id, ControlInstance.TERMINATED);
  }

  @Override
  public List<ControlLoadBalancer> loadBalancers() {
    return state.controlLoadBalancers();
  }
}

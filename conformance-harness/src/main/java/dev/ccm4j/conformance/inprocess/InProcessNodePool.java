package dev.ccm4j.conformance.inprocess;

import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.conformance.e2e.NodePool;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.Objects;

/** New nodes for an in-process cluster: an instance from the fixture, then a simulated kubelet that registers it. */
final class InProcessNodePool implements NodePool {
  private final CloudFixture fixture;
  private final SimulatedKubelets kubelets;

  InProcessNodePool(CloudFixture fixture, SimulatedKubelets kubelets) {
    this.fixture = Objects.requireNonNull(fixture, "fixture");
    this.kubelets = Objects.requireNonNull(kubelets, "kubelets");
  }

  @Override
  public V1Node join(String name) throws Exception {
    FixtureInstance instance = fixture.createInstance(name);
    return kubelets.register(instance.name(), instance.addresses());
  }
}

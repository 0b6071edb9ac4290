package dev.ccm4j.conformance.e2e;

import dev.ccm4j.api.fixture.FixtureInstance;
import java.util.Optional;

/**
 * Implemented by a {@link dev.ccm4j.api.fixture.CloudFixture} that remembers the instances it created, typically
 * for the nodes a {@link NodePool} joined. The node initialization scenario then checks that the CCM copied such an
 * instance's addresses, zone, region and type onto its node, not just that some values are there.
 */
public interface CreatedInstances {
  /**
   * The instance this fixture created for a node.
   *
   * @param nodeName the node name
   * @return the instance as the fixture created it, or empty if it did not create one for that node
   */
  Optional<FixtureInstance> createdInstance(String nodeName);
}

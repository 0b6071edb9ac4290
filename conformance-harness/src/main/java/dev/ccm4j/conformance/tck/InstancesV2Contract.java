package dev.ccm4j.conformance.tck;

import static dev.ccm4j.conformance.tck.InstanceChecks.assertAddresses;
import static dev.ccm4j.conformance.tck.InstanceChecks.assertKnown;
import static dev.ccm4j.conformance.tck.InstanceChecks.assertProviderIdFormat;
import static dev.ccm4j.conformance.tck.InstanceChecks.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.fixture.FixtureInstance;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@link InstancesV2} contract: provider IDs, metadata, existence, shutdown, lookup order and the batch lookup,
 * checked against instances the fixture creates, stops and terminates.
 */
public interface InstancesV2Contract {

  /**
   * The provider ID is in the provider's format ({@code <provider>://<instance-id>} unless
   * {@link dev.ccm4j.api.CloudProvider#ownsProviderId} says otherwise), is the cloud's, and is the same on every
   * call, with and without {@code spec.providerID}.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 provider ID is in the provider's format and stable")
  default void instancesV2ProviderIdIsWellFormedAndStable(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance instance = Tck.createInstance(target, "v2-id");

    String first = metadata(instances, KubeObjects.node(instance, false)).providerId();
    assertProviderIdFormat(target, first, "InstancesV2 metadata provider ID");
    assertThat(first).as("provider ID of %s", instance.name()).isEqualTo(instance.providerId());
    assertThat(metadata(instances, KubeObjects.node(instance, false)).providerId())
        .as("provider ID of %s on a second lookup", instance.name()).isEqualTo(first);
    assertThat(metadata(instances, KubeObjects.node(instance, true)).providerId())
        .as("provider ID of %s looked up by spec.providerID", instance.name()).isEqualTo(first);
  }

  /**
   * The metadata carries the cloud's addresses, instance type, zone and region.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 metadata matches the instance")
  default void instancesV2MetadataMatchesTheInstance(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance instance = Tck.createInstance(target, "v2-meta");

    InstanceMetadata metadata = metadata(instances, KubeObjects.node(instance, true));
    assertThat(metadata.providerId()).as("provider ID of %s", instance.name()).isEqualTo(instance.providerId());
    assertAddresses(metadata.nodeAddresses(), instance, "InstancesV2 metadata addresses");
    assertKnown(metadata.instanceType(), instance.instanceType(), "instance type", instance);
    assertKnown(metadata.zone(), instance.zone(), "zone", instance);
    assertKnown(metadata.region(), instance.region(), "region", instance);
  }

  /**
   * A running and a stopped instance exist; only termination makes the lifecycle controller delete a Node.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 exists is true for a stopped instance")
  default void instancesV2ExistsForAStoppedInstance(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance instance = Tck.createInstance(target, "v2-stop");
    V1Node node = KubeObjects.node(instance, true);

    assertThat(instances.instanceExists(node)).as("running instance %s exists", instance.name()).isTrue();
    Tck.fixtureRun(target, "stop instances", () -> target.fixture().stopInstance(instance.providerId()));
    assertThat(instances.instanceExists(node)).as("stopped instance %s exists", instance.name()).isTrue();
    assertThat(instances.instanceExists(KubeObjects.node(instance, false)))
        .as("stopped instance %s exists, looked up by name", instance.name()).isTrue();
  }

  /**
   * A terminated instance does not exist: {@code false}, or an {@code InstanceNotFoundException}.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 exists is false for a terminated instance")
  default void instancesV2DoesNotExistWhenTerminated(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance instance = Tck.createInstance(target, "v2-gone");
    Tck.fixtureRun(target, "terminate instances", () -> target.fixture().terminateInstance(instance.providerId()));

    V1Node node = KubeObjects.node(instance, true);
    boolean exists;
    try {
      exists = instances.instanceExists(node);
    } catch (RuntimeException e) {
      assertThat(Tck.notFound(e)).as("instanceExists of terminated %s failed with %s instead of answering false"
          + " or throwing InstanceNotFoundException", instance.name(), e).isTrue();
      exists = false;
    }
    assertThat(exists).as("terminated instance %s exists", instance.name()).isFalse();
  }

  /**
   * The metadata of a terminated instance is "not found", the only signal the controllers act on.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 metadata of a terminated instance is not found")
  default void instancesV2MetadataOfATerminatedInstanceIsNotFound(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance instance = Tck.createInstance(target, "v2-nf");
    Tck.fixtureRun(target, "terminate instances", () -> target.fixture().terminateInstance(instance.providerId()));

    Throwable error = catchThrowable(() -> instances.instanceMetadata(KubeObjects.node(instance, true)));
    assertThat(error).as("instanceMetadata of terminated instance %s", instance.name()).isNotNull();
    assertThat(Tck.notFound(error)).as("instanceMetadata of terminated %s threw %s, without an"
        + " InstanceNotFoundException in its cause chain", instance.name(), error).isTrue();
  }

  /**
   * Shutdown follows the instance: false while running, true once stopped, false again once started.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 shutdown is reported for a stopped instance and cleared once started")
  default void instancesV2ShutdownFollowsStopAndStart(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance instance = Tck.createInstance(target, "v2-shut");
    V1Node node = KubeObjects.node(instance, true);

    assertThat(instances.instanceShutdown(node)).as("running %s is shut down", instance.name()).isFalse();
    Tck.fixtureRun(target, "stop instances", () -> target.fixture().stopInstance(instance.providerId()));
    assertThat(instances.instanceShutdown(node)).as("stopped %s is shut down", instance.name()).isTrue();
    Tck.fixtureRun(target, "start instances", () -> target.fixture().startInstance(instance.providerId()));
    assertThat(instances.instanceShutdown(node)).as("restarted %s is shut down", instance.name()).isFalse();
  }

  /**
   * {@code spec.providerID} wins over the node name: a Node whose name is unknown, or is another instance's, but
   * whose provider ID points at an instance, resolves to that instance.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 lookups by spec.providerID take precedence over the node name")
  default void instancesV2ProviderIdTakesPrecedence(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance instance = Tck.createInstance(target, "v2-pid");
    FixtureInstance other = Tck.createInstance(target, "v2-oth");

    V1Node renamed = KubeObjects.node(Tck.uniqueName("renamed"), instance.providerId(), instance);
    assertThat(instances.instanceExists(renamed)).as("exists, by provider ID, under an unknown name").isTrue();
    assertThat(metadata(instances, renamed).providerId()).as("metadata, by provider ID, under an unknown name")
        .isEqualTo(instance.providerId());

    V1Node misnamed = KubeObjects.node(other.name(), instance.providerId(), instance);
    assertThat(metadata(instances, misnamed).providerId())
        .as("metadata of a Node named %s whose spec.providerID is %s", other.name(), instance.providerId())
        .isEqualTo(instance.providerId());
    Tck.fixtureRun(target, "stop instances", () -> target.fixture().stopInstance(instance.providerId()));
    assertThat(instances.instanceShutdown(misnamed))
        .as("shutdown of a Node named %s (running) whose spec.providerID is %s (stopped)", other.name(),
            instance.providerId()).isTrue();
  }

  /**
   * The batch lookup answers every node, and each answer agrees with the single lookup: found with the same
   * metadata, unavailable, or failed (not found for a terminated instance).
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("InstancesV2 batch metadata agrees with single lookups")
  default void instancesV2BatchAgreesWithSingleLookups(TckTarget target) {
    InstancesV2 instances = Tck.require(target, target.provider().instancesV2(), "InstancesV2");
    FixtureInstance running = Tck.createInstance(target, "v2-b1");
    FixtureInstance byName = Tck.createInstance(target, "v2-b2");
    FixtureInstance terminated = Tck.createInstance(target, "v2-b3");
    Tck.fixtureRun(target, "terminate instances", () -> target.fixture().terminateInstance(terminated.providerId()));
    List<V1Node> nodes = List.of(KubeObjects.node(running, true), KubeObjects.node(byName, false),
        KubeObjects.node(terminated, true), KubeObjects.unknownNode(Tck.uniqueName("unknown")));
    metadata(instances, nodes.get(0));

    Map<String, MetadataLookup> batch = instances.instanceMetadata(nodes);
    assertThat(batch).as("batch metadata answers").containsOnlyKeys(
        nodes.stream().map(n -> n.getMetadata().getName()).toList());
    for (V1Node node : nodes) {
      String name = node.getMetadata().getName();
      MetadataLookup answer = batch.get(name);
      Optional<InstanceMetadata> single;
      try {
        single = instances.instanceMetadata(node);
      } catch (RuntimeException e) {
        assertThat(answer).as("batch answer for %s, whose single lookup threw %s", name, e)
            .isInstanceOf(MetadataLookup.Failed.class);
        assertThat(Tck.notFound(((MetadataLookup.Failed) answer).error()))
            .as("batch failure for %s is InstanceNotFound like the single lookup's %s", name, e)
            .isEqualTo(Tck.notFound(e));
        continue;
      }
      if (single.isPresent()) {
        assertThat(answer).as("batch answer for %s", name).isEqualTo(MetadataLookup.found(single.get()));
      } else {
        assertThat(answer).as("batch answer for %s, whose single lookup is empty", name)
            .isInstanceOf(MetadataLookup.Unavailable.class);
      }
    }
    assertThat(batch.get(running.name())).as("batch answer for running %s", running.name())
        .isInstanceOf(MetadataLookup.Found.class);
    assertThat(batch.get(byName.name())).as("batch answer for %s, looked up by name", byName.name())
        .isInstanceOf(MetadataLookup.Found.class);
    assertThat(batch.get(terminated.name())).as("batch answer for terminated %s", terminated.name())
        .isInstanceOfSatisfying(MetadataLookup.Failed.class, f -> assertThat(Tck.notFound(f.error()))
            .as("batch failure for terminated %s is InstanceNotFound: %s", terminated.name(), f.error()).isTrue());
  }
}

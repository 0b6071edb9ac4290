package dev.ccm4j.conformance.tck;

import static dev.ccm4j.conformance.tck.InstanceChecks.assertAddresses;
import static dev.ccm4j.conformance.tck.InstanceChecks.assertKnown;
import static dev.ccm4j.conformance.tck.InstanceChecks.assertProviderIdFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ccm4j.api.Instances;
import dev.ccm4j.api.fixture.FixtureInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The legacy {@link Instances} contract, with upstream's semantics: the provider ID is the provider name, {@code ://}
 * and {@link Instances#instanceId}; a stopped instance exists; a terminated one is not found.
 */
public interface InstancesContract {

  /**
   * {@code <provider>://<instanceId(name)>}, as the controllers build it, is the cloud's provider ID, on every call.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Instances provider ID is <provider>://<instance-id> and stable")
  default void instancesProviderIdIsWellFormedAndStable(TckTarget target) {
    Instances instances = Tck.require(target, target.provider().instances(), "Instances");
    FixtureInstance instance = Tck.createInstance(target, "v1-id");

    String id = instances.instanceId(instance.name());
    String providerId = target.provider().name() + "://" + id;
    assertProviderIdFormat(target, providerId, "provider ID built from instanceId");
    assertThat(providerId).as("provider ID of %s", instance.name()).isEqualTo(instance.providerId());
    assertThat(instances.instanceId(instance.name())).as("instanceId of %s on a second call", instance.name())
        .isEqualTo(id);
  }

  /**
   * Addresses and instance type, by name and by provider ID, are the cloud's.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Instances addresses and instance type match the instance")
  default void instancesAddressesAndTypeMatchTheInstance(TckTarget target) {
    Instances instances = Tck.require(target, target.provider().instances(), "Instances");
    FixtureInstance instance = Tck.createInstance(target, "v1-meta");

    assertAddresses(instances.nodeAddresses(instance.name()), instance, "nodeAddresses");
    assertAddresses(instances.nodeAddressesByProviderId(instance.providerId()), instance,
        "nodeAddressesByProviderId");
    assertKnown(instances.instanceType(instance.name()), instance.instanceType(), "instanceType", instance);
    assertKnown(instances.instanceTypeByProviderId(instance.providerId()), instance.instanceType(),
        "instanceTypeByProviderId", instance);
  }

  /**
   * A running and a stopped instance exist.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Instances exists is true for a stopped instance")
  default void instancesExistsForAStoppedInstance(TckTarget target) {
    Instances instances = Tck.require(target, target.provider().instances(), "Instances");
    FixtureInstance instance = Tck.createInstance(target, "v1-stop");

    assertThat(instances.instanceExistsByProviderId(instance.providerId()))
        .as("running instance %s exists", instance.name()).isTrue();
    Tck.fixtureRun(target, "stop instances", () -> target.fixture().stopInstance(instance.providerId()));
    assertThat(instances.instanceExistsByProviderId(instance.providerId()))
        .as("stopped instance %s exists", instance.name()).isTrue();
    assertThat(instances.instanceId(instance.name())).as("instanceId of stopped %s", instance.name()).isNotEmpty();
  }

  /**
   * A terminated instance does not exist, and lookups of it are "not found" as upstream expects: by name and by
   * provider ID they throw {@code InstanceNotFoundException}; it is never reported shut down.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Instances lookups of a terminated instance are not found")
  default void instancesTerminatedInstanceIsNotFound(TckTarget target) {
    Instances instances = Tck.require(target, target.provider().instances(), "Instances");
    FixtureInstance instance = Tck.createInstance(target, "v1-gone");
    Tck.fixtureRun(target, "terminate instances", () -> target.fixture().terminateInstance(instance.providerId()));

    boolean exists;
    try {
      exists = instances.instanceExistsByProviderId(instance.providerId());
    } catch (RuntimeException e) {
      assertThat(Tck.notFound(e)).as("instanceExistsByProviderId of terminated %s failed with %s instead of"
          + " answering false", instance.name(), e).isTrue();
      exists = false;
    }
    assertThat(exists).as("terminated instance %s exists", instance.name()).isFalse();
    assertNotFound(catchThrowable(() -> instances.instanceId(instance.name())), "instanceId", instance);
    assertNotFound(catchThrowable(() -> instances.nodeAddressesByProviderId(instance.providerId())),
        "nodeAddressesByProviderId", instance);
    boolean shutdown;
    try {
      shutdown = instances.instanceShutdownByProviderId(instance.providerId());
    } catch (RuntimeException e) {
      shutdown = !Tck.notFound(e);
    }
    assertThat(shutdown).as("terminated %s reported shut down (or failed otherwise than not found)",
        instance.name()).isFalse();
  }

  /**
   * Shutdown follows the instance: false while running, true once stopped, false again once started. Skipped when
   * the provider cannot tell ({@code NotImplementedException}).
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Instances shutdown is reported for a stopped instance and cleared once started")
  default void instancesShutdownFollowsStopAndStart(TckTarget target) {
    Instances instances = Tck.require(target, target.provider().instances(), "Instances");
    FixtureInstance instance = Tck.createInstance(target, "v1-shut");
    String providerId = instance.providerId();

    assertThat(Tck.implemented(target, "instanceShutdownByProviderId",
        () -> instances.instanceShutdownByProviderId(providerId))).as("running %s is shut down", instance.name())
        .isFalse();
    Tck.fixtureRun(target, "stop instances", () -> target.fixture().stopInstance(providerId));
    assertThat(instances.instanceShutdownByProviderId(providerId)).as("stopped %s is shut down", instance.name())
        .isTrue();
    Tck.fixtureRun(target, "start instances", () -> target.fixture().startInstance(providerId));
    assertThat(instances.instanceShutdownByProviderId(providerId)).as("restarted %s is shut down", instance.name())
        .isFalse();
  }

  private static void assertNotFound(Throwable error, String call, FixtureInstance instance) {
    assertThat(error).as("%s of terminated instance %s returned normally", call, instance.name()).isNotNull();
    assertThat(Tck.notFound(error)).as("%s of terminated %s threw %s, without an InstanceNotFoundException in its"
        + " cause chain", call, instance.name(), error).isTrue();
  }
}

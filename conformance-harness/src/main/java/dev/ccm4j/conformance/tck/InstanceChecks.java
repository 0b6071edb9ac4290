package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.fixture.FixtureInstance;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Assertions shared by the instance contracts. */
final class InstanceChecks {
  /** How long a freshly created instance may report no metadata yet (still provisioning). */
  private static final Duration PROVISIONING = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofSeconds(1);

  private InstanceChecks() {}

  /**
   * Checks a provider ID's format with the provider's own rule, {@link dev.ccm4j.api.CloudProvider#ownsProviderId}
   * ({@code <provider>://<id>} unless the provider writes another format).
   */
  static void assertProviderIdFormat(TckTarget target, String providerId, String what) {
    String provider = target.provider().name();
    if (providerId == null || providerId.isEmpty()) {
      throw new AssertionError(what + " is empty");
    }
    if (!target.provider().ownsProviderId(providerId)) {
      throw new AssertionError(what + " \"" + providerId + "\" is not in the format provider " + provider
          + " writes: its ownsProviderId refuses it (the default format is " + provider + "://<instance-id>)");
    }
  }

  /** The metadata of a live instance, waiting while the provider says it has none yet. */
  static InstanceMetadata metadata(InstancesV2 instances, V1Node node) {
    long deadline = System.nanoTime() + PROVISIONING.toNanos();
    while (true) {
      Optional<InstanceMetadata> metadata = instances.instanceMetadata(node);
      if (metadata.isPresent()) {
        return metadata.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("instanceMetadata of running instance " + node.getMetadata().getName()
            + " stayed empty (provisioning) for " + PROVISIONING);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for instance metadata", e);
      }
    }
  }

  /** The provider's addresses include every address the cloud reports for the instance. */
  static void assertAddresses(List<V1NodeAddress> reported, FixtureInstance instance, String what) {
    assertThat(reported).as("%s of %s", what, instance.name()).isNotEmpty();
    assertThat(reported).as("%s of %s", what, instance.name())
        .allSatisfy(a -> {
          assertThat(a.getType()).as("address type").isNotBlank();
          assertThat(a.getAddress()).as("address").isNotBlank();
        });
    assertThat(reported.stream().map(InstanceChecks::key).toList()).as("%s of %s", what, instance.name())
        .containsAll(instance.addresses().stream().map(InstanceChecks::key).toList());
  }

  /** A value the provider reports equals the cloud's, when the cloud knows it. */
  static void assertKnown(String reported, String known, String what, FixtureInstance instance) {
    if (!known.isEmpty()) {
      assertThat(reported).as("%s of %s", what, instance.name()).isEqualTo(known);
    }
  }

  private static String key(V1NodeAddress address) {
    return address.getType() + "=" + address.getAddress();
  }
}

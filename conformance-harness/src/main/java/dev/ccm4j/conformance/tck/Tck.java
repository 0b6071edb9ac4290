package dev.ccm4j.conformance.tck;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.fixture.FixtureInstance;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every contract needs: capability checks, fixture calls that skip when unsupported, unique names, cleanup. */
final class Tck {
  private static final Logger LOG = LoggerFactory.getLogger(Tck.class);

  private Tck() {}

  /**
   * The capability, or skips the test when the provider lacks it.
   *
   * @param capability what the provider's accessor returned
   * @param name the capability's name for the skip reason, for example {@code LoadBalancer}
   */
  static <T> T require(TckTarget target, Optional<T> capability, String name) {
    Assumptions.assumeTrue(capability.isPresent(),
        () -> "provider " + target.provider().name() + " offers no " + name);
    return capability.orElseThrow();
  }

  /** Runs a fixture call; when the cloud cannot offer it, skips the test with the fixture's reason. */
  static <T> T fixture(TckTarget target, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (UnsupportedOperationException e) {
      return Assumptions.abort("the fixture for provider " + target.provider().name() + " cannot " + operation
          + ": " + e.getMessage());
    }
  }

  /** Runs a fixture call that returns nothing, skipping like {@link #fixture(TckTarget, String, Supplier)}. */
  static void fixtureRun(TckTarget target, String operation, Runnable call) {
    fixture(target, operation, () -> {
      call.run();
      return null;
    });
  }

  /** Creates a running instance for a node named {@code tck-<role>-<random>}; skips if the cloud cannot. */
  static FixtureInstance createInstance(TckTarget target, String role) {
    String name = uniqueName(role);
    return fixture(target, "create instances", () -> target.fixture().createInstance(name));
  }

  /** Runs a provider call; {@link NotImplementedException} anywhere in the chain skips the test. */
  static <T> T implemented(TckTarget target, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (CloudProviderException.findInChain(e, NotImplementedException.class).isPresent()) {
        return Assumptions.abort("provider " + target.provider().name() + " does not implement " + operation);
      }
      throw e;
    }
  }

  /** A DNS-1123 label unique to this call, {@code tck-<role>-<8 hex digits>}. */
  static String uniqueName(String role) {
    return "tck-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Whether an error means "the instance is gone". */
  static boolean notFound(Throwable error) {
    return CloudProviderException.findInChain(error, InstanceNotFoundException.class).isPresent();
  }

  /**
   * Runs a cleanup step after a test; a failure is logged, never thrown, so it cannot hide the test's own outcome
   * or fail a test whose contract held.
   */
  static void cleanup(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("TCK cleanup failed: {}", what, e);
    }
  }
}

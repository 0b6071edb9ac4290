package dev.ccm4j.conformance.tck;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.conformance.ConformanceSessions;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each contract test a fresh {@link TckTarget} and closes it when the test ends.
 *
 * <p>A provider author registers it with a factory:
 * <pre>{@code
 * class MyCloudTckTest implements ProviderContracts {
 *   @RegisterExtension
 *   static final TckExtension TCK = TckExtension.of(MyCloud::new, new MyCloudFixtureFactory(), "tck");
 * }
 * }</pre>
 * Used declaratively ({@code @ExtendWith(TckExtension.class)}), it takes the factory from the conformance session
 * the harness runner registered ({@link ConformanceSessions#current}).
 */
public final class TckExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TckExtension.class);

  private final TckTargetFactory factory;

  /** For {@code @ExtendWith}: the factory comes from the harness run's conformance session. */
  public TckExtension() {
    this.factory = null;
  }

  private TckExtension(TckTargetFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * An extension that opens its targets with the given factory.
   *
   * @param factory opens a provider and its fixture per test
   * @return the extension, for {@code @RegisterExtension}
   */
  public static TckExtension of(TckTargetFactory factory) {
    return new TckExtension(factory);
  }

  /**
   * An extension that creates a provider per test, initializes it for {@code clusterName} and opens its fixture.
   * The provider gets no Kubernetes client: one that asks for a client fails with a message saying so.
   *
   * @param provider creates a new, uninitialized provider
   * @param fixtures creates the fixture for that provider
   * @param clusterName the cluster name passed to the provider and to every contract call
   * @return the extension, for {@code @RegisterExtension}
   */
  public static TckExtension of(Supplier<? extends CloudProvider> provider, CloudFixtureFactory fixtures,
      String clusterName) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(fixtures, "fixtures");
    Objects.requireNonNull(clusterName, "clusterName");
    return of(() -> open(provider, fixtures, clusterName));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TckTarget.class;
  }

  /** Opens one target per test method, however many parameters ask for it; the store closes it after the test. */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
    TckTarget existing = store.get(TckTarget.class, TckTarget.class);
    if (existing != null) {
      return existing;
    }
    TckTargetFactory source = factory != null ? factory : sessionFactory(extensionContext);
    TckTarget target;
    try {
      target = Objects.requireNonNull(source.open(), "the TCK target factory returned null");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ParameterResolutionException("interrupted while opening the provider under test", e);
    } catch (Exception e) {
      throw new ParameterResolutionException("could not open the provider under test: " + e, e);
    }
    store.put(TckTarget.class, target);
    return target;
  }

  /** Fails with the session's own explanation, which JUnit would otherwise hide behind a generic message. */
  private static TckTargetFactory sessionFactory(ExtensionContext context) {
    try {
      return ConformanceSessions.current(context).tck().orElseThrow(() -> new ParameterResolutionException(
          "this conformance run has no provider under test for the TCK: give the runner a provider and a fixture"));
    } catch (ExtensionConfigurationException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  private static TckTarget open(Supplier<? extends CloudProvider> providers, CloudFixtureFactory fixtures,
      String clusterName) {
    CloudProvider provider = Objects.requireNonNull(providers.get(), "the provider supplier returned null");
    try {
      provider.initialize(ProviderContext.builder(clusterName, name -> {
        throw new UnsupportedOperationException("no Kubernetes client in the TCK: the provider asked for client \""
            + name + "\", but the TCK calls providers directly without a cluster; run such checks in the"
            + " end-to-end suite");
      }).build());
      CloudFixture fixture = Objects.requireNonNull(fixtures.create(provider, clusterName),
          "fixture factory " + fixtures.getClass().getName() + " returned null");
      return new TckTarget(provider, fixture, clusterName);
    } catch (RuntimeException | Error e) {
      provider.close();
      throw e;
    }
  }
}

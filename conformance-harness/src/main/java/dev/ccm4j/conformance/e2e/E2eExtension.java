package dev.ccm4j.conformance.e2e;

import dev.ccm4j.conformance.ConformanceSessions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the end-to-end scenarios their cluster: an {@link E2eEnvironment} parameter from the run's
 * {@link dev.ccm4j.conformance.ConformanceSession}, and an {@link E2eNamespace} parameter, created for the test and
 * removed after it (it is kept in the test's store, which closes it when the test ends).
 */
public final class E2eExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(E2eExtension.class);

  /** For {@code @ExtendWith}. */
  public E2eExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == E2eEnvironment.class || type == E2eNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    E2eEnvironment env = environment(context);
    if (parameter.getParameter().getType() == E2eEnvironment.class) {
      return env;
    }
    ExtensionContext.Store store = context.getStore(STORE);
    return store.getOrComputeIfAbsent(E2eNamespace.class, key -> {
      try {
        return E2eNamespace.create(env);
      } catch (Exception e) {
        throw new ParameterResolutionException("cannot create a namespace for the test: " + e, e);
      }
    }, E2eNamespace.class);
  }

  /**
   * The cluster of the run a test belongs to.
   *
   * @param context any extension context of the test
   * @return the environment
   * @throws ExtensionConfigurationException if the run has no end-to-end environment
   */
  static E2eEnvironment environment(ExtensionContext context) {
    return ConformanceSessions.current(context).e2e().orElseThrow(() -> new ExtensionConfigurationException(
        "the end-to-end suite needs a cluster, but this conformance session has none (run it with a kubeconfig"
            + " or an in-process cluster)"));
  }
}

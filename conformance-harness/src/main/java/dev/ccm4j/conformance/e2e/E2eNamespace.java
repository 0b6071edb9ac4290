package dev.ccm4j.conformance.e2e;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace of its own for one scenario, {@code ccm4j-e2e-<random>}, removed after it.
 *
 * <p>Removal deletes the namespace's Services first and waits for them (up to the load balancer cleanup timeout):
 * a Service whose load balancer finalizer the CCM never releases would otherwise keep the namespace terminating
 * forever. Whatever is left then is reported as a failure, and the namespace is deleted anyway.
 */
public final class E2eNamespace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(E2eNamespace.class);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final E2eEnvironment env;
  private final CoreV1Api api;
  private final String name;

  private E2eNamespace(E2eEnvironment env, String name) {
    this.env = env;
    this.api = new CoreV1Api(env.client());
    this.name = name;
  }

  /**
   * Creates a fresh namespace in the cluster.
   *
   * @param env the cluster
   * @return the namespace; the caller closes it
   * @throws ApiException if the API server refuses it
   */
  static E2eNamespace create(E2eEnvironment env) throws ApiException {
    Objects.requireNonNull(env, "env");
    String name = "ccm4j-e2e-" + randomSuffix(6);
    new CoreV1Api(env.client()).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name)
        .labels(Map.of("app.kubernetes.io/managed-by", "ccm4j-conformance")))).execute();
    return new E2eNamespace(env, name);
  }

  /**
   * A random suffix for names of objects a scenario creates.
   *
   * @param length how many characters
   * @return lower-case letters and digits
   */
  static String randomSuffix(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /**
   * The namespace's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Deletes the Services, waits for them to go, then deletes the namespace.
   *
   * @throws AssertionError if Services were still there after the cleanup timeout (the namespace is deleted anyway)
   * @throws ApiException if the API server fails
   */
  @Override
  public void close() throws ApiException {
    AssertionError leftover = null;
    try {
      for (V1Service svc : services()) {
        try {
          api.deleteNamespacedService(svc.getMetadata().getName(), name).execute();
        } catch (ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
      Waits.until("the Services of namespace " + name + " to be deleted", env.timeouts().loadBalancerCleanup(),
          env.timeouts().poll(), this::services, List::isEmpty,
          left -> left.stream().map(ServiceJig::describe).toList().toString());
    } catch (AssertionError e) {
      leftover = e;
    } catch (InterruptedException e) {
      // the run is being stopped: delete the namespace without waiting and let the caller see the interrupt
      Thread.currentThread().interrupt();
    } finally {
      try {
        api.deleteNamespace(name).execute();
      } catch (ApiException e) {
        if (e.getCode() != 404) {
          LOG.warn("could not delete namespace {}: {} {}", name, e.getCode(), e.getResponseBody());
        }
      }
    }
    if (leftover != null) {
      throw leftover;
    }
  }

  private List<V1Service> services() throws ApiException {
    return api.listNamespacedService(name).execute().getItems();
  }

  @Override
  public String toString() {
    return name;
  }
}

package dev.ccm4j.api;

import io.kubernetes.client.openapi.ApiClient;

/**
 * Hands a provider Kubernetes API clients configured like the controllers' own (endpoint, credentials, rate
 * limits). The upstream equivalent is {@code ControllerClientBuilder}.
 */
@FunctionalInterface
public interface KubernetesClientFactory {

  /**
   * A client that identifies itself with the given name (its user agent), so that its requests can be told apart
   * in the API server's audit log.
   *
   * @param name a short name, for example {@code mycloud-address-controller}
   * @return a client; each call may return a new one
   */
  ApiClient client(String name);
}

package dev.ccm4j.provider.local;

import io.kubernetes.client.openapi.models.V1Service;

/**
 * Where a load balancer reports a problem with one Service that it works around while the Service stays served:
 * a refused backend, a port it cannot serve. Implementations log it and record a Warning event on the Service.
 */
public interface ServiceWarnings {
  /**
   * Reports a problem; must not block, and may be called from a proxy event loop.
   *
   * @param service the Service, read-only
   * @param reason the event reason, in CamelCase
   * @param message what happened and what is done about it, naming the node, port or address concerned
   */
  void warn(V1Service service, String reason, String message);
}

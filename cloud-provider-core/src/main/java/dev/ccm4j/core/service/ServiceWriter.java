package dev.ccm4j.core.service;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Service;

/** The controller's writes to a Service. Each call writes only when something changes. */
interface ServiceWriter {

  /** Adds the controller's cleanup finalizer unless the Service carries it already. */
  void addFinalizer(V1Service service) throws ApiException;

  /**
   * Removes the controller's cleanup finalizer and the ones it adopts, in one write, if the Service carries any; a
   * Service that is already gone is fine.
   */
  void removeFinalizer(V1Service service) throws ApiException;

  /** Writes {@code status} as the Service's load balancer status; a Service that is already gone is fine. */
  void patchStatus(V1Service service, V1LoadBalancerStatus status) throws ApiException;
}

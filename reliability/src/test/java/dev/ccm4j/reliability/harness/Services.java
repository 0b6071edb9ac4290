package dev.ccm4j.reliability.harness;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** LoadBalancer Services of a scenario, in one namespace, through the campaign's client. */
public final class Services {
  /** The namespace every scenario's Services live in. */
  public static final String NAMESPACE = "default";

  private final CoreV1Api api;

  /**
   * Services through a campaign's client.
   *
   * @param campaign the campaign
   */
  public Services(Campaign campaign) {
    this.api = campaign.core();
  }

  /**
   * Creates a TCP LoadBalancer Service on port 80 to 8080.
   *
   * @param name its name
   * @return the created Service
   * @throws ApiException if the API refuses it
   */
  public V1Service create(String name) throws ApiException {
    return api.createNamespacedService(NAMESPACE, new V1Service()
        .metadata(new V1ObjectMeta().name(name).labels(Map.of("reliability", "campaign")))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", name))
            .ports(List.of(new V1ServicePort().name("http").protocol("TCP").port(80)
                .targetPort(new IntOrString(8080)))))).execute();
  }

  /**
   * Deletes a Service (the CCM's finalizer keeps it until its load balancer is gone).
   *
   * @param name its name
   * @throws ApiException if the API refuses
   */
  public void delete(String name) throws ApiException {
    api.deleteNamespacedService(name, NAMESPACE).execute();
  }

  /**
   * Every Service of the campaign.
   *
   * @return them, as the API lists them
   * @throws ApiException if listing fails
   */
  public List<V1Service> list() throws ApiException {
    return api.listNamespacedService(NAMESPACE).labelSelector("reliability=campaign").execute().getItems();
  }

  /**
   * The address a Service's status names.
   *
   * @param s the Service
   * @return the first ingress IP (or host name), empty while unserved
   */
  public static Optional<String> address(V1Service s) {
    if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    for (V1LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngress()) {
      if (i.getIp() != null && !i.getIp().isEmpty()) {
        return Optional.of(i.getIp());
      }
      if (i.getHostname() != null && !i.getHostname().isEmpty()) {
        return Optional.of(i.getHostname());
      }
    }
    return Optional.empty();
  }
}

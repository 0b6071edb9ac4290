package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1Service;
import java.util.Objects;

/** Helpers for {@link LoadBalancer} implementations. */
public final class LoadBalancers {
  private static final int MAX_DEFAULT_NAME_LENGTH = 32;

  private LoadBalancers() {}

  /**
   * Upstream's default load balancer name: {@code "a"} followed by the Service UID without dashes, cut to 32
   * characters, so it starts with a letter and fits the tightest cloud limits.
   *
   * @param service a Service with a UID
   * @return the name
   * @throws IllegalArgumentException if the Service has no UID
   */
  public static String defaultName(V1Service service) {
    Objects.requireNonNull(service, "service");
    String uid = service.getMetadata() == null ? null : service.getMetadata().getUid();
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("service has no metadata.uid, cannot derive a load balancer name");
    }
    String name = "a" + uid.replace("-", "");
    return name.length() > MAX_DEFAULT_NAME_LENGTH ? name.substring(0, MAX_DEFAULT_NAME_LENGTH) : name;
  }
}

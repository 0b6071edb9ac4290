package dev.ccm4j.provider.huawei.elb;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Sticky sessions of a Service's backend pools, from {@code kubernetes.io/elb.session-affinity-option}.
 *
 * @param type {@link #SOURCE_IP}, {@link #HTTP_COOKIE} or {@link #APP_COOKIE}
 * @param cookieName the application's cookie; present exactly for {@code APP_COOKIE}
 * @param persistenceTimeout minutes (1 to 60 for {@code SOURCE_IP}, 1 to 1440 for {@code HTTP_COOKIE}); empty for
 *     the cloud's default, always empty for {@code APP_COOKIE}; parsed {@code SOURCE_IP} settings always have one
 *     (60 unless set, as the original)
 */
public record SessionPersistence(String type, Optional<String> cookieName, OptionalInt persistenceTimeout) {
  /** Stickiness by client address. */
  public static final String SOURCE_IP = "SOURCE_IP";
  /** Stickiness by a cookie the load balancer inserts. */
  public static final String HTTP_COOKIE = "HTTP_COOKIE";
  /** Stickiness by the application's own cookie. */
  public static final String APP_COOKIE = "APP_COOKIE";

  /** Checks that no component is null. */
  public SessionPersistence {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cookieName, "cookieName");
    Objects.requireNonNull(persistenceTimeout, "persistenceTimeout");
  }
}

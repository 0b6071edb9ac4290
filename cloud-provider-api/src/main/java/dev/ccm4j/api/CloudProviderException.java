package dev.ccm4j.api;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Root of every exception a provider throws to tell the controllers something specific about a cloud call.
 *
 * <p>Anything else a provider throws (an {@link java.io.UncheckedIOException}, an SDK's own exception) is treated
 * as a transient failure: the controllers retry it with backoff and never act on it destructively. The subclasses
 * carry meaning the controllers act on:
 * <ul>
 *   <li>{@link InstanceNotFoundException}: the instance is definitely gone;
 *   <li>{@link NotImplementedException}: the provider does not implement this call;
 *   <li>{@link ImplementedElsewhereException}: another controller owns this object;
 *   <li>{@link RetryAfterException}: retry after a fixed delay instead of backing off;
 *   <li>{@link ThrottledException}: the cloud is rate limiting this client; slow down.
 * </ul>
 *
 * <p>The controllers look for these types anywhere in the cause chain, so a provider may wrap them.
 */
public class CloudProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, for operators; must never contain credentials
   */
  public CloudProviderException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, for operators; must never contain credentials
   * @param cause the underlying failure
   */
  public CloudProviderException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Finds the first exception of the given type in {@code error}'s cause chain, {@code error} included.
   * Suppressed exceptions are not searched. Cycles in the chain are tolerated.
   *
   * @param error the exception to inspect, may be null
   * @param type the type to look for
   * @param <T> the type to look for
   * @return the first match, or empty
   */
  public static <T extends Throwable> Optional<T> findInChain(Throwable error, Class<T> type) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}

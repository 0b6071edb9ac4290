package dev.ccm4j.core.patch;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * Read-modify-write of an object through patches guarded by its resourceVersion, for fields the API server would
 * merge wrongly (lists it replaces or merges by the wrong key): the change is computed from the object as last
 * seen, sent with that object's resourceVersion as a precondition, and on a conflict computed again from a fresh
 * read, so a concurrent writer's change is never overwritten.
 */
public final class GuardedWrite {
  /** Attempts before a persistent conflict is given up, as upstream's node helpers. */
  public static final int CONFLICT_ATTEMPTS = 5;

  private static final int CONFLICT = 409;

  private GuardedWrite() {}

  /**
   * One attempt: compute the change from {@code current} and send it.
   *
   * @param <T> the object type
   */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * Writes the change computed from {@code current}.
     *
     * @param current the object the change is computed from
     * @return the object as written, or null when the change leaves {@code current} as it is (no request made)
     * @throws ApiException from the write; a 409 leads to another attempt
     */
    T write(T current) throws ApiException;
  }

  /**
   * A fresh read of the object from the API server.
   *
   * @param <T> the object type
   */
  @FunctionalInterface
  public interface Read<T> {
    /**
     * Reads the object.
     *
     * @return the object
     * @throws ApiException from the read
     */
    T read() throws ApiException;
  }

  /**
   * Runs attempts until one succeeds, re-reading after each conflict, at most {@link #CONFLICT_ATTEMPTS} times.
   *
   * @param seen the object as last seen, for example from a lister
   * @param attempt computes and writes the change
   * @param read reads the object again after a conflict
   * @param <T> the object type
   * @return the object as written, or the last object read when nothing needed to change
   * @throws ApiException on any error other than a conflict, on an error of the re-read, or when conflicts persist
   */
  public static <T> T retryOnConflict(T seen, Attempt<T> attempt, Read<T> read) throws ApiException {
    T current = seen;
    for (int i = 1; ; i++) {
      try {
        T written = attempt.write(current);
        return written == null ? current : written;
      } catch (ApiException e) {
        if (e.getCode() != CONFLICT || i >= CONFLICT_ATTEMPTS) {
          throw e;
        }
        current = read.read();
      }
    }
  }

  /**
   * The {@code metadata} of a guarded merge patch: the resourceVersion the change was computed from, so the API
   * server answers 409 if the object changed since.
   *
   * @param meta the metadata of the object the change was computed from
   * @return a {@code metadata} object holding its resourceVersion (empty when it has none)
   */
  public static JsonObject guard(V1ObjectMeta meta) {
    JsonObject guard = new JsonObject();
    String rv = meta == null ? null : meta.getResourceVersion();
    if (rv != null && !rv.isEmpty()) {
      guard.addProperty("resourceVersion", rv);
    }
    return guard;
  }
}

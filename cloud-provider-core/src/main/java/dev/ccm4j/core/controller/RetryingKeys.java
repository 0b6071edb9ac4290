package dev.ccm4j.core.controller;

import io.kubernetes.client.common.KubernetesObject;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of a controller whose last reconcile did not finish: it failed, asked to be requeued, or asked to be
 * retried after a delay. Such a key already has a retry of its own scheduled by the {@link Controller}, so a
 * periodic resync or an informer redelivering an unchanged object must not queue it: queueing it would run it at
 * once and cut its backoff short. Only a reconcile that returns {@link ReconcileResult#done()} clears a key.
 *
 * <p>A resync that races with the very reconcile that fails can still cost one extra attempt; that is the only way
 * around the backoff left.
 *
 * @param <K> the key type
 */
public final class RetryingKeys<K> {
  private final Set<K> keys = ConcurrentHashMap.newKeySet();

  /**
   * Wraps a reconciler so that every outcome updates this set; pass the result to
   * {@link Controller.Builder#reconciler(Reconciler)}.
   *
   * @param reconciler the controller's reconciler
   * @return the tracking reconciler
   */
  public Reconciler<K> track(Reconciler<K> reconciler) {
    Objects.requireNonNull(reconciler, "reconciler");
    return key -> {
      ReconcileResult result = null;
      try {
        result = reconciler.reconcile(key);
        return result;
      } finally {
        if (result == null || result.kind() != ReconcileResult.Kind.DONE) {
          keys.add(key);
        } else {
          keys.remove(key);
        }
      }
    };
  }

  /**
   * Tells whether the key waits for its own retry.
   *
   * @param key the key
   * @return {@code true} if its last reconcile did not finish
   */
  public boolean isRetrying(K key) {
    return keys.contains(key);
  }

  /**
   * Tells whether an informer update only redelivers the object of a key that waits for its own retry: the same
   * resourceVersion again, as an informer resync sends it. Such an update is no change and must not queue the key.
   *
   * @param key the object's key
   * @param oldObject the object the informer had
   * @param newObject the object the informer delivers
   * @return {@code true} if the versions are equal and not null, and the key is retrying
   */
  public boolean isUnchangedWhileRetrying(K key, KubernetesObject oldObject, KubernetesObject newObject) {
    String version = oldObject.getMetadata() == null ? null : oldObject.getMetadata().getResourceVersion();
    return version != null && newObject.getMetadata() != null
        && version.equals(newObject.getMetadata().getResourceVersion()) && isRetrying(key);
  }

  /**
   * Tells whether a resync may queue the key now: only when it does not wait for its own retry.
   *
   * @param key the key
   * @return {@code true} if the key is not retrying
   */
  public boolean resyncable(K key) {
    return !keys.contains(key);
  }
}

package dev.ccm4j.core.controller;

/**
 * Brings the world in line with the desired state of one key. Called by one worker at a time per key.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface Reconciler<K> {

  /**
   * Reconciles one key.
   *
   * @param key the key taken from the queue
   * @return what to do with the key next; {@code null} is treated as a failure
   * @throws Exception any failure, treated like {@link ReconcileResult#failure(Throwable)}
   */
  ReconcileResult reconcile(K key) throws Exception;
}

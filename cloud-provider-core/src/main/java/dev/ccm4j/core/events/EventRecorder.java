package dev.ccm4j.core.events;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectReference;

/**
 * Records Events about objects on behalf of one component (for example {@code service-controller}).
 *
 * <p>Recording never blocks and never throws: events are written asynchronously, identical events are folded into
 * one Event whose {@code count} grows, and under a flood the excess is dropped and counted rather than slowing
 * down reconciliation.
 */
public interface EventRecorder {

  /**
   * Records an event about an object.
   *
   * @param involved the object the event is about
   * @param type normal or warning
   * @param reason a short UpperCamelCase reason, for example {@code EnsuringLoadBalancer}
   * @param message a human-readable message
   */
  void event(V1ObjectReference involved, EventType type, String reason, String message);

  /**
   * Records an event about an object taken from an informer cache (kind and apiVersion may be missing on such
   * objects; they are derived from the model class).
   *
   * @param involved the object
   * @param type normal or warning
   * @param reason a short UpperCamelCase reason
   * @param message a human-readable message
   */
  default void event(KubernetesObject involved, EventType type, String reason, String message) {
    event(ObjectReferences.of(involved), type, reason, message);
  }

  /**
   * Records an event with a formatted message.
   *
   * @param involved the object
   * @param type normal or warning
   * @param reason a short UpperCamelCase reason
   * @param format a {@link String#format} pattern
   * @param args its arguments
   */
  default void eventf(KubernetesObject involved, EventType type, String reason, String format, Object... args) {
    event(involved, type, reason, String.format(format, args));
  }
}

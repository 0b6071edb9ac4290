package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;

/**
 * One change to a resource, as kept in the history ring and fanned out to watchers.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param current the object after the change (for DELETED, the last state with the deletion's resourceVersion)
 * @param previous the object before the change, or null for ADDED; selectors use it to spot objects that stop
 *     or start matching
 */
record WatchEvent(String type, StoredObject current, JsonObject previous) {

  long resourceVersion() {
    return current.resourceVersion();
  }
}

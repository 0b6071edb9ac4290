package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;

/**
 * A stored object and its JSON serialised once at write time. The {@link JsonObject} is never mutated after
 * it is stored: readers that want to change it take a deep copy.
 */
record StoredObject(JsonObject object, byte[] json, long resourceVersion) {

  String name() {
    return Json.metaString(object, "name");
  }
}

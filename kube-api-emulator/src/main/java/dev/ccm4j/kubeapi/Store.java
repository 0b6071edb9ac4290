package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The emulator's object store: one global monotonic resourceVersion, objects per resource keyed
 * {@code namespace/name} in key order, a bounded per-resource event history and the open watches.
 * All writes run under one lock; watchers are fed through their own bounded queues so they never block a writer.
 */
final class Store {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<ResourceType, Bucket> buckets = new HashMap<>();
  private final int historySize;
  private long resourceVersion;
  private volatile long publishedResourceVersion;

  /** The objects, history and watchers of one resource. */
  private static final class Bucket {
    final NavigableMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
    final ArrayDeque<WatchEvent> history = new ArrayDeque<>();
    final List<WatchSession> watchers = new CopyOnWriteArrayList<>();
    /** Events at or below this version may have been dropped; resuming from an older version answers 410. */
    long compactedRv;
  }

  Store(Iterable<ResourceType> types, int historySize) {
    this.historySize = historySize;
    for (ResourceType t : types) {
      buckets.put(t, new Bucket());
    }
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** Runs a read-modify-write under the store lock. */
  <T> T write(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** The latest resourceVersion whose events have been handed to every watcher. */
  long currentResourceVersion() {
    return publishedResourceVersion;
  }

  StoredObject get(ResourceType type, String namespace, String name) {
    return bucket(type).objects.get(key(namespace, name));
  }

  /** Stores an object with a fresh resourceVersion and emits the event. Caller holds the lock. */
  StoredObject put(ResourceType type, JsonObject object, String eventType, JsonObject previous) {
    long rv = ++resourceVersion;
    Json.meta(object).addProperty("resourceVersion", Long.toString(rv));
    StoredObject stored = new StoredObject(object, Json.bytes(object), rv);
    Bucket b = bucket(type);
    b.objects.put(key(Json.metaString(object, "namespace"), Json.metaString(object, "name")), stored);
    emit(b, new WatchEvent(eventType, stored, previous), rv);
    return stored;
  }

  /** Removes an object, giving its final state a fresh resourceVersion, and emits DELETED. Caller holds the lock. */
  StoredObject remove(ResourceType type, JsonObject finalState) {
    long rv = ++resourceVersion;
    Json.meta(finalState).addProperty("resourceVersion", Long.toString(rv));
    StoredObject stored = new StoredObject(finalState, Json.bytes(finalState), rv);
    Bucket b = bucket(type);
    StoredObject old = b.objects.remove(key(Json.metaString(finalState, "namespace"),
        Json.metaString(finalState, "name")));
    emit(b, new WatchEvent("DELETED", stored, old == null ? null : old.object()), rv);
    return stored;
  }

  private void emit(Bucket b, WatchEvent event, long rv) {
    b.history.addLast(event);
    while (b.history.size() > historySize) {
      b.compactedRv = b.history.removeFirst().resourceVersion();
    }
    for (WatchSession w : b.watchers) {
      w.offer(event);
    }
    publishedResourceVersion = rv;
  }

  /** A consistent list: the resourceVersion and the objects (in key order) under an optional namespace and start key. */
  record Snapshot(long resourceVersion, List<StoredObject> items) {}

  Snapshot list(ResourceType type, String namespace, String startAfterKey) {
    Bucket b = bucket(type);
    lock.lock();
    try {
      NavigableMap<String, StoredObject> view = b.objects;
      if (namespace != null) {
        // keys are namespace/name and '0' is the character after '/', so this range is exactly one namespace
        view = view.subMap(namespace + "/", true, namespace + "0", false);
      }
      if (startAfterKey != null) {
        view = view.tailMap(startAfterKey, false);
      }
      return new Snapshot(publishedResourceVersion, new ArrayList<>(view.values()));
    } finally {
      lock.unlock();
    }
  }

  /** Whether events after {@code rv} are still all in the history of this resource. */
  boolean isAvailable(ResourceType type, long rv) {
    lock.lock();
    try {
      return rv >= bucket(type).compactedRv;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Registers a watch. With {@code fromRv <= 0} the session starts with the current objects as ADDED events;
   * otherwise with the history events after {@code fromRv}.
   *
   * @return the session, or null when {@code fromRv} is older than the retained history (410)
   */
  WatchSession openWatch(ResourceType type, long fromRv, int queueCapacity) {
    Bucket b = bucket(type);
    lock.lock();
    try {
      List<WatchEvent> initial = new ArrayList<>();
      if (fromRv <= 0) {
        for (StoredObject o : b.objects.values()) {
          initial.add(new WatchEvent("ADDED", o, null));
        }
      } else {
        if (fromRv < b.compactedRv) {
          return null;
        }
        for (WatchEvent e : b.history) {
          if (e.resourceVersion() > fromRv) {
            initial.add(e);
          }
        }
      }
      WatchSession session = new WatchSession(initial, queueCapacity);
      b.watchers.add(session);
      return session;
    } finally {
      lock.unlock();
    }
  }

  void closeWatch(ResourceType type, WatchSession session) {
    bucket(type).watchers.remove(session);
  }

  /** Closes every open watch stream. */
  void dropWatches() {
    for (Bucket b : buckets.values()) {
      for (WatchSession w : b.watchers) {
        w.drop();
      }
    }
  }

  /**
   * Forgets all history: the global resourceVersion moves on by one and every resume or continue token from
   * before that answers 410 Expired, while a fresh list followed by a watch works.
   */
  void compactHistory() {
    lock.lock();
    try {
      long rv = ++resourceVersion;
      for (Bucket b : buckets.values()) {
        b.history.clear();
        b.compactedRv = rv;
      }
      publishedResourceVersion = rv;
    } finally {
      lock.unlock();
    }
  }

  private Bucket bucket(ResourceType type) {
    Bucket b = buckets.get(type);
    if (b == null) {
      throw ApiError.notFoundPath();
    }
    return b;
  }
}

package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.proto.ProtobufCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Writes one watch stream's events: applies the namespace and selectors (turning objects that stop or start
 * matching into DELETED or ADDED, like the real server), and frames each event as one JSON line, or as a
 * length-prefixed protobuf {@code WatchEvent} for {@code ;stream=watch} protobuf clients.
 */
final class WatchWriter {
  private static final byte[] END = "}\n".getBytes(StandardCharsets.UTF_8);

  private final ResourceType type;
  private final String namespace;
  private final Selector selector;
  private final boolean table;
  private final String includeObject;
  private final boolean protobuf;
  private final Clock clock;

  WatchWriter(ResourceType type, String namespace, Selector selector, boolean table, String includeObject,
      boolean protobuf, Clock clock) {
    this.type = type;
    this.namespace = namespace;
    this.selector = selector;
    this.table = table;
    this.includeObject = includeObject;
    this.protobuf = protobuf;
    this.clock = clock;
  }

  private boolean matches(JsonObject object) {
    return object != null
        && (namespace == null || namespace.equals(Json.metaString(object, "namespace")))
        && (selector.isEmpty() || selector.matches(object));
  }

  /** Writes the event if this watch should see it; returns whether anything was written. */
  boolean write(OutputStream out, WatchEvent event) throws IOException {
    JsonObject current = event.current().object();
    boolean now = matches(current);
    switch (event.type()) {
      case "ADDED":
      case "DELETED":
        if (!now) {
          return false;
        }
        writeStored(out, event.type(), event.current());
        return true;
      case "MODIFIED":
        boolean before = matches(event.previous());
        if (now) {
          writeStored(out, before ? "MODIFIED" : "ADDED", event.current());
          return true;
        }
        if (before) {
          JsonObject gone = event.previous().deepCopy();
          Json.meta(gone).addProperty("resourceVersion", Long.toString(event.resourceVersion()));
          writeObject(out, "DELETED", gone);
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  void writeBookmark(OutputStream out, long resourceVersion) throws IOException {
    JsonObject bookmark = new JsonObject();
    bookmark.addProperty("kind", type.kind());
    bookmark.addProperty("apiVersion", type.apiVersion());
    JsonObject meta = new JsonObject();
    meta.addProperty("resourceVersion", Long.toString(resourceVersion));
    bookmark.add("metadata", meta);
    if (protobuf) {
      out.write(ProtobufCodec.watchFrame("BOOKMARK", bookmark));
    } else {
      line(out, "BOOKMARK", Json.bytes(bookmark));
    }
  }

  void writeError(OutputStream out, ApiError error) throws IOException {
    if (protobuf) {
      out.write(ProtobufCodec.watchFrame("ERROR", error.toStatus()));
    } else {
      line(out, "ERROR", Json.bytes(error.toStatus()));
    }
    out.flush();
  }

  private void writeStored(OutputStream out, String eventType, StoredObject stored) throws IOException {
    if (table || protobuf) {
      writeObject(out, eventType, stored.object());
    } else {
      line(out, eventType, stored.json());
    }
  }

  private void writeObject(OutputStream out, String eventType, JsonObject object) throws IOException {
    if (protobuf) {
      out.write(ProtobufCodec.watchFrame(eventType, object));
      return;
    }
    JsonObject body = table ? Tables.table(type, List.of(object), includeObject,
        Long.parseLong(Json.metaString(object, "resourceVersion")), null, clock.instant()) : object;
    line(out, eventType, Json.bytes(body));
  }

  private static void line(OutputStream out, String eventType, byte[] object) throws IOException {
    out.write(("{\"type\":\"" + eventType + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
    out.write(object);
    out.write(END);
  }
}

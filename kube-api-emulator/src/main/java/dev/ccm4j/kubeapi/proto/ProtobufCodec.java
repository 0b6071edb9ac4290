package dev.ccm4j.kubeapi.proto;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ccm4j.kubeapi.ApiError;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The Kubernetes protobuf wire form ({@code application/vnd.kubernetes.protobuf}) of the emulator's built-in
 * types, converted to and from the JSON form the rest of the emulator works on.
 *
 * <p>A body is the four bytes {@code k8s\0} followed by a {@code runtime.Unknown} whose {@code typeMeta} names the
 * apiVersion and kind and whose {@code raw} is the typed message, exactly as kube-apiserver's protobuf serializer
 * writes it. Watch streams ({@code ;stream=watch}) are frames of a 4-byte big-endian length and a
 * {@code meta.v1.WatchEvent} written without the envelope, whose {@code object.raw} is the object's enveloped
 * encoding, as client-go's length-delimited framer reads them.
 *
 * <p>The types are those of {@code io.kubernetes:client-java-proto}, plus {@code coordination.k8s.io/v1},
 * {@code discovery.k8s.io/v1} and {@code events.k8s.io/v1}, which that artifact lacks and whose messages are
 * described here with upstream's field numbers. Conversion goes through the message descriptors (JSON names are
 * the proto field names, as go-to-protobuf generates them), with Kubernetes' special types handled as their Go
 * JSON marshalers do.
 */
public final class ProtobufCodec {
  /** The protobuf media type, sent as the Content-Type of protobuf bodies. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  /** The Content-Type of a protobuf watch stream. */
  public static final String WATCH_MEDIA_TYPE = MEDIA_TYPE + ";stream=watch";

  /** The envelope prefix: {@code k8s} and the encoding byte 0 (a {@code runtime.Unknown} follows). */
  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  private ProtobufCodec() {}

  /** Whether a request's Content-Type is protobuf (parameters such as {@code ;charset} ignored). */
  public static boolean isProtobuf(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return type.equalsIgnoreCase(MEDIA_TYPE);
  }

  /**
   * Whether the response should be protobuf: the Accept header's first acceptable media range (by {@code q}, then
   * order) is {@code application/vnd.kubernetes.protobuf}. JSON, YAML and wildcards are acceptable and win when
   * first; unknown types are skipped, as the real server's negotiation skips them. A range with an {@code as=}
   * parameter (tables, partial object metadata) is a transformed response, never plain protobuf, so it is
   * acceptable but answers {@code false}.
   */
  public static boolean prefersProtobuf(String accept) {
    return MediaRanges.firstAcceptableIsProtobuf(accept);
  }

  /** Whether this apiVersion and kind has a protobuf message (built-in kinds, their lists, Status). */
  public static boolean supports(String apiVersion, String kind) {
    return ProtoTypes.find(apiVersion, kind) != null;
  }

  /**
   * Decodes an enveloped protobuf body into its JSON form, with {@code kind} and {@code apiVersion} from the
   * envelope. Same as {@link #decode(byte[], String, String)} with no defaults.
   *
   * @throws ApiError 400 as the real server words a body it cannot decode
   */
  public static JsonObject decode(byte[] body) {
    return decode(body, null, null);
  }

  /**
   * Decodes an enveloped protobuf body into its JSON form. As kube-apiserver does, a kind or apiVersion missing
   * from the envelope defaults to the one the request path serves ({@code defaultApiVersion},
   * {@code defaultKind}; either may be null), and errors name that kind.
   *
   * @throws ApiError 400 BadRequest with the real server's wording: {@code Service in version "v1" cannot be
   *     handled as a Service: ...} when the envelope names a type, else {@code the object provided is unrecognized
   *     (must be of type Service): ... (6b387300...)}
   */
  public static JsonObject decode(byte[] body, String defaultApiVersion, String defaultKind) {
    String into = defaultKind == null ? "Object" : defaultKind;
    if (body == null || body.length == 0) {
      throw unrecognized(into, "empty data", body);
    }
    if (body.length < MAGIC.length || !hasMagic(body)) {
      throw unrecognized(into, "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
          body);
    }
    if (body.length == MAGIC.length) {
      throw unrecognized(into, "empty body", body);
    }
    Runtime.Unknown unknown;
    try {
      unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw unrecognized(into, wireError(e), body);
    }
    String apiVersion = unknown.getTypeMeta().getApiVersion();
    String kind = unknown.getTypeMeta().getKind();
    if (kind.isEmpty() && defaultKind != null) {
      kind = defaultKind;
    }
    if (apiVersion.isEmpty() && defaultApiVersion != null) {
      apiVersion = defaultApiVersion;
    }
    if (kind.isEmpty()) {
      throw unrecognized(into, "Object 'Kind' is missing in '" + typeMetaGo(unknown) + "'", body);
    }
    if (apiVersion.isEmpty()) {
      throw cannotHandle(kind, "", into, "Object 'apiVersion' is missing in '" + typeMetaGo(unknown) + "'");
    }
    Descriptor descriptor = ProtoTypes.find(apiVersion, kind);
    if (descriptor == null) {
      throw cannotHandle(kind, version(apiVersion), into, "no kind \"" + kind + "\" is registered for version \""
          + apiVersion + "\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
    }
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(descriptor, unknown.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw cannotHandle(kind, version(apiVersion), into, wireError(e));
    }
    JsonObject json = new JsonObject();
    json.addProperty("kind", kind);
    json.addProperty("apiVersion", apiVersion);
    ProtoJson.toJson(message, json);
    return json;
  }

  /**
   * Encodes an object, a list or a Status into its enveloped protobuf form; the type comes from the object's
   * {@code apiVersion} and {@code kind}. Fields the message does not have are left out, as a typed server never
   * has them.
   *
   * @throws IllegalArgumentException if the kind has no protobuf message (see {@link #supports})
   */
  public static byte[] encode(JsonObject object) {
    String apiVersion = string(object, "apiVersion");
    String kind = string(object, "kind");
    Descriptor descriptor = ProtoTypes.find(apiVersion, kind);
    if (descriptor == null) {
      throw new IllegalArgumentException("no protobuf message for " + apiVersion + ", Kind=" + kind);
    }
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(descriptor);
    ProtoJson.fromJson(object, builder);
    return envelope(apiVersion, kind, builder.build().toByteString());
  }

  /**
   * One frame of a protobuf watch stream: the 4-byte big-endian length of a {@code meta.v1.WatchEvent} (written
   * without the envelope, as the real server's raw stream serializer does) followed by the event, whose
   * {@code object.raw} is the object's enveloped encoding ({@link #encode}).
   *
   * @param type {@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK} or {@code ERROR}
   * @param object the object, or a Status for {@code ERROR}
   */
  public static byte[] watchFrame(String type, JsonObject object) {
    byte[] event = Meta.WatchEvent.newBuilder()
        .setType(type)
        .setObject(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(encode(object))))
        .build()
        .toByteArray();
    byte[] frame = new byte[4 + event.length];
    int n = event.length;
    frame[0] = (byte) (n >>> 24);
    frame[1] = (byte) (n >>> 16);
    frame[2] = (byte) (n >>> 8);
    frame[3] = (byte) n;
    System.arraycopy(event, 0, frame, 4, n);
    return frame;
  }

  /**
   * Splits a protobuf watch stream's bytes into its events, each as {@code {"type": ..., "object": {...}}} in JSON
   * form; for tests and clients of the emulator. Trailing bytes of an incomplete frame are ignored.
   */
  public static List<JsonObject> readWatchFrames(byte[] stream) {
    List<JsonObject> events = new ArrayList<>();
    int at = 0;
    while (at + 4 <= stream.length) {
      int n = ((stream[at] & 0xff) << 24) | ((stream[at + 1] & 0xff) << 16) | ((stream[at + 2] & 0xff) << 8)
          | (stream[at + 3] & 0xff);
      if (n < 0 || at + 4 + n > stream.length) {
        break;
      }
      Meta.WatchEvent event;
      try {
        event = Meta.WatchEvent.parseFrom(ByteString.copyFrom(stream, at + 4, n));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("not a WatchEvent frame at offset " + at, e);
      }
      JsonObject json = new JsonObject();
      json.addProperty("type", event.getType());
      json.add("object", decode(event.getObject().getRaw().toByteArray()));
      events.add(json);
      at += 4 + n;
    }
    return events;
  }

  static byte[] envelope(String apiVersion, String kind, ByteString raw) {
    // the real serializer writes contentEncoding and contentType as empty strings (gogo non-nullable fields)
    Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(raw)
        .setContentEncoding("")
        .setContentType("")
        .build();
    byte[] out = new byte[MAGIC.length + unknown.getSerializedSize()];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    try {
      CodedOutputStream coded = CodedOutputStream.newInstance(out, MAGIC.length, out.length - MAGIC.length);
      unknown.writeTo(coded);
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("protobuf envelope size mismatch", e);
    }
    return out;
  }

  static boolean hasMagic(byte[] data) {
    if (data.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String string(JsonObject object, String field) {
    return object.has(field) && object.get(field).isJsonPrimitive() ? object.get(field).getAsString() : "";
  }

  private static String version(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }

  /** Go's {@code %#v} of the envelope's TypeMeta, which the real server quotes in missing-kind errors. */
  private static String typeMetaGo(Runtime.Unknown unknown) {
    return "runtime.TypeMeta{APIVersion:\"" + unknown.getTypeMeta().getApiVersion() + "\", Kind:\""
        + unknown.getTypeMeta().getKind() + "\"}";
  }

  /** The gogo-protobuf wording for the usual wire errors (truncation is what clients actually produce). */
  private static String wireError(InvalidProtocolBufferException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (message.contains("truncated") || message.contains("ended unexpectedly")) {
      return "unexpected EOF";
    }
    if (message.contains("negative size")) {
      return "proto: negative length found during unmarshaling";
    }
    return "proto: " + e.getMessage();
  }

  /** {@code transformDecodeError} of the real server when the body names no type. */
  private static ApiError unrecognized(String into, String cause, byte[] body) {
    return ApiError.badRequest("the object provided is unrecognized (must be of type " + into + "): " + cause + " ("
        + summarize(body) + ")");
  }

  /** {@code transformDecodeError} of the real server when the body names a type. */
  private static ApiError cannotHandle(String kind, String version, String into, String cause) {
    return ApiError.badRequest(kind + " in version \"" + version + "\" cannot be handled as a " + into + ": " + cause);
  }

  /** The real server's {@code summarizeData(body, 30)}: JSON-looking bodies as text, others in hex. */
  private static String summarize(byte[] body) {
    if (body == null || body.length == 0) {
      return "<empty>";
    }
    int max = 30;
    if (body[0] == '{') {
      String text = new String(body, 0, Math.min(max, body.length), java.nio.charset.StandardCharsets.UTF_8);
      return body.length > max ? text + " ..." : text;
    }
    String hex = HexFormat.of().formatHex(body, 0, Math.min(max, body.length));
    return body.length > max ? hex + " ..." : hex;
  }
}

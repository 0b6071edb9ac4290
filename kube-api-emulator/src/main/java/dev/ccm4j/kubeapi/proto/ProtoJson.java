package dev.ccm4j.kubeapi.proto;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generic conversion between protobuf messages and the Kubernetes JSON form, driven by descriptors. The JSON name
 * of a field is its proto name (go-to-protobuf names proto fields after the Go JSON tags). The special types are
 * converted as their Go marshalers do: {@code meta.v1.Time} as an RFC 3339 string at second precision,
 * {@code MicroTime} at microseconds, {@code Duration} as a Go duration string, {@code resource.Quantity} as its
 * string, {@code IntOrString} as a number or a string, {@code RawExtension} and {@code FieldsV1} as embedded JSON,
 * {@code bytes} as base64.
 *
 * <p>Presence, proto to JSON: Go writes every non-pointer field, zero or not, and leaves out nil pointers, so a
 * present zero scalar is usually just Go's zero value (which, for a non-pointer field, means the same as absent).
 * Zero strings, numbers and false are therefore left out, except for the fields that are pointers in the Go types
 * (see {@link #POINTER_SCALARS}), where an explicit 0 or false is the user's value ({@code replicas: 0},
 * {@code ready: false}). Empty messages are kept ({@code spec: {}}), as Go's JSON keeps empty structs.
 */
final class ProtoJson {
  private ProtoJson() {}

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  /**
   * Scalar fields that are pointers in the Go types of the served kinds, so a zero value is meaningful and kept
   * (by field name, which is unambiguous across these types).
   */
  static final Set<String> POINTER_SCALARS = Set.of(
      // apps/v1
      "replicas", "revisionHistoryLimit", "progressDeadlineSeconds", "partition",
      // core/v1 pods and templates
      "terminationGracePeriodSeconds", "activeDeadlineSeconds", "automountServiceAccountToken",
      "enableServiceLinks", "hostUsers", "shareProcessNamespace", "setHostnameAsFQDN", "priority", "runAsUser",
      "runAsGroup", "runAsNonRoot", "privileged", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "fsGroup",
      "defaultMode", "mode", "optional", "tolerationSeconds", "expirationSeconds",
      // core/v1 services, configmaps, secrets
      "allocateLoadBalancerNodePorts", "timeoutSeconds", "immutable",
      // discovery.k8s.io/v1
      "ready", "serving", "terminating", "port",
      // coordination.k8s.io/v1
      "leaseDurationSeconds", "leaseTransitions",
      // meta/v1
      "deletionGracePeriodSeconds", "controller", "blockOwnerDeletion", "remainingItemCount");

  private enum Special { NONE, TIME, MICRO_TIME, DURATION, QUANTITY, INT_OR_STRING, RAW_EXTENSION, FIELDS_V1 }

  private static final Map<Descriptor, Special> SPECIAL = new ConcurrentHashMap<>();

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);

  private static Special special(Descriptor d) {
    return SPECIAL.computeIfAbsent(d, x -> switch (x.getFullName()) {
      case META + "Time" -> Special.TIME;
      case META + "MicroTime" -> Special.MICRO_TIME;
      case META + "Duration" -> Special.DURATION;
      case META + "FieldsV1" -> Special.FIELDS_V1;
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> Special.QUANTITY;
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> Special.INT_OR_STRING;
      case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> Special.RAW_EXTENSION;
      default -> Special.NONE;
    });
  }

  // ------------------------------------------------------------------------------------------ proto → JSON

  /** Adds the fields of {@code message} to {@code out}, in declaration order. */
  static void toJson(Message message, JsonObject out) {
    for (FieldDescriptor f : message.getDescriptorForType().getFields()) {
      if (f.isMapField()) {
        int n = message.getRepeatedFieldCount(f);
        if (n == 0) {
          continue;
        }
        FieldDescriptor keyField = f.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = f.getMessageType().findFieldByNumber(2);
        JsonObject map = new JsonObject();
        for (int i = 0; i < n; i++) {
          Message entry = (Message) message.getRepeatedField(f, i);
          JsonElement value = value(valueField, entry.getField(valueField));
          map.add(String.valueOf(entry.getField(keyField)), value == null ? JsonNull.INSTANCE : value);
        }
        out.add(f.getName(), map);
      } else if (f.isRepeated()) {
        int n = message.getRepeatedFieldCount(f);
        if (n == 0) {
          continue;
        }
        JsonArray array = new JsonArray(n);
        for (int i = 0; i < n; i++) {
          JsonElement value = value(f, message.getRepeatedField(f, i));
          array.add(value == null ? JsonNull.INSTANCE : value);
        }
        out.add(f.getName(), array);
      } else if (message.hasField(f)) {
        Object raw = message.getField(f);
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE && isZero(raw)
            && !POINTER_SCALARS.contains(f.getName())) {
          continue;
        }
        JsonElement value = value(f, raw);
        if (value != null) {
          out.add(f.getName(), value);
        }
      }
    }
  }

  private static boolean isZero(Object v) {
    if (v instanceof String s) {
      return s.isEmpty();
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() == 0;
    }
    return v instanceof ByteString bytes && bytes.isEmpty();
  }

  /** The JSON of one value (an element for repeated fields); null to leave the field out. */
  private static JsonElement value(FieldDescriptor f, Object v) {
    switch (f.getJavaType()) {
      case STRING:
        return new JsonPrimitive((String) v);
      case BOOLEAN:
        return new JsonPrimitive((Boolean) v);
      case INT:
      case LONG:
      case FLOAT:
      case DOUBLE:
        return new JsonPrimitive((Number) v);
      case BYTE_STRING:
        return new JsonPrimitive(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case ENUM:
        return new JsonPrimitive(v.toString());
      case MESSAGE:
      default:
        return messageValue((Message) v);
    }
  }

  private static JsonElement messageValue(Message m) {
    Descriptor d = m.getDescriptorForType();
    switch (special(d)) {
      case TIME:
      case MICRO_TIME: {
        FieldDescriptor seconds = d.findFieldByNumber(1);
        FieldDescriptor nanos = d.findFieldByNumber(2);
        if (!m.hasField(seconds) && !m.hasField(nanos)) {
          // an empty Time message is Go's zero time, which its JSON marshaler writes as null
          return null;
        }
        Instant t = Instant.ofEpochSecond((Long) m.getField(seconds), (Integer) m.getField(nanos));
        return new JsonPrimitive(special(d) == Special.TIME ? SECONDS.format(t)
            : MICROS.format(t.truncatedTo(ChronoUnit.MICROS)));
      }
      case DURATION:
        return new JsonPrimitive(GoDuration.format((Long) m.getField(d.findFieldByNumber(1))));
      case QUANTITY:
        return new JsonPrimitive((String) m.getField(d.findFieldByNumber(1)));
      case INT_OR_STRING: {
        long type = ((Number) m.getField(d.findFieldByNumber(1))).longValue();
        return type == 1 ? new JsonPrimitive((String) m.getField(d.findFieldByNumber(3)))
            : new JsonPrimitive((Integer) m.getField(d.findFieldByNumber(2)));
      }
      case RAW_EXTENSION:
      case FIELDS_V1:
        return embedded((ByteString) m.getField(d.findFieldByNumber(1)));
      case NONE:
      default:
        JsonObject nested = new JsonObject();
        toJson(m, nested);
        return nested;
    }
  }

  /** Embedded bytes: an enveloped protobuf object, or JSON (what RawExtension and FieldsV1 carry). */
  private static JsonElement embedded(ByteString raw) {
    if (raw.isEmpty()) {
      return null;
    }
    byte[] bytes = raw.toByteArray();
    if (ProtobufCodec.hasMagic(bytes)) {
      return ProtobufCodec.decode(bytes);
    }
    try {
      return JsonParser.parseString(raw.toString(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // neither protobuf nor JSON: keep the bytes, as base64 like any other bytes
      return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
    }
  }

  // ------------------------------------------------------------------------------------------ JSON → proto

  /** Sets the fields of {@code builder} from {@code json}; members the message does not have are ignored. */
  static void fromJson(JsonObject json, Message.Builder builder) {
    Descriptor d = builder.getDescriptorForType();
    for (Map.Entry<String, JsonElement> member : json.entrySet()) {
      FieldDescriptor f = d.findFieldByName(member.getKey());
      JsonElement v = member.getValue();
      if (f == null || v == null || v.isJsonNull()) {
        continue;
      }
      if (f.isMapField()) {
        if (!v.isJsonObject()) {
          continue;
        }
        Descriptor entryType = f.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByNumber(1);
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
          DynamicMessage.Builder entry = DynamicMessage.newBuilder(entryType);
          entry.setField(keyField, e.getKey());
          Object value = e.getValue().isJsonNull() ? null : protoValue(valueField, e.getValue(), entry);
          if (value != null) {
            entry.setField(valueField, value);
          }
          builder.addRepeatedField(f, entry.build());
        }
      } else if (f.isRepeated()) {
        if (!v.isJsonArray()) {
          continue;
        }
        for (JsonElement element : v.getAsJsonArray()) {
          Object value = element.isJsonNull() ? null : protoValue(f, element, builder);
          if (value != null) {
            builder.addRepeatedField(f, value);
          }
        }
      } else {
        Object value = protoValue(f, v, builder);
        if (value != null) {
          builder.setField(f, value);
        }
      }
    }
  }

  /** The proto value of one JSON value for field {@code f}; null when it does not fit (left out). */
  private static Object protoValue(FieldDescriptor f, JsonElement v, Message.Builder parent) {
    try {
      switch (f.getJavaType()) {
        case STRING:
          return v.isJsonPrimitive() ? v.getAsString() : null;
        case BOOLEAN:
          return v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() ? v.getAsBoolean() : null;
        case INT:
          return v.isJsonPrimitive() ? (int) number(v) : null;
        case LONG:
          return v.isJsonPrimitive() ? number(v) : null;
        case FLOAT:
          return v.isJsonPrimitive() ? v.getAsFloat() : null;
        case DOUBLE:
          return v.isJsonPrimitive() ? v.getAsDouble() : null;
        case BYTE_STRING:
          return v.isJsonPrimitive() ? ByteString.copyFrom(Base64.getDecoder().decode(v.getAsString())) : null;
        case ENUM:
          return v.isJsonPrimitive() ? f.getEnumType().findValueByName(v.getAsString()) : null;
        case MESSAGE:
        default:
          return messageFromJson(f.getMessageType(), v);
      }
    } catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
      // a value of the wrong shape (a typed server would have refused it): left out
      return null;
    }
  }

  private static long number(JsonElement v) {
    JsonPrimitive p = v.getAsJsonPrimitive();
    if (p.isNumber()) {
      return p.getAsNumber().longValue();
    }
    return Long.parseLong(p.getAsString());
  }

  private static Message messageFromJson(Descriptor d, JsonElement v) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
    switch (special(d)) {
      case TIME:
      case MICRO_TIME: {
        if (!v.isJsonPrimitive()) {
          return null;
        }
        Instant t = parseTime(v.getAsString());
        if (t == null) {
          return null;
        }
        b.setField(d.findFieldByNumber(1), t.getEpochSecond());
        b.setField(d.findFieldByNumber(2), t.getNano());
        return b.build();
      }
      case DURATION:
        if (!v.isJsonPrimitive()) {
          return null;
        }
        b.setField(d.findFieldByNumber(1), GoDuration.parse(v.getAsString()));
        return b.build();
      case QUANTITY:
        if (!v.isJsonPrimitive()) {
          return null;
        }
        b.setField(d.findFieldByNumber(1), v.getAsString());
        return b.build();
      case INT_OR_STRING: {
        if (!v.isJsonPrimitive()) {
          return null;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        if (p.isNumber()) {
          b.setField(d.findFieldByNumber(1), 0L);
          b.setField(d.findFieldByNumber(2), p.getAsInt());
        } else {
          b.setField(d.findFieldByNumber(1), 1L);
          b.setField(d.findFieldByNumber(3), p.getAsString());
        }
        return b.build();
      }
      case RAW_EXTENSION:
      case FIELDS_V1:
        b.setField(d.findFieldByNumber(1), ByteString.copyFromUtf8(v.toString()));
        return b.build();
      case NONE:
      default:
        if (!v.isJsonObject()) {
          return null;
        }
        fromJson(v.getAsJsonObject(), b);
        return b.build();
    }
  }

  /** RFC 3339, with or without fractional seconds and with any offset, as Go's time.Parse(RFC3339) reads it. */
  private static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

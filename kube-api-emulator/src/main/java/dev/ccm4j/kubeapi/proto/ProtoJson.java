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
import java.util.HashMap;
import java.util.List;
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
 * (see {@link #KEEP_ZERO}), where an explicit 0 or false is the user's value ({@code replicas: 0},
 * {@code ready: false}). Empty messages are kept ({@code spec: {}}), as Go's JSON keeps empty structs.
 */
final class ProtoJson {
  private ProtoJson() {}

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  /**
   * Scalar fields whose zero value is kept ({@code Message.field}): those that are pointers in the Go types, where a
   * zero is the user's value, and the non-pointer ones without {@code omitempty}, whose zero Go's JSON writes.
   */
  static final Set<String> KEEP_ZERO = Set.of(
      // apps/v1
      "DeploymentSpec.replicas", "DeploymentSpec.revisionHistoryLimit", "DeploymentSpec.progressDeadlineSeconds",
      "ReplicaSetSpec.replicas", "StatefulSetSpec.replicas", "StatefulSetSpec.revisionHistoryLimit",
      "DaemonSetSpec.revisionHistoryLimit", "RollingUpdateStatefulSetStrategy.partition",
      // core/v1 pods and templates
      "PodSpec.terminationGracePeriodSeconds", "PodSpec.activeDeadlineSeconds", "PodSpec.automountServiceAccountToken",
      "PodSpec.enableServiceLinks", "PodSpec.hostUsers", "PodSpec.shareProcessNamespace", "PodSpec.setHostnameAsFQDN",
      "PodSpec.priority", "SecurityContext.runAsUser", "SecurityContext.runAsGroup", "SecurityContext.runAsNonRoot",
      "SecurityContext.privileged", "SecurityContext.readOnlyRootFilesystem",
      "SecurityContext.allowPrivilegeEscalation",
      "PodSecurityContext.runAsUser", "PodSecurityContext.runAsGroup", "PodSecurityContext.runAsNonRoot",
      "PodSecurityContext.fsGroup", "ConfigMapVolumeSource.defaultMode", "ConfigMapVolumeSource.optional",
      "SecretVolumeSource.defaultMode", "SecretVolumeSource.optional", "ProjectedVolumeSource.defaultMode",
      "DownwardAPIVolumeSource.defaultMode", "KeyToPath.mode", "DownwardAPIVolumeFile.mode",
      "ConfigMapKeySelector.optional", "SecretKeySelector.optional", "ConfigMapEnvSource.optional",
      "SecretEnvSource.optional", "ConfigMapProjection.optional", "SecretProjection.optional",
      "ServiceAccountTokenProjection.expirationSeconds", "Toleration.tolerationSeconds", "ContainerStatus.started",
      "ContainerStatus.ready", "ContainerStatus.restartCount", "ContainerStateTerminated.exitCode",
      "ContainerPort.containerPort",
      // core/v1 services, configmaps, secrets, service accounts, nodes
      "ServiceSpec.allocateLoadBalancerNodePorts", "ClientIPConfig.timeoutSeconds", "ServicePort.port",
      "EndpointPort.port", "ConfigMap.immutable", "Secret.immutable", "ServiceAccount.automountServiceAccountToken",
      "DaemonEndpoint.Port",
      // discovery.k8s.io/v1 (EndpointPort.port above too), events.k8s.io/v1
      "EndpointConditions.ready", "EndpointConditions.serving", "EndpointConditions.terminating",
      // coordination.k8s.io/v1
      "LeaseSpec.leaseDurationSeconds", "LeaseSpec.leaseTransitions",
      // authorization.k8s.io/v1
      "SubjectAccessReviewStatus.allowed", "SubjectRulesReviewStatus.incomplete",
      // meta/v1
      "ObjectMeta.deletionGracePeriodSeconds", "OwnerReference.controller", "OwnerReference.blockOwnerDeletion",
      "ListMeta.remainingItemCount", "DeleteOptions.gracePeriodSeconds", "DeleteOptions.orphanDependents");

  /**
   * Fields that are embedded ({@code json:",inline"}) Go structs: go-to-protobuf makes them a nested message, their
   * JSON has the nested fields in the parent ({@code Volume.configMap}, not {@code Volume.volumeSource.configMap}).
   */
  static final Set<String> INLINE = Set.of("Volume.volumeSource", "PersistentVolumeSpec.persistentVolumeSource",
      "Probe.handler", "ConfigMapKeySelector.localObjectReference", "SecretKeySelector.localObjectReference",
      "ConfigMapEnvSource.localObjectReference", "SecretEnvSource.localObjectReference",
      "ConfigMapVolumeSource.localObjectReference", "ConfigMapProjection.localObjectReference",
      "SecretProjection.localObjectReference", "EphemeralContainer.ephemeralContainerCommon",
      "IngressRule.ingressRuleValue");

  private enum Special {
    NONE, TIME, MICRO_TIME, DURATION, QUANTITY, INT_OR_STRING, RAW_EXTENSION, FIELDS_V1,
    /** A named Go slice type ({@code ExtraValue []string}): a message with one repeated {@code items}, JSON array. */
    ITEMS
  }

  /** What the converters need of one message type, computed once per type. */
  private static final class TypeInfo {
    final Special special;
    final FieldDescriptor[] fields;
    final boolean[] keepZero;
    final boolean[] inline;
    /** JSON member name → the path of fields that holds it (one field, or an inline field and the nested one). */
    final Map<String, FieldDescriptor[]> byJsonName = new HashMap<>();

    TypeInfo(Descriptor d) {
      special = classify(d);
      List<FieldDescriptor> list = d.getFields();
      fields = list.toArray(new FieldDescriptor[0]);
      keepZero = new boolean[fields.length];
      inline = new boolean[fields.length];
      for (int i = 0; i < fields.length; i++) {
        FieldDescriptor f = fields[i];
        String key = d.getName() + "." + f.getName();
        keepZero[i] = KEEP_ZERO.contains(key);
        inline[i] = INLINE.contains(key) && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
      }
      for (int i = 0; i < fields.length; i++) {
        if (inline[i]) {
          for (Map.Entry<String, FieldDescriptor[]> e : info(fields[i].getMessageType()).byJsonName.entrySet()) {
            FieldDescriptor[] path = new FieldDescriptor[e.getValue().length + 1];
            path[0] = fields[i];
            System.arraycopy(e.getValue(), 0, path, 1, e.getValue().length);
            byJsonName.putIfAbsent(e.getKey(), path);
          }
        } else {
          byJsonName.put(fields[i].getName(), new FieldDescriptor[] {fields[i]});
        }
      }
    }
  }

  private static final Map<Descriptor, TypeInfo> TYPES = new ConcurrentHashMap<>();

  private static TypeInfo info(Descriptor d) {
    TypeInfo t = TYPES.get(d);
    if (t == null) {
      // not computeIfAbsent: building one type's info builds its inline types' info (a recursive update)
      t = new TypeInfo(d);
      TYPES.putIfAbsent(d, t);
    }
    return t;
  }

  private static Special special(Descriptor d) {
    return info(d).special;
  }

  private static Special classify(Descriptor x) {
    Special s = switch (x.getFullName()) {
      case META + "Time" -> Special.TIME;
      case META + "MicroTime" -> Special.MICRO_TIME;
      case META + "Duration" -> Special.DURATION;
      case META + "FieldsV1" -> Special.FIELDS_V1;
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> Special.QUANTITY;
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> Special.INT_OR_STRING;
      case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> Special.RAW_EXTENSION;
      default -> Special.NONE;
    };
    if (s == Special.NONE && x.getFields().size() == 1 && x.getFields().get(0).getName().equals("items")
        && x.getFields().get(0).isRepeated() && !x.getName().endsWith("List")) {
      return Special.ITEMS;
    }
    return s;
  }

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);

  // ------------------------------------------------------------------------------------------ proto → JSON

  /** Adds the fields of {@code message} to {@code out}, in declaration order. */
  static void toJson(Message message, JsonObject out) {
    TypeInfo info = info(message.getDescriptorForType());
    FieldDescriptor[] fields = info.fields;
    for (int i = 0; i < fields.length; i++) {
      FieldDescriptor f = fields[i];
      if (f.isMapField()) {
        int n = message.getRepeatedFieldCount(f);
        if (n == 0) {
          continue;
        }
        FieldDescriptor keyField = f.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = f.getMessageType().findFieldByNumber(2);
        JsonObject map = new JsonObject();
        for (int k = 0; k < n; k++) {
          Message entry = (Message) message.getRepeatedField(f, k);
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
        for (int k = 0; k < n; k++) {
          JsonElement value = value(f, message.getRepeatedField(f, k));
          array.add(value == null ? JsonNull.INSTANCE : value);
        }
        out.add(f.getName(), array);
      } else if (message.hasField(f)) {
        Object raw = message.getField(f);
        if (info.inline[i]) {
          toJson((Message) raw, out);
          continue;
        }
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE && !info.keepZero[i] && isZero(raw)) {
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
      case ITEMS: {
        FieldDescriptor items = d.getFields().get(0);
        JsonArray array = new JsonArray();
        for (int k = 0; k < m.getRepeatedFieldCount(items); k++) {
          JsonElement value = value(items, m.getRepeatedField(items, k));
          array.add(value == null ? JsonNull.INSTANCE : value);
        }
        return array;
      }
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
    TypeInfo info = info(builder.getDescriptorForType());
    Map<FieldDescriptor, JsonObject> inlined = null;
    for (Map.Entry<String, JsonElement> member : json.entrySet()) {
      FieldDescriptor[] path = info.byJsonName.get(member.getKey());
      JsonElement v = member.getValue();
      if (path == null || v == null || v.isJsonNull()) {
        continue;
      }
      if (path.length > 1) {
        // an inline struct's member: gathered, then set as the nested message the inline field holds
        if (inlined == null) {
          inlined = new HashMap<>();
        }
        inlined.computeIfAbsent(path[0], k -> new JsonObject()).add(member.getKey(), v);
      } else {
        setField(builder, path[0], v);
      }
    }
    if (inlined != null) {
      for (Map.Entry<FieldDescriptor, JsonObject> e : inlined.entrySet()) {
        builder.setField(e.getKey(), messageFromJson(e.getKey().getMessageType(), e.getValue()));
      }
    }
  }

  private static void setField(Message.Builder builder, FieldDescriptor f, JsonElement v) {
    if (f.isMapField()) {
      if (!v.isJsonObject()) {
        return;
      }
      Descriptor entryType = f.getMessageType();
      FieldDescriptor keyField = entryType.findFieldByNumber(1);
      FieldDescriptor valueField = entryType.findFieldByNumber(2);
      for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
        DynamicMessage.Builder entry = DynamicMessage.newBuilder(entryType);
        entry.setField(keyField, e.getKey());
        Object value = e.getValue().isJsonNull() ? null : protoValue(valueField, e.getValue());
        if (value != null) {
          entry.setField(valueField, value);
        }
        builder.addRepeatedField(f, entry.build());
      }
    } else if (f.isRepeated()) {
      if (!v.isJsonArray()) {
        return;
      }
      for (JsonElement element : v.getAsJsonArray()) {
        Object value = element.isJsonNull() ? null : protoValue(f, element);
        if (value != null) {
          builder.addRepeatedField(f, value);
        }
      }
    } else {
      Object value = protoValue(f, v);
      if (value != null) {
        builder.setField(f, value);
      }
    }
  }

  /** The proto value of one JSON value for field {@code f}; null when it does not fit (left out). */
  private static Object protoValue(FieldDescriptor f, JsonElement v) {
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
      case ITEMS:
        if (!v.isJsonArray()) {
          return null;
        }
        setField(b, d.getFields().get(0), v);
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

package dev.ccm4j.kubeapi.typed;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schema of one client-java model class, read once by reflection over its {@code @SerializedName} fields and
 * completed with what the Go types say and the models do not (pointer or value, {@code omitempty}, MicroTime).
 * Built once per class and cached, so a write costs only map look-ups.
 */
final class Schema {
  /** What a JSON value of a field decodes to in Go. */
  enum Kind { STRING, INT32, INT64, NUMBER, BOOL, TIME, QUANTITY, INT_OR_STRING, BYTES, OBJECT, LIST, MAP, ANY }

  /** One field, or the element of a list or map. */
  static final class FieldSchema {
    final String name;
    final Kind kind;
    final Class<?> model;
    final FieldSchema element;
    /** No {@code omitempty} in Go: the zero value is written when absent. */
    final boolean required;
    /** A non-pointer struct (or Time) in Go: written even when absent, as its zero value. */
    final boolean value;
    /** A pointer scalar in Go: its zero value ({@code ""}, {@code 0}, {@code false}) is kept. */
    final boolean keepZero;
    /** A non-pointer int or bool with {@code omitempty}: its zero value is left out. */
    final boolean dropZero;
    /** A {@code metav1.MicroTime}: microseconds kept. */
    final boolean micro;
    volatile Schema object;

    FieldSchema(String name, Kind kind, Class<?> model, FieldSchema element, boolean required, boolean value,
        boolean keepZero, boolean dropZero, boolean micro) {
      this.name = name;
      this.kind = kind;
      this.model = model;
      this.element = element;
      this.required = required;
      this.value = value;
      this.keepZero = keepZero;
      this.dropZero = dropZero;
      this.micro = micro;
    }

    Schema object() {
      Schema s = object;
      if (s == null) {
        s = Schema.of(model);
        object = s;
      }
      return s;
    }

    /** The Go type name, for decoding errors worded as the real server words them. */
    String goType() {
      switch (kind) {
        case STRING:
          return "string";
        case INT32:
          return "int32";
        case INT64:
          return "int64";
        case NUMBER:
          return "float64";
        case BOOL:
          return "bool";
        case TIME:
          return micro ? "v1.MicroTime" : "v1.Time";
        case QUANTITY:
          return "resource.Quantity";
        case INT_OR_STRING:
          return "intstr.IntOrString";
        case BYTES:
          return "[]uint8";
        case OBJECT:
          return "v1." + goName(model);
        case LIST:
          return "[]" + element.goType();
        case MAP:
          return "map[string]" + element.goType();
        default:
          return "interface {}";
      }
    }
  }

  private static final Map<Class<?>, Schema> CACHE = new ConcurrentHashMap<>();

  // Go facts the models do not carry. Keys are "<ModelClass>.<jsonName>".

  /** Pointer Time fields ({@code *metav1.Time}): left out when absent; every other Time is a value, written null. */
  private static final Set<String> POINTER_TIMES = Set.of(
      "V1ObjectMeta.deletionTimestamp", "V1ManagedFieldsEntry.time", "V1LeaseSpec.acquireTime",
      "V1LeaseSpec.renewTime", "V1PodStatus.startTime", "V1Taint.timeAdded", "V1JobStatus.startTime",
      "V1JobStatus.completionTime", "V1CronJobStatus.lastScheduleTime", "V1CronJobStatus.lastSuccessfulTime",
      "V1PersistentVolumeStatus.lastPhaseTransitionTime");

  /** {@code metav1.MicroTime} fields. */
  private static final Set<String> MICRO_TIMES = Set.of(
      "CoreV1Event.eventTime", "CoreV1EventSeries.lastObservedTime", "EventsV1Event.eventTime",
      "EventsV1EventSeries.lastObservedTime", "V1LeaseSpec.acquireTime", "V1LeaseSpec.renewTime");

  /** Non-pointer structs with {@code omitempty} (which encoding/json ignores for structs): always written. */
  private static final Set<String> VALUE_STRUCTS = Set.of(
      "V1ServiceStatus.loadBalancer", "V1NodeStatus.nodeInfo", "V1NodeStatus.daemonEndpoints",
      "V1NodeDaemonEndpoints.kubeletEndpoint", "CoreV1Event.source", "EventsV1Event.deprecatedSource",
      "EventsV1Event.regarding", "V1DeploymentSpec.strategy", "V1TokenReviewStatus.user",
      "V1SelfSubjectReviewStatus.userInfo", "V1PodTemplateSpec.metadata", "V1PodTemplateSpec.spec",
      "V1ContainerStatus.state", "V1ContainerStatus.lastState",
      "V1Endpoint.conditions", "V1SubjectAccessReview.status", "V1SelfSubjectAccessReview.status",
      "V1SelfSubjectRulesReview.status", "V1TokenReview.status", "V1Container.resources",
      "V1EphemeralContainer.resources");

  /** Fields without omitempty that the OpenAPI schema (marked +optional) does not list as required. */
  private static final Set<String> NOT_OMITEMPTY = Set.of(
      "CoreV1Event.reportingComponent", "CoreV1Event.reportingInstance");

  /** Required (no omitempty) struct fields that are pointers in Go: null when absent. */
  private static final Set<String> POINTER_REQUIRED = Set.of(
      "V1DeploymentSpec.selector", "V1ReplicaSetSpec.selector", "V1StatefulSetSpec.selector",
      "V1DaemonSetSpec.selector");

  /** Pointer strings, ints and bools whose zero value the real server keeps. */
  private static final Set<String> KEEP_ZERO = Set.of(
      "V1LeaseSpec.holderIdentity", "V1LeaseSpec.preferredHolder", "V1LeaseSpec.strategy",
      "V1Endpoint.hostname", "V1Endpoint.nodeName", "V1Endpoint.zone", "DiscoveryV1EndpointPort.name",
      "DiscoveryV1EndpointPort.protocol", "DiscoveryV1EndpointPort.appProtocol", "V1ServiceSpec.loadBalancerClass",
      "V1ServiceSpec.internalTrafficPolicy", "V1ServiceSpec.ipFamilyPolicy", "V1ServiceSpec.trafficDistribution",
      "V1ServicePort.appProtocol", "CoreV1EndpointPort.appProtocol", "V1PersistentVolumeSpec.volumeMode",
      "V1LoadBalancerIngress.ipMode", "V1SecurityContext.procMount", "V1PodSpec.runtimeClassName",
      "V1PodSpec.priorityClassName");

  /** Non-pointer ints and bools with {@code omitempty}: 0 and false left out. Other optional ints are pointers. */
  private static final Set<String> DROP_ZERO = Set.of(
      "V1ObjectMeta.generation", "V1ServicePort.nodePort", "V1ServiceSpec.healthCheckNodePort",
      "V1ServiceSpec.publishNotReadyAddresses", "V1NodeSpec.unschedulable", "CoreV1Event.count",
      "EventsV1Event.deprecatedCount", "CoreV1EventSeries.count", "V1ContainerPort.hostPort",
      "V1PodSpec.hostNetwork", "V1PodSpec.hostPID", "V1PodSpec.hostIPC", "V1Container.stdin",
      "V1Container.stdinOnce", "V1Container.tty", "V1DeploymentSpec.paused", "V1DeploymentSpec.minReadySeconds",
      "V1DeploymentStatus.observedGeneration", "V1DeploymentStatus.replicas", "V1DeploymentStatus.updatedReplicas",
      "V1DeploymentStatus.readyReplicas", "V1DeploymentStatus.availableReplicas",
      "V1DeploymentStatus.unavailableReplicas", "V1ReplicaSetSpec.minReadySeconds",
      "V1ReplicaSetStatus.fullyLabeledReplicas", "V1ReplicaSetStatus.readyReplicas",
      "V1ReplicaSetStatus.availableReplicas", "V1ReplicaSetStatus.observedGeneration",
      "V1Condition.observedGeneration", "V1SubjectAccessReviewStatus.denied", "V1TokenReviewStatus.authenticated",
      "V1Probe.initialDelaySeconds", "V1Probe.timeoutSeconds", "V1Probe.periodSeconds", "V1Probe.successThreshold",
      "V1Probe.failureThreshold", "V1ContainerStateTerminated.signal");

  final Class<?> model;
  final String goName;
  final Map<String, FieldSchema> fields;
  /** Fields written even when absent (required, or value structs). */
  final List<FieldSchema> alwaysWritten;

  private Schema(Class<?> model, Map<String, FieldSchema> fields, List<FieldSchema> alwaysWritten) {
    this.model = model;
    this.goName = goName(model);
    this.fields = fields;
    this.alwaysWritten = alwaysWritten;
  }

  /** The cached schema of a model class. */
  static Schema of(Class<?> model) {
    Schema s = CACHE.get(model);
    if (s == null) {
      s = build(model);
      Schema raced = CACHE.putIfAbsent(model, s);
      if (raced != null) {
        s = raced;
      }
    }
    return s;
  }

  /** {@code V1ServicePort} → {@code ServicePort}, {@code CoreV1Event} → {@code Event}. */
  static String goName(Class<?> model) {
    String n = model.getSimpleName();
    int i = 0;
    while (i < n.length() && !(n.charAt(i) == 'V' && i + 1 < n.length() && Character.isDigit(n.charAt(i + 1)))) {
      i++;
    }
    if (i == n.length()) {
      return n;
    }
    int j = i + 1;
    while (j < n.length() && Character.isDigit(n.charAt(j))) {
      j++;
    }
    for (String stage : new String[] {"alpha", "beta"}) {
      if (n.startsWith(stage, j)) {
        j += stage.length();
        while (j < n.length() && Character.isDigit(n.charAt(j))) {
          j++;
        }
      }
    }
    return n.substring(j);
  }

  private static Schema build(Class<?> model) {
    Set<String> required = requiredFields(model);
    boolean topLevel = hasField(model, "kind") && hasField(model, "apiVersion") && hasField(model, "metadata");
    Map<String, FieldSchema> fields = new HashMap<>();
    List<FieldSchema> always = new ArrayList<>();
    for (Field f : model.getDeclaredFields()) {
      SerializedName sn = f.getAnnotation(SerializedName.class);
      if (sn == null || Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      String name = sn.value();
      String key = model.getSimpleName() + "." + name;
      FieldSchema shape = shape(f.getGenericType(), name);
      boolean req = required.contains(name) || NOT_OMITEMPTY.contains(key);
      boolean value;
      if (shape.kind == Kind.OBJECT) {
        boolean meta = shape.model.getSimpleName().equals("V1ObjectMeta");
        boolean specOrStatus = topLevel && (name.equals("spec") || name.equals("status"));
        value = req ? !POINTER_REQUIRED.contains(key) : meta || specOrStatus || VALUE_STRUCTS.contains(key);
      } else if (shape.kind == Kind.TIME) {
        value = !POINTER_TIMES.contains(key);
      } else {
        value = false;
      }
      FieldSchema fs = new FieldSchema(name, shape.kind, shape.model, shape.element, req, value,
          KEEP_ZERO.contains(key), DROP_ZERO.contains(key), MICRO_TIMES.contains(key));
      fields.put(name, fs);
      if ((req || value) && !name.equals("kind") && !name.equals("apiVersion")) {
        always.add(fs);
      }
    }
    return new Schema(model, Collections.unmodifiableMap(fields), List.copyOf(always));
  }

  private static boolean hasField(Class<?> model, String name) {
    for (Field f : model.getDeclaredFields()) {
      SerializedName sn = f.getAnnotation(SerializedName.class);
      if (sn != null && sn.value().equals(name)) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> requiredFields(Class<?> model) {
    try {
      Field f = model.getDeclaredField("openapiRequiredFields");
      Object v = f.get(null);
      return v instanceof Set ? Set.copyOf((Set<String>) v) : Set.of();
    } catch (NoSuchFieldException | IllegalAccessException e) {
      return Set.of();
    }
  }

  private static FieldSchema shape(Type type, String name) {
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return new FieldSchema(name, Kind.LIST, null, shape(args[0], name), false, false, false, false, false);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return new FieldSchema(name, Kind.MAP, null, shape(args[1], name), false, false, false, false, false);
      }
      return simple(name, Kind.ANY, null);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c.isEnum()) {
      return simple(name, Kind.STRING, null);
    }
    if (c == Integer.class || c == int.class) {
      return simple(name, Kind.INT32, null);
    }
    if (c == Long.class || c == long.class) {
      return simple(name, Kind.INT64, null);
    }
    if (c == Boolean.class || c == boolean.class) {
      return simple(name, Kind.BOOL, null);
    }
    if (Number.class.isAssignableFrom(c) || c == double.class || c == float.class) {
      return simple(name, Kind.NUMBER, null);
    }
    if (c == OffsetDateTime.class) {
      return simple(name, Kind.TIME, null);
    }
    if (c == Quantity.class) {
      return simple(name, Kind.QUANTITY, null);
    }
    if (c == IntOrString.class) {
      return simple(name, Kind.INT_OR_STRING, null);
    }
    if (c == byte[].class) {
      return simple(name, Kind.BYTES, null);
    }
    if (c.getPackageName().equals("io.kubernetes.client.openapi.models")) {
      return simple(name, Kind.OBJECT, c);
    }
    return simple(name, Kind.ANY, null);
  }

  private static FieldSchema simple(String name, Kind kind, Class<?> model) {
    return new FieldSchema(name, kind, model, null, false, false, false, false, false);
  }
}

package dev.ccm4j.kubeapi.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Swagger 2.0 definitions reflected from the client-java models ({@code io.kubernetes.client.openapi.models}): one
 * definition per model class, named as kube-apiserver names the Go type ({@code io.k8s.api.core.v1.ServicePort}),
 * with the {@code @SerializedName} properties, the descriptions the models carry in their swagger annotations, the
 * required fields the generator recorded, and the list semantics of {@link ListSemantics}. Only the closure of the
 * requested kinds is built, so the cost is a few hundred classes, once.
 */
final class ModelSchemas {
  static final String MODELS = "io.kubernetes.client.openapi.models.";
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String TIME = META + "Time";
  static final String MICRO_TIME = META + "MicroTime";
  static final String FIELDS_V1 = META + "FieldsV1";
  static final String PATCH = META + "Patch";
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

  /** {@code CoreV1Event}: an optional group prefix, the version, the Go type name. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("^([A-Z][a-z]+)?(V[0-9]+(?:(?:alpha|beta)[0-9]+)?)([A-Z].*)$");

  /**
   * The apimachinery meta types. Everything reachable from them is meta too (ManagedFieldsEntry, OwnerReference,
   * StatusDetails, ...), which is where the Go types live.
   */
  private static final List<String> META_ROOTS = List.of("V1ObjectMeta", "V1ListMeta", "V1Status",
      "V1DeleteOptions", "V1LabelSelector", "V1Condition");

  /**
   * client-java maps Go's Time and MicroTime to the same OffsetDateTime; the fields below are MicroTime upstream
   * (their wire format keeps microseconds).
   */
  private static final Set<String> MICRO_TIME_FIELDS = Set.of("V1LeaseSpec.acquireTime", "V1LeaseSpec.renewTime",
      "CoreV1Event.eventTime", "EventsV1Event.eventTime", "EventsV1EventSeries.lastObservedTime",
      "CoreV1EventSeries.lastObservedTime");

  private final Map<Class<?>, String> names = new HashMap<>();
  private final TreeMap<String, JsonObject> definitions = new TreeMap<>();

  ModelSchemas() {
    for (String root : META_ROOTS) {
      Class<?> c = modelClass(root);
      if (c != null) {
        assign(c, META.substring(0, META.length() - 1));
      }
    }
    definitions.put(TIME, primitive("string", "date-time"));
    definitions.put(MICRO_TIME, primitive("string", "date-time"));
    definitions.put(INT_OR_STRING, primitive("string", "int-or-string"));
    definitions.put(QUANTITY, primitive("string", null));
    definitions.put(FIELDS_V1, object());
    definitions.put(PATCH, object());
    // every group-version's delete operations take DeleteOptions and answer Status
    for (String always : List.of("V1Status", "V1DeleteOptions")) {
      Class<?> c = modelClass(always);
      if (c != null) {
        define(c, "", "v1");
      }
    }
  }

  private static JsonObject primitive(String type, String format) {
    JsonObject s = new JsonObject();
    s.addProperty("type", type);
    if (format != null) {
      s.addProperty("format", format);
    }
    return s;
  }

  private static JsonObject object() {
    JsonObject s = new JsonObject();
    s.addProperty("type", "object");
    return s;
  }

  /** The model class of a kind, for example {@code V1Service}, {@code CoreV1Event}, or null when there is none. */
  static Class<?> kindClass(String group, String version, String kind) {
    String v = "V" + version.substring(1);
    Class<?> prefixed = modelClass(groupPrefix(group) + v + kind);
    return prefixed != null ? prefixed : modelClass(v + kind);
  }

  /** {@code Core} for the core group, {@code Coordination} for {@code coordination.k8s.io}. */
  static String groupPrefix(String group) {
    String first = group.isEmpty() ? "core" : group.split("\\.", 2)[0];
    return Character.toUpperCase(first.charAt(0)) + first.substring(1);
  }

  private static Class<?> modelClass(String simpleName) {
    try {
      return Class.forName(MODELS + simpleName, false, ModelSchemas.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /**
   * Defines a model class and everything it references. Classes not yet named take the package of {@code group}:
   * the first served kind to reach a nested type decides its Go package, so callers register the core group first.
   *
   * @return the definition name of the class
   */
  String define(Class<?> root, String group, String version) {
    String pkg = "io.k8s.api." + (group.isEmpty() ? "core" : group.split("\\.", 2)[0]) + "." + version;
    assign(root, pkg);
    Deque<Class<?>> pending = new ArrayDeque<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      Class<?> c = pending.poll();
      String name = names.get(c);
      if (definitions.containsKey(name)) {
        continue;
      }
      definitions.put(name, schemaOf(c, pending, pkg));
    }
    return names.get(root);
  }

  private void assign(Class<?> c, String pkg) {
    if (names.containsKey(c)) {
      return;
    }
    Matcher m = CLASS_NAME.matcher(c.getSimpleName());
    String typeName = m.matches() ? m.group(3) : c.getSimpleName();
    String ownPkg = pkg;
    if (m.matches() && m.group(1) != null) {
      // the class name itself names the group (CoreV1EndpointPort, DiscoveryV1EndpointPort)
      ownPkg = "io.k8s.api." + m.group(1).toLowerCase(Locale.ROOT) + "." + m.group(2).toLowerCase(Locale.ROOT);
    }
    names.put(c, ownPkg + "." + typeName);
    if (ownPkg.equals(META.substring(0, META.length() - 1))) {
      // the closure of a meta root is meta: name it before a group reaches it
      for (Field f : fields(c)) {
        for (Class<?> ref : modelsIn(f.getGenericType())) {
          assign(ref, ownPkg);
        }
      }
    }
  }

  private JsonObject schemaOf(Class<?> c, Deque<Class<?>> pending, String pkg) {
    JsonObject schema = new JsonObject();
    ApiModel model = c.getAnnotation(ApiModel.class);
    if (model != null && !model.description().isEmpty()) {
      schema.addProperty("description", model.description());
    }
    Set<String> required = requiredFields(c);
    JsonArray requiredList = new JsonArray();
    TreeMap<String, JsonObject> properties = new TreeMap<>();
    String name = names.get(c);
    for (Field f : fields(c)) {
      String json = f.getAnnotation(SerializedName.class).value();
      JsonObject property = typeSchema(f.getGenericType(), c.getSimpleName() + "." + f.getName(), pending, pkg);
      String description = description(c, f);
      if (description != null) {
        property.addProperty("description", description);
      }
      ListSemantics.apply(name, json, property);
      properties.put(json, property);
      if (required.contains(json)) {
        requiredList.add(json);
      }
    }
    if (requiredList.size() > 0) {
      schema.add("required", requiredList);
    }
    schema.addProperty("type", "object");
    JsonObject props = new JsonObject();
    properties.forEach(props::add);
    schema.add("properties", props);
    ListSemantics.applyToDefinition(name, schema);
    return schema;
  }

  private static List<Field> fields(Class<?> c) {
    List<Field> out = new java.util.ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && f.getAnnotation(SerializedName.class) != null) {
        out.add(f);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> requiredFields(Class<?> c) {
    try {
      Object value = c.getField("openapiRequiredFields").get(null);
      return value instanceof Collection<?> ? Set.copyOf((Collection<String>) value) : Set.of();
    } catch (ReflectiveOperationException e) {
      return Set.of();
    }
  }

  private static String description(Class<?> c, Field f) {
    String n = f.getName();
    String getter = "get" + Character.toUpperCase(n.charAt(0)) + n.substring(1);
    try {
      Method m = c.getMethod(getter);
      ApiModelProperty p = m.getAnnotation(ApiModelProperty.class);
      return p == null || p.value().isEmpty() ? null : p.value();
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static List<Class<?>> modelsIn(Type type) {
    List<Class<?>> out = new java.util.ArrayList<>();
    collectModels(type, out);
    return out;
  }

  private static void collectModels(Type type, List<Class<?>> out) {
    if (type instanceof ParameterizedType p) {
      for (Type a : p.getActualTypeArguments()) {
        collectModels(a, out);
      }
    } else if (type instanceof Class<?> c && c.getName().startsWith(MODELS)) {
      out.add(c);
    }
  }

  private JsonObject typeSchema(Type type, String fieldKey, Deque<Class<?>> pending, String pkg) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        JsonObject s = new JsonObject();
        s.addProperty("type", "array");
        s.add("items", typeSchema(args[0], fieldKey, pending, pkg));
        return s;
      }
      if (Map.class.isAssignableFrom(raw)) {
        JsonObject s = new JsonObject();
        s.addProperty("type", "object");
        s.add("additionalProperties", typeSchema(args[1], fieldKey, pending, pkg));
        return s;
      }
      return object();
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return primitive("string", null);
    } else if (c == Integer.class || c == int.class) {
      return primitive("integer", "int32");
    } else if (c == Long.class || c == long.class) {
      return primitive("integer", "int64");
    } else if (c == Double.class || c == Float.class || c == java.math.BigDecimal.class) {
      return primitive("number", "double");
    } else if (c == Boolean.class || c == boolean.class) {
      return primitive("boolean", null);
    } else if (c == byte[].class) {
      return primitive("string", "byte");
    } else if (c == OffsetDateTime.class) {
      return ref(MICRO_TIME_FIELDS.contains(fieldKey) ? MICRO_TIME : TIME);
    } else if (c == IntOrString.class) {
      return ref(INT_OR_STRING);
    } else if (c == Quantity.class) {
      return ref(QUANTITY);
    } else if (c.getName().startsWith(MODELS)) {
      assign(c, pkg);
      pending.add(c);
      return ref(names.get(c));
    } else if (fieldKey.equals("V1ManagedFieldsEntry.fieldsV1")) {
      return ref(FIELDS_V1);
    }
    // RawExtension and other free-form values
    return object();
  }

  private static JsonObject ref(String definition) {
    JsonObject s = new JsonObject();
    s.addProperty("$ref", "#/definitions/" + definition);
    return s;
  }

  /** The definition name of a model class already defined, or null. */
  String nameOf(Class<?> c) {
    return names.get(c);
  }

  /** Every definition built so far, by name, sorted. */
  Map<String, JsonObject> definitions() {
    return definitions;
  }
}

package dev.ccm4j.kubeapi.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The message of every (apiVersion, kind) with a protobuf form: the top-level messages with {@code metadata} of the
 * current (v1) API groups in client-java-proto, the three v1 groups it lacks (described here from upstream's
 * {@code generated.proto} field numbers, which are the wire contract), and the {@code meta.k8s.io/v1} kinds any
 * group version carries (Status, DeleteOptions, ...). Built once, on first use.
 */
final class ProtoTypes {
  private ProtoTypes() {}

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String CORE = "k8s.io.api.core.v1.";

  /** meta.k8s.io/v1 kinds that every group version registers (the real scheme's AddToGroupVersion). */
  private static final Set<String> META_KINDS = Set.of("Status", "DeleteOptions", "WatchEvent", "ListOptions",
      "GetOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "APIGroup", "APIGroupList", "APIResourceList",
      "APIVersions", "PartialObjectMetadata", "PartialObjectMetadataList");

  private static final class Holder {
    static final Map<String, Descriptor> BY_TYPE = build();
  }

  /** The message for an apiVersion and kind, or null. */
  static Descriptor find(String apiVersion, String kind) {
    if (apiVersion == null || kind == null || kind.isEmpty()) {
      return null;
    }
    Descriptor d = Holder.BY_TYPE.get(apiVersion + "|" + kind);
    if (d == null && META_KINDS.contains(kind)) {
      d = Holder.BY_TYPE.get("meta.k8s.io/v1|" + kind);
    }
    return d;
  }

  private static Map<String, Descriptor> build() {
    Map<String, Descriptor> map = new HashMap<>();
    List<FileDescriptor> files = List.of(V1.getDescriptor(), V1Apps.getDescriptor(),
        V1Authentication.getDescriptor(), V1Authorization.getDescriptor(), V1Autoscaling.getDescriptor(),
        V1Batch.getDescriptor(), V1Certificates.getDescriptor(), V1Networking.getDescriptor(),
        V1Policy.getDescriptor(), V1Rbac.getDescriptor(), V1Scheduling.getDescriptor(), V1Storage.getDescriptor(),
        V1Admissionregistration.getDescriptor(), coordination(), discovery(), events());
    for (FileDescriptor file : files) {
      String apiVersion = apiVersion(file.getPackage());
      for (Descriptor d : file.getMessageTypes()) {
        FieldDescriptor metadata = d.findFieldByName("metadata");
        if (metadata != null && metadata.getJavaType() == FieldDescriptor.JavaType.MESSAGE
            && (metadata.getMessageType().getFullName().equals(META + "ObjectMeta")
                || metadata.getMessageType().getFullName().equals(META + "ListMeta"))) {
          map.put(apiVersion + "|" + d.getName(), d);
        }
      }
    }
    for (String kind : META_KINDS) {
      Descriptor d = Meta.getDescriptor().findMessageTypeByName(kind);
      if (d != null) {
        map.put("meta.k8s.io/v1|" + kind, d);
      }
    }
    return Map.copyOf(map);
  }

  /** {@code k8s.io.api.apps.v1} → {@code apps/v1}; {@code k8s.io.api.core.v1} → {@code v1}. */
  static String apiVersion(String protoPackage) {
    String rest = protoPackage.substring("k8s.io.api.".length());
    int dot = rest.lastIndexOf('.');
    String name = rest.substring(0, dot);
    String version = rest.substring(dot + 1);
    String group = switch (name) {
      case "core" -> "";
      case "apps", "batch", "autoscaling", "policy" -> name;
      case "rbac" -> "rbac.authorization.k8s.io";
      default -> name + ".k8s.io";
    };
    return group.isEmpty() ? version : group + "/" + version;
  }

  // ---- the messages client-java-proto 25 lacks, from upstream's generated.proto (field numbers are the wire) ----

  private static FileDescriptor coordination() {
    return file("k8s.io/api/coordination/v1/generated.proto", "k8s.io.api.coordination.v1",
        message("Lease", msg("metadata", 1, META + "ObjectMeta"), msg("spec", 2, "LeaseSpec")),
        message("LeaseList", msg("metadata", 1, META + "ListMeta"), repeatedMsg("items", 2, "Lease")),
        message("LeaseSpec", str("holderIdentity", 1), int32("leaseDurationSeconds", 2),
            msg("acquireTime", 3, META + "MicroTime"), msg("renewTime", 4, META + "MicroTime"),
            int32("leaseTransitions", 5), str("strategy", 6), str("preferredHolder", 7)));
  }

  private static FileDescriptor discovery() {
    DescriptorProto endpoint = message("Endpoint", repeatedStr("addresses", 1), msg("conditions", 2,
            "EndpointConditions"), str("hostname", 3), msg("targetRef", 4, CORE + "ObjectReference"),
        repeatedMsg("deprecatedTopology", 5, "Endpoint.DeprecatedTopologyEntry"), str("nodeName", 6),
        str("zone", 7), msg("hints", 8, "EndpointHints"))
        .toBuilder().addNestedType(stringMapEntry("DeprecatedTopologyEntry")).build();
    return file("k8s.io/api/discovery/v1/generated.proto", "k8s.io.api.discovery.v1",
        endpoint,
        message("EndpointConditions", bool("ready", 1), bool("serving", 2), bool("terminating", 3)),
        message("EndpointHints", repeatedMsg("forZones", 1, "ForZone"), repeatedMsg("forNodes", 2, "ForNode")),
        message("EndpointPort", str("name", 1), str("protocol", 2), int32("port", 3), str("appProtocol", 4)),
        message("EndpointSlice", msg("metadata", 1, META + "ObjectMeta"), str("addressType", 4),
            repeatedMsg("endpoints", 2, "Endpoint"), repeatedMsg("ports", 3, "EndpointPort")),
        message("EndpointSliceList", msg("metadata", 1, META + "ListMeta"), repeatedMsg("items", 2, "EndpointSlice")),
        message("ForNode", str("name", 1)),
        message("ForZone", str("name", 1)));
  }

  private static FileDescriptor events() {
    return file("k8s.io/api/events/v1/generated.proto", "k8s.io.api.events.v1",
        message("Event", msg("metadata", 1, META + "ObjectMeta"), msg("eventTime", 2, META + "MicroTime"),
            msg("series", 3, "EventSeries"), str("reportingController", 4), str("reportingInstance", 5),
            str("action", 6), str("reason", 7), msg("regarding", 8, CORE + "ObjectReference"),
            msg("related", 9, CORE + "ObjectReference"), str("note", 10), str("type", 11),
            msg("deprecatedSource", 12, CORE + "EventSource"), msg("deprecatedFirstTimestamp", 13, META + "Time"),
            msg("deprecatedLastTimestamp", 14, META + "Time"), int32("deprecatedCount", 15)),
        message("EventList", msg("metadata", 1, META + "ListMeta"), repeatedMsg("items", 2, "Event")),
        message("EventSeries", int32("count", 1), msg("lastObservedTime", 2, META + "MicroTime")));
  }

  private static FileDescriptor file(String name, String pkg, DescriptorProto... messages) {
    FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
        .setName(name)
        .setPackage(pkg)
        .setSyntax("proto2")
        .addDependency(Meta.getDescriptor().getName())
        .addDependency(V1.getDescriptor().getName());
    for (DescriptorProto m : messages) {
      // relative type names resolve against the file's package
      DescriptorProto.Builder b = m.toBuilder();
      for (FieldDescriptorProto.Builder f : b.getFieldBuilderList()) {
        if (f.hasTypeName() && !f.getTypeName().startsWith("k8s.io.")) {
          f.setTypeName("." + pkg + "." + f.getTypeName());
        } else if (f.hasTypeName()) {
          f.setTypeName("." + f.getTypeName());
        }
      }
      file.addMessageType(b);
    }
    try {
      return FileDescriptor.buildFrom(file.build(), new FileDescriptor[] {Meta.getDescriptor(), V1.getDescriptor()});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("bad built-in descriptor " + name, e);
    }
  }

  private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto f : fields) {
      b.addField(f);
    }
    return b.build();
  }

  private static DescriptorProto stringMapEntry(String name) {
    return DescriptorProto.newBuilder().setName(name)
        .addField(str("key", 1))
        .addField(str("value", 2))
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .build();
  }

  private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type,
      FieldDescriptorProto.Label label) {
    return FieldDescriptorProto.newBuilder().setName(name).setJsonName(name).setNumber(number).setType(type)
        .setLabel(label).build();
  }

  private static FieldDescriptorProto str(String name, int number) {
    return field(name, number, FieldDescriptorProto.Type.TYPE_STRING, FieldDescriptorProto.Label.LABEL_OPTIONAL);
  }

  private static FieldDescriptorProto repeatedStr(String name, int number) {
    return field(name, number, FieldDescriptorProto.Type.TYPE_STRING, FieldDescriptorProto.Label.LABEL_REPEATED);
  }

  private static FieldDescriptorProto int32(String name, int number) {
    return field(name, number, FieldDescriptorProto.Type.TYPE_INT32, FieldDescriptorProto.Label.LABEL_OPTIONAL);
  }

  private static FieldDescriptorProto bool(String name, int number) {
    return field(name, number, FieldDescriptorProto.Type.TYPE_BOOL, FieldDescriptorProto.Label.LABEL_OPTIONAL);
  }

  private static FieldDescriptorProto msg(String name, int number, String type) {
    return field(name, number, FieldDescriptorProto.Type.TYPE_MESSAGE, FieldDescriptorProto.Label.LABEL_OPTIONAL)
        .toBuilder().setTypeName(type).build();
  }

  private static FieldDescriptorProto repeatedMsg(String name, int number, String type) {
    return field(name, number, FieldDescriptorProto.Type.TYPE_MESSAGE, FieldDescriptorProto.Label.LABEL_REPEATED)
        .toBuilder().setTypeName(type).build();
  }
}

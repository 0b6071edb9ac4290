package dev.ccm4j.kubeapi.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The protobuf messages' JSON names, with the inline fields expanded, are the JSON names of client-java's models
 * for every message reachable from a served kind: a missing {@link ProtoJson#INLINE} entry or a renamed field shows
 * up here, not as a silently dropped value. The one known difference is version skew: client-java-proto 25's
 * messages are Kubernetes 1.30's, client-java-api 25's models 1.34's, so the fields added since are listed in
 * {@link #NEWER_THAN_THE_PROTOS} (they are left out of protobuf bodies; docs/testkit.md says so).
 */
class ProtoSchemaTest {
  private static final String[][] SERVED = {{"v1", "Namespace"}, {"v1", "Node"}, {"v1", "Service"},
      {"v1", "Endpoints"}, {"v1", "Pod"}, {"v1", "Event"}, {"v1", "ConfigMap"}, {"v1", "Secret"},
      {"v1", "ServiceAccount"}, {"v1", "PersistentVolume"}, {"coordination.k8s.io/v1", "Lease"},
      {"events.k8s.io/v1", "Event"}, {"discovery.k8s.io/v1", "EndpointSlice"}, {"apps/v1", "Deployment"},
      {"apps/v1", "ReplicaSet"}, {"authentication.k8s.io/v1", "TokenReview"},
      {"authentication.k8s.io/v1", "SelfSubjectReview"}, {"authorization.k8s.io/v1", "SubjectAccessReview"},
      {"authorization.k8s.io/v1", "SelfSubjectAccessReview"}, {"authorization.k8s.io/v1", "SelfSubjectRulesReview"},
      {"v1", "Status"}, {"v1", "DeleteOptions"}};

  private static final Set<String> SPECIAL = Set.of("Time", "MicroTime", "Duration", "FieldsV1", "Quantity",
      "IntOrString", "RawExtension");

  /** Model fields newer than client-java-proto's messages ({@code Message.field}); the last one was removed. */
  static final Set<String> NEWER_THAN_THE_PROTOS = Set.of(
      "DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential",
      "NodeStatus.features", "PodSpec.hostnameOverride", "PodSpec.resources", "PodStatus.extendedResourceClaimStatus",
      "PodStatus.observedGeneration", "DeploymentStatus.terminatingReplicas", "ReplicaSetStatus.terminatingReplicas",
      "NodeSystemInfo.swap", "Volume.image", "Container.restartPolicyRules", "EphemeralContainer.restartPolicyRules",
      "PodSecurityContext.seLinuxChangePolicy", "PodSecurityContext.supplementalGroupsPolicy",
      "PodResourceClaim.resourceClaimName", "PodResourceClaim.resourceClaimTemplateName",
      "PodCondition.observedGeneration",
      "ContainerStatus.allocatedResourcesStatus", "ContainerStatus.stopSignal", "ContainerStatus.user",
      "ResourceAttributes.fieldSelector", "ResourceAttributes.labelSelector",
      "NodeRuntimeHandlerFeatures.userNamespaces",
      "Lifecycle.stopSignal", "EnvVarSource.fileKeyRef", "ResourceClaim.request", "VolumeProjection.podCertificate",
      // removed from the API in 1.32 (replaced by resourceClaimName/resourceClaimTemplateName)
      "PodResourceClaim.source");

  @Test
  void protoFieldsMatchTheModelsJsonNames() {
    List<String> problems = new ArrayList<>();
    Set<String> skew = new HashSet<>(NEWER_THAN_THE_PROTOS);
    Set<Descriptor> seen = new HashSet<>();
    Deque<Descriptor> todo = new ArrayDeque<>();
    for (String[] k : SERVED) {
      Descriptor d = ProtoTypes.find(k[0], k[1]);
      assertThat(d).as(k[0] + " " + k[1]).isNotNull();
      todo.add(d);
      todo.add(ProtoTypes.find(k[0], k[1] + "List") == null ? d : ProtoTypes.find(k[0], k[1] + "List"));
    }
    while (!todo.isEmpty()) {
      Descriptor d = todo.poll();
      if (!seen.add(d) || SPECIAL.contains(d.getName()) || d.getOptions().getMapEntry()) {
        for (FieldDescriptor f : d.getFields()) {
          if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            todo.add(f.getMessageType());
          }
        }
        continue;
      }
      for (FieldDescriptor f : d.getFields()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          todo.add(f.getMessageType());
        }
      }
      Class<?> model = model(d);
      if (model == null) {
        continue;
      }
      Set<String> json = jsonNames(model);
      Set<String> proto = protoNames(d);
      Set<String> onlyProto = new TreeSet<>(proto);
      onlyProto.removeAll(json);
      Set<String> onlyModel = new TreeSet<>(json);
      onlyModel.removeAll(proto);
      // TypeMeta is the envelope's in protobuf, not the message's
      onlyModel.removeAll(Set.of("apiVersion", "kind"));
      for (String name : List.copyOf(onlyProto)) {
        if (skew.remove(d.getName() + "." + name)) {
          onlyProto.remove(name);
        }
      }
      for (String name : List.copyOf(onlyModel)) {
        if (skew.remove(d.getName() + "." + name)) {
          onlyModel.remove(name);
        }
      }
      if (!onlyProto.isEmpty() || !onlyModel.isEmpty()) {
        problems.add(d.getFullName() + " vs " + model.getSimpleName() + ": only in proto " + onlyProto
            + ", only in model " + onlyModel);
      }
    }
    assertThat(problems).isEmpty();
    assertThat(skew).as("listed as newer than the protos but not different any more").isEmpty();
  }

  private static Set<String> protoNames(Descriptor d) {
    Set<String> names = new LinkedHashSet<>();
    for (FieldDescriptor f : d.getFields()) {
      if (ProtoJson.INLINE.contains(d.getName() + "." + f.getName())) {
        names.addAll(protoNames(f.getMessageType()));
      } else {
        names.add(f.getName());
      }
    }
    return names;
  }

  private static Set<String> jsonNames(Class<?> model) {
    Set<String> names = new HashSet<>();
    for (Field f : model.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("SERIALIZED_NAME_")) {
        try {
          names.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return names;
  }

  /** client-java's model for a message: V1Pod, CoreV1Event, EventsV1Event, DiscoveryV1EndpointPort, ... */
  private static Class<?> model(Descriptor d) {
    String pkg = d.getFile().getPackage();
    String[] parts = pkg.split("\\.");
    String version = parts[parts.length - 1];
    String group = parts[parts.length - 2];
    String v = version.toUpperCase(Locale.ROOT).charAt(0) + version.substring(1);
    List<String> candidates = new ArrayList<>();
    candidates.add(group.substring(0, 1).toUpperCase(Locale.ROOT) + group.substring(1) + v + d.getName());
    candidates.add(v + d.getName());
    for (String c : candidates) {
      try {
        return Class.forName("io.kubernetes.client.openapi.models." + c);
      } catch (ClassNotFoundException e) {
        // next candidate
      }
    }
    return null;
  }
}

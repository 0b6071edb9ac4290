package dev.ccm4j.kubeapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The table of resources the emulator serves; adding a resource is one line in {@link #standard()}. */
public final class ResourceRegistry {
  private final List<ResourceType> types;
  private final Map<String, ResourceType> byGroupVersionPlural = new LinkedHashMap<>();

  private ResourceRegistry(List<ResourceType> types) {
    this.types = List.copyOf(types);
    for (ResourceType t : types) {
      byGroupVersionPlural.put(t.apiVersion() + "|" + t.plural(), t);
    }
  }

  /**
   * The built-in resources of the emulator. The API groups come in the order the real server lists them (by its
   * group priority: apps, events, authentication, authorization, coordination, discovery), because clients that
   * resolve a kind to the first group serving it (kubectl for {@code events}) depend on it.
   */
  public static ResourceRegistry standard() {
    Set<String> none = Set.of();
    Set<String> status = Set.of("status");
    Set<String> statusAndScale = Set.of("status", "scale");
    // the category kubectl get all expands to; the real server puts these resources (of those served here) in it
    List<String> all = List.of("all");
    List<ResourceType> t = new ArrayList<>();
    // namespaces alone of the generic registry's resources serve no deletecollection
    t.add(new ResourceType("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), status, false,
        Set.of("status.phase"), List.of(), false));
    t.add(new ResourceType("", "v1", "nodes", "node", "Node", false, List.of("no"), status, false,
        Set.of("spec.unschedulable")));
    t.add(new ResourceType("", "v1", "services", "service", "Service", true, List.of("svc"), status, false,
        Set.of("spec.clusterIP", "spec.type"), all, true));
    t.add(new ResourceType("", "v1", "endpoints", "endpoints", "Endpoints", true, List.of("ep"), none, false, none));
    t.add(new ResourceType("", "v1", "pods", "pod", "Pod", true, List.of("po"), status, false,
        Set.of("spec.nodeName", "status.phase", "spec.schedulerName", "spec.serviceAccountName"), all, true));
    t.add(new ResourceType("", "v1", "events", "event", "Event", true, List.of("ev"), none, false,
        Set.of("type", "reason", "source", "involvedObject.kind", "involvedObject.name",
            "involvedObject.namespace", "involvedObject.uid")));
    t.add(new ResourceType("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), none, false, none));
    t.add(new ResourceType("", "v1", "secrets", "secret", "Secret", true, List.of(), none, false, Set.of("type")));
    t.add(new ResourceType("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), none,
        false, none));
    t.add(new ResourceType("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false,
        List.of("pv"), status, false, none));
    t.add(new ResourceType("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"),
        statusAndScale, false, none, all, true));
    // the real server selects replica sets by status.replicas too (as replication controllers)
    t.add(new ResourceType("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"),
        statusAndScale, false, Set.of("status.replicas"), all, true));
    t.add(new ResourceType("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), none, false,
        Set.of("type", "reason", "regarding.kind", "regarding.name", "regarding.namespace")));
    t.add(new ResourceType("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview",
        "SelfSubjectReview", false, List.of(), none, true, none));
    t.add(new ResourceType("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", false,
        List.of(), none, true, none));
    t.add(new ResourceType("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
        "SelfSubjectAccessReview", false, List.of(), none, true, none));
    t.add(new ResourceType("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
        "SelfSubjectRulesReview", false, List.of(), none, true, none));
    t.add(new ResourceType("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview",
        "SubjectAccessReview", false, List.of(), none, true, none));
    t.add(new ResourceType("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), none, false,
        none));
    t.add(new ResourceType("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true,
        List.of(), none, false, none));
    return new ResourceRegistry(t);
  }

  /** All resources, in registration order. */
  public List<ResourceType> all() {
    return types;
  }

  /** Finds a resource by API version ({@code v1}, {@code group/version}) and plural. */
  public Optional<ResourceType> find(String apiVersion, String plural) {
    return Optional.ofNullable(byGroupVersionPlural.get(apiVersion + "|" + plural));
  }

  /** The API groups (excluding the core group) in registration order, each with its versions. */
  public Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType t : types) {
      if (!t.group().isEmpty()) {
        List<String> versions = groups.computeIfAbsent(t.group(), g -> new ArrayList<>());
        if (!versions.contains(t.version())) {
          versions.add(t.version());
        }
      }
    }
    groups.replaceAll((g, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(groups);
  }

  /** Whether any resource is served under this API version. */
  public boolean servesVersion(String apiVersion) {
    return types.stream().anyMatch(t -> t.apiVersion().equals(apiVersion));
  }
}

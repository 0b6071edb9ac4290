package dev.ccm4j.launcher.demo;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * kube-controller-manager's garbage collector, for the owners the demo's components set: a ReplicaSet whose
 * Deployment is gone, a pod whose ReplicaSet is gone and an EndpointSlice whose Service is gone are deleted, so
 * {@code kubectl delete deployment web} takes its ReplicaSets and pods with it (background propagation, kubectl's
 * default). Before deleting, the owner is read live, as upstream's collector does, so a cache that is behind
 * never deletes a live object's dependents. Departure: foreground and orphan propagation are not honoured.
 */
final class GarbageCollector extends Reconciler {
  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final DiscoveryV1Api discovery;
  private final DemoInformers informers;

  GarbageCollector(ApiClient client, DemoInformers informers) {
    super("garbage-collector", informers, Duration.ofSeconds(5));
    this.apps = new AppsV1Api(client);
    this.core = new CoreV1Api(client);
    this.discovery = new DiscoveryV1Api(client);
    this.informers = informers;
    DemoInformers.onChange(this::trigger, informers.deployments, informers.replicaSets, informers.services);
  }

  private interface Delete {
    void run(String namespace, String name) throws ApiException;
  }

  @Override
  void reconcile() throws ApiException {
    collect(informers.replicaSets, "Deployment", informers.deployments,
        (ns, n) -> apps.deleteNamespacedReplicaSet(n, ns).propagationPolicy("Background").execute());
    collect(informers.pods, "ReplicaSet", informers.replicaSets,
        (ns, n) -> core.deleteNamespacedPod(n, ns).execute());
    collect(informers.endpointSlices, "Service", informers.services,
        (ns, n) -> discovery.deleteNamespacedEndpointSlice(n, ns).execute());
  }

  private <T extends KubernetesObject, O extends KubernetesObject> void collect(SharedIndexInformer<T> dependents,
      String ownerKind, SharedIndexInformer<O> owners, Delete delete) throws ApiException {
    for (T d : dependents.getIndexer().list()) {
      List<V1OwnerReference> refs = Optional.ofNullable(d.getMetadata().getOwnerReferences()).orElse(List.of());
      if (refs.isEmpty() || Kube.terminating(d) || refs.stream().anyMatch(r -> !ownerKind.equals(r.getKind()))) {
        continue;
      }
      String ns = d.getMetadata().getNamespace();
      boolean orphan = true;
      for (V1OwnerReference r : refs) {
        O cached = owners.getIndexer().getByKey(ns + "/" + r.getName());
        if ((cached != null && r.getUid().equals(cached.getMetadata().getUid())) || liveOwner(ownerKind, ns, r)) {
          orphan = false;
          break;
        }
      }
      if (orphan) {
        try {
          delete.run(ns, d.getMetadata().getName());
        } catch (ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
    }
  }

  private boolean liveOwner(String kind, String ns, V1OwnerReference r) throws ApiException {
    try {
      KubernetesObject live = switch (kind) {
        case "Deployment" -> apps.readNamespacedDeployment(r.getName(), ns).execute();
        case "ReplicaSet" -> apps.readNamespacedReplicaSet(r.getName(), ns).execute();
        default -> core.readNamespacedService(r.getName(), ns).execute();
      };
      return r.getUid().equals(live.getMetadata().getUid());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}

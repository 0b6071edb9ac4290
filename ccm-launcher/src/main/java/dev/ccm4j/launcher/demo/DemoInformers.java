package dev.ccm4j.launcher.demo;

import dev.ccm4j.core.concurrent.DaemonThreads;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1EndpointSliceList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.util.CallGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The informers the simulated cluster components share, one list+watch per type as in kube-controller-manager:
 * nodes, pods, services, deployments, replica sets and endpoint slices. Cached objects are shared: never modify
 * them, copy with {@link Kube#copy} first.
 */
public final class DemoInformers implements AutoCloseable {
  private final SharedInformerFactory factory;
  private final ExecutorService runner;
  /** The node informer. */
  public final SharedIndexInformer<V1Node> nodes;
  /** The pod informer, all namespaces. */
  public final SharedIndexInformer<V1Pod> pods;
  /** The service informer, all namespaces. */
  public final SharedIndexInformer<V1Service> services;
  /** The deployment informer, all namespaces. */
  public final SharedIndexInformer<V1Deployment> deployments;
  /** The replica set informer, all namespaces. */
  public final SharedIndexInformer<V1ReplicaSet> replicaSets;
  /** The endpoint slice informer, all namespaces. */
  public final SharedIndexInformer<V1EndpointSlice> endpointSlices;

  /**
   * Creates the informers; {@link #start} runs them.
   *
   * @param client a client for the informers alone: its read timeout is set to zero, which watches need
   */
  public DemoInformers(ApiClient client) {
    client.setReadTimeout(0);
    runner = Executors.newCachedThreadPool(DaemonThreads.factory("demo-informer"));
    factory = new SharedInformerFactory(client, runner, false);
    CoreV1Api core = new CoreV1Api(client);
    AppsV1Api apps = new AppsV1Api(client);
    DiscoveryV1Api discovery = new DiscoveryV1Api(client);
    nodes = informer(V1Node.class, V1NodeList.class, p -> core.listNode().resourceVersion(p.resourceVersion)
        .timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null));
    pods = informer(V1Pod.class, V1PodList.class, p -> core.listPodForAllNamespaces()
        .resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null));
    services = informer(V1Service.class, V1ServiceList.class, p -> core.listServiceForAllNamespaces()
        .resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null));
    deployments = informer(V1Deployment.class, V1DeploymentList.class, p -> apps.listDeploymentForAllNamespaces()
        .resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null));
    replicaSets = informer(V1ReplicaSet.class, V1ReplicaSetList.class, p -> apps.listReplicaSetForAllNamespaces()
        .resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).watch(p.watch).buildCall(null));
    endpointSlices = informer(V1EndpointSlice.class, V1EndpointSliceList.class, p -> discovery
        .listEndpointSliceForAllNamespaces().resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds)
        .watch(p.watch).buildCall(null));
  }

  private <T extends KubernetesObject, L extends KubernetesListObject> SharedIndexInformer<T> informer(
      Class<T> type, Class<L> listType, CallGenerator calls) {
    // no resync: the components resync on their own timers
    return factory.sharedIndexInformerFor(calls, type, listType, 0);
  }

  /**
   * Calls {@code onChange} after every add, update and delete of the given informers.
   *
   * @param onChange what to run, on an informer thread: keep it short
   * @param informers the informers to follow
   */
  public static void onChange(Runnable onChange, SharedIndexInformer<?>... informers) {
    for (SharedIndexInformer<?> informer : informers) {
      follow(informer, onChange);
    }
  }

  private static <T extends KubernetesObject> void follow(SharedIndexInformer<T> informer, Runnable onChange) {
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        onChange.run();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.run();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.run();
      }
    });
  }

  /** Starts every informer. */
  public void start() {
    factory.startAllRegisteredInformers();
  }

  /**
   * Waits until every informer has listed once.
   *
   * @param timeout how long to wait
   * @return whether they all synced in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<SharedIndexInformer<?>> all = List.of(nodes, pods, services, deployments, replicaSets, endpointSlices);
    while (!all.stream().allMatch(SharedIndexInformer::hasSynced)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * Whether every informer has listed once; components act on nothing before that.
   *
   * @return true once synced
   */
  public boolean synced() {
    return nodes.hasSynced() && pods.hasSynced() && services.hasSynced() && deployments.hasSynced()
        && replicaSets.hasSynced() && endpointSlices.hasSynced();
  }

  /** Stops the informers and their threads. */
  @Override
  public void close() {
    factory.stopAllRegisteredInformers(true);
    runner.shutdownNow();
  }
}

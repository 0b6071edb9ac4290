package dev.ccm4j.core.informers;

import dev.ccm4j.core.concurrent.DaemonThreads;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.util.CallGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The informers every controller shares: one list+watch per resource type for the whole process.
 *
 * <p>Informers are created on first use and started by {@link #start()}; ones created after that start at once.
 * Each watch asks for bookmarks (client-java never does by itself), so a reconnect resumes from the last bookmark
 * instead of relisting. {@code metadata.managedFields} is dropped from cached objects to save heap. The resync
 * period is drawn once from {@code [minResync, 2·minResync)}, as upstream does.
 */
public final class SharedInformers implements AutoCloseable {
  private final CoreV1Api api;
  private final SharedInformerFactory factory;
  private final long resyncMillis;
  private final ExecutorService runner;
  private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
  private final List<SharedIndexInformer<?>> running = new ArrayList<>();
  private boolean started;
  private boolean closed;

  /**
   * Creates the informers' home.
   *
   * @param client a client used only by informers; its read timeout is set to zero, which watches need
   * @param minResyncPeriod {@code --min-resync-period}
   */
  public SharedInformers(ApiClient client, Duration minResyncPeriod) {
    Objects.requireNonNull(client, "client");
    client.setReadTimeout(0);
    this.api = new CoreV1Api(client);
    this.runner = Executors.newCachedThreadPool(DaemonThreads.factory("informer"));
    this.factory = new SharedInformerFactory(client, runner, false);
    long min = minResyncPeriod.toMillis();
    this.resyncMillis = min + ThreadLocalRandom.current().nextLong(Math.max(1, min));
  }

  /**
   * The Node informer.
   *
   * @return the shared informer
   */
  public SharedIndexInformer<V1Node> nodes() {
    return informer(V1Node.class, V1NodeList.class, p -> api.listNode()
        .resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).watch(p.watch)
        .allowWatchBookmarks(Boolean.TRUE.equals(p.watch) ? Boolean.TRUE : null).buildCall(null));
  }

  /**
   * The Service informer, across all namespaces.
   *
   * @return the shared informer
   */
  public SharedIndexInformer<V1Service> services() {
    return informer(V1Service.class, V1ServiceList.class, p -> api.listServiceForAllNamespaces()
        .resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).watch(p.watch)
        .allowWatchBookmarks(Boolean.TRUE.equals(p.watch) ? Boolean.TRUE : null).buildCall(null));
  }

  /**
   * The PersistentVolume informer.
   *
   * @return the shared informer
   */
  public SharedIndexInformer<V1PersistentVolume> persistentVolumes() {
    return informer(V1PersistentVolume.class, V1PersistentVolumeList.class, p -> api.listPersistentVolume()
        .resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).watch(p.watch)
        .allowWatchBookmarks(Boolean.TRUE.equals(p.watch) ? Boolean.TRUE : null).buildCall(null));
  }

  /**
   * A lister over the Node cache. Cached objects are shared: never modify them.
   *
   * @return the lister
   */
  public Lister<V1Node> nodeLister() {
    return new Lister<>(nodes().getIndexer());
  }

  /**
   * A lister over the Service cache. Cached objects are shared: never modify them.
   *
   * @return the lister
   */
  public Lister<V1Service> serviceLister() {
    return new Lister<>(services().getIndexer());
  }

  private synchronized <T extends KubernetesObject, L extends KubernetesListObject> SharedIndexInformer<T> informer(
      Class<T> type, Class<L> listType, CallGenerator calls) {
    if (closed) {
      throw new IllegalStateException("informers are closed");
    }
    @SuppressWarnings("unchecked")
    SharedIndexInformer<T> existing = (SharedIndexInformer<T>) informers.get(type);
    if (existing != null) {
      return existing;
    }
    SharedIndexInformer<T> informer = factory.sharedIndexInformerFor(calls, type, listType, resyncMillis);
    informer.setTransform(obj -> {
      if (obj.getMetadata() != null) {
        obj.getMetadata().setManagedFields(null);
      }
      return obj;
    });
    informers.put(type, informer);
    if (started) {
      run(informer);
    }
    return informer;
  }

  /** Starts every informer created so far; later ones start when created. */
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    informers.values().forEach(this::run);
  }

  private void run(SharedIndexInformer<?> informer) {
    running.add(informer);
    runner.submit(informer::run);
  }

  /**
   * Whether every started informer has completed its first list.
   *
   * @return true once all caches are filled
   */
  public synchronized boolean hasSynced() {
    return started && running.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /**
   * Waits for {@link #hasSynced()}.
   *
   * @param timeout the longest wait
   * @return true if synced in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!hasSynced()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return true;
  }

  /** Stops every informer and its threads. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running.forEach(SharedIndexInformer::stop);
    runner.shutdownNow();
  }
}

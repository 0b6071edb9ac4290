package dev.ccm4j.kubeapi;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The namespace controller of the real control plane, in miniature: once a namespace is {@code Terminating} it
 * deletes every namespaced object in it (each as a DELETE would, so finalizers hold objects back), retries while
 * some remain, then removes the {@code kubernetes} finalizer, which deletes the namespace. Runs on its own daemon
 * thread, asynchronously as the real controller does.
 */
final class NamespaceController implements AutoCloseable {
  private static final long RETRY_MILLIS = 100;

  private final ResourceOperations operations;
  private final List<ResourceType> namespaced;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kube-api-emulator-namespace-controller");
    t.setDaemon(true);
    return t;
  });

  NamespaceController(ResourceOperations operations, ResourceRegistry registry) {
    this.operations = operations;
    this.namespaced = registry.all().stream().filter(t -> t.namespaced() && !t.createOnly()).toList();
  }

  /** Schedules the clean-up of a namespace that just started terminating. */
  void terminating(String namespace) {
    if (pending.add(namespace)) {
      executor.execute(() -> purge(namespace));
    }
  }

  private void purge(String namespace) {
    boolean again;
    try {
      again = operations.purgeNamespace(namespace, namespaced);
    } catch (RuntimeException e) {
      // a write refused mid-way (a finalizer rule, admission) is retried, as the real controller requeues
      again = true;
    }
    if (again && !executor.isShutdown()) {
      executor.schedule(() -> purge(namespace), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      pending.remove(namespace);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

package dev.ccm4j.core.contributed;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.controller.RetryingKeys;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a provider's {@link NodeController}: a work queue of node names, named after the controller (so its
 * workqueue and reconcile metrics carry that name), fed by the shared Node informer.
 *
 * <ul>
 *   <li>A Node added, changed (a new resourceVersion) or deleted queues its name; the reconciler then gets the
 *       cached Node, or empty when it is gone.
 *   <li>Every {@link NodeController#resyncPeriod()} on the runtime clock, every cached Node is queued again in the
 *       background lane, so missed cloud drift is repaired. A Node whose last reconcile did not finish is left
 *       out: it waits for its own retry, so a resync never cuts its backoff short.
 *   <li>A failure is retried with the default controller backoff (per node, plus an overall bucket); a
 *       {@link RetryAfterException} anywhere in the cause chain retries after its delay instead.
 *   <li>Nothing is reconciled before the Node cache is filled, so a Node is never reported deleted merely because
 *       the first list has not arrived.
 * </ul>
 *
 * <p>The reconciler is called as given: the controller manager hands over one that is already governed (rate
 * limited, timed out and measured like every cloud call).
 */
public final class ContributedNodeController {
  /** The queue key that triggers a resync; no Node can have an empty name. */
  static final String RESYNC = "";
  /** How soon a key is tried again while the Node cache is still filling. */
  static final Duration SYNC_POLL = Duration.ofMillis(100);

  private final NodeReconciler reconciler;
  private final Duration resyncPeriod;
  private final SharedIndexInformer<V1Node> informer;
  private final Lister<V1Node> lister;
  private final Controller<String> controller;
  private final RetryingKeys<String> retrying = new RetryingKeys<>();

  private ContributedNodeController(ControllerContext context, NodeController contributed) {
    this.reconciler = contributed.reconciler();
    this.resyncPeriod = contributed.resyncPeriod();
    this.informer = context.informers().nodes();
    this.lister = context.informers().nodeLister();
    this.controller = Controller.<String>builder()
        .name(contributed.name())
        .reconciler(retrying.track(this::reconcile))
        .onStart(this::scheduleFirstResync)
        .clock(context.clock())
        .metricsRegistry(context.metrics())
        .build();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1Node node) {
        controller.enqueue(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(V1Node oldNode, V1Node newNode) {
        // The same resourceVersion is an informer relist, which the periodic resync already covers.
        if (!Objects.equals(oldNode.getMetadata().getResourceVersion(), newNode.getMetadata().getResourceVersion())) {
          controller.enqueue(newNode.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(V1Node node, boolean finalStateUnknown) {
        controller.enqueue(node.getMetadata().getName());
      }
    });
  }

  /**
   * The factory for one contributed node controller.
   *
   * @param contributed the provider's controller, with a reconciler that is already governed
   * @return a factory that always creates the controller
   */
  public static ControllerFactory factory(NodeController contributed) {
    Objects.requireNonNull(contributed, "contributed");
    return context -> Optional.of(new ContributedNodeController(context, contributed).controller);
  }

  private void scheduleFirstResync() {
    controller.enqueueAfter(RESYNC, resyncPeriod);
  }

  private ReconcileResult reconcile(String key) {
    if (!informer.hasSynced()) {
      return ReconcileResult.requeueAfter(SYNC_POLL);
    }
    if (key.equals(RESYNC)) {
      for (V1Node node : lister.list()) {
        String nodeName = node.getMetadata().getName();
        if (retrying.resyncable(nodeName)) {
          controller.enqueueBackground(nodeName);
        }
      }
      return ReconcileResult.requeueAfter(resyncPeriod);
    }
    try {
      reconciler.reconcile(key, Optional.ofNullable(lister.get(key)));
      return ReconcileResult.done();
    } catch (RuntimeException e) {
      Optional<RetryAfterException> retry = CloudProviderException.findInChain(e, RetryAfterException.class);
      if (retry.isPresent()) {
        return ReconcileResult.requeueAfter(retry.get().retryAfter());
      }
      throw e;
    }
  }
}

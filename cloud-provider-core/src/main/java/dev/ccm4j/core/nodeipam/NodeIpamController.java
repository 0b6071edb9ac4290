package dev.ccm4j.core.nodeipam;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.events.EventType;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ManagedController;
import dev.ccm4j.core.net.Cidr;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node IPAM controller: with {@code --allocate-node-cidrs}, gives every node without a pod CIDR one subnet of
 * each {@code --cluster-cidr} ({@code spec.podCIDR} and {@code spec.podCIDRs}) and frees them when the node is
 * deleted. Before allocating anything it rebuilds which subnets are taken from the nodes that already have them.
 */
public final class NodeIpamController {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIpamController.class);
  /** Upstream's event source for allocation failures. */
  static final String COMPONENT = "cidrAllocator";
  /** The reason of the event emitted when a cluster CIDR is exhausted, as upstream's. */
  static final String REASON_CIDR_NOT_AVAILABLE = "CIDRNotAvailable";
  private static final Duration SYNC_POLL = Duration.ofMillis(100);
  private static final int WORKERS = 4;

  private final SharedIndexInformer<V1Node> informer;
  private final Lister<V1Node> lister;
  private final RangeAllocator allocator;
  private final NodePatches patches;
  private final EventRecorder recorder;
  private final Controller<String> controller;
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();

  NodeIpamController(ControllerContext context, List<CidrSet> sets) {
    this.informer = context.informers().nodes();
    this.lister = context.informers().nodeLister();
    this.allocator = new RangeAllocator(sets, new IpamMetrics(context.metrics()));
    this.patches = new NodePatches(context.client("node-controller"));
    this.recorder = context.recorder(COMPONENT);
    this.controller = Controller.<String>builder().name(ControllerNames.NODE_IPAM).workers(WORKERS)
        .reconciler(this::reconcile).clock(context.clock()).metricsRegistry(context.metrics()).build();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1Node node) {
        controller.enqueue(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(V1Node oldNode, V1Node newNode) {
        if (!RangeAllocator.podCidrs(oldNode).equals(RangeAllocator.podCidrs(newNode))
            || RangeAllocator.podCidrs(newNode).isEmpty()) {
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
   * The factory: skips unless {@code --allocate-node-cidrs} is set.
   *
   * @return the factory
   * @throws IllegalArgumentException from {@link ControllerFactory#create} when {@code --cluster-cidr} or a node
   *     CIDR mask size is invalid, naming the flag
   */
  public static ControllerFactory factory() {
    return new ControllerFactory() {
      @Override
      public Optional<ManagedController> create(ControllerContext context) {
        if (!context.options().allocateNodeCidrs()) {
          return context.skip("--allocate-node-cidrs is false");
        }
        return Optional.of(new NodeIpamController(context, RangeAllocator.cidrSets(context.options())).controller);
      }

      @Override
      public List<String> validate(ControllerManagerOptions options, CloudProvider provider) {
        if (!options.allocateNodeCidrs()) {
          return List.of();
        }
        try {
          RangeAllocator.cidrSets(options);
          return List.of();
        } catch (IllegalArgumentException e) {
          return List.of(e.getMessage());
        }
      }
    };
  }

  ReconcileResult reconcile(String name) throws ApiException {
    if (!allocator.isRebuilt()) {
      if (!informer.hasSynced()) {
        return ReconcileResult.requeueAfter(SYNC_POLL);
      }
      allocator.rebuild(lister.list());
    }
    V1Node node = lister.get(name);
    if (node == null) {
      allocator.release(name);
      waiting.remove(name);
      // freed subnets may serve nodes that found the range exhausted, without waiting out their backoff
      waiting.forEach(controller::enqueue);
      return ReconcileResult.done();
    }
    String uid = node.getMetadata().getUid();
    if (!RangeAllocator.podCidrs(node).isEmpty()) {
      allocator.occupy(node);
      return ReconcileResult.done();
    }
    if (allocator.holds(name, uid)) {
      // our patch has not reached the cache yet
      return ReconcileResult.done();
    }
    Optional<List<Cidr>> cidrs = allocator.allocate(name, uid);
    if (cidrs.isEmpty()) {
      waiting.add(name);
      recorder.eventf(node, EventType.WARNING, REASON_CIDR_NOT_AVAILABLE, "Node %s status is now: %s", name,
          REASON_CIDR_NOT_AVAILABLE);
      LOG.warn("no free pod CIDR for node {}", name);
      return ReconcileResult.requeue();
    }
    waiting.remove(name);
    JsonObject spec = new JsonObject();
    spec.addProperty("podCIDR", cidrs.get().get(0).toString());
    JsonArray all = new JsonArray();
    cidrs.get().forEach(c -> all.add(c.toString()));
    spec.add("podCIDRs", all);
    try {
      patches.patchSpec(name, spec);
    } catch (ApiException e) {
      allocator.release(name);
      if (e.getCode() == 404) {
        return ReconcileResult.done();
      }
      throw e;
    }
    LOG.debug("allocated {} to node {}", cidrs.get(), name);
    return ReconcileResult.done();
  }

}

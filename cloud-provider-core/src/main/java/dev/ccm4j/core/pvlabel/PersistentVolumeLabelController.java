package dev.ccm4j.core.pvlabel;

import com.google.gson.JsonObject;
import dev.ccm4j.api.PersistentVolumeLabeler;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ManagedController;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.util.PatchUtils;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in persistent volume label controller ({@code persistent-volume-label-controller}): labels
 * PersistentVolumes with the zone and region the provider's {@link PersistentVolumeLabeler} reports and merges the
 * matching node affinity, as the old in-tree label controller and admission plugin did (see
 * {@link VolumeLabelPatch}). Volumes that already carry a zone or region label are skipped without a cloud call.
 * The controller declines to run when the provider lacks the capability.
 */
public final class PersistentVolumeLabelController {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentVolumeLabelController.class);

  /** The Kubernetes client name (user agent), as the in-tree controller's. */
  public static final String CLIENT_NAME = "pvl-controller";

  private PersistentVolumeLabelController() {}

  /**
   * The factory the manager registers under {@link ControllerNames#PERSISTENT_VOLUME_LABEL}.
   *
   * @return the factory
   */
  public static ControllerFactory factory() {
    return PersistentVolumeLabelController::create;
  }

  private static Optional<ManagedController> create(ControllerContext ctx) {
    Optional<PersistentVolumeLabeler> labeler = ctx.cloud().persistentVolumeLabeler();
    if (labeler.isEmpty()) {
      return ctx.skip("cloud provider does not support persistent volume labels");
    }
    ApiClient client = ctx.client(CLIENT_NAME);
    Lister<V1PersistentVolume> lister = new Lister<>(ctx.informers().persistentVolumes().getIndexer());
    Labeller labeller = new Labeller(lister, labeler.get(), client);
    Controller<String> controller = Controller.<String>builder()
        .name("pvLabels")
        .managedName(ControllerNames.PERSISTENT_VOLUME_LABEL)
        .reconciler(labeller::reconcile)
        .clock(ctx.clock())
        .metricsRegistry(ctx.metrics())
        .build();
    ctx.informers().persistentVolumes().addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1PersistentVolume volume) {
        enqueue(volume);
      }

      @Override
      public void onUpdate(V1PersistentVolume oldVolume, V1PersistentVolume newVolume) {
        enqueue(newVolume);
      }

      @Override
      public void onDelete(V1PersistentVolume volume, boolean finalStateUnknown) {
        // A deleted volume needs no labels.
      }

      private void enqueue(V1PersistentVolume volume) {
        if (Labeller.needsLabels(volume)) {
          controller.enqueue(volume.getMetadata().getName());
        }
      }
    });
    return Optional.of(controller);
  }

  /** Reconciles one volume: asks the cloud for its labels and writes them with one guarded patch. */
  private static final class Labeller {
    private final Lister<V1PersistentVolume> lister;
    private final PersistentVolumeLabeler labeler;
    private final ApiClient client;
    private final CoreV1Api api;

    Labeller(Lister<V1PersistentVolume> lister, PersistentVolumeLabeler labeler, ApiClient client) {
      this.lister = lister;
      this.labeler = labeler;
      this.client = client;
      this.api = new CoreV1Api(client);
    }

    static boolean needsLabels(V1PersistentVolume volume) {
      return volume.getMetadata() != null && volume.getMetadata().getDeletionTimestamp() == null
          && !VolumeLabelPatch.alreadyLabelled(volume);
    }

    ReconcileResult reconcile(String name) throws ApiException {
      V1PersistentVolume volume = lister.get(name);
      if (volume == null || !needsLabels(volume)) {
        return ReconcileResult.done();
      }
      Map<String, String> labels = labeler.labelsForVolume(volume);
      if (labels.isEmpty()) {
        return ReconcileResult.done();
      }
      try {
        patch(name, VolumeLabelPatch.patch(volume, labels, true));
      } catch (ApiException e) {
        // Real API servers refuse to change a node affinity that was already set; the labels still go on.
        if (e.getCode() != 422 || !VolumeLabelPatch.hasAffinity(volume)) {
          throw e;
        }
        LOG.warn("The API server refused to extend the node affinity of volume {}; labelling it only", name);
        patch(name, VolumeLabelPatch.patch(volume, labels, false));
      }
      LOG.debug("Labelled volume {} with {}", name, labels);
      return ReconcileResult.done();
    }

    private void patch(String name, JsonObject body) throws ApiException {
      PatchUtils.patch(V1PersistentVolume.class,
          () -> api.patchPersistentVolume(name, new V1Patch(body.toString())).buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }
  }
}

package dev.ccm4j.core.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.patch.GuardedWrite;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.PatchUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@link ServiceWriter} over the API server.
 *
 * <p>Finalizers: the controller's own (the built-in {@code service.kubernetes.io/load-balancer-cleanup} or a class
 * controller's) is added; on cleanup it is removed together with every finalizer its load balancer adopts. Each is
 * a JSON merge patch of the whole {@code metadata.finalizers} list on the Service, guarded by
 * {@code metadata.resourceVersion}, so a concurrent finalizer edit by someone else is never overwritten; on a
 * conflict the Service is read again and the change re-applied. Status: a JSON merge patch of
 * {@code status.loadBalancer.ingress} on the {@code services/status} subresource, which never touches the spec.
 */
final class ServicePatches implements ServiceWriter {
  private static final int NOT_FOUND = 404;

  private final ApiClient client;
  private final CoreV1Api api;
  private final String finalizer;
  private final Set<String> removed;

  /** Writes the built-in controller's finalizer only. */
  ServicePatches(ApiClient client) {
    this(client, WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP, Set.of(WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP));
  }

  /**
   * Writes {@code finalizer}, and removes every one of {@code removed} on cleanup.
   *
   * @param finalizer the finalizer added before the first cloud call
   * @param removed the finalizers removed once the load balancer is gone; includes {@code finalizer}
   */
  ServicePatches(ApiClient client, String finalizer, Set<String> removed) {
    this.client = Objects.requireNonNull(client, "client");
    this.api = new CoreV1Api(client);
    this.finalizer = Objects.requireNonNull(finalizer, "finalizer");
    this.removed = Set.copyOf(removed);
  }

  @Override
  public void addFinalizer(V1Service service) throws ApiException {
    updateFinalizers(service, finalizers -> {
      if (!finalizers.contains(finalizer)) {
        finalizers.add(finalizer);
      }
      return finalizers;
    }, false);
  }

  @Override
  public void removeFinalizer(V1Service service) throws ApiException {
    updateFinalizers(service, finalizers -> {
      finalizers.removeIf(removed::contains);
      return finalizers;
    }, true);
  }

  @Override
  public void patchStatus(V1Service service, V1LoadBalancerStatus status) throws ApiException {
    List<V1LoadBalancerIngress> ingress = status == null || status.getIngress() == null
        ? List.of() : status.getIngress();
    JsonObject loadBalancer = new JsonObject();
    if (ingress.isEmpty()) {
      loadBalancer.add("ingress", JsonNull.INSTANCE);
    } else {
      loadBalancer.add("ingress", JSON.getGson().toJsonTree(ingress));
    }
    JsonObject statusJson = new JsonObject();
    statusJson.add("loadBalancer", loadBalancer);
    JsonObject body = new JsonObject();
    body.add("status", statusJson);
    V1ObjectMeta meta = service.getMetadata();
    try {
      PatchUtils.patch(V1Service.class, () -> api.patchNamespacedServiceStatus(meta.getName(), meta.getNamespace(),
          new V1Patch(body.toString())).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    } catch (ApiException e) {
      if (e.getCode() != NOT_FOUND) {
        throw e;
      }
    }
  }

  private void updateFinalizers(V1Service service, UnaryOperator<List<String>> change, boolean goneIsFine)
      throws ApiException {
    V1ObjectMeta seen = service.getMetadata();
    try {
      GuardedWrite.retryOnConflict(service, current -> {
        List<String> before = current.getMetadata().getFinalizers() == null
            ? List.of() : current.getMetadata().getFinalizers();
        List<String> after = change.apply(new ArrayList<>(before));
        return after.equals(before) ? null : guardedFinalizerPatch(current, after);
      }, () -> api.readNamespacedService(seen.getName(), seen.getNamespace()).execute());
    } catch (ApiException e) {
      // a Service that is gone, whether the patch or the re-read found out, needs no finalizer removed
      if (e.getCode() != NOT_FOUND || !goneIsFine) {
        throw e;
      }
    }
  }

  private V1Service guardedFinalizerPatch(V1Service current, List<String> finalizers) throws ApiException {
    V1ObjectMeta meta = current.getMetadata();
    JsonObject metaJson = GuardedWrite.guard(meta);
    JsonArray list = new JsonArray();
    finalizers.forEach(list::add);
    metaJson.add("finalizers", list);
    JsonObject body = new JsonObject();
    body.add("metadata", metaJson);
    return PatchUtils.patch(V1Service.class, () -> api.patchNamespacedService(meta.getName(), meta.getNamespace(),
        new V1Patch(body.toString())).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }
}

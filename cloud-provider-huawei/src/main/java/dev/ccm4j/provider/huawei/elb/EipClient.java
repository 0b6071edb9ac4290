package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Elastic IPs (VPC EIP v1 {@code /v1/{project_id}/publicips}) for load balancer VIPs: find by port, create, bind,
 * unbind, delete.
 */
public final class EipClient {
  private final HuaweiApi api;

  /**
   * Creates the client.
   *
   * @param api the provider's one signed client
   */
  public EipClient(HuaweiApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /**
   * ListPublicips filtered by the port an EIP is bound to.
   *
   * @param portId a VIP port id
   * @return the {@code publicips} bound to it
   */
  public List<JsonObject> byPort(String portId) {
    JsonObject response = api.get("ListPublicips", HuaweiService.VPC, "/v1/{project_id}/publicips",
        Map.of("port_id", List.of(portId)));
    // a server that ignores the filter must not make us adopt someone else's EIP
    return Json.objects(response, "publicips").stream()
        .filter(e -> portId.equals(Json.string(e, "port_id").orElse("")))
        .toList();
  }

  /**
   * ShowPublicip.
   *
   * @param id the EIP id
   * @return the {@code publicip}, empty on 404
   */
  public Optional<JsonObject> get(String id) {
    try {
      JsonObject response = api.get("ShowPublicip", HuaweiService.VPC, "/v1/{project_id}/publicips/"
          + ElbRest.requireId(id));
      return Json.object(response, "publicip");
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * CreatePublicip from an {@code eip-auto-create-option}.
   *
   * @param option the option
   * @param bandwidthName the name of a dedicated bandwidth (ignored with a shared bandwidth id)
   * @return the new {@code publicip}
   */
  public JsonObject create(EipAutoCreate option, String bandwidthName) {
    JsonObject publicip = new JsonObject();
    publicip.addProperty("type", option.ipType());
    JsonObject body = new JsonObject();
    body.add("publicip", publicip);
    body.add("bandwidth", bandwidth(option, bandwidthName));
    JsonObject response = api.post("CreatePublicip", HuaweiService.VPC, "/v1/{project_id}/publicips", body);
    JsonObject created = Json.object(response, "publicip").orElseThrow(() -> new CloudProviderException(
        "EIP CreatePublicip answered without a publicip object"));
    if (Json.string(created, "id").isEmpty()) {
      throw new CloudProviderException("EIP CreatePublicip answered a publicip without an id");
    }
    return created;
  }

  /**
   * The {@code bandwidth} object of a create: the shared bandwidth by id, or a dedicated one sized by the option
   * (sending no id when there is none, the original's issue #266).
   */
  static JsonObject bandwidth(EipAutoCreate option, String bandwidthName) {
    JsonObject bandwidth = new JsonObject();
    if (option.shareId().isPresent()) {
      bandwidth.addProperty("id", option.shareId().get());
      bandwidth.addProperty("share_type", option.shareType());
    } else {
      bandwidth.addProperty("name", bandwidthName);
      option.bandwidthSize().ifPresent(s -> bandwidth.addProperty("size", s));
      bandwidth.addProperty("share_type", option.shareType());
      bandwidth.addProperty("charge_mode", option.chargeMode());
    }
    return bandwidth;
  }

  /**
   * Binds an EIP to a port (UpdatePublicip {@code port_id}).
   *
   * @param id the EIP id
   * @param portId the port
   */
  public void bind(String id, String portId) {
    JsonObject publicip = new JsonObject();
    publicip.addProperty("port_id", portId);
    JsonObject body = new JsonObject();
    body.add("publicip", publicip);
    api.put("UpdatePublicip", HuaweiService.VPC, "/v1/{project_id}/publicips/" + ElbRest.requireId(id), body);
  }

  /**
   * Unbinds an EIP (UpdatePublicip with an empty {@code port_id}); done when it is gone.
   *
   * @param id the EIP id
   */
  public void unbind(String id) {
    try {
      bind(id, "");
    } catch (CloudResourceNotFoundException e) {
      // already gone: nothing bound
    }
  }

  /**
   * DeletePublicip.
   *
   * @param id the EIP id
   * @return false when it was already gone
   */
  public boolean delete(String id) {
    try {
      api.delete("DeletePublicip", HuaweiService.VPC, "/v1/{project_id}/publicips/" + ElbRest.requireId(id));
      return true;
    } catch (CloudResourceNotFoundException e) {
      return false;
    }
  }
}

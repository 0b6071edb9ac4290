package dev.ccm4j.provider.huawei.dnat;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** The NAT gateway (NAT v2) and VPC (Neutron v2.0 ports and floating IPs) calls of the {@code dnat} class. */
final class DnatClient {
  /** Rules are listed in pages of this size, following {@code marker}. */
  static final int PAGE_SIZE = 500;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private final HuaweiApi api;

  DnatClient(HuaweiApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /** A NAT gateway, empty on 404. */
  Optional<JsonObject> natGateway(String id) {
    try {
      JsonObject body = api.get("ShowNatGateway", HuaweiService.NAT, "/v2/{project_id}/nat_gateways/" + id(id));
      return Json.object(body, "nat_gateway");
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Every DNAT rule of a gateway. */
  List<JsonObject> dnatRules(String natGatewayId) {
    List<JsonObject> out = new ArrayList<>();
    String marker = null;
    while (true) {
      Map<String, List<String>> query = new LinkedHashMap<>();
      query.put("nat_gateway_id", List.of(natGatewayId));
      query.put("limit", List.of(Integer.toString(PAGE_SIZE)));
      if (marker != null) {
        query.put("marker", List.of(marker));
      }
      List<JsonObject> page = Json.objects(api.get("ListDnatRules", HuaweiService.NAT, "/v2/{project_id}/dnat_rules",
          query), "dnat_rules");
      out.addAll(page);
      if (page.size() < PAGE_SIZE) {
        return out;
      }
      String last = Json.string(page.get(page.size() - 1), "id").orElse("");
      if (last.isEmpty() || last.equals(marker)) {
        return out;
      }
      marker = last;
    }
  }

  /** Creates a DNAT rule; the rule. */
  JsonObject createDnatRule(JsonObject rule) {
    JsonObject body = new JsonObject();
    body.add("dnat_rule", rule);
    JsonObject answer = api.post("CreateDnatRule", HuaweiService.NAT, "/v2/{project_id}/dnat_rules", body);
    return Json.object(answer, "dnat_rule").orElseThrow(
        () -> new CloudProviderException("huaweicloud: CreateDnatRule answered without \"dnat_rule\""));
  }

  /** Deletes a DNAT rule; a 404 counts as done. */
  void deleteDnatRule(String natGatewayId, String ruleId) {
    try {
      api.delete("DeleteDnatRule", HuaweiService.NAT,
          "/v2/{project_id}/nat_gateways/" + id(natGatewayId) + "/dnat_rules/" + id(ruleId));
    } catch (CloudResourceNotFoundException e) {
      // already gone
    }
  }

  /** The floating IP with this address, empty when none. */
  Optional<JsonObject> floatingIpByAddress(String address) {
    JsonObject body = api.get("ListFloatingIps", HuaweiService.VPC, "/v2.0/floatingips",
        Map.of("floating_ip_address", List.of(address)));
    return Json.objects(body, "floatingips").stream()
        .filter(f -> address.equals(Json.string(f, "floating_ip_address").orElse(""))).findFirst();
  }

  /** The VPC port holding this fixed IP, empty when none. */
  Optional<JsonObject> portByIp(String ip) {
    JsonObject body = api.get("ListPorts", HuaweiService.VPC, "/v2.0/ports",
        Map.of("fixed_ips", List.of("ip_address=" + ip)));
    return Json.objects(body, "ports").stream()
        .filter(p -> Json.objects(p, "fixed_ips").stream()
            .anyMatch(f -> ip.equals(Json.string(f, "ip_address").orElse(""))))
        .findFirst();
  }

  private static String id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new CloudProviderException("huaweicloud: not a NAT id: \"" + id + "\"");
    }
    return id;
  }
}

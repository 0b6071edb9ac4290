package dev.ccm4j.provider.huawei.ecs;

import com.google.gson.JsonObject;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A server's node addresses, by the original CCM's rules: the IPv4 fixed IPs of its {@code ACTIVE} interfaces are
 * InternalIPs; {@code accessIPv4} is an ExternalIP; then each NIC of {@code addresses}, in sorted key order, adds
 * floating IPs as ExternalIPs, every address of a NIC named in {@code public-network-name} as an ExternalIP (and
 * no longer an InternalIP), and the others as InternalIPs when {@code internal-network-name} is empty or names the
 * NIC. IPv4 only, each type and address once, in that order. No Hostname address: the original reports none, and
 * the cloud-node controller keeps kubelet's.
 */
final class HuaweiNodeAddresses {
  static final String INTERNAL_IP = "InternalIP";
  static final String EXTERNAL_IP = "ExternalIP";

  private HuaweiNodeAddresses() {}

  /**
   * Builds the addresses.
   *
   * @param server the ShowServer / ListServersDetails server object
   * @param interfaces the server's {@code interfaceAttachments}
   * @param publicNetworkNames loadbalancer-config {@code networkingOption.public-network-name}
   * @param internalNetworkNames loadbalancer-config {@code networkingOption.internal-network-name}
   * @return the addresses, fresh objects
   */
  static List<V1NodeAddress> of(JsonObject server, List<JsonObject> interfaces, List<String> publicNetworkNames,
      List<String> internalNetworkNames) {
    Map<String, String> out = new LinkedHashMap<>(); // "type/address" -> type
    for (JsonObject nic : interfaces) {
      if (!"ACTIVE".equals(Json.string(nic, "port_state").orElse(""))) {
        continue;
      }
      for (JsonObject fixed : Json.objects(nic, "fixed_ips")) {
        Json.string(fixed, "ip_address").ifPresent(ip -> add(out, INTERNAL_IP, ip));
      }
    }
    Json.string(server, "accessIPv4").ifPresent(ip -> add(out, EXTERNAL_IP, ip));
    Optional<JsonObject> addresses = Json.object(server, "addresses");
    if (addresses.isPresent()) {
      for (String nicName : new TreeSet<>(addresses.get().keySet())) {
        boolean publicNic = publicNetworkNames.contains(nicName);
        boolean internalNic = internalNetworkNames.isEmpty() || internalNetworkNames.contains(nicName);
        for (JsonObject a : Json.objects(addresses.get(), nicName)) {
          String ip = Json.string(a, "addr").orElse("").strip();
          if (!EcsClient.isIpv4(ip)) {
            continue;
          }
          if ("floating".equals(Json.string(a, "OS-EXT-IPS:type").orElse(""))) {
            add(out, EXTERNAL_IP, ip);
          } else if (publicNic) {
            out.remove(INTERNAL_IP + "/" + ip);
            add(out, EXTERNAL_IP, ip);
          } else if (internalNic) {
            add(out, INTERNAL_IP, ip);
          }
        }
      }
    }
    List<V1NodeAddress> result = new ArrayList<>(out.size());
    out.forEach((key, type) -> result.add(new V1NodeAddress().type(type)
        .address(key.substring(type.length() + 1))));
    return result;
  }

  private static void add(Map<String, String> out, String type, String ip) {
    String address = ip == null ? "" : ip.strip();
    if (EcsClient.isIpv4(address)) {
      out.putIfAbsent(type + "/" + address, type);
    }
  }
}

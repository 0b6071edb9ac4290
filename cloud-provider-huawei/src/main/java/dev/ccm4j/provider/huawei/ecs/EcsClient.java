package dev.ccm4j.provider.huawei.ecs;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.Page;
import dev.ccm4j.vendor.client.Paging;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ECS (and Nova) calls the provider makes, on the shared signed {@link HuaweiApi}.
 *
 * <p>Lookups answer empty only when ECS positively said so: HTTP 404 from ShowServer, or a complete listing
 * without a match. Every other failure (5xx, throttling, time-outs, a malformed answer) is thrown, because the
 * node-lifecycle controller deletes a Node on "not found" alone. Servers in status {@code DELETED} (ECS shows a
 * deleted server for a while) count as gone.
 */
public final class EcsClient {
  /** The largest page ListServersDetails serves. */
  static final int PAGE_SIZE = 1000;
  /** ECS status of a stopped server. */
  static final String STATUS_SHUTOFF = "SHUTOFF";
  /** ECS status of a server that has been deleted but is still shown. */
  static final String STATUS_DELETED = "DELETED";

  // Server ids go into URL paths; anything but an id's alphabet is refused rather than escaped.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final HuaweiApi api;

  /**
   * Creates the client.
   *
   * @param api the provider's one signed client
   */
  public EcsClient(HuaweiApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /**
   * ShowServer.
   *
   * @param id the server id
   * @return the {@code server} object, or empty when ECS answers 404 or shows the server as {@code DELETED}
   * @throws dev.ccm4j.api.CloudProviderException on any other failure
   */
  public Optional<JsonObject> showServer(String id) {
    JsonObject response;
    try {
      response = api.get("ShowServer", HuaweiService.ECS, "/v1/{project_id}/cloudservers/" + requireId(id));
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
    JsonObject server = Json.object(response, "server").orElseThrow(() -> new CloudProviderException(
        "ECS ShowServer of " + id + " answered without a server object"));
    return isDeleted(server) ? Optional.empty() : Optional.of(server);
  }

  /**
   * ListServersDetails, every page ({@code limit} {@value #PAGE_SIZE}, {@code offset} the page number from 1 as
   * ECS defines it). Servers shown as {@code DELETED} are left out.
   *
   * @param query filters such as {@code ip_eq} or {@code name}; {@code limit} and {@code offset} are set here
   * @return the servers
   */
  public List<JsonObject> listServersDetails(Map<String, String> query) {
    return list(query, Integer.MAX_VALUE).orElseThrow();
  }

  /**
   * Every server of the project.
   *
   * @return the servers, without those shown as {@code DELETED}
   */
  public List<JsonObject> listAllServers() {
    return listServersDetails(Map.of());
  }

  /**
   * Every server of the project, if the listing takes at most {@code maxPages} pages; the first page's
   * {@code count} tells, so a project too large for the listing to pay off costs one call.
   *
   * @param maxPages the most pages worth fetching, positive
   * @return the servers (without those shown as {@code DELETED}), or empty when more pages would be needed
   */
  public Optional<List<JsonObject>> listAllServers(int maxPages) {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
    }
    return list(Map.of(), maxPages);
  }

  /** Thrown out of the page function when the first page shows the listing is too long; never escapes. */
  private static final class TooManyPages extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyPages() {
      super(null, null, false, false);
    }
  }

  private Optional<List<JsonObject>> list(Map<String, String> query, int maxPages) {
    Map<String, String> base = new LinkedHashMap<>(query);
    base.remove("limit");
    base.remove("offset");
    int[] seen = {0};
    List<JsonObject> all;
    try {
      all = Paging.byNumber(page -> {
        Map<String, List<String>> q = new LinkedHashMap<>();
        base.forEach((k, v) -> q.put(k, List.of(v)));
        q.put("limit", List.of(Integer.toString(PAGE_SIZE)));
        q.put("offset", List.of(Integer.toString(page)));
        JsonObject response = api.get("ListServersDetails", HuaweiService.ECS, "/v1/{project_id}/cloudservers/detail",
            q);
        List<JsonObject> servers = Json.objects(response, "servers");
        seen[0] += servers.size();
        Optional<Long> count = Json.number(response, "count");
        if (page == 1 && count.isPresent() && !servers.isEmpty()
            && (count.get() + servers.size() - 1) / servers.size() > maxPages) {
          throw new TooManyPages();
        }
        // counted by what arrived, not by the limit asked for: ECS may serve smaller pages than asked
        boolean more = !servers.isEmpty()
            && (count.isPresent() ? seen[0] < count.get() : servers.size() >= PAGE_SIZE);
        return more ? Page.more(servers) : Page.last(servers);
      });
    } catch (TooManyPages e) {
      return Optional.empty();
    }
    List<JsonObject> live = new ArrayList<>(all.size());
    for (JsonObject s : all) {
      if (!isDeleted(s)) {
        live.add(s);
      }
    }
    return Optional.of(live);
  }


  /**
   * ListServerInterfaces.
   *
   * @param serverId the server id
   * @return the {@code interfaceAttachments}
   */
  public List<JsonObject> interfaces(String serverId) {
    JsonObject response = api.get("ListServerInterfaces", HuaweiService.ECS,
        "/v1/{project_id}/cloudservers/" + requireId(serverId) + "/os-interface");
    return Json.objects(response, "interfaceAttachments");
  }

  /**
   * The subnet (VPC subnet's network id as ECS reports it in {@code fixed_ips[].subnet_id}) an address of the
   * server belongs to, for load balancer members.
   *
   * @param serverId the server id
   * @param ip one of its fixed IPs
   * @return the subnet id, or empty when no interface of the server has that IP
   */
  public Optional<String> subnetOfAddress(String serverId, String ip) {
    for (JsonObject nic : interfaces(serverId)) {
      for (JsonObject fixed : Json.objects(nic, "fixed_ips")) {
        if (ip.equals(Json.string(fixed, "ip_address").orElse(""))) {
          Optional<String> subnet = Json.string(fixed, "subnet_id").filter(s -> !s.isEmpty());
          if (subnet.isPresent()) {
            return subnet;
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Nova addSecurityGroup; ECS accepts a security group id as well as a name.
   *
   * @param serverId the server id
   * @param sgName the security group id or name
   */
  public void addSecurityGroup(String serverId, String sgName) {
    securityGroupAction("NovaAssociateSecurityGroup", "addSecurityGroup", serverId, sgName);
  }

  /**
   * Nova removeSecurityGroup.
   *
   * @param serverId the server id
   * @param sgName the security group id or name
   */
  public void removeSecurityGroup(String serverId, String sgName) {
    securityGroupAction("NovaDisassociateSecurityGroup", "removeSecurityGroup", serverId, sgName);
  }

  /**
   * Nova os-security-groups of a server.
   *
   * @param serverId the server id
   * @return the {@code security_groups} (each with {@code id} and {@code name})
   */
  public List<JsonObject> securityGroups(String serverId) {
    JsonObject response = api.get("NovaListServerSecurityGroups", HuaweiService.ECS,
        "/v2.1/{project_id}/servers/" + requireId(serverId) + "/os-security-groups");
    return Json.objects(response, "security_groups");
  }

  /**
   * The server a node name denotes: a node named by an IPv4 address is looked up by that address, any other by
   * its exact ECS name. Names are never resolved through DNS: the CCM's resolver is not the node's, and it
   * answered loopback for the original (kubernetes-sigs/cloud-provider-huaweicloud#268).
   *
   * @param nodeName the node name
   * @return the server, or empty when ECS definitely has none
   * @throws CloudProviderException if several servers match
   */
  public Optional<JsonObject> serverByNodeName(String nodeName) {
    if (isIpv4(nodeName) && !isLoopback(nodeName)) {
      return serverByIp(nodeName);
    }
    List<JsonObject> matches = serversNamed(nodeName);
    if (matches.size() > 1) {
      throw new CloudProviderException("node " + nodeName + ": " + matches.size() + " ECS servers are named "
          + nodeName + " (" + ids(matches) + "); set the node's spec.providerID to huaweicloud://<server-id>");
    }
    return matches.stream().findFirst();
  }

  /**
   * The servers whose ECS name is exactly {@code name}. ECS treats the {@code name} filter as a pattern, so the
   * answer is checked for an exact match.
   *
   * @param name the name
   * @return the servers, possibly several (ECS names are not unique)
   */
  public List<JsonObject> serversNamed(String name) {
    List<JsonObject> matches = new ArrayList<>();
    for (JsonObject s : listServersDetails(Map.of("name", "^" + name + "$"))) {
      if (name.equals(Json.string(s, "name").orElse(""))) {
        matches.add(s);
      }
    }
    return matches;
  }

  /**
   * The server that has this IPv4 address on one of its NICs (ListServersDetails {@code ip_eq}, then an exact
   * match on {@code addresses}, since the filter is not exact on every ECS version).
   *
   * @param ip the address
   * @return the server, or empty when ECS definitely has none
   * @throws CloudProviderException if several servers have the address
   */
  public Optional<JsonObject> serverByIp(String ip) {
    List<JsonObject> matches = new ArrayList<>();
    for (JsonObject s : listServersDetails(Map.of("ip_eq", ip))) {
      if (addressesOf(s).contains(ip)) {
        matches.add(s);
      }
    }
    if (matches.size() > 1) {
      throw new CloudProviderException(matches.size() + " ECS servers have the address " + ip + " ("
          + ids(matches) + ")");
    }
    return matches.stream().findFirst();
  }

  /**
   * Every address in a server's {@code addresses} map.
   *
   * @param server a server object
   * @return the {@code addr} values, in map order
   */
  static List<String> addressesOf(JsonObject server) {
    List<String> out = new ArrayList<>();
    Optional<JsonObject> addresses = Json.object(server, "addresses");
    if (addresses.isEmpty()) {
      return out;
    }
    for (String nic : addresses.get().keySet()) {
      for (JsonObject a : Json.objects(addresses.get(), nic)) {
        Json.string(a, "addr").filter(s -> !s.isEmpty()).ifPresent(out::add);
      }
    }
    return out;
  }

  static boolean isIpv4(String value) {
    return value != null && IPV4.matcher(value).matches();
  }

  static boolean isLoopback(String ipv4) {
    return ipv4.startsWith("127.");
  }

  static String idOf(JsonObject server) {
    return Json.string(server, "id").orElse("");
  }

  private static boolean isDeleted(JsonObject server) {
    return STATUS_DELETED.equalsIgnoreCase(Json.string(server, "status").orElse(""));
  }

  private static String ids(List<JsonObject> servers) {
    return String.join(", ", servers.stream().map(EcsClient::idOf).toList());
  }

  private void securityGroupAction(String operation, String action, String serverId, String sg) {
    Objects.requireNonNull(sg, "sg");
    JsonObject inner = new JsonObject();
    inner.addProperty("name", sg);
    JsonObject body = new JsonObject();
    body.add(action, inner);
    api.post(operation, HuaweiService.ECS, "/v2.1/{project_id}/servers/" + requireId(serverId) + "/action", body);
  }

  private static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new CloudProviderException("not an ECS server id: \"" + id + "\"");
    }
    return id;
  }
}

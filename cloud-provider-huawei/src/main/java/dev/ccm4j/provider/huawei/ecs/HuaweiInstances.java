package dev.ccm4j.provider.huawei.ecs;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.provider.huawei.HuaweiProviderIds;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfigSource;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * InstancesV2 on ECS.
 *
 * <p>A node is found by {@code spec.providerID} ({@code huaweicloud://<server-id>}, or the bare server id the
 * original wrote, kubernetes-sigs/cloud-provider-huaweicloud#268) with ShowServer. A node without one is found by
 * its name: a name that is an IPv4 address by that address, any other by the server's exact ECS name, and when no
 * server has the name, by the IPv4 InternalIP kubelet reported ({@code --node-ip} first). Names are never resolved
 * through DNS, which made the original pick loopback addresses. Several servers with the name are told apart by
 * the node's IPs, or the lookup fails naming them.
 *
 * <p>"Not found" ({@link InstanceNotFoundException}, on which the lifecycle controller deletes the Node) is
 * reported only when ShowServer answers 404 (or shows the server {@code DELETED}) or a complete listing has no
 * match; any other failure is thrown as it is. The provider ID written is always {@code huaweicloud://<id>}.
 * Instance type is the flavor name (its id when the name is empty), zone the server's
 * {@code OS-EXT-AZ:availability_zone}, region the cloud-config region; addresses follow {@link HuaweiNodeAddresses}.
 *
 * <p>The batch lookup asks ShowServer per node (and ListServersDetails per node without a provider ID) for a few
 * nodes; from {@value #LIST_ALL_THRESHOLD} nodes on it lists every server of the project once instead, unless the
 * first page shows that listing takes more pages than there are nodes (a project shared by many clusters); then
 * one ListServerInterfaces per found server. A failed call fails only the nodes it was made for; once the cloud
 * throttles, the rest of the batch fails with that answer instead of adding calls.
 */
public final class HuaweiInstances implements InstancesV2 {
  /** From this many nodes in one batch on, every server is listed once instead of asking per node. */
  static final int LIST_ALL_THRESHOLD = 10;
  private static final String STATUS_BUILD = "BUILD";

  /** The loadbalancer-config {@code networkingOption} lists the address rules read. */
  record Networking(List<String> publicNetworkNames, List<String> internalNetworkNames) {
    Networking {
      publicNetworkNames = List.copyOf(publicNetworkNames);
      internalNetworkNames = List.copyOf(internalNetworkNames);
    }

    static Networking of(LoadBalancerConfig config) {
      return new Networking(config.publicNetworkNames(), config.internalNetworkNames());
    }
  }

  private final EcsClient ecs;
  private final String region;
  private final Supplier<Networking> networking;

  /**
   * Creates the capability.
   *
   * @param ecs the ECS client
   * @param config the cloud-config, for the region
   * @param lbConfig the loadbalancer-config, for the {@code networkingOption} address rules; read on each lookup,
   *     so a malformed ConfigMap fails metadata lookups (the node keeps its addresses) instead of silently dropping
   *     the network-name rules
   */
  public HuaweiInstances(EcsClient ecs, HuaweiConfig config, LoadBalancerConfigSource lbConfig) {
    this(ecs, config.region(), () -> Networking.of(lbConfig.current()));
    Objects.requireNonNull(lbConfig, "lbConfig");
  }

  HuaweiInstances(EcsClient ecs, String region, Supplier<Networking> networking) {
    this.ecs = Objects.requireNonNull(ecs, "ecs");
    this.region = Objects.requireNonNull(region, "region");
    this.networking = Objects.requireNonNull(networking, "networking");
  }

  @Override
  public boolean instanceExists(V1Node node) {
    try {
      find(node);
      return true;
    } catch (InstanceNotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean instanceShutdown(V1Node node) {
    return isShutOff(find(node));
  }

  /** Whether ECS shows the server stopped. */
  static boolean isShutOff(JsonObject server) {
    return EcsClient.STATUS_SHUTOFF.equalsIgnoreCase(Json.string(server, "status").orElse(""));
  }

  @Override
  public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
    return metadata(find(node));
  }

  @Override
  public Map<String, MetadataLookup> instanceMetadata(List<V1Node> nodes) {
    Map<String, Outcome> outcomes = resolve(nodes);
    Map<String, MetadataLookup> results = new LinkedHashMap<>();
    RuntimeException throttled = null;
    for (V1Node node : nodes) {
      String name = name(node);
      Outcome outcome = outcomes.get(name);
      if (outcome.error() != null) {
        results.put(name, MetadataLookup.failed(outcome.error()));
        continue;
      }
      if (throttled != null) {
        // the rest of the batch would be throttled too; the controller retries it after the backoff
        results.put(name, MetadataLookup.failed(throttled));
        continue;
      }
      try {
        results.put(name, metadata(outcome.server())
            .map(MetadataLookup::found).orElseGet(MetadataLookup::unavailable));
      } catch (RuntimeException e) {
        rethrowIfInterrupted(e);
        results.put(name, MetadataLookup.failed(e));
        throttled = isThrottled(e) ? e : null;
      }
    }
    return results;
  }

  /** How a node is looked up. */
  private sealed interface Key permits ById, ByName {}

  /** By the server id of its provider ID. */
  private record ById(String serverId) implements Key {}

  /** By its name, then by the IPv4 addresses kubelet reported. */
  private record ByName(String nodeName, List<String> ips) implements Key {}

  /** The server found for a node, or why none was. */
  private record Outcome(JsonObject server, RuntimeException error) {
    static Outcome found(JsonObject server) {
      return new Outcome(server, null);
    }

    static Outcome failed(RuntimeException error) {
      return new Outcome(null, error);
    }
  }

  /** The servers of one complete listing, by id, exact name and address. */
  private static final class Index {
    final Map<String, JsonObject> byId = new LinkedHashMap<>();
    final Map<String, List<JsonObject>> byName = new LinkedHashMap<>();
    final Map<String, List<JsonObject>> byIp = new LinkedHashMap<>();

    Index(List<JsonObject> servers) {
      for (JsonObject s : servers) {
        byId.put(EcsClient.idOf(s), s);
        Json.string(s, "name").ifPresent(n -> byName.computeIfAbsent(n, k -> new ArrayList<>()).add(s));
        for (String ip : new LinkedHashSet<>(EcsClient.addressesOf(s))) {
          byIp.computeIfAbsent(ip, k -> new ArrayList<>()).add(s);
        }
      }
    }
  }

  /**
   * The server of a node known only by its name, as {@link #instanceExists} looks up a node without a provider ID
   * or reported addresses; for the legacy Instances.
   */
  JsonObject serverOfNodeName(String nodeName) {
    return find(new V1Node().metadata(new V1ObjectMeta().name(nodeName)));
  }

  /**
   * The server of a provider ID by ShowServer; for the legacy Instances.
   *
   * @throws InstanceNotFoundException only when ECS answers 404 or shows the server {@code DELETED}
   * @throws CloudProviderException when the provider ID is not ours, or on any other failure
   */
  JsonObject serverOfProviderId(String providerId) {
    String id = HuaweiProviderIds.serverId(providerId).orElseThrow(() -> new CloudProviderException(
        "the provider ID " + providerId + " is not huaweicloud://<server-id>"));
    return ecs.showServer(id).orElseThrow(() -> new InstanceNotFoundException(
        "ECS server " + id + " does not exist"));
  }

  private JsonObject find(V1Node node) {
    Outcome outcome = resolve(List.of(node)).get(name(node));
    if (outcome.error() != null) {
      throw outcome.error();
    }
    return outcome.server();
  }

  private Map<String, Outcome> resolve(List<V1Node> nodes) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    Map<String, Key> keys = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      String name = name(node);
      try {
        keys.put(name, keyOf(node));
      } catch (RuntimeException e) {
        outcomes.put(name, Outcome.failed(e));
      }
    }
    Optional<Index> index = Optional.empty();
    if (keys.size() >= LIST_ALL_THRESHOLD) {
      try {
        // listing pays off while it takes fewer pages than the per-node calls it replaces
        index = ecs.listAllServers(keys.size()).map(Index::new);
      } catch (RuntimeException e) {
        rethrowIfInterrupted(e);
        keys.keySet().forEach(name -> outcomes.put(name, Outcome.failed(e)));
        return outcomes;
      }
    }
    if (index.isPresent()) {
      Index listed = index.get();
      keys.forEach((name, key) -> outcomes.put(name, attempt(() -> fromIndex(name, key, listed))));
    } else {
      RuntimeException throttled = null;
      for (Map.Entry<String, Key> e : keys.entrySet()) {
        Outcome outcome = throttled != null ? Outcome.failed(throttled)
            : attempt(() -> direct(e.getKey(), e.getValue()));
        outcomes.put(e.getKey(), outcome);
        if (throttled == null && outcome.error() != null && isThrottled(outcome.error())) {
          throttled = outcome.error();
        }
      }
    }
    return outcomes;
  }

  private static Outcome attempt(Supplier<JsonObject> lookup) {
    try {
      return Outcome.found(lookup.get());
    } catch (RuntimeException e) {
      rethrowIfInterrupted(e);
      return Outcome.failed(e);
    }
  }

  private static Key keyOf(V1Node node) {
    String name = name(node);
    if (name == null || name.isEmpty()) {
      throw new CloudProviderException("a node without a name cannot be looked up");
    }
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    if (providerId != null && !providerId.isEmpty()) {
      return new ById(HuaweiProviderIds.serverId(providerId).orElseThrow(() -> new CloudProviderException(
          "node " + name + " has the provider ID " + providerId + ", which is not huaweicloud://<server-id>")));
    }
    return new ByName(name, nodeIps(node));
  }

  /** The lookup with per-node calls. */
  private JsonObject direct(String nodeName, Key key) {
    if (key instanceof ById byId) {
      return ecs.showServer(byId.serverId()).orElseThrow(() -> gone(nodeName, byId.serverId()));
    }
    ByName byName = (ByName) key;
    if (EcsClient.isIpv4(nodeName) && !EcsClient.isLoopback(nodeName)) {
      return ecs.serverByIp(nodeName).orElseThrow(() -> noServer(nodeName, "has the address " + nodeName));
    }
    Optional<JsonObject> named = pick(nodeName, ecs.serversNamed(nodeName), byName.ips());
    if (named.isPresent()) {
      return named.get();
    }
    for (String ip : byName.ips()) {
      Optional<JsonObject> byIp = ecs.serverByIp(ip);
      if (byIp.isPresent()) {
        return byIp.get();
      }
    }
    throw noServer(nodeName, describe(byName));
  }

  /** The same lookup against one complete listing. */
  private JsonObject fromIndex(String nodeName, Key key, Index index) {
    if (key instanceof ById byId) {
      JsonObject listed = index.byId.get(byId.serverId());
      if (listed != null) {
        return listed;
      }
      // absence from a listing is confirmed by ShowServer, whose 404 is the one definite answer for an id
      return ecs.showServer(byId.serverId()).orElseThrow(() -> gone(nodeName, byId.serverId()));
    }
    ByName byName = (ByName) key;
    if (EcsClient.isIpv4(nodeName) && !EcsClient.isLoopback(nodeName)) {
      return single(nodeName, index.byIp.getOrDefault(nodeName, List.of()), "have the address " + nodeName)
          .orElseThrow(() -> noServer(nodeName, "has the address " + nodeName));
    }
    Optional<JsonObject> named = pick(nodeName, index.byName.getOrDefault(nodeName, List.of()), byName.ips());
    if (named.isPresent()) {
      return named.get();
    }
    for (String ip : byName.ips()) {
      Optional<JsonObject> byIp = single(nodeName, index.byIp.getOrDefault(ip, List.of()), "have the address " + ip);
      if (byIp.isPresent()) {
        return byIp.get();
      }
    }
    throw noServer(nodeName, describe(byName));
  }

  /** One of the servers named like the node; several are told apart by the node's addresses. */
  private static Optional<JsonObject> pick(String nodeName, List<JsonObject> named, List<String> nodeIps) {
    if (named.size() <= 1) {
      return named.stream().findFirst();
    }
    List<JsonObject> withIp = named.stream()
        .filter(s -> EcsClient.addressesOf(s).stream().anyMatch(nodeIps::contains)).toList();
    if (withIp.size() == 1) {
      return Optional.of(withIp.get(0));
    }
    throw new CloudProviderException("node " + nodeName + " has no spec.providerID and " + named.size()
        + " ECS servers are named " + nodeName + " (" + ids(named) + "); give kubelet"
        + " --provider-id=huaweicloud://<server-id>");
  }

  private static Optional<JsonObject> single(String nodeName, List<JsonObject> matches, String what) {
    if (matches.size() > 1) {
      throw new CloudProviderException("node " + nodeName + " has no spec.providerID and " + matches.size()
          + " ECS servers " + what + " (" + ids(matches) + "); give kubelet"
          + " --provider-id=huaweicloud://<server-id>");
    }
    return matches.stream().findFirst();
  }

  private Optional<InstanceMetadata> metadata(JsonObject server) {
    List<V1NodeAddress> addresses = addresses(server); // refuses a server without an id
    String id = EcsClient.idOf(server);
    if (addresses.isEmpty() && STATUS_BUILD.equalsIgnoreCase(Json.string(server, "status").orElse(""))) {
      // still being created: no addresses yet, so the cloud-node controller should come back later
      return Optional.empty();
    }
    return Optional.of(InstanceMetadata.builder()
        .providerId(HuaweiProviderIds.of(id))
        .instanceType(instanceType(server))
        .zone(Json.string(server, "OS-EXT-AZ:availability_zone").orElse(""))
        .region(region)
        .nodeAddresses(addresses)
        .build());
  }

  /** A server's node addresses by {@link HuaweiNodeAddresses}, from its interfaces (one ListServerInterfaces). */
  List<V1NodeAddress> addresses(JsonObject server) {
    String id = EcsClient.idOf(server);
    if (id.isEmpty()) {
      throw new CloudProviderException("ECS answered a server without an id");
    }
    Networking n = networking.get();
    return HuaweiNodeAddresses.of(server, ecs.interfaces(id), n.publicNetworkNames(), n.internalNetworkNames());
  }

  /** The flavor name, or its id when the name is empty (the original answered the empty name). */
  static String instanceType(JsonObject server) {
    return Json.string(server, "flavor", "name").filter(s -> !s.isEmpty())
        .or(() -> Json.string(server, "flavor", "id")).orElse("");
  }

  /** The non-loopback IPv4 addresses kubelet reported for the node, {@code --node-ip} first. */
  private static List<String> nodeIps(V1Node node) {
    Set<String> ips = new LinkedHashSet<>();
    Map<String, String> annotations = node.getMetadata() == null ? null : node.getMetadata().getAnnotations();
    String provided = annotations == null ? null : annotations.get(WellKnown.ANNOTATION_PROVIDED_NODE_IP);
    if (provided != null) {
      for (String part : provided.split(",")) {
        ips.add(part.strip());
      }
    }
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (V1NodeAddress a : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(a.getType()) && a.getAddress() != null) {
          ips.add(a.getAddress().strip());
        }
      }
    }
    ips.removeIf(ip -> !EcsClient.isIpv4(ip) || EcsClient.isLoopback(ip));
    return List.copyOf(ips);
  }

  private static String describe(ByName key) {
    return key.ips().isEmpty() ? "is named " + key.nodeName()
        : "is named " + key.nodeName() + " or has its address " + String.join(" or ", key.ips());
  }

  private static InstanceNotFoundException gone(String nodeName, String serverId) {
    return new InstanceNotFoundException("ECS server " + serverId + " of node " + nodeName + " does not exist");
  }

  private static InstanceNotFoundException noServer(String nodeName, String what) {
    return new InstanceNotFoundException("node " + nodeName + " has no spec.providerID and no ECS server " + what);
  }

  private static String ids(List<JsonObject> servers) {
    return String.join(", ", servers.stream().map(EcsClient::idOf).toList());
  }

  private static boolean isThrottled(RuntimeException error) {
    return CloudProviderException.findInChain(error, ThrottledException.class).isPresent();
  }

  private static void rethrowIfInterrupted(RuntimeException error) {
    if (Thread.currentThread().isInterrupted()) {
      throw error;
    }
  }

  private static String name(V1Node node) {
    return node.getMetadata() == null ? null : node.getMetadata().getName();
  }
}

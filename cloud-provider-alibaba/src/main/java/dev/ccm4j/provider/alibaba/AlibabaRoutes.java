package dev.ccm4j.provider.alibaba;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.vendor.client.CloudApiErrors;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.Page;
import dev.ccm4j.vendor.client.Paging;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes on VPC route tables: each node's pod CIDR is a custom route entry whose next hop is the node's ECS
 * instance.
 *
 * <p><b>Tables.</b> The cloud-config's {@code routeTableIDs}, or else the VPC's route table found with
 * {@code DescribeRouteTableList}; a VPC with several tables needs {@code routeTableIDs}, and the error says so
 * (kubernetes/cloud-provider-alibaba-cloud#77, #207). With several tables every table gets every route; a route is
 * listed once, and only when every table holds it, so the route controller re-creates it where it is missing.
 *
 * <p><b>Entries</b> count when they are {@code Custom}, have exactly one next hop, of type {@code Instance}, and are
 * not the default route {@code 0.0.0.0/0}, as upstream filters them. Entries still {@code Pending} are not listed,
 * so a route only counts once it carries traffic.
 *
 * <p><b>Node names.</b> The SPI names a route's target by node name, the cloud by instance ID, and on Alibaba the
 * two are unrelated. An instance is mapped to its Node from what the provider learnt in instance lookups and route
 * creation ({@link NodeIndex}), else from the Nodes' provider IDs read from the cluster, else (no client) to
 * {@code <region>.<instance-id>}, the node name ACK's install guide gives. A route whose next hop instance no longer
 * exists is a blackhole. The route's name is {@code <instance-id>:<destination-cidr>}, stable across lists and enough
 * to delete it.
 *
 * <p><b>Create</b> routes IPv4 pod CIDRs only, as upstream does; an IPv6 one is {@link NotImplementedException}.
 * It is idempotent: {@code InvalidCIDRBlock.Duplicate} is success when the existing entry points at the
 * same instance, and a clear error otherwise. A new entry is waited for only briefly; while it is still
 * {@code Pending}, or another route operation holds the table, the call ends with {@link RetryAfterException}
 * instead of blocking a worker. Creates and deletes of one provider run one at a time, as a route table takes
 * them. <b>Delete</b> removes only entries to the route's instance;
 * {@code InvalidRouteEntry.NotFound} is success. The {@code alicloud://} prefix is stripped from provider IDs
 * (kubernetes/cloud-provider-alibaba-cloud#298).
 */
public final class AlibabaRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(AlibabaRoutes.class);

  static final String DUPLICATE = "InvalidCIDRBlock.Duplicate";
  static final String NOT_FOUND = "InvalidRouteEntry.NotFound";
  static final String STATUS_PENDING = "Pending";
  static final String STATUS_AVAILABLE = "Available";
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(250);
  /** How long a change waits for the ones before it; below the core's default 30 s cloud call timeout. */
  private static final Duration WRITE_QUEUE_WAIT = Duration.ofSeconds(20);
  private static final int ENTRY_PAGE = 500;
  private static final int TABLE_PAGE = 50;
  private static final String DEFAULT_ROUTE = "0.0.0.0/0";

  private final Supplier<AlibabaApi> api;
  private final AlibabaInstances instances;
  private final Supplier<String> region;
  private final Supplier<String> vpcId;
  private final List<String> configuredTables;
  private final NodeIndex index;
  private final Duration availableWait;
  private final ReentrantLock writes = new ReentrantLock(true);
  private volatile List<String> discoveredTables;

  /**
   * Creates the capability.
   *
   * @param api the signed client, created on first use
   * @param instances the instance lookups, to find a node's instance by IP and to check next hops exist
   * @param region the cluster's region, read on first use
   * @param vpcId the cluster's VPC, to discover its route table; read on first use
   * @param routeTableIds the configured {@code routeTableIDs}; empty to discover
   * @param index which node runs on which instance
   * @param availableWait how long a create waits for a new entry to become available before asking for a retry
   */
  AlibabaRoutes(Supplier<AlibabaApi> api, AlibabaInstances instances, Supplier<String> region,
      Supplier<String> vpcId, List<String> routeTableIds, NodeIndex index, Duration availableWait) {
    this.api = Objects.requireNonNull(api, "api");
    this.instances = Objects.requireNonNull(instances, "instances");
    this.region = Objects.requireNonNull(region, "region");
    this.vpcId = Objects.requireNonNull(vpcId, "vpcId");
    this.configuredTables = routeTableIds.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    this.index = Objects.requireNonNull(index, "index");
    this.availableWait = Objects.requireNonNull(availableWait, "availableWait");
  }

  /** A route entry as the cloud holds it, reduced to what routes need. */
  record Entry(String table, String id, String cidr, String instanceId, String status) {
    boolean ready() {
      return !STATUS_PENDING.equalsIgnoreCase(status) && !"Deleting".equalsIgnoreCase(status);
    }
  }

  /** A destination and next hop, over every table. */
  private record Key(String cidr, String instanceId) {}

  @Override
  public List<Route> listRoutes(String clusterName) {
    List<String> tables = tables();
    Map<Key, Set<String>> readyIn = new LinkedHashMap<>();
    Map<Key, Set<String>> seenIn = new LinkedHashMap<>();
    for (String table : tables) {
      for (Entry e : entries(table, Optional.empty())) {
        Key key = new Key(e.cidr(), e.instanceId());
        seenIn.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(table);
        if (e.ready()) {
          readyIn.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(table);
        }
      }
    }
    if (seenIn.isEmpty()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    seenIn.keySet().forEach(k -> ids.add(k.instanceId()));
    Set<String> existing = instances.existingInstanceIds(region.get(), List.copyOf(ids));
    Map<String, String> names = nodeNames(ids);

    List<Route> routes = new ArrayList<>();
    for (Key key : seenIn.keySet()) {
      boolean complete = readyIn.getOrDefault(key, Set.of()).size() == tables.size();
      boolean alive = existing.contains(key.instanceId());
      boolean knownNode = index.nodeName(key.instanceId()).isPresent();
      if (!complete && alive && knownNode) {
        // the route controller creates it again, which fills the missing tables or waits for a pending entry
        LOG.debug("not listing route {} -> {}: not yet available in every route table", key.cidr(),
            key.instanceId());
        continue;
      }
      routes.add(Route.builder()
          .name(routeName(key.instanceId(), key.cidr()))
          .targetNode(alive ? names.get(key.instanceId()) : index.nodeName(key.instanceId()).orElse(""))
          .destinationCidr(key.cidr())
          .blackhole(!alive)
          .build());
    }
    return routes;
  }

  @Override
  public void createRoute(String clusterName, String nameHint, Route route) {
    String cidr = route.destinationCidr();
    if (cidr.indexOf(':') >= 0) {
      // upstream's route controller routes only a node's first IPv4 pod CIDR; say so instead of failing in the cloud
      throw new NotImplementedException("IPv6 pod routes (" + cidr + ") on Alibaba Cloud VPC route tables");
    }
    String instanceId = instanceFor(route);
    index.record(route.targetNode(), instanceId);
    List<String> tables = tables();
    serialized("create route " + cidr + " -> " + instanceId, () -> {
      for (String table : tables) {
        ensureEntry(table, cidr, instanceId, route.targetNode());
      }
      awaitAvailable(tables, cidr, instanceId, route.targetNode());
    });
  }

  @Override
  public void deleteRoute(String clusterName, Route route) {
    String cidr = route.destinationCidr();
    Optional<String> instanceId = instanceFromName(route).or(() -> route.targetNode().isEmpty() ? Optional.empty()
        : Optional.of(instanceFor(route)));
    if (instanceId.isEmpty()) {
      throw new CloudProviderException("cannot delete route " + route.name() + " to " + cidr
          + ": it names no ECS instance and no target node");
    }
    List<String> tables = tables();
    serialized("delete route " + cidr + " -> " + instanceId.get(), () -> {
      for (String table : tables) {
        for (Entry e : entries(table, Optional.of(cidr))) {
          if (e.instanceId().equals(instanceId.get()) && !"Deleting".equalsIgnoreCase(e.status())) {
            deleteEntry(e);
          }
        }
      }
    });
  }

  /**
   * Runs one route change at a time. A VPC route table takes one change at a time (a second one while an entry is
   * pending is refused with {@code OperationConflict}, as upstream's global route mutex acknowledges), and the
   * route controller sends changes in parallel; queueing them here turns a burst of refusals and retries
   * (kubernetes/kubernetes#60292) into a steady sequence. A change that waited too long is handed back to the
   * controller's retry.
   */
  private void serialized(String what, Runnable change) {
    try {
      if (!writes.tryLock(WRITE_QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new RetryAfterException("other route changes of this provider are still in progress; will " + what
            + " later", RETRY_AFTER);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudProviderException("interrupted while waiting to " + what, e);
    }
    try {
      change.run();
    } finally {
      writes.unlock();
    }
  }

  /** The route's name: its next hop instance and destination, which is all a delete needs. */
  static String routeName(String instanceId, String cidr) {
    return instanceId + ":" + cidr;
  }

  private static Optional<String> instanceFromName(Route route) {
    String name = route.name();
    int colon = name.indexOf(':');
    if (colon > 0 && name.substring(colon + 1).equals(route.destinationCidr())) {
      return Optional.of(name.substring(0, colon));
    }
    return Optional.empty();
  }

  /**
   * The instance a route's target node runs on: as learnt, from the Node's provider ID in the cluster, from a
   * node name that is itself a provider ID, or by the node's InternalIP.
   */
  private String instanceFor(Route route) {
    String node = route.targetNode();
    if (!node.isEmpty()) {
      Optional<String> known = index.instanceId(node).or(() -> index.instanceIdFromCluster(node));
      if (known.isPresent()) {
        return known.get();
      }
      Optional<AlibabaProviderIds.Id> named = AlibabaProviderIds.tryParse(node)
          .filter(id -> id.instanceId().startsWith("i-"));
      if (named.isPresent()) {
        return named.get().instanceId();
      }
    }
    List<V1NodeAddress> addresses = route.targetNodeAddresses();
    if (addresses.isEmpty()) {
      throw new CloudProviderException("cannot route " + route.destinationCidr() + " to node " + node
          + ": its ECS instance is unknown (no provider ID seen for it and no addresses to look it up by)");
    }
    return instances.instanceIdByAddresses(node, addresses);
  }

  private Map<String, String> nodeNames(Set<String> instanceIds) {
    if (instanceIds.stream().anyMatch(id -> index.nodeName(id).isEmpty())) {
      index.refreshFromCluster();
    }
    Map<String, String> names = new LinkedHashMap<>();
    String r = region.get();
    for (String id : instanceIds) {
      names.put(id, index.nodeName(id).orElseGet(() -> AlibabaProviderIds.format(r, id)));
    }
    return names;
  }

  /** Creates the entry in one table, or accepts the one already there if it points at the same instance. */
  private void ensureEntry(String table, String cidr, String instanceId, String node) {
    try {
      api.get().call(Product.VPC, "CreateRouteEntry", RpcParams.create()
          .put("RegionId", region.get())
          .put("RouteTableId", table)
          .put("DestinationCidrBlock", cidr)
          .put("NextHopType", "Instance")
          .put("NextHopId", instanceId));
      LOG.info("created route entry {} -> {} (node {}) in route table {}", cidr, instanceId, node, table);
    } catch (RuntimeException e) {
      String code = CloudApiErrors.code(e).orElse("");
      if (DUPLICATE.equals(code)) {
        List<Entry> existing = entries(table, Optional.of(cidr));
        if (existing.stream().anyMatch(x -> x.instanceId().equals(instanceId))) {
          return;
        }
        throw new CloudProviderException("route table " + table + " already routes " + cidr + " to "
            + (existing.isEmpty() ? "another next hop" : existing.stream().map(Entry::instanceId).distinct()
                .toList().toString()) + ", not to instance " + instanceId + " of node " + node
            + "; delete that route entry or change the node's pod CIDR", e);
      }
      if (isConflict(code)) {
        throw new RetryAfterException("route table " + table + " is busy with another route operation (" + code
            + "); creating " + cidr + " -> " + instanceId + " again", RETRY_AFTER, e);
      }
      throw e;
    }
  }

  private void deleteEntry(Entry e) {
    try {
      api.get().call(Product.VPC, "DeleteRouteEntry", RpcParams.create()
          .put("RegionId", region.get())
          .put("RouteTableId", e.table())
          .put("DestinationCidrBlock", e.cidr())
          .put("NextHopId", e.instanceId()));
      LOG.info("deleted route entry {} -> {} from route table {}", e.cidr(), e.instanceId(), e.table());
    } catch (RuntimeException error) {
      String code = CloudApiErrors.code(error).orElse("");
      if (NOT_FOUND.equals(code)) {
        return;
      }
      if (isConflict(code)) {
        throw new RetryAfterException("route table " + e.table() + " is busy with another route operation ("
            + code + "); deleting " + e.cidr() + " -> " + e.instanceId() + " again", RETRY_AFTER, error);
      }
      throw error;
    }
  }

  /** Waits briefly for the entries to become available, then hands the wait to the controller's retry. */
  private void awaitAvailable(List<String> tables, String cidr, String instanceId, String node) {
    long deadline = System.nanoTime() + availableWait.toNanos();
    while (true) {
      List<String> pending = new ArrayList<>();
      for (String table : tables) {
        boolean ready = entries(table, Optional.of(cidr)).stream()
            .anyMatch(e -> e.instanceId().equals(instanceId) && e.ready());
        if (!ready) {
          pending.add(table);
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new RetryAfterException("route " + cidr + " -> " + instanceId + " (node " + node
            + ") is not available yet in route table(s) " + String.join(", ", pending), RETRY_AFTER);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudProviderException("interrupted while waiting for route " + cidr + " to become available", e);
      }
    }
  }

  /** Codes Alibaba answers while another operation holds the route table or the entry. */
  static boolean isConflict(String code) {
    return code.contains("Conflict") || code.startsWith("IncorrectStatus")
        || code.equals("IncorrectRouteEntryStatus") || code.equals("IncorrectVpcStatus");
  }

  /** The route tables routes go to: configured, or the VPC's only one. */
  List<String> tables() {
    if (!configuredTables.isEmpty()) {
      return configuredTables;
    }
    List<String> found = discoveredTables;
    if (found != null) {
      return found;
    }
    String vpc = vpcId.get();
    if (vpc.isEmpty()) {
      throw new CloudProviderException("cannot find the route table: no VPC is known (set vpcid or routeTableIDs"
          + " in the cloud-config)");
    }
    List<String> ids = Paging.byNumber(page -> {
      JsonObject response = api.get().call(Product.VPC, "DescribeRouteTableList", RpcParams.create()
          .put("RegionId", region.get())
          .put("VpcId", vpc)
          .put("PageNumber", page)
          .put("PageSize", TABLE_PAGE));
      List<String> tables = new ArrayList<>();
      for (JsonObject t : Json.objects(response, "RouterTableList", "RouterTableListType")) {
        Json.string(t, "RouteTableId").ifPresent(tables::add);
      }
      long total = Json.number(response, "TotalCount").orElse(0L);
      return tables.isEmpty() ? Page.last(tables) : Page.numbered(tables, page, TABLE_PAGE, total);
    });
    List<String> distinct = ids.stream().distinct().toList();
    if (distinct.size() != 1) {
      throw new CloudProviderException("VPC " + vpc + " has " + (distinct.isEmpty() ? "no route table"
          : distinct.size() + " route tables " + distinct) + "; name the ones for pod routes in the cloud-config key"
          + " routeTableIDs (comma-separated)");
    }
    discoveredTables = distinct;
    return distinct;
  }

  /** The entries of a table that are pod routes, optionally for one destination only. */
  List<Entry> entries(String table, Optional<String> cidr) {
    List<JsonObject> raw = Paging.byToken(token -> {
      RpcParams params = RpcParams.create()
          .put("RegionId", region.get())
          .put("RouteTableId", table)
          .put("RouteEntryType", "Custom")
          .put("NextHopType", "Instance")
          .put("MaxResult", ENTRY_PAGE);
      cidr.ifPresent(c -> params.put("DestinationCidrBlock", c));
      token.ifPresent(t -> params.put("NextToken", t));
      JsonObject response = api.get().call(Product.VPC, "DescribeRouteEntryList", params);
      return Page.of(Json.objects(response, "RouteEntrys", "RouteEntry"),
          Json.string(response, "NextToken").filter(t -> !t.isEmpty()));
    });
    List<Entry> entries = new ArrayList<>();
    for (JsonObject e : raw) {
      String destination = Json.string(e, "DestinationCidrBlock").orElse("");
      if (!"Custom".equalsIgnoreCase(Json.string(e, "Type").orElse("Custom")) || destination.isEmpty()
          || DEFAULT_ROUTE.equals(destination) || (cidr.isPresent() && !cidr.get().equals(destination))) {
        continue;
      }
      List<JsonObject> hops = Json.objects(e, "NextHops", "NextHop");
      String hopType;
      String hopId;
      if (hops.isEmpty()) {
        hopType = Json.string(e, "NextHopType").orElse("");
        hopId = Json.string(e, "InstanceId").or(() -> Json.string(e, "NextHopId")).orElse("");
      } else if (hops.size() == 1) {
        hopType = Json.string(hops.get(0), "NextHopType").orElse("");
        hopId = Json.string(hops.get(0), "NextHopId").orElse("");
      } else {
        continue;
      }
      if (!"Instance".equalsIgnoreCase(hopType) || hopId.isEmpty()) {
        continue;
      }
      entries.add(new Entry(table, Json.string(e, "RouteEntryId").orElse(""), destination, hopId,
          Json.string(e, "Status").orElse(STATUS_AVAILABLE)));
    }
    return entries;
  }
}

package dev.ccm4j.provider.alibaba;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.Page;
import dev.ccm4j.vendor.client.Paging;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InstancesV2 on ECS {@code DescribeInstances}.
 *
 * <p>A Node is looked up by {@code spec.providerID} ({@code <region>.<instance-id>}, see {@link AlibabaProviderIds}),
 * or, while it has none, by its single InternalIP within the cluster's VPC, restricted to instances carrying the
 * cluster tag ({@code kubernetesClusterTag}, default {@code ack.aliyun.com}) as upstream does. Unlike upstream this
 * works for nodes whose kubelet got no {@code --provider-id} (kubernetes/cloud-provider-alibaba-cloud#278), and a
 * node with several InternalIPs, or an IP that matches none or several instances, is a clear failure rather than
 * "not found": the lifecycle controller deletes Nodes on "not found" alone.
 *
 * <p>The batch lookup groups nodes by region and asks for up to {@value #BATCH} instance IDs per call (IPs alike),
 * so a periodic refresh of thousands of nodes costs a few dozen calls.
 */
public final class AlibabaInstances implements InstancesV2 {
  private static final Logger LOG = LoggerFactory.getLogger(AlibabaInstances.class);

  /** Instance IDs (or IPs) per {@code DescribeInstances} call, the API's maximum. */
  static final int BATCH = 100;
  /** Default tag key that marks a cluster's instances, used when the cloud-config sets none. */
  public static final String DEFAULT_CLUSTER_TAG = "ack.aliyun.com";
  /** Label with the instance's charge type ({@code PostPaid}, {@code PrePaid}). */
  public static final String LABEL_CHARGE_TYPE = "node.alibabacloud.com/instance-charge-type";
  /** Label with the instance's spot strategy ({@code NoSpot}, {@code SpotAsPriceGo}, ...). */
  public static final String LABEL_SPOT_STRATEGY = "node.alibabacloud.com/spot-strategy";
  /** Label with the ACK node pool, copied from the instance tag {@value #TAG_NODEPOOL}. */
  public static final String LABEL_NODEPOOL = "node.alibabacloud.com/nodepool-id";
  /** The instance tag ACK puts the node pool ID in. */
  public static final String TAG_NODEPOOL = "ack.alibabacloud.com/nodepool-id";
  /** ECS status of a shut-down (not released) instance. */
  static final String STATUS_STOPPED = "Stopped";

  private static final String INTERNAL_IP = "InternalIP";
  private static final String EXTERNAL_IP = "ExternalIP";
  private static final String HOSTNAME = "Hostname";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private final Supplier<AlibabaApi> api;
  private final Supplier<String> region;
  private final Supplier<String> vpcId;
  private final String clusterTag;
  private final boolean dualStack;
  private final NodeIndex index;

  /**
   * Creates the capability.
   *
   * @param api the signed client, created on first use
   * @param region the cluster's region, for nodes looked up by IP; read on first use (after initialization)
   * @param vpcId the cluster's VPC, for nodes looked up by IP; empty to not restrict by VPC
   * @param clusterTag the tag key instances of this cluster carry; empty for {@value #DEFAULT_CLUSTER_TAG}
   * @param dualStack whether to report the primary ENI's IPv6 addresses (feature gate {@code IPv6DualStack})
   * @param index learns which node runs on which instance, for routes
   */
  AlibabaInstances(Supplier<AlibabaApi> api, Supplier<String> region, Supplier<String> vpcId, String clusterTag,
      boolean dualStack, NodeIndex index) {
    this.api = Objects.requireNonNull(api, "api");
    this.region = Objects.requireNonNull(region, "region");
    this.vpcId = Objects.requireNonNull(vpcId, "vpcId");
    this.clusterTag = clusterTag == null || clusterTag.isBlank() ? DEFAULT_CLUSTER_TAG : clusterTag.strip();
    this.dualStack = dualStack;
    this.index = Objects.requireNonNull(index, "index");
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
    return STATUS_STOPPED.equals(Json.string(find(node).json(), "Status").orElse(""));
  }

  @Override
  public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
    Found found = find(node);
    return Optional.of(metadata(node, found));
  }

  @Override
  public Map<String, MetadataLookup> instanceMetadata(List<V1Node> nodes) {
    Map<String, Outcome> outcomes = resolve(nodes);
    Map<String, MetadataLookup> results = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      String name = name(node);
      Outcome outcome = outcomes.get(name);
      if (outcome.error() != null) {
        results.put(name, MetadataLookup.failed(outcome.error()));
        continue;
      }
      try {
        results.put(name, MetadataLookup.found(metadata(node, outcome.found())));
      } catch (RuntimeException e) {
        results.put(name, MetadataLookup.failed(e));
      }
    }
    return results;
  }

  /**
   * Which of the given instances exist, for routes' blackhole flags. Any failed call fails the whole answer, so
   * a route is never reported a blackhole because a call failed.
   *
   * @param regionId the region to look in
   * @param instanceIds the instance IDs
   * @return the IDs DescribeInstances returned
   */
  Set<String> existingInstanceIds(String regionId, List<String> instanceIds) {
    Set<String> existing = new LinkedHashSet<>();
    for (List<String> chunk : chunks(List.copyOf(new LinkedHashSet<>(instanceIds)))) {
      for (JsonObject instance : describeByIds(regionId, chunk)) {
        Json.string(instance, "InstanceId").ifPresent(existing::add);
      }
    }
    return existing;
  }

  /**
   * The instance a node with these addresses runs on, found by its single IPv4 InternalIP as for a node without a
   * provider ID.
   *
   * @param nodeName the node, for messages and the node index
   * @param addresses the node's addresses
   * @return the instance ID
   * @throws CloudProviderException if no single instance has the address
   */
  String instanceIdByAddresses(String nodeName, List<V1NodeAddress> addresses) {
    V1Node node = new V1Node().metadata(new V1ObjectMeta().name(nodeName))
        .status(new V1NodeStatus().addresses(new ArrayList<>(addresses)));
    return find(node).instanceId();
  }

  /** One instance, as DescribeInstances returned it, and the region it was asked for in. */
  record Found(JsonObject json, String region) {
    String instanceId() {
      return Json.string(json, "InstanceId").orElse("");
    }
  }

  /** The instance found for a node, or why none was. */
  private record Outcome(Found found, RuntimeException error) {}

  private Found find(V1Node node) {
    Outcome outcome = resolve(List.of(node)).get(name(node));
    if (outcome.error() != null) {
      throw outcome.error();
    }
    return outcome.found();
  }

  /**
   * Finds the instance of every node with as few calls as possible. Each node gets an outcome; a failed call
   * fails only the nodes it was asked about.
   */
  private Map<String, Outcome> resolve(List<V1Node> nodes) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    Map<String, AlibabaProviderIds.Id> byId = new LinkedHashMap<>();
    Map<String, String> byIp = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      String name = name(node);
      String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
      try {
        if (providerId != null && !providerId.isEmpty()) {
          byId.put(name, parseProviderId(name, providerId));
        } else {
          byIp.put(name, lookupIp(node));
        }
      } catch (RuntimeException e) {
        outcomes.put(name, new Outcome(null, e));
      }
    }
    resolveByIds(byId, outcomes);
    resolveByIps(byIp, outcomes);
    outcomes.forEach((name, outcome) -> {
      if (outcome.found() != null) {
        index.record(name, outcome.found().instanceId());
      }
    });
    return outcomes;
  }

  private static AlibabaProviderIds.Id parseProviderId(String node, String providerId) {
    try {
      return AlibabaProviderIds.parse(providerId);
    } catch (IllegalArgumentException e) {
      throw new CloudProviderException("node " + node + ": " + e.getMessage());
    }
  }

  private void resolveByIds(Map<String, AlibabaProviderIds.Id> byId, Map<String, Outcome> outcomes) {
    Map<String, Set<String>> idsByRegion = new LinkedHashMap<>();
    byId.values().forEach(id -> idsByRegion.computeIfAbsent(id.region(), r -> new LinkedHashSet<>())
        .add(id.instanceId()));
    Map<String, Map<String, JsonObject>> foundByRegion = new LinkedHashMap<>();
    Map<String, RuntimeException> failedIds = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> e : idsByRegion.entrySet()) {
      Map<String, JsonObject> found = foundByRegion.computeIfAbsent(e.getKey(), r -> new LinkedHashMap<>());
      for (List<String> chunk : chunks(List.copyOf(e.getValue()))) {
        try {
          for (JsonObject instance : describeByIds(e.getKey(), chunk)) {
            Json.string(instance, "InstanceId").ifPresent(id -> found.put(id, instance));
          }
        } catch (RuntimeException error) {
          rethrowIfInterrupted(error);
          chunk.forEach(id -> failedIds.put(e.getKey() + "." + id, error));
        }
      }
    }
    for (Map.Entry<String, AlibabaProviderIds.Id> e : byId.entrySet()) {
      AlibabaProviderIds.Id id = e.getValue();
      RuntimeException failed = failedIds.get(id.toString());
      JsonObject instance = foundByRegion.get(id.region()).get(id.instanceId());
      if (failed != null) {
        outcomes.put(e.getKey(), new Outcome(null, failed));
      } else if (instance == null) {
        // a successful answer without the instance: released (ECS forgets released instances)
        outcomes.put(e.getKey(), new Outcome(null, new InstanceNotFoundException("ECS instance " + id.instanceId()
            + " of node " + e.getKey() + " does not exist in region " + id.region())));
      } else {
        outcomes.put(e.getKey(), new Outcome(new Found(instance, id.region()), null));
      }
    }
  }

  private void resolveByIps(Map<String, String> byIp, Map<String, Outcome> outcomes) {
    if (byIp.isEmpty()) {
      return;
    }
    String r;
    String vpc;
    try {
      r = region.get();
      vpc = vpcId.get();
    } catch (RuntimeException e) {
      // without the region or VPC (metadata service down) only the nodes looked up by IP fail
      rethrowIfInterrupted(e);
      byIp.keySet().forEach(node -> outcomes.put(node, new Outcome(null, e)));
      return;
    }
    Map<String, List<JsonObject>> instancesByIp = new LinkedHashMap<>();
    Map<String, RuntimeException> failedIps = new LinkedHashMap<>();
    for (List<String> chunk : chunks(List.copyOf(new LinkedHashSet<>(byIp.values())))) {
      try {
        for (JsonObject instance : describeByIps(r, vpc, chunk)) {
          for (String ip : privateIps(instance)) {
            instancesByIp.computeIfAbsent(ip, k -> new ArrayList<>()).add(instance);
          }
        }
      } catch (RuntimeException error) {
        rethrowIfInterrupted(error);
        chunk.forEach(ip -> failedIps.put(ip, error));
      }
    }
    String where = (vpc.isEmpty() ? "" : " in VPC " + vpc) + " tagged " + clusterTag;
    for (Map.Entry<String, String> e : byIp.entrySet()) {
      String node = e.getKey();
      String ip = e.getValue();
      List<JsonObject> matches = instancesByIp.getOrDefault(ip, List.of());
      if (failedIps.containsKey(ip)) {
        outcomes.put(node, new Outcome(null, failedIps.get(ip)));
      } else if (matches.size() == 1) {
        outcomes.put(node, new Outcome(new Found(matches.get(0), r), null));
      } else if (matches.isEmpty()) {
        outcomes.put(node, new Outcome(null, new CloudProviderException("node " + node
            + " has no spec.providerID and no ECS instance" + where + " has its InternalIP " + ip
            + " in region " + r + "; give kubelet --provider-id=<region>.<instance-id>, or tag the instance with "
            + clusterTag + " (cloud-config kubernetesClusterTag)")));
      } else {
        outcomes.put(node, new Outcome(null, new CloudProviderException("node " + node
            + " has no spec.providerID and its InternalIP " + ip + " matches " + matches.size()
            + " ECS instances" + where + " (" + String.join(", ", matches.stream()
                .map(m -> Json.string(m, "InstanceId").orElse("?")).toList())
            + "); give kubelet --provider-id=<region>.<instance-id>")));
      }
    }
  }

  /** The one IPv4 InternalIP a node without a provider ID is looked up by. */
  private static String lookupIp(V1Node node) {
    Set<String> ips = new LinkedHashSet<>();
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (V1NodeAddress a : node.getStatus().getAddresses()) {
        if (INTERNAL_IP.equals(a.getType()) && a.getAddress() != null && isIpv4(a.getAddress())) {
          ips.add(a.getAddress());
        }
      }
    }
    if (ips.isEmpty()) {
      // kubelet publishes --node-ip here before the cloud-node controller sets any address
      providedNodeIps(node).stream().filter(AlibabaInstances::isIpv4).forEach(ips::add);
    }
    if (ips.isEmpty()) {
      throw new CloudProviderException("node " + name(node) + " has no spec.providerID and no IPv4 InternalIP to"
          + " find its ECS instance by; give kubelet --provider-id=<region>.<instance-id>");
    }
    if (ips.size() > 1) {
      throw new CloudProviderException("node " + name(node) + " has no spec.providerID and several IPv4"
          + " InternalIPs " + ips + ", so its ECS instance cannot be told by IP; give kubelet"
          + " --provider-id=<region>.<instance-id>");
    }
    return ips.iterator().next();
  }

  private List<JsonObject> describeByIds(String regionId, List<String> ids) {
    return Paging.byToken(token -> {
      RpcParams params = RpcParams.create()
          .put("RegionId", regionId)
          .putJson("InstanceIds", ids)
          .put("MaxResults", BATCH)
          .putList("AdditionalAttributes", List.of("NETWORK_PRIMARY_ENI_IP"));
      token.ifPresent(t -> params.put("NextToken", t));
      return page(api.get().call(Product.ECS, "DescribeInstances", params));
    });
  }

  private List<JsonObject> describeByIps(String regionId, String vpc, List<String> ips) {
    return Paging.byToken(token -> {
      RpcParams params = RpcParams.create()
          .put("RegionId", regionId)
          .put("InstanceNetworkType", "vpc")
          .putJson("PrivateIpAddresses", ips)
          .put("MaxResults", BATCH)
          .putObjects("Tag", List.of(Map.of("Key", clusterTag)))
          .putList("AdditionalAttributes", List.of("NETWORK_PRIMARY_ENI_IP"));
      if (!vpc.isEmpty()) {
        params.put("VpcId", vpc);
      }
      token.ifPresent(t -> params.put("NextToken", t));
      return page(api.get().call(Product.ECS, "DescribeInstances", params));
    });
  }

  private static Page<JsonObject> page(JsonObject response) {
    Optional<String> next = Json.string(response, "NextToken").filter(t -> !t.isEmpty());
    return Page.of(Json.objects(response, "Instances", "Instance"), next);
  }

  /** Every private IPv4 an instance answers on, to match nodes by. */
  private static Set<String> privateIps(JsonObject instance) {
    Set<String> ips = new LinkedHashSet<>();
    ips.addAll(Json.strings(instance, "VpcAttributes", "PrivateIpAddress", "IpAddress"));
    ips.addAll(Json.strings(instance, "InnerIpAddress", "IpAddress"));
    for (JsonObject eni : Json.objects(instance, "NetworkInterfaces", "NetworkInterface")) {
      Json.string(eni, "PrimaryIpAddress").ifPresent(ips::add);
    }
    return ips;
  }

  /**
   * The metadata of a found instance for a node: provider ID, addresses in upstream's order, type, zone, region
   * and the Alibaba labels.
   */
  private InstanceMetadata metadata(V1Node node, Found found) {
    JsonObject instance = found.json();
    String instanceId = found.instanceId();
    String regionId = Json.string(instance, "RegionId").filter(s -> !s.isEmpty()).orElse(found.region());
    InstanceMetadata.Builder b = InstanceMetadata.builder()
        .providerId(AlibabaProviderIds.format(regionId, instanceId))
        .instanceType(Json.string(instance, "InstanceType").orElse(""))
        .zone(Json.string(instance, "ZoneId").orElse(""))
        .region(regionId)
        .nodeAddresses(addresses(node, instance, dualStack));
    label(b, LABEL_CHARGE_TYPE, Json.string(instance, "InstanceChargeType"));
    label(b, LABEL_SPOT_STRATEGY, Json.string(instance, "SpotStrategy"));
    label(b, LABEL_NODEPOOL, tag(instance, TAG_NODEPOOL));
    return b.build();
  }

  private static void label(InstanceMetadata.Builder b, String key, Optional<String> value) {
    value.filter(v -> !v.isEmpty()).ifPresent(v -> {
      if (LABEL_VALUE.matcher(v).matches()) {
        b.additionalLabel(key, v);
      } else {
        LOG.debug("not labelling {}: value {} is not a valid label value", key, v);
      }
    });
  }

  private static Optional<String> tag(JsonObject instance, String key) {
    for (JsonObject t : Json.objects(instance, "Tags", "Tag")) {
      if (key.equals(Json.string(t, "TagKey").orElse(""))) {
        return Json.string(t, "TagValue");
      }
    }
    return Optional.empty();
  }

  /**
   * A node's addresses as upstream's {@code findAddress} orders them: public IPs, the EIP, inner IPs and VPC
   * private IPs, then (dual-stack only) the primary ENI's IPv6 addresses; then kubelet's Hostname address when the
   * node has one. When kubelet was given {@code --node-ip} ({@value WellKnown#ANNOTATION_PROVIDED_NODE_IP}), those
   * IPs lead and the instance's other InternalIPs of the same family are dropped; an IP the instance does not have
   * is an error naming the annotation.
   *
   * @param node the node, for its Hostname address and annotation
   * @param instance the instance as DescribeInstances returned it
   * @param dualStack whether IPv6 addresses are reported
   * @return the addresses, without duplicates
   * @throws CloudProviderException if the provided node IP is not the instance's
   */
  static List<V1NodeAddress> addresses(V1Node node, JsonObject instance, boolean dualStack) {
    Map<String, V1NodeAddress> out = new LinkedHashMap<>();
    Json.strings(instance, "PublicIpAddress", "IpAddress").forEach(ip -> add(out, EXTERNAL_IP, ip));
    Json.string(instance, "EipAddress", "IpAddress").ifPresent(ip -> add(out, EXTERNAL_IP, ip));
    Json.strings(instance, "InnerIpAddress", "IpAddress").forEach(ip -> add(out, INTERNAL_IP, ip));
    Json.strings(instance, "VpcAttributes", "PrivateIpAddress", "IpAddress").forEach(ip -> add(out, INTERNAL_IP, ip));
    if (dualStack) {
      for (JsonObject eni : Json.objects(instance, "NetworkInterfaces", "NetworkInterface")) {
        if ("Primary".equalsIgnoreCase(Json.string(eni, "Type").orElse(""))) {
          for (JsonObject v6 : Json.objects(eni, "Ipv6Sets", "Ipv6Set")) {
            Json.string(v6, "Ipv6Address").ifPresent(ip -> add(out, INTERNAL_IP, ip));
          }
        }
      }
    }
    List<V1NodeAddress> addresses = new ArrayList<>(out.values());
    List<String> provided = providedNodeIps(node);
    if (!provided.isEmpty()) {
      addresses = preferProvided(name(node), addresses, provided);
    }
    if (addresses.stream().noneMatch(a -> HOSTNAME.equals(a.getType())) && node.getStatus() != null
        && node.getStatus().getAddresses() != null) {
      for (V1NodeAddress a : node.getStatus().getAddresses()) {
        if (HOSTNAME.equals(a.getType()) && a.getAddress() != null && !a.getAddress().isEmpty()) {
          addresses.add(new V1NodeAddress().type(HOSTNAME).address(a.getAddress()));
          break;
        }
      }
    }
    return addresses;
  }

  private static List<V1NodeAddress> preferProvided(String node, List<V1NodeAddress> cloud, List<String> provided) {
    List<V1NodeAddress> first = new ArrayList<>();
    Set<Boolean> families = new LinkedHashSet<>();
    for (String ip : provided) {
      if (cloud.stream().noneMatch(a -> a.getAddress().equals(ip))) {
        throw new CloudProviderException("node " + node + ": annotation " + WellKnown.ANNOTATION_PROVIDED_NODE_IP
            + " names " + ip + ", which is not an address of its ECS instance (it has " + cloud.stream()
                .map(V1NodeAddress::getAddress).toList() + ")");
      }
      first.add(new V1NodeAddress().type(INTERNAL_IP).address(ip));
      families.add(isIpv4(ip));
    }
    List<V1NodeAddress> out = new ArrayList<>(first);
    for (V1NodeAddress a : cloud) {
      boolean sameFamilyInternal = INTERNAL_IP.equals(a.getType()) && families.contains(isIpv4(a.getAddress()));
      if (!sameFamilyInternal && !provided.contains(a.getAddress())) {
        out.add(a);
      }
    }
    return out;
  }

  private static List<String> providedNodeIps(V1Node node) {
    Map<String, String> annotations = node.getMetadata() == null ? null : node.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(WellKnown.ANNOTATION_PROVIDED_NODE_IP);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> ips = new ArrayList<>();
    for (String part : value.split(",")) {
      String ip = part.strip();
      if (!ip.isEmpty() && !isIp(ip)) {
        throw new CloudProviderException("node " + name(node) + ": annotation "
            + WellKnown.ANNOTATION_PROVIDED_NODE_IP + " holds \"" + ip + "\", which is not an IP address");
      }
      if (!ip.isEmpty()) {
        ips.add(ip);
      }
    }
    return ips;
  }

  private static void add(Map<String, V1NodeAddress> out, String type, String ip) {
    if (ip != null && !ip.isBlank()) {
      out.putIfAbsent(type + "/" + ip.strip(), new V1NodeAddress().type(type).address(ip.strip()));
    }
  }

  private static boolean isIpv4(String ip) {
    if (!IPV4.matcher(ip).matches()) {
      return false;
    }
    for (String part : ip.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIp(String value) {
    if (isIpv4(value)) {
      return true;
    }
    if (value.indexOf(':') < 0 || !IPV6_CHARS.matcher(value).matches()) {
      return false;
    }
    try {
      // an IPv6 literal: with a colon and only hex digits, dots and colons, no name is ever resolved
      InetAddress.getByName(value);
      return true;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      chunks.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return chunks;
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

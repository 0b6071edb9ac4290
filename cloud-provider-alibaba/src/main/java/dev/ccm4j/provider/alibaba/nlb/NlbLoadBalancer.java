package dev.ccm4j.provider.alibaba.nlb;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.alibaba.AlibabaProviderIds;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.AlibabaErrorDecoder;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.HealthCheck;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.ListenerSettings;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.ListenerSpec;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.ServerGroupSettings;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.ZoneMapping;
import dev.ccm4j.vendor.client.CloudApiErrors;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alibaba Cloud Network Load Balancers (NLB, API {@code 2022-04-30}) for Services with
 * {@code spec.loadBalancerClass: alibabacloud.com/nlb}, run by the core through {@link #controller()}.
 *
 * <p>Per Service there is one NLB, found by the {@code loadbalancer-id} annotation (a reused NLB) or by the tags
 * this controller puts on the NLBs it creates ({@code kubernetes.do.not.delete=<default name>} and
 * {@code ack.aliyun.com=<ownership cluster id>}); one server group per Service port whose servers are the given
 * nodes' ECS instances on the port's NodePort; and one listener per port. Names follow upstream's
 * ({@code k8s.<port>.<PROTOCOL>.<service>.<namespace>.<cluster>}) so server groups and listeners created by the
 * Alibaba CCM are adopted on migration.
 *
 * <p>NLB changes are asynchronous jobs. A call waits for its jobs only briefly; a job still running, a
 * provisioning NLB or a resource locked by a job ends the call with {@link RetryAfterException}, and the core
 * calls again, continuing from whatever the cloud shows then. Throttling surfaces as the client's
 * {@link dev.ccm4j.api.ThrottledException} so that the core backs off; there is no private retry loop.
 *
 * <p>Only NLBs carrying this cluster's ownership tags are ever deleted; a reused NLB is never deleted, and on it only
 * listeners and server groups named for this Service are touched, and only with {@code force-override-listeners}.
 */
public final class NlbLoadBalancer implements LoadBalancer {
  /** The {@code spec.loadBalancerClass} served. */
  public static final String LOAD_BALANCER_CLASS = "alibabacloud.com/nlb";
  /** The finalizer the Alibaba CCM put on NLB Services, adopted so migrated Services are cleaned up. */
  public static final String FINALIZER = "service.k8s.alibaba/nlb";
  /** The controller name for {@code --controllers}. */
  public static final String CONTROLLER_NAME = "nlb";

  private static final Logger LOG = LoggerFactory.getLogger(NlbLoadBalancer.class);
  private static final int DEFAULT_WEIGHT = 100;
  private static final String PROTECTION_REASON = "managed.by.ack";

  private final AlibabaCloudConfig config;
  private final NlbCalls calls;
  private final Duration waitBudget;
  private final Duration retryAfter;
  private final int batchSize;
  private volatile String vpcId;
  private final Map<String, String> clientTokens = new ConcurrentHashMap<>();
  private final Supplier<String> vpcLookup;

  /**
   * Creates the load balancer implementation.
   *
   * @param api the signed Alibaba client
   * @param config the cloud-config
   */
  public NlbLoadBalancer(AlibabaApi api, AlibabaCloudConfig config) {
    this(constant(api), config);
  }

  /**
   * Creates the load balancer implementation on a client made on first use, so that contributing the controller
   * (which the core does before leader election) calls no cloud and no metadata service.
   *
   * @param api supplies the signed Alibaba client; called on the first cloud call
   * @param config the cloud-config
   */
  public NlbLoadBalancer(Supplier<AlibabaApi> api, AlibabaCloudConfig config) {
    this(api, config, Duration.ofSeconds(4), Duration.ofMillis(250), Duration.ofSeconds(3));
  }

  private static Supplier<AlibabaApi> constant(AlibabaApi api) {
    Objects.requireNonNull(api, "api");
    return () -> api;
  }

  /**
   * Creates the load balancer implementation with explicit timings, for tests.
   *
   * @param api the signed Alibaba client
   * @param config the cloud-config
   * @param waitBudget how long one call waits for NLB jobs before asking to be called again
   * @param pollInterval how often a job is polled
   * @param retryAfter the delay asked for when a job is still running
   */
  NlbLoadBalancer(AlibabaApi api, AlibabaCloudConfig config, Duration waitBudget, Duration pollInterval,
      Duration retryAfter) {
    this(constant(api), config, waitBudget, pollInterval, retryAfter);
  }

  private NlbLoadBalancer(Supplier<AlibabaApi> api, AlibabaCloudConfig config, Duration waitBudget,
      Duration pollInterval, Duration retryAfter) {
    Objects.requireNonNull(api, "api");
    this.config = Objects.requireNonNull(config, "config");
    this.calls = new NlbCalls(api, pollInterval, retryAfter);
    this.waitBudget = waitBudget;
    this.retryAfter = retryAfter;
    this.batchSize = Math.max(1, Math.min(40, config.sgBatchSize()));
    this.vpcLookup = () -> config.vpcId().orElseGet(() -> api.get().metadata().get("vpc-id"));
  }

  /**
   * The controller the provider contributes: the core's service load balancer machinery for Services of class
   * {@value #LOAD_BALANCER_CLASS}, enabled by default, named {@value #CONTROLLER_NAME}.
   *
   * @return the controller description
   */
  public ProviderController controller() {
    return LoadBalancerClassController.builder(CONTROLLER_NAME, LOAD_BALANCER_CLASS, this).build();
  }

  @Override
  public Set<String> adoptedFinalizers() {
    return Set.of(FINALIZER);
  }

  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    return find(clusterName, service, rawLoadBalancerId(service)).map(NlbLoadBalancer::status);
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    NlbAnnotations a = NlbAnnotations.parse(service, config.vswitchIds(), config.resourceGroupId().orElse(null));
    Ctx ctx = new Ctx(clusterName, service, a);
    Map<String, List<Server>> desiredServers = desiredServers(ctx, nodes);
    Optional<JsonObject> found = find(clusterName, service, a.loadBalancerId());
    JsonObject lb;
    if (found.isEmpty()) {
      if (a.loadBalancerId().isPresent()) {
        throw new ServiceConfigurationException("the NLB " + a.loadBalancerId().get() + " named by "
            + NlbAnnotations.PREFIX + NlbAnnotations.LOADBALANCER_ID + " does not exist in region "
            + calls.region());
      }
      lb = create(ctx);
    } else {
      lb = found.get();
      if (a.loadBalancerId().isPresent()) {
        checkReusable(ctx, lb);
      }
    }
    String id = Json.str(lb, "LoadBalancerId");
    requireActive(lb);
    boolean owned = a.loadBalancerId().isEmpty();
    if (owned && updateAttributes(ctx, lb)) {
      // an address type or zone change moves the addresses the status reports
      lb = calls.read("GetLoadBalancerAttribute", calls.params().put("LoadBalancerId", id));
    }
    if (owned || a.forceOverrideListeners()) {
      reconcileListeners(ctx, id, desiredServers);
    }
    return status(lb);
  }

  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    NlbAnnotations a = NlbAnnotations.parse(service, config.vswitchIds(), config.resourceGroupId().orElse(null));
    Ctx ctx = new Ctx(clusterName, service, a);
    if (a.loadBalancerId().isPresent() && !a.forceOverrideListeners()) {
      return;
    }
    Map<String, List<Server>> desired = desiredServers(ctx, nodes);
    Map<String, JsonObject> groups = ourServerGroups(ctx);
    for (ListenerSpec l : a.listeners()) {
      JsonObject sg = groups.get(ctx.serverGroupName(l));
      if (sg != null) {
        syncServers(ctx, Json.str(sg, "ServerGroupId"), desired.get(ctx.serverGroupName(l)));
      }
    }
  }

  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    String reused = rawLoadBalancerId(service).orElse(null);
    Map<String, String> annotations = service.getMetadata() == null || service.getMetadata().getAnnotations() == null
        ? Map.of() : service.getMetadata().getAnnotations();
    boolean preserve = !annotationValue(annotations, NlbAnnotations.PRESERVE_LB_ON_DELETE).isEmpty();
    boolean override = annotationValue(annotations, NlbAnnotations.FORCE_OVERRIDE_LISTENERS)
        .equalsIgnoreCase("true");
    Ctx ctx = new Ctx(clusterName, service, null);
    Optional<JsonObject> found = find(clusterName, service, Optional.ofNullable(reused));
    if (found.isPresent()) {
      JsonObject lb = found.get();
      String id = Json.str(lb, "LoadBalancerId");
      String status = Json.str(lb, "LoadBalancerStatus", "");
      if (status.equals("Deleting")) {
        throw new RetryAfterException("NLB " + id + " is being deleted", retryAfter);
      }
      if (reused != null || !ctx.ownedBy(Json.tags(lb))) {
        // never delete a load balancer this cluster did not create; remove only what was created for the Service
        if (override) {
          requireActive(lb);
          deleteOurListeners(ctx, id);
        }
      } else if (preserve) {
        untag(id, "loadbalancer");
        LOG.info("nlb {} of service {} kept (preserve-lb-on-delete), ownership tags removed", id, ctx.ref());
      } else {
        deleteNlb(ctx, lb);
        clientTokens.remove(ctx.uid);
        return;
      }
    }
    deleteServerGroups(ctx, ourServerGroups(ctx).values(), Instant.now().plus(waitBudget));
    clientTokens.remove(ctx.uid);
  }

  // --- finding and creating -----------------------------------------------------------------------------------

  private Optional<JsonObject> find(String clusterName, V1Service service, Optional<String> id) {
    if (id.isPresent()) {
      try {
        JsonObject lb = calls.read("GetLoadBalancerAttribute", calls.params().put("LoadBalancerId", id.get()));
        return Optional.of(lb);
      } catch (RuntimeException e) {
        if (isNotFound(e)) {
          return Optional.empty();
        }
        throw e;
      }
    }
    String name = getLoadBalancerName(clusterName, service);
    String cluster = config.ownershipClusterId(clusterName);
    List<JsonObject> matches = calls.list("ListLoadBalancers", () -> calls.params()
        .putObjects("Tag", List.of(Map.of("Key", NlbAnnotations.TAG_SERVICE, "Value", name),
            Map.of("Key", NlbAnnotations.TAG_CLUSTER, "Value", cluster))), "LoadBalancers");
    if (matches.size() > 1) {
      throw new CloudProviderException("found " + matches.size() + " NLBs tagged " + NlbAnnotations.TAG_SERVICE
          + "=" + name + " for service " + ref(service) + " (" + matches.stream()
          .map(m -> Json.str(m, "LoadBalancerId")).collect(Collectors.joining(", "))
          + "); delete the extra ones or name one with " + NlbAnnotations.PREFIX + NlbAnnotations.LOADBALANCER_ID);
    }
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    // list entries may lag; the attribute call is authoritative for status and addresses
    String lbId = Json.str(matches.get(0), "LoadBalancerId");
    try {
      return Optional.of(calls.read("GetLoadBalancerAttribute", calls.params().put("LoadBalancerId", lbId)));
    } catch (RuntimeException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private JsonObject create(Ctx ctx) {
    NlbAnnotations a = ctx.a;
    RpcParams p = calls.params()
        .put("LoadBalancerType", "Network")
        .put("LoadBalancerName", a.name().orElse(ctx.name))
        .put("AddressType", a.addressType())
        .put("AddressIpVersion", a.ipVersion())
        .put("Ipv6AddressType", a.ipv6AddressType().orElse(null))
        .put("VpcId", vpcId())
        .put("ResourceGroupId", a.resourceGroupId().orElse(null))
        .put("BandwidthPackageId", a.bandwidthPackageId().orElse(null))
        .put("LoadBalancerBillingConfig.PayType", "PostPay")
        .put("DeletionProtectionConfig.Enabled", String.valueOf(a.deletionProtection()))
        .put("DeletionProtectionConfig.Reason", a.deletionProtection() ? PROTECTION_REASON : null)
        .put("ModificationProtectionConfig.Status", a.modificationProtection())
        .put("ModificationProtectionConfig.Reason",
            a.modificationProtection().equals("ConsoleProtection") ? PROTECTION_REASON : null)
        // a retried create after a lost response must not make a second NLB; the token is kept per Service until
        // its NLB is deleted (a token reused after that could name the deleted NLB)
        .put("ClientToken", clientTokens.computeIfAbsent(ctx.uid, u -> UUID.randomUUID().toString()))
        .putObjects("ZoneMappings", zoneParams(a.zoneMappings()))
        .putObjects("Tag", tagParams(ctx.tags()));
    JsonObject r = calls.writeForResult("CreateLoadBalancer", p, "NLB of service " + ctx.ref());
    // CreateLoadBalancer alone answers "LoadbalancerId" (lower-case b); the other spelling is accepted too, in case
    // a private deployment or a later API version aligns it with the rest of the NLB API
    String id = Optional.ofNullable(Json.str(r, "LoadbalancerId")).filter(s -> !s.isEmpty())
        .orElseGet(() -> Json.str(r, "LoadBalancerId"));
    if (id == null || id.isEmpty()) {
      throw new CloudProviderException("NLB CreateLoadBalancer for service " + ctx.ref()
          + " returned no LoadbalancerId");
    }
    LOG.info("nlb {} created for service {}", id, ctx.ref());
    String job = Json.str(r, "JobId");
    if (job != null && !job.isEmpty()) {
      calls.await(List.of(job), ctx.deadline, "creating NLB " + id);
    }
    // security groups and the like are applied once the NLB is active, by the attribute update
    return calls.read("GetLoadBalancerAttribute", calls.params().put("LoadBalancerId", id));
  }

  private void checkReusable(Ctx ctx, JsonObject lb) {
    Map<String, String> tags = Json.tags(lb);
    String service = tags.get(NlbAnnotations.TAG_SERVICE);
    if (service != null && !service.equals(ctx.name)) {
      throw new ServiceConfigurationException("the NLB " + Json.str(lb, "LoadBalancerId") + " named by "
          + NlbAnnotations.PREFIX + NlbAnnotations.LOADBALANCER_ID + " was created by ccm for another service ("
          + NlbAnnotations.TAG_SERVICE + "=" + service + "); only NLBs created outside Kubernetes can be reused");
    }
  }

  private void requireActive(JsonObject lb) {
    String status = Json.str(lb, "LoadBalancerStatus", "");
    String id = Json.str(lb, "LoadBalancerId");
    switch (status) {
      case "Provisioning":
      case "Configuring":
      case "Deleting":
        throw new RetryAfterException("NLB " + id + " is " + status.toLowerCase(Locale.ROOT), retryAfter);
      default:
        return;
    }
  }

  // --- load balancer attributes -------------------------------------------------------------------------------

  /** Brings the NLB's own attributes in line with the annotations; true if anything was changed. */
  private boolean updateAttributes(Ctx ctx, JsonObject lb) {
    NlbAnnotations a = ctx.a;
    String id = Json.str(lb, "LoadBalancerId");
    String what = "NLB " + id + " of service " + ctx.ref();
    List<String> problems = new ArrayList<>();
    if (!a.ipVersion().equalsIgnoreCase(Json.str(lb, "AddressIpVersion", "ipv4"))) {
      problems.add(NlbAnnotations.PREFIX + NlbAnnotations.IP_VERSION + " cannot change after creation (NLB is "
          + Json.str(lb, "AddressIpVersion") + ")");
    }
    String rg = Json.str(lb, "ResourceGroupId");
    if (a.resourceGroupId().isPresent() && rg != null && !a.resourceGroupId().get().equals(rg)) {
      problems.add(NlbAnnotations.PREFIX + NlbAnnotations.RESOURCE_GROUP_ID + " cannot change after creation (NLB "
          + "is in " + rg + ")");
    }
    if (!problems.isEmpty()) {
      throw new ServiceConfigurationException("invalid NLB configuration of service " + ctx.ref() + ": "
          + String.join("; ", problems));
    }
    int writes = 0;
    String wantName = a.name().orElse(null);
    boolean nameChanged = wantName != null && !wantName.equals(Json.str(lb, "LoadBalancerName"));
    boolean crossZoneChanged = a.crossZoneEnabled().isPresent()
        && a.crossZoneEnabled().get() != Json.bool(lb, "CrossZoneEnabled");
    if (nameChanged || crossZoneChanged) {
      RpcParams p = calls.params().put("LoadBalancerId", id);
      if (nameChanged) {
        p.put("LoadBalancerName", wantName);
      }
      if (crossZoneChanged) {
        p.put("CrossZoneEnabled", String.valueOf(a.crossZoneEnabled().get()));
      }
      writes++;
      await(ctx, calls.write("UpdateLoadBalancerAttribute", p, what), what);
    }
    if (!a.addressType().equalsIgnoreCase(Json.str(lb, "AddressType", ""))) {
      writes++;
      await(ctx, calls.write("UpdateLoadBalancerAddressTypeConfig", calls.params().put("LoadBalancerId", id)
          .put("AddressType", a.addressType()).putObjects("ZoneMappings", zoneParams(currentOrWanted(ctx, lb))),
          what), what);
    }
    if (!a.zoneMappings().isEmpty() && !zonesMatch(a.zoneMappings(), lb)) {
      writes++;
      await(ctx, calls.write("UpdateLoadBalancerZones", calls.params().put("LoadBalancerId", id)
          .putObjects("ZoneMappings", zoneParams(a.zoneMappings())), what), what);
    }
    if (a.securityGroupIds().isPresent()) {
      Set<String> want = new LinkedHashSet<>(a.securityGroupIds().get());
      Set<String> have = new LinkedHashSet<>(Json.strings(lb, "SecurityGroupIds"));
      List<String> join = want.stream().filter(s -> !have.contains(s)).collect(Collectors.toList());
      List<String> leave = have.stream().filter(s -> !want.contains(s)).collect(Collectors.toList());
      if (!join.isEmpty()) {
        writes++;
        await(ctx, calls.write("LoadBalancerJoinSecurityGroup", calls.params().put("LoadBalancerId", id)
            .putList("SecurityGroupIds", join), what), what);
      }
      if (!leave.isEmpty()) {
        writes++;
        await(ctx, calls.write("LoadBalancerLeaveSecurityGroup", calls.params().put("LoadBalancerId", id)
            .putList("SecurityGroupIds", leave), what), what);
      }
    }
    String haveBwp = Json.str(lb, "BandwidthPackageId", "");
    String wantBwp = a.bandwidthPackageId().orElse("");
    if (!wantBwp.isEmpty() && !wantBwp.equals(haveBwp)) {
      if (!haveBwp.isEmpty()) {
        writes++;
        await(ctx, calls.write("DetachCommonBandwidthPackageFromLoadBalancer", calls.params()
            .put("LoadBalancerId", id).put("BandwidthPackageId", haveBwp), what), what);
      }
      writes++;
      await(ctx, calls.write("AttachCommonBandwidthPackageToLoadBalancer", calls.params()
          .put("LoadBalancerId", id).put("BandwidthPackageId", wantBwp), what), what);
    }
    Map<String, String> tags = Json.tags(lb);
    Map<String, String> missing = new LinkedHashMap<>();
    a.additionalTags().forEach((k, v) -> {
      if (!v.equals(tags.get(k))) {
        missing.put(k, v);
      }
    });
    if (!missing.isEmpty()) {
      writes++;
      calls.write("TagResources", calls.params().put("ResourceType", "loadbalancer").putList("ResourceId",
          List.of(id)).putObjects("Tag", tagParams(missing)), what);
    }
    return writes > 0;
  }

  private List<ZoneMapping> currentOrWanted(Ctx ctx, JsonObject lb) {
    if (!ctx.a.zoneMappings().isEmpty()) {
      return ctx.a.zoneMappings();
    }
    List<ZoneMapping> out = new ArrayList<>();
    for (JsonObject z : Json.objects(lb, "ZoneMappings")) {
      out.add(new ZoneMapping(Json.str(z, "ZoneId"), Json.str(z, "VSwitchId"), Optional.empty(),
          Optional.empty()));
    }
    return out;
  }

  private static boolean zonesMatch(List<ZoneMapping> want, JsonObject lb) {
    Map<String, String> have = new HashMap<>();
    for (JsonObject z : Json.objects(lb, "ZoneMappings")) {
      have.put(Json.str(z, "ZoneId"), Json.str(z, "VSwitchId"));
    }
    if (have.size() != want.size()) {
      return false;
    }
    return want.stream().allMatch(z -> z.vSwitchId().equals(have.get(z.zoneId())));
  }

  // --- listeners and server groups ----------------------------------------------------------------------------

  private void reconcileListeners(Ctx ctx, String lbId, Map<String, List<Server>> desiredServers) {
    Map<String, JsonObject> groups = ourServerGroups(ctx);
    // 1. server groups: create what is missing (in parallel: each job locks only its own group), then wait
    List<String> jobs = new ArrayList<>();
    Map<String, String> groupIds = new LinkedHashMap<>();
    for (ListenerSpec l : ctx.a.listeners()) {
      String name = ctx.serverGroupName(l);
      JsonObject existing = groups.get(name);
      if (existing != null) {
        groupIds.put(name, Json.str(existing, "ServerGroupId"));
        updateServerGroup(ctx, existing, l);
      } else if (!groupIds.containsKey(name)) {
        JsonObject r = calls.writeForResult("CreateServerGroup", serverGroupParams(ctx, l, calls.params()
            .put("ServerGroupName", name).put("ServerGroupType", ctx.a.serverGroup().type())
            .put("Protocol", l.serverGroupProtocol()).put("VpcId", vpcId())
            .put("ResourceGroupId", ctx.a.resourceGroupId().orElse(null))
            .putObjects("Tag", tagParams(ctx.tags()))), "server group " + name);
        groupIds.put(name, Json.str(r, "ServerGroupId"));
        Optional.ofNullable(Json.str(r, "JobId")).filter(s -> !s.isEmpty()).ifPresent(jobs::add);
        LOG.info("nlb server group {} ({}) created for service {}", Json.str(r, "ServerGroupId"), name, ctx.ref());
      }
    }
    calls.await(jobs, ctx.deadline, "server groups of service " + ctx.ref());
    // 2. servers of every group
    for (Map.Entry<String, String> g : groupIds.entrySet()) {
      syncServers(ctx, g.getValue(), desiredServers.get(g.getKey()));
    }
    // 3. listeners: create, update or delete (each job locks the NLB, so one at a time)
    List<JsonObject> current = calls.list("ListListeners", () -> calls.params().putList("LoadBalancerIds",
        List.of(lbId)), "Listeners");
    Set<JsonObject> kept = new HashSet<>();
    for (ListenerSpec l : ctx.a.listeners()) {
      String sgId = groupIds.get(ctx.serverGroupName(l));
      Optional<JsonObject> existing = current.stream()
          .filter(x -> Json.integer(x, "ListenerPort") == l.servicePort()
              && l.protocol().equals(Json.str(x, "ListenerProtocol")))
          .findFirst();
      String what = "listener " + l.protocol() + ":" + l.servicePort() + " of service " + ctx.ref();
      if (existing.isEmpty()) {
        RpcParams p = listenerParams(l.settings(), calls.params().put("LoadBalancerId", lbId)
            .put("ListenerProtocol", l.protocol()).put("ListenerPort", l.servicePort())
            .put("ServerGroupId", sgId).put("ListenerDescription", ctx.listenerDescription(l)), null);
        JsonObject r = calls.writeForResult("CreateListener", p, what);
        await(ctx, Optional.ofNullable(Json.str(r, "JobId")).filter(s -> !s.isEmpty()), what);
        LOG.info("nlb listener {}:{} created on {} for service {}", l.protocol(), l.servicePort(), lbId,
            ctx.ref());
        syncAdditionalCertificates(ctx, Json.str(r, "ListenerId"), l, what);
      } else {
        JsonObject x = existing.get();
        kept.add(x);
        String listenerId = Json.str(x, "ListenerId");
        if (Json.str(x, "ListenerStatus", "").equals("Stopped")) {
          await(ctx, calls.write("StartListener", calls.params().put("ListenerId", listenerId), what), what);
        }
        RpcParams p = calls.params().put("ListenerId", listenerId);
        boolean changed = false;
        if (!Objects.equals(sgId, Json.str(x, "ServerGroupId"))) {
          p.put("ServerGroupId", sgId);
          changed = true;
        }
        if (!ctx.listenerDescription(l).equals(Json.str(x, "ListenerDescription"))) {
          p.put("ListenerDescription", ctx.listenerDescription(l));
          changed = true;
        }
        if (changedListener(l.settings(), x)) {
          listenerParams(l.settings(), p, x);
          changed = true;
        }
        if (changed) {
          await(ctx, calls.write("UpdateListenerAttribute", p, what), what);
        }
        syncAdditionalCertificates(ctx, listenerId, l, what);
      }
    }
    // 4. listeners this controller made for ports the Service no longer has
    for (JsonObject x : current) {
      if (!kept.contains(x) && ctx.isOurListener(Json.str(x, "ListenerDescription"))) {
        String what = "listener " + Json.str(x, "ListenerId") + " of service " + ctx.ref();
        await(ctx, calls.write("DeleteListener", calls.params().put("ListenerId", Json.str(x, "ListenerId")), what),
            what);
      }
    }
    // 5. server groups no port uses any more, read again now that their listeners are gone
    if (groups.keySet().stream().anyMatch(n -> !groupIds.containsKey(n))) {
      List<JsonObject> stale = ourServerGroups(ctx).entrySet().stream()
          .filter(e -> !groupIds.containsKey(e.getKey()))
          .map(Map.Entry::getValue)
          .collect(Collectors.toList());
      deleteServerGroups(ctx, stale, ctx.deadline);
    }
  }

  /** Makes a TCPSSL listener's additional (SNI) certificates those of the annotation, when it names any. */
  private void syncAdditionalCertificates(Ctx ctx, String listenerId, ListenerSpec l, String what) {
    List<String> want = l.settings().additionalCertificateIds();
    if (!l.protocol().equals("TCPSSL") || want.isEmpty() || listenerId == null) {
      return;
    }
    Set<String> have = new LinkedHashSet<>();
    for (JsonObject c : calls.list("ListListenerCertificates", () -> calls.params().put("ListenerId", listenerId)
        .put("CertType", "Server"), "Certificates")) {
      if (!Json.bool(c, "IsDefault")) {
        have.add(Json.str(c, "CertificateId"));
      }
    }
    List<String> add = want.stream().filter(c -> !have.contains(c)).collect(Collectors.toList());
    List<String> remove = have.stream().filter(c -> !want.contains(c)).collect(Collectors.toList());
    if (!add.isEmpty()) {
      await(ctx, calls.write("AssociateAdditionalCertificatesWithListener", calls.params()
          .put("ListenerId", listenerId).putList("AdditionalCertificateIds", add), what), what);
    }
    if (!remove.isEmpty()) {
      await(ctx, calls.write("DisassociateAdditionalCertificatesWithListener", calls.params()
          .put("ListenerId", listenerId).putList("AdditionalCertificateIds", remove), what), what);
    }
  }

  /** Adds to {@code p} the listener settings that differ from {@code current} (all set ones when creating). */
  private static RpcParams listenerParams(ListenerSettings s, RpcParams p, JsonObject current) {
    if (!s.certificateIds().isEmpty() && (current == null
        || !s.certificateIds().equals(Json.strings(current, "CertificateIds")))) {
      p.putList("CertificateIds", s.certificateIds());
    }
    if (!s.caCertificateIds().isEmpty() && (current == null
        || !s.caCertificateIds().equals(Json.strings(current, "CaCertificateIds")))) {
      p.putList("CaCertificateIds", s.caCertificateIds());
    }
    putBool(p, "CaEnabled", s.caEnabled(), current);
    s.securityPolicyId().filter(v -> current == null || !v.equals(Json.str(current, "SecurityPolicyId")))
        .ifPresent(v -> p.put("SecurityPolicyId", v));
    putBool(p, "AlpnEnabled", s.alpnEnabled(), current);
    s.alpnPolicy().filter(v -> current == null || !v.equals(Json.str(current, "AlpnPolicy")))
        .ifPresent(v -> p.put("AlpnPolicy", v));
    s.cps().filter(v -> current == null || v != Json.integer(current, "Cps")).ifPresent(v -> p.put("Cps", v));
    s.idleTimeout().filter(v -> current == null || v != Json.integer(current, "IdleTimeout"))
        .ifPresent(v -> p.put("IdleTimeout", v));
    putBool(p, "ProxyProtocolEnabled", s.proxyProtocol(), current);
    JsonObject ppv2 = current == null ? null : Json.obj(current, "ProxyProtocolV2Config");
    putBool(p, "ProxyProtocolV2Config.Ppv2PrivateLinkEpIdEnabled", s.ppv2EndpointId(), ppv2,
        "Ppv2PrivateLinkEpIdEnabled");
    putBool(p, "ProxyProtocolV2Config.Ppv2PrivateLinkEpsIdEnabled", s.ppv2EndpointServiceId(), ppv2,
        "Ppv2PrivateLinkEpsIdEnabled");
    putBool(p, "ProxyProtocolV2Config.Ppv2VpcIdEnabled", s.ppv2VpcId(), ppv2, "Ppv2VpcIdEnabled");
    return p;
  }

  private static boolean changedListener(ListenerSettings s, JsonObject current) {
    RpcParams probe = RpcParams.create();
    listenerParams(s, probe, current);
    return !probe.asMap().isEmpty();
  }

  private static void putBool(RpcParams p, String name, Optional<Boolean> want, JsonObject current) {
    putBool(p, name, want, current, name);
  }

  private static void putBool(RpcParams p, String name, Optional<Boolean> want, JsonObject current, String field) {
    if (want.isPresent() && (current == null || want.get() != Json.bool(current, field))) {
      p.put(name, String.valueOf(want.get()));
    }
  }

  private RpcParams serverGroupParams(Ctx ctx, ListenerSpec l, RpcParams p) {
    ServerGroupSettings s = ctx.a.serverGroup();
    s.scheduler().ifPresent(v -> p.put("Scheduler", v));
    s.preserveClientIp().ifPresent(v -> p.put("PreserveClientIpEnabled", String.valueOf(v)));
    s.connectionDrain().ifPresent(v -> p.put("ConnectionDrainEnabled", String.valueOf(v)));
    s.connectionDrainTimeout().ifPresent(v -> p.put("ConnectionDrainTimeout", v));
    s.healthCheck().ifPresent(h -> healthCheckParams(h, p, null));
    return p;
  }

  private static void healthCheckParams(HealthCheck h, RpcParams p, JsonObject current) {
    String pre = "HealthCheckConfig.";
    if (current == null || h.enabled() != Json.bool(current, "HealthCheckEnabled")) {
      p.put(pre + "HealthCheckEnabled", String.valueOf(h.enabled()));
    }
    h.type().filter(v -> current == null || !v.equalsIgnoreCase(Json.str(current, "HealthCheckType", "")))
        .ifPresent(v -> p.put(pre + "HealthCheckType", v));
    putInt(p, pre + "HealthCheckConnectPort", h.connectPort(), current, "HealthCheckConnectPort");
    putInt(p, pre + "HealthyThreshold", h.healthyThreshold(), current, "HealthyThreshold");
    putInt(p, pre + "UnhealthyThreshold", h.unhealthyThreshold(), current, "UnhealthyThreshold");
    putInt(p, pre + "HealthCheckConnectTimeout", h.connectTimeout(), current, "HealthCheckConnectTimeout");
    putInt(p, pre + "HealthCheckInterval", h.interval(), current, "HealthCheckInterval");
    h.uri().filter(v -> current == null || !v.equals(Json.str(current, "HealthCheckUrl")))
        .ifPresent(v -> p.put(pre + "HealthCheckUrl", v));
    h.domain().filter(v -> current == null || !v.equals(Json.str(current, "HealthCheckDomain")))
        .ifPresent(v -> p.put(pre + "HealthCheckDomain", v));
    h.method().filter(v -> current == null || !v.equalsIgnoreCase(Json.str(current, "HttpCheckMethod", "")))
        .ifPresent(v -> p.put(pre + "HttpCheckMethod", v));
    if (!h.httpCodes().isEmpty() && (current == null
        || !h.httpCodes().equals(Json.strings(current, "HealthCheckHttpCode")))) {
      p.putList(pre + "HealthCheckHttpCode", h.httpCodes());
    }
  }

  private static void putInt(RpcParams p, String name, Optional<Integer> want, JsonObject current, String field) {
    if (want.isPresent() && (current == null || want.get() != Json.integer(current, field))) {
      p.put(name, want.get());
    }
  }

  private void updateServerGroup(Ctx ctx, JsonObject sg, ListenerSpec l) {
    ServerGroupSettings s = ctx.a.serverGroup();
    String id = Json.str(sg, "ServerGroupId");
    RpcParams p = calls.params().put("ServerGroupId", id);
    s.scheduler().filter(v -> !v.equalsIgnoreCase(Json.str(sg, "Scheduler", ""))).ifPresent(v -> p.put("Scheduler",
        v));
    putBool(p, "PreserveClientIpEnabled", s.preserveClientIp(), sg);
    putBool(p, "ConnectionDrainEnabled", s.connectionDrain(), sg);
    putInt(p, "ConnectionDrainTimeout", s.connectionDrainTimeout(), sg, "ConnectionDrainTimeout");
    s.healthCheck().ifPresent(h -> healthCheckParams(h, p, Json.obj(sg, "HealthCheck")));
    if (p.asMap().size() > 2) {
      String what = "server group " + id + " of service " + ctx.ref();
      await(ctx, calls.write("UpdateServerGroupAttribute", p, what), what);
    }
  }

  private void syncServers(Ctx ctx, String sgId, List<Server> desired) {
    List<Server> want = desired == null ? List.of() : desired;
    List<JsonObject> have = calls.list("ListServerGroupServers", () -> calls.params().put("ServerGroupId", sgId),
        "Servers");
    Map<String, JsonObject> haveByKey = new LinkedHashMap<>();
    for (JsonObject s : have) {
      haveByKey.put(Json.str(s, "ServerId") + ":" + Json.integer(s, "Port"), s);
    }
    Map<String, Server> wantByKey = new LinkedHashMap<>();
    for (Server s : want) {
      wantByKey.put(s.key(), s);
    }
    List<Server> add = new ArrayList<>();
    List<Server> update = new ArrayList<>();
    for (Server s : want) {
      JsonObject h = haveByKey.get(s.key());
      if (h == null) {
        add.add(s);
      } else if (Json.integer(h, "Weight") != s.weight || !s.description.equals(Json.str(h, "Description", ""))) {
        update.add(s);
      }
    }
    List<Map<String, String>> remove = new ArrayList<>();
    for (Map.Entry<String, JsonObject> e : haveByKey.entrySet()) {
      if (!wantByKey.containsKey(e.getKey()) && ctx.isOurServerDescription(Json.str(e.getValue(), "Description"))) {
        JsonObject h = e.getValue();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ServerId", Json.str(h, "ServerId"));
        m.put("ServerType", Json.str(h, "ServerType"));
        String ip = Json.str(h, "ServerIp", "");
        if (Json.str(h, "ServerType", "").equals("Ip") && !ip.isEmpty()) {
          m.put("ServerIp", ip);
        }
        m.put("Port", String.valueOf(Json.integer(h, "Port")));
        remove.add(m);
      }
    }
    String what = "servers of server group " + sgId + " (service " + ctx.ref() + ")";
    // removals first, so a group at its server quota can still take the new nodes
    for (List<Map<String, String>> batch : batches(remove)) {
      try {
        await(ctx, calls.write("RemoveServersFromServerGroup", calls.params().put("ServerGroupId", sgId)
            .putObjects("Servers", batch), what), what);
      } catch (CloudProviderException e) {
        if (!isNotFound(e)) {
          throw e;
        }
        // a released instance (ResourceNotFound.ecs) or a server already gone makes NLB refuse the whole batch:
        // remove the others one at a time and count the gone ones as removed, so the sync can finish
        for (Map<String, String> one : batch) {
          removeServer(ctx, sgId, one, what);
        }
      }
    }
    for (List<Map<String, String>> batch : batches(add.stream().map(Server::params).collect(Collectors.toList()))) {
      try {
        await(ctx, calls.write("AddServersToServerGroup", calls.params().put("ServerGroupId", sgId)
            .putObjects("Servers", batch), what), what);
      } catch (CloudProviderException e) {
        if (!isGoneInstance(e)) {
          throw e;
        }
        // a released instance whose Node still exists makes NLB refuse the whole batch: add the others one at a
        // time, so the new nodes of the same batch are not kept out until the Node object is deleted
        for (Map<String, String> one : batch) {
          addServer(ctx, sgId, one, what);
        }
      }
    }
    for (List<Map<String, String>> batch : batches(update.stream().map(Server::params)
        .collect(Collectors.toList()))) {
      await(ctx, calls.write("UpdateServerGroupServersAttribute", calls.params().put("ServerGroupId", sgId)
          .putObjects("Servers", batch), what), what);
    }
    if (!add.isEmpty() || !remove.isEmpty() || !update.isEmpty()) {
      LOG.info("nlb server group {} of service {}: {} added, {} removed, {} updated", sgId, ctx.ref(), add.size(),
          remove.size(), update.size());
    }
  }

  private void removeServer(Ctx ctx, String sgId, Map<String, String> server, String what) {
    try {
      await(ctx, calls.write("RemoveServersFromServerGroup", calls.params().put("ServerGroupId", sgId)
          .putObjects("Servers", List.of(server)), what), what);
    } catch (CloudProviderException e) {
      if (!isNotFound(e)) {
        throw e;
      }
      LOG.info("nlb server {}:{} of server group {} no longer exists in the cloud ({}); counted as removed",
          server.get("ServerId"), server.get("Port"), sgId, CloudApiErrors.code(e).orElse("?"));
    }
  }

  private void addServer(Ctx ctx, String sgId, Map<String, String> server, String what) {
    try {
      await(ctx, calls.write("AddServersToServerGroup", calls.params().put("ServerGroupId", sgId)
          .putObjects("Servers", List.of(server)), what), what);
    } catch (CloudProviderException e) {
      if (!isGoneInstance(e)) {
        throw e;
      }
      LOG.info("nlb server {} is not added to server group {}: the instance no longer exists ({})",
          server.get("ServerId"), sgId, CloudApiErrors.code(e).orElse("?"));
    }
  }

  /** The cloud's answer for a server whose ECS instance (or ENI) was released. */
  private static boolean isGoneInstance(Throwable e) {
    return CloudApiErrors.code(e).map(c -> c.equals("ResourceNotFound.ecs") || c.equals("ResourceNotFound.eni")
        || c.equals("ResourceNotFound.eci")).orElse(false);
  }

  private <T> List<List<T>> batches(List<T> items) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += batchSize) {
      out.add(items.subList(i, Math.min(items.size(), i + batchSize)));
    }
    return out;
  }

  private Map<String, JsonObject> ourServerGroups(Ctx ctx) {
    List<JsonObject> all = calls.list("ListServerGroups", () -> calls.params().putObjects("Tag",
        List.of(Map.of("Key", NlbAnnotations.TAG_SERVICE, "Value", ctx.name),
            Map.of("Key", NlbAnnotations.TAG_CLUSTER, "Value", ctx.cluster))), "ServerGroups");
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (JsonObject sg : all) {
      if (ctx.ownedBy(Json.tags(sg))) {
        out.put(Json.str(sg, "ServerGroupName", ""), sg);
      }
    }
    return out;
  }

  private Map<String, List<Server>> desiredServers(Ctx ctx, List<V1Node> nodes) {
    Map<String, List<Server>> out = new LinkedHashMap<>();
    boolean ip = ctx.a.serverGroup().type().equals("Ip");
    for (int i = 0; i < ctx.a.listeners().size(); i++) {
      ListenerSpec l = ctx.a.listeners().get(i);
      if (l.nodePort() <= 0) {
        throw new ServiceConfigurationException("spec.ports[" + i + "].nodePort of service " + ctx.ref()
            + " is not set; NLB backends are the nodes' NodePorts (do not set allocateLoadBalancerNodePorts: false)");
      }
      String name = ctx.serverGroupName(l);
      List<Server> servers = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (V1Node n : nodes) {
        Optional<String> id = ip ? internalIp(n) : instanceId(n);
        if (id.isEmpty()) {
          LOG.debug("node {} skipped as NLB backend of service {}: no {}", name(n), ctx.ref(),
              ip ? "InternalIP" : "Alibaba provider ID");
          continue;
        }
        if (seen.add(id.get())) {
          servers.add(new Server(id.get(), ip ? "Ip" : "Ecs", ip ? id.get() : "", l.nodePort(), DEFAULT_WEIGHT,
              name));
        }
      }
      out.put(name, servers);
    }
    return out;
  }

  private static Optional<String> instanceId(V1Node n) {
    String pid = n.getSpec() == null ? null : n.getSpec().getProviderID();
    return pid == null ? Optional.empty() : AlibabaProviderIds.tryParse(pid).map(AlibabaProviderIds.Id::instanceId);
  }

  private static Optional<String> internalIp(V1Node n) {
    if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
      return Optional.empty();
    }
    return n.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
        .map(V1NodeAddress::getAddress).findFirst();
  }

  // --- deletion -----------------------------------------------------------------------------------------------

  private void deleteNlb(Ctx ctx, JsonObject lb) {
    String id = Json.str(lb, "LoadBalancerId");
    String what = "NLB " + id + " of service " + ctx.ref();
    requireActive(lb);
    if (Json.bool(Json.obj(lb, "DeletionProtectionConfig"), "Enabled")) {
      calls.write("UpdateLoadBalancerProtection", calls.params().put("LoadBalancerId", id)
          .put("DeletionProtectionEnabled", "false"), what);
    }
    Optional<String> job = calls.write("DeleteLoadBalancer", calls.params().put("LoadBalancerId", id), what);
    LOG.info("nlb {} of service {} deleting", id, ctx.ref());
    await(ctx, job, what);
    // the NLB took its listeners with it; the server groups are separate resources
    deleteServerGroups(ctx, ourServerGroups(ctx).values(), ctx.deadline);
  }

  private void deleteOurListeners(Ctx ctx, String lbId) {
    for (JsonObject x : calls.list("ListListeners", () -> calls.params().putList("LoadBalancerIds", List.of(lbId)),
        "Listeners")) {
      if (ctx.isOurListener(Json.str(x, "ListenerDescription"))) {
        String what = "listener " + Json.str(x, "ListenerId") + " of service " + ctx.ref();
        await(ctx, calls.write("DeleteListener", calls.params().put("ListenerId", Json.str(x, "ListenerId")), what),
            what);
      }
    }
  }

  private void deleteServerGroups(Ctx ctx, java.util.Collection<JsonObject> groups, Instant deadline) {
    List<String> jobs = new ArrayList<>();
    for (JsonObject sg : groups) {
      if (!Json.strings(sg, "RelatedLoadBalancerIds").isEmpty()) {
        // still behind a listener someone else manages: leave it rather than break their traffic
        LOG.info("nlb server group {} of service {} kept: still used by {}", Json.str(sg, "ServerGroupId"),
            ctx.ref(), Json.strings(sg, "RelatedLoadBalancerIds"));
        continue;
      }
      String id = Json.str(sg, "ServerGroupId");
      try {
        calls.write("DeleteServerGroup", calls.params().put("ServerGroupId", id), "server group " + id)
            .ifPresent(jobs::add);
      } catch (RuntimeException e) {
        if (!isNotFound(e)) {
          throw e;
        }
      }
    }
    calls.await(jobs, deadline, "deleting server groups of service " + ctx.ref());
  }

  private void untag(String id, String type) {
    calls.write("UntagResources", calls.params().put("ResourceType", type).putList("ResourceId", List.of(id))
        .putList("TagKey", List.of(NlbAnnotations.TAG_SERVICE, NlbAnnotations.TAG_CLUSTER)), type + " " + id);
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  private void await(Ctx ctx, Optional<String> job, String what) {
    job.ifPresent(j -> calls.await(List.of(j), ctx.deadline, what));
  }

  private String vpcId() {
    String v = vpcId;
    if (v == null) {
      v = vpcLookup.get();
      vpcId = v;
    }
    return v;
  }

  private static boolean isNotFound(Throwable e) {
    // an endpoint that does not know the action or region is not saying that a resource is gone
    return CloudApiErrors.code(e).map(c -> !AlibabaErrorDecoder.isRequestLevel(c)
        && (c.startsWith("ResourceNotFound") || c.endsWith(".NotFound"))).orElse(false);
  }

  private static List<Map<String, String>> zoneParams(List<ZoneMapping> zones) {
    List<Map<String, String>> out = new ArrayList<>();
    for (ZoneMapping z : zones) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("ZoneId", z.zoneId());
      m.put("VSwitchId", z.vSwitchId());
      z.privateIpv4().ifPresent(v -> m.put("PrivateIPv4Address", v));
      z.allocationId().ifPresent(v -> m.put("AllocationId", v));
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, String>> tagParams(Map<String, String> tags) {
    List<Map<String, String>> out = new ArrayList<>();
    tags.forEach((k, v) -> {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("Key", k);
      m.put("Value", v);
      out.add(m);
    });
    return out;
  }

  private static V1LoadBalancerStatus status(JsonObject lb) {
    List<V1LoadBalancerIngress> ingress = new ArrayList<>();
    String dns = Json.str(lb, "DNSName");
    if (dns != null && !dns.isEmpty()) {
      ingress.add(new V1LoadBalancerIngress().hostname(dns));
    }
    boolean internet = "Internet".equalsIgnoreCase(Json.str(lb, "AddressType", ""));
    Set<String> ips = new LinkedHashSet<>();
    for (JsonObject z : Json.objects(lb, "ZoneMappings")) {
      for (JsonObject a : Json.objects(z, "LoadBalancerAddresses")) {
        String ip = Json.str(a, internet ? "PublicIPv4Address" : "PrivateIPv4Address");
        if (ip != null && !ip.isEmpty()) {
          ips.add(ip);
        }
      }
    }
    ips.forEach(ip -> ingress.add(new V1LoadBalancerIngress().ip(ip)));
    return new V1LoadBalancerStatus().ingress(ingress);
  }

  private static Optional<String> rawLoadBalancerId(V1Service service) {
    Map<String, String> annotations = service.getMetadata() == null || service.getMetadata().getAnnotations() == null
        ? Map.of() : service.getMetadata().getAnnotations();
    String v = annotationValue(annotations, NlbAnnotations.LOADBALANCER_ID);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private static String annotationValue(Map<String, String> annotations, String suffix) {
    String v = annotations.get(NlbAnnotations.PREFIX + suffix);
    if (v == null) {
      v = annotations.get(NlbAnnotations.LEGACY_PREFIX + suffix);
    }
    return v == null ? "" : v.trim();
  }

  private static String name(V1Node n) {
    return n.getMetadata() == null ? "?" : n.getMetadata().getName();
  }

  private static String ref(V1Service s) {
    return s.getMetadata() == null ? "?" : s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }

  /** What one call works with: the Service's names, tags and the call's job-wait deadline. */
  private final class Ctx {
    final V1Service service;
    final NlbAnnotations a;
    final String name;
    final String cluster;
    final String uid;
    final Instant deadline = Instant.now().plus(waitBudget);

    Ctx(String clusterName, V1Service service, NlbAnnotations a) {
      this.service = service;
      this.a = a;
      this.name = getLoadBalancerName(clusterName, service);
      this.cluster = config.ownershipClusterId(clusterName);
      this.uid = service.getMetadata() == null ? "" : String.valueOf(service.getMetadata().getUid());
    }

    String ref() {
      return NlbLoadBalancer.ref(service);
    }

    String svc() {
      return service.getMetadata() == null ? "" : service.getMetadata().getName();
    }

    String ns() {
      return service.getMetadata() == null ? "" : service.getMetadata().getNamespace();
    }

    Map<String, String> tags() {
      Map<String, String> t = new LinkedHashMap<>();
      t.put(NlbAnnotations.TAG_SERVICE, name);
      t.put(NlbAnnotations.TAG_CLUSTER, cluster);
      a.additionalTags().forEach(t::putIfAbsent);
      return t;
    }

    boolean ownedBy(Map<String, String> tags) {
      return name.equals(tags.get(NlbAnnotations.TAG_SERVICE)) && cluster.equals(tags.get(NlbAnnotations.TAG_CLUSTER));
    }

    String suffix() {
      return "." + svc() + "." + ns() + "." + cluster;
    }

    String serverGroupName(ListenerSpec l) {
      return "k8s." + l.nodePort() + "." + l.serverGroupProtocol() + suffix();
    }

    String listenerDescription(ListenerSpec l) {
      return "k8s." + l.servicePort() + "." + l.protocol() + suffix();
    }

    boolean isOurListener(String description) {
      return description != null && description.startsWith("k8s.") && description.endsWith(suffix())
          && description.substring(4, description.length() - suffix().length()).matches("\\d+\\.[A-Z]+");
    }

    boolean isOurServerDescription(String description) {
      // servers added by hand to a group of ours (any other description) are the user's and stay
      return description != null && description.startsWith("k8s.") && description.endsWith(suffix());
    }
  }

  /** One desired backend. */
  private static final class Server {
    final String serverId;
    final String serverType;
    final String serverIp;
    final int port;
    final int weight;
    final String description;

    Server(String serverId, String serverType, String serverIp, int port, int weight, String description) {
      this.serverId = serverId;
      this.serverType = serverType;
      this.serverIp = serverIp;
      this.port = port;
      this.weight = weight;
      this.description = description;
    }

    String key() {
      return serverId + ":" + port;
    }

    Map<String, String> params() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("ServerId", serverId);
      m.put("ServerType", serverType);
      if (!serverIp.isEmpty()) {
        m.put("ServerIp", serverIp);
      }
      m.put("Port", String.valueOf(port));
      m.put("Weight", String.valueOf(weight));
      m.put("Description", description);
      return m;
    }
  }
}

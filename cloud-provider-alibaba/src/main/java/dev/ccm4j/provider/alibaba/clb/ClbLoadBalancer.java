package dev.ccm4j.provider.alibaba.clb;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ImplementedElsewhereException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancers;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.provider.alibaba.clb.ClbBackends.Backend;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.vendor.client.CloudApiErrors;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.Page;
import dev.ccm4j.vendor.client.Paging;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services of type {@code LoadBalancer} on Alibaba Cloud Classic Load Balancers (CLB, the SLB API
 * {@code 2014-05-15}), compatible with the upstream CCM's names, tags, annotations and finalizer.
 *
 * <p>Every ensure first reads the cloud and validates the whole Service (annotations, immutable fields, node
 * ports, reuse rules) and only then writes, so an invalid Service changes nothing. A CLB is modified or deleted only
 * when it carries this cluster's ownership tag ({@code ack.aliyun.com=<cluster id>}) or is the CLB a Service names
 * with {@code loadbalancer-id}; a reused CLB is never deleted. Listeners this controller did not create (their
 * description is not {@code k8s/<port>/<service>/<namespace>/<cluster>}) are never touched unless the Service asks
 * for {@code loadbalancer-force-override-listeners}.
 */
public final class ClbLoadBalancer implements LoadBalancer {
  /** The finalizer upstream's CCM puts on CLB Services; adopted so that its Services are cleaned up here. */
  public static final String FINALIZER = "service.k8s.alibaba/resources";

  private static final Logger LOG = LoggerFactory.getLogger(ClbLoadBalancer.class);
  private static final String OVER_LIMIT = "InstanceBackendServerNumberOverLimit";
  private static final String NO_IP = "VSwitchAvailableIpNotExist";
  private static final String IN_USE = "RspoolVipExist";
  /**
   * Codes with which SLB refuses to remove a backend that no longer exists (a released instance, or one already
   * gone from the group): for a removal that is the desired end state.
   */
  private static final Set<String> BACKEND_GONE = Set.of("InvalidBackendServers.ServerIdNotExist",
      "BackendServer.NotExist", "InvalidParameter.ServerIdNotExist", "BackendServers.NotExist");
  private static final int LISTENER_PAGE = 50;
  private static final int LB_PAGE = 100;
  private static final int EIP_PAGE = 10;
  private static final String DEFAULT_SPEC = "slb.s1.small";
  private static final int DEFAULT_PAYBYBANDWIDTH = 50;

  private final Supplier<AlibabaApi> api;
  private final AlibabaCloudConfig config;
  private final Map<String, String> clientTokens = new ConcurrentHashMap<>();

  /**
   * Creates the load balancer implementation.
   *
   * @param api the signed Alibaba client
   * @param config the cloud-config
   */
  public ClbLoadBalancer(AlibabaApi api, AlibabaCloudConfig config) {
    this(constant(Objects.requireNonNull(api, "api")), config);
  }

  /**
   * Creates the load balancer implementation over a client made on first use, for a provider that may only
   * create its client after {@code initialize} (when the region comes from the metadata service).
   *
   * @param api supplies the signed Alibaba client; called for every cloud call, so it should memoise
   * @param config the cloud-config
   */
  public ClbLoadBalancer(Supplier<AlibabaApi> api, AlibabaCloudConfig config) {
    this.api = Objects.requireNonNull(api, "api");
    this.config = Objects.requireNonNull(config, "config");
  }

  private static Supplier<AlibabaApi> constant(AlibabaApi api) {
    return () -> api;
  }

  @Override
  public Set<String> adoptedFinalizers() {
    return Set.of(FINALIZER);
  }

  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    if (elsewhere(service).isPresent()) {
      return Optional.empty();
    }
    Context ctx = new Context(clusterName, service, lenientSettings(service));
    Optional<Clb> clb = find(ctx);
    if (clb.isEmpty() || !(clb.get().reused || ctx.owns(clb.get()))) {
      return Optional.empty();
    }
    return Optional.of(status(ctx, clb.get()));
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    refuseElsewhere(service);
    Context ctx = new Context(clusterName, service, settings(service));
    Optional<Clb> found = find(ctx);
    Clb clb;
    if (found.isPresent()) {
      clb = found.get();
      if (!clb.reused && !ctx.owns(clb)) {
        throw new CloudProviderException("CLB " + clb.id + " carries the tag " + ClbTags.DO_NOT_DELETE + "="
            + ctx.defaultName + " of service " + ctx.ref + " but not this cluster's " + ClbTags.CLUSTER + "="
            + ctx.clusterId + "; it is not modified");
      }
      List<Runnable> writes = planLoadBalancerChanges(ctx, clb);
      Plan plan = plan(ctx, clb, nodes);
      writes.forEach(Runnable::run);
      apply(ctx, clb, plan);
    } else {
      if (ctx.settings.reusedLoadBalancerId().isPresent()) {
        throw new ServiceConfigurationException(ClbAnnotation.LOADBALANCER_ID.key() + ": \""
            + ctx.settings.reusedLoadBalancerId().get() + "\" does not exist in region " + api.get().region());
      }
      checkNodePorts(ctx);
      clb = create(ctx);
      LOG.info("created CLB {} ({}) for service {}", clb.id, clb.address, ctx.ref);
      apply(ctx, clb, plan(ctx, clb, nodes));
    }
    return status(ctx, clb);
  }

  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    refuseElsewhere(service);
    Context ctx = new Context(clusterName, service, settings(service));
    Clb clb = find(ctx).filter(c -> c.reused || ctx.owns(c)).orElseThrow(() -> new CloudProviderException(
        "no CLB exists yet for service " + ctx.ref + "; it is created by the next full sync"));
    checkNodePorts(ctx);
    Map<String, Group> groups = groups(clb);
    for (V1ServicePort port : ctx.ports()) {
      Optional<Group> g = groupFor(ctx, groups, port);
      if (g.isPresent()) {
        syncBackends(ctx, g.get(), desiredBackends(ctx, port, nodes));
      }
    }
  }

  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    if (elsewhere(service).isPresent()) {
      return;
    }
    Context ctx = new Context(clusterName, service, lenientSettings(service));
    Optional<Clb> found = find(ctx);
    clientTokens.remove(ctx.key);
    if (found.isEmpty()) {
      return;
    }
    Clb clb = found.get();
    if (clb.reused) {
      releaseReused(ctx, clb);
      return;
    }
    if (!ctx.owns(clb)) {
      LOG.warn("CLB {} found for service {} does not carry this cluster's tag {}={}; it is left alone", clb.id,
          ctx.ref, ClbTags.CLUSTER, ctx.clusterId);
      return;
    }
    if (ctx.settings.preserveOnDelete()) {
      protectionsOff(clb);
      api.get().call(Product.SLB, "UntagResources", RpcParams.create().put("ResourceType", "instance")
          .putList("ResourceId", List.of(clb.id)).putList("TagKey", List.of(ClbTags.DO_NOT_DELETE, ClbTags.CLUSTER)));
      LOG.info("kept CLB {} of deleted service {} (preserve-lb-on-delete); removed its ownership tags", clb.id,
          ctx.ref);
      return;
    }
    protectionsOff(clb);
    try {
      api.get().call(Product.SLB, "DeleteLoadBalancer", RpcParams.create().put("LoadBalancerId", clb.id));
    } catch (CloudResourceNotFoundException e) {
      return;
    }
    LOG.info("deleted CLB {} of service {}", clb.id, ctx.ref);
  }

  // ------------------------------------------------------------------------------------------------ validation

  private static Optional<String> elsewhere(V1Service service) {
    if (service.getSpec() != null && service.getSpec().getLoadBalancerClass() != null) {
      return Optional.of("spec.loadBalancerClass is " + service.getSpec().getLoadBalancerClass()
          + "; the CLB controller handles Services without a class");
    }
    if (ClbAnnotations.handledElsewhere(service)) {
      return Optional.of("annotation " + ClbAnnotations.CLASS + " hands the Service to another controller");
    }
    return Optional.empty();
  }

  private static void refuseElsewhere(V1Service service) {
    Optional<String> why = elsewhere(service);
    if (why.isPresent()) {
      throw new ImplementedElsewhereException(why.get());
    }
  }

  private ClbSettings settings(V1Service service) {
    ClbSettings s = ClbAnnotations.parse(service);
    List<String> problems = new ArrayList<>();
    if (config.disablePublicSlb() && !"intranet".equals(s.get(ClbAnnotation.ADDRESS_TYPE).orElse("internet"))) {
      problems.add("internet load balancers are disabled by the cloud-config (disablePublicSLB); set "
          + ClbAnnotation.ADDRESS_TYPE.key() + ": intranet");
    }
    Map<String, String> annotations = annotations(service);
    if (config.serviceBackendType().map(t -> t.equalsIgnoreCase("eni")).orElse(false)
        && !"ecs".equalsIgnoreCase(annotations.getOrDefault(ClbAnnotations.BACKEND_TYPE, ""))) {
      problems.add("the cloud-config sets serviceBackendType: eni, which is not supported (ENI backends need pod "
          + "addresses the cloud-provider interface does not pass); set " + ClbAnnotations.BACKEND_TYPE
          + ": ecs on the Service or remove serviceBackendType");
    }
    if (!problems.isEmpty()) {
      throw new ServiceConfigurationException("invalid load balancer configuration: " + String.join("; ", problems));
    }
    return s;
  }

  /** Settings for reads and deletion, which must work even when a Service's annotations became invalid. */
  private static ClbSettings lenientSettings(V1Service service) {
    try {
      return ClbAnnotations.parse(service);
    } catch (ServiceConfigurationException e) {
      Map<String, String> a = annotations(service);
      Map<String, String> kept = new LinkedHashMap<>();
      for (ClbAnnotation k : List.of(ClbAnnotation.LOADBALANCER_ID, ClbAnnotation.PRESERVE_LB_ON_DELETE,
          ClbAnnotation.NAME, ClbAnnotation.HOSTNAME, ClbAnnotation.EXTERNAL_IP_TYPE,
          ClbAnnotation.FORCE_OVERRIDE_LISTENERS)) {
        Optional.ofNullable(a.getOrDefault(k.key(), a.get(k.legacyKey()))).ifPresent(v -> kept.put(k.key(), v));
      }
      try {
        return ClbAnnotations.parse(kept, List.of());
      } catch (ServiceConfigurationException again) {
        return ClbAnnotations.parse(Map.of(), List.of());
      }
    }
  }

  private static Map<String, String> annotations(V1Service service) {
    Map<String, String> a = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static void checkNodePorts(Context ctx) {
    List<String> problems = new ArrayList<>();
    List<V1ServicePort> ports = ctx.ports();
    for (int i = 0; i < ports.size(); i++) {
      if (ports.get(i).getNodePort() == null || ports.get(i).getNodePort() <= 0) {
        problems.add("spec.ports[" + i + "].nodePort is not set; CLB sends traffic to node ports, so "
            + "spec.allocateLoadBalancerNodePorts must not be false");
      }
    }
    if (!problems.isEmpty()) {
      throw new ServiceConfigurationException(String.join("; ", problems));
    }
  }

  // ------------------------------------------------------------------------------------------------ finding

  /** What the controller knows about a CLB. */
  private static final class Clb {
    final String id;
    final JsonObject json;
    final Map<String, String> tags;
    final boolean reused;
    final String address;

    Clb(JsonObject json, boolean reused) {
      this.json = json;
      this.id = Json.string(json, "LoadBalancerId").orElseThrow();
      this.address = Json.string(json, "Address").orElse("");
      this.reused = reused;
      Map<String, String> t = new LinkedHashMap<>();
      for (JsonObject tag : Json.objects(json, "Tags")) {
        t.put(Json.string(tag, "TagKey").orElse(""), Json.string(tag, "TagValue").orElse(""));
      }
      this.tags = t;
    }

    String field(String name) {
      return Json.string(json, name).orElse("");
    }
  }

  private Optional<Clb> find(Context ctx) {
    Optional<String> id = ctx.settings.reusedLoadBalancerId();
    if (id.isPresent()) {
      List<JsonObject> byId = describe(RpcParams.create().put("LoadBalancerId", id.get()));
      Optional<JsonObject> match = byId.stream()
          .filter(o -> id.get().equals(Json.string(o, "LoadBalancerId").orElse(""))).findFirst();
      return match.map(o -> new Clb(o, true));
    }
    List<JsonObject> byTag = describe(RpcParams.create().putJson("Tags",
        List.of(Map.of("TagKey", ClbTags.DO_NOT_DELETE, "TagValue", ctx.defaultName))));
    if (byTag.size() > 1) {
      throw new CloudProviderException("service " + ctx.ref + " matches " + byTag.size() + " CLBs tagged "
          + ClbTags.DO_NOT_DELETE + "=" + ctx.defaultName + "; delete the extra ones");
    }
    if (byTag.size() == 1) {
      Clb c = new Clb(byTag.get(0), false);
      return Optional.of(withReuseTag(c));
    }
    List<JsonObject> byName = describe(RpcParams.create().put("LoadBalancerName", ctx.name()));
    List<Clb> ours = new ArrayList<>();
    for (JsonObject o : byName) {
      Clb c = new Clb(o, false);
      String owner = c.tags.get(ClbTags.DO_NOT_DELETE);
      if (owner != null && !owner.equals(ctx.defaultName)) {
        // another Service's CLB that happens to carry the same name (two Services with one loadbalancer-name):
        // adopting it would put this Service's listeners on it and delete it with this Service
        LOG.debug("CLB {} is named {} but belongs to another Service ({}={}); not adopted", c.id, ctx.name(),
            ClbTags.DO_NOT_DELETE, owner);
        continue;
      }
      if (ctx.owns(c)) {
        ours.add(c);
      } else {
        LOG.debug("CLB {} is named {} but does not belong to cluster {}; not adopted", c.id, ctx.name(),
            ctx.clusterId);
      }
    }
    if (ours.size() > 1) {
      throw new CloudProviderException("service " + ctx.ref + " matches " + ours.size() + " CLBs named "
          + ctx.name() + " in this cluster; delete the extra ones");
    }
    return ours.stream().findFirst().map(this::withReuseTag);
  }

  /** A CLB a Service once reused stays reused even when the annotation is gone, so it is never deleted. */
  private Clb withReuseTag(Clb c) {
    return "true".equals(c.tags.get(ClbTags.REUSED)) ? new Clb(c.json, true) : c;
  }

  private List<JsonObject> describe(RpcParams filter) {
    return Paging.byNumber(page -> {
      RpcParams p = RpcParams.create();
      filter.asMap().forEach(p::put);
      p.put("PageNumber", page).put("PageSize", LB_PAGE);
      JsonObject r = api.get().call(Product.SLB, "DescribeLoadBalancers", p);
      List<JsonObject> items = Json.objects(r, "LoadBalancers");
      return Page.numbered(items, page, LB_PAGE, Json.number(r, "TotalCount").orElse((long) items.size()));
    });
  }

  // ------------------------------------------------------------------------------------------------ create

  private Clb create(Context ctx) {
    ClbSettings s = ctx.settings;
    String addressType = s.get(ClbAnnotation.ADDRESS_TYPE).orElse("internet");
    RpcParams p = RpcParams.create()
        .put("LoadBalancerName", ctx.name())
        .put("AddressType", addressType)
        .put("AddressIPVersion", s.get(ClbAnnotation.IP_VERSION).orElse(null))
        .put("MasterZoneId", s.get(ClbAnnotation.MASTER_ZONE_ID).orElse(null))
        .put("SlaveZoneId", s.get(ClbAnnotation.SLAVE_ZONE_ID).orElse(null))
        .put("ResourceGroupId", s.get(ClbAnnotation.RESOURCE_GROUP_ID).orElse(config.resourceGroupId().orElse(null)))
        .put("DeleteProtection", s.get(ClbAnnotation.DELETE_PROTECTION).orElse("on"))
        .put("Address", s.get(ClbAnnotation.IP).orElse(null));
    String modification = s.get(ClbAnnotation.MODIFICATION_PROTECTION).orElse("ConsoleProtection");
    p.put("ModificationProtectionStatus", modification);
    if (modification.equals("ConsoleProtection")) {
      p.put("ModificationProtectionReason", "managed.by.ack");
    }
    String instanceCharge = instanceChargeType(s);
    p.put("InstanceChargeType", instanceCharge);
    if (instanceCharge.equals("PayBySpec")) {
      p.put("LoadBalancerSpec", s.get(ClbAnnotation.SPEC).orElse(DEFAULT_SPEC));
    }
    if (addressType.equals("internet")) {
      String charge = s.get(ClbAnnotation.CHARGE_TYPE).orElse(null);
      p.put("InternetChargeType", charge);
      if ("paybybandwidth".equals(charge)) {
        p.put("Bandwidth", s.integer(ClbAnnotation.BANDWIDTH).orElse(DEFAULT_PAYBYBANDWIDTH));
      }
    }
    List<String> vSwitches = List.of();
    if (addressType.equals("intranet") && !"classic".equals(s.get(ClbAnnotation.NETWORK_TYPE).orElse("vpc"))) {
      p.put("VpcId", config.vpcId().orElseGet(() -> api.get().metadata().get("vpc-id")));
      vSwitches = vSwitchCandidates(s);
    }
    List<Map<String, String>> tags = new ArrayList<>();
    tags.add(Map.of("Key", ClbTags.DO_NOT_DELETE, "Value", ctx.defaultName));
    tags.add(Map.of("Key", ClbTags.CLUSTER, "Value", ctx.clusterId));
    s.additionalTags().forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
    p.putObjects("Tag", tags);
    p.put("ClientToken", clientTokens.computeIfAbsent(ctx.key, k -> UUID.randomUUID().toString()));
    JsonObject created;
    if (vSwitches.isEmpty()) {
      created = api.get().call(Product.SLB, "CreateLoadBalancer", p);
    } else {
      created = createInVSwitch(p, vSwitches, s.get(ClbAnnotation.VSWITCH_ID).isPresent());
    }
    String id = Json.string(created, "LoadBalancerId").orElseThrow(() -> new CloudProviderException(
        "CreateLoadBalancer answered without a LoadBalancerId for service " + ctx.ref));
    return find(ctx).filter(c -> c.id.equals(id)).orElseGet(() -> {
      JsonObject o = created.deepCopy();
      o.add("Tags", new JsonObject());
      return new Clb(o, false);
    });
  }

  /** Upstream retries once in another configured vSwitch when the chosen one has no free address. */
  private JsonObject createInVSwitch(RpcParams base, List<String> candidates, boolean pinned) {
    List<String> order = new ArrayList<>(candidates);
    String first = order.remove(pinned ? 0 : ThreadLocalRandom.current().nextInt(order.size()));
    order.add(0, first);
    for (int i = 0; ; i++) {
      RpcParams p = RpcParams.create();
      base.asMap().forEach(p::put);
      p.put("VSwitchId", order.get(i));
      try {
        return api.get().call(Product.SLB, "CreateLoadBalancer", p);
      } catch (CloudProviderException e) {
        if (pinned || i + 1 >= order.size() || i >= 1 || !NO_IP.equals(CloudApiErrors.code(e).orElse(""))) {
          throw e;
        }
        LOG.info("vSwitch {} has no free address; creating the CLB in {}", order.get(i), order.get(i + 1));
      }
    }
  }

  private List<String> vSwitchCandidates(ClbSettings s) {
    if (s.get(ClbAnnotation.VSWITCH_ID).isPresent()) {
      return List.of(s.get(ClbAnnotation.VSWITCH_ID).get());
    }
    if (!config.vswitchIds().isEmpty()) {
      return List.copyOf(new LinkedHashSet<>(config.vswitchIds().values()));
    }
    Optional<String> raw = config.vswitchId().filter(v -> !v.contains(":") && !v.isBlank());
    return List.of(raw.orElseGet(() -> api.get().metadata().get("vswitch-id")));
  }

  private static String instanceChargeType(ClbSettings s) {
    // a spec alone means PayBySpec, which is what every CLB was before CLCU billing existed
    return s.get(ClbAnnotation.INSTANCE_CHARGE_TYPE)
        .orElse(s.get(ClbAnnotation.SPEC).isPresent() ? "PayBySpec" : "PayByCLCU");
  }

  // ------------------------------------------------------------------------------------------------ update LB

  /** Checks immutable fields and collects the writes for modifiable ones; writes nothing itself. */
  private List<Runnable> planLoadBalancerChanges(Context ctx, Clb clb) {
    ClbSettings s = ctx.settings;
    List<Runnable> writes = new ArrayList<>();
    if (clb.reused) {
      String owner = clb.tags.get(ClbTags.DO_NOT_DELETE);
      if ((owner != null && !owner.equals(ctx.defaultName))
          || (owner == null && clb.tags.containsKey(ClbTags.CLUSTER))) {
        throw new ServiceConfigurationException(ClbAnnotation.LOADBALANCER_ID.key() + ": CLB " + clb.id
            + " was created by the controller for another Service (tag " + ClbTags.DO_NOT_DELETE + "=" + owner
            + "); only a CLB created outside Kubernetes can be reused");
      }
      if (!"true".equals(clb.tags.get(ClbTags.REUSED))) {
        writes.add(() -> tag(clb, Map.of(ClbTags.REUSED, "true")));
      }
      addTagWrites(clb, s.additionalTags(), writes);
      return writes;
    }
    List<String> problems = new ArrayList<>();
    immutable(problems, s, ClbAnnotation.ADDRESS_TYPE, clb.field("AddressType"));
    immutable(problems, s, ClbAnnotation.NETWORK_TYPE, clb.field("NetworkType"));
    immutable(problems, s, ClbAnnotation.MASTER_ZONE_ID, clb.field("MasterZoneId"));
    immutable(problems, s, ClbAnnotation.SLAVE_ZONE_ID, clb.field("SlaveZoneId"));
    immutable(problems, s, ClbAnnotation.IP_VERSION, clb.field("AddressIPVersion"));
    immutable(problems, s, ClbAnnotation.RESOURCE_GROUP_ID, clb.field("ResourceGroupId"));
    immutable(problems, s, ClbAnnotation.IP, clb.address);
    immutable(problems, s, ClbAnnotation.VSWITCH_ID, clb.field("VSwitchId"));
    if (!problems.isEmpty()) {
      throw new ServiceConfigurationException(String.join("; ", problems));
    }
    s.get(ClbAnnotation.NAME).filter(n -> !n.equals(clb.field("LoadBalancerName"))).ifPresent(n ->
        writes.add(() -> api.get().call(Product.SLB, "SetLoadBalancerName",
            RpcParams.create().put("LoadBalancerId", clb.id).put("LoadBalancerName", n))));
    s.get(ClbAnnotation.DELETE_PROTECTION).filter(v -> !v.equals(clb.field("DeleteProtection"))).ifPresent(v ->
        writes.add(() -> api.get().call(Product.SLB, "SetLoadBalancerDeleteProtection",
            RpcParams.create().put("LoadBalancerId", clb.id).put("DeleteProtection", v))));
    s.get(ClbAnnotation.MODIFICATION_PROTECTION).filter(v -> !v.equals(clb.field("ModificationProtectionStatus")))
        .ifPresent(v -> writes.add(() -> api.get().call(Product.SLB, "SetLoadBalancerModificationProtection",
            RpcParams.create().put("LoadBalancerId", clb.id).put("ModificationProtectionStatus", v)
                .put("ModificationProtectionReason", v.equals("ConsoleProtection") ? "managed.by.ack" : null))));
    String currentCharge = clb.field("InstanceChargeType");
    if (s.get(ClbAnnotation.INSTANCE_CHARGE_TYPE).isPresent() || s.get(ClbAnnotation.SPEC).isPresent()) {
      String wantCharge = instanceChargeType(s);
      String wantSpec = wantCharge.equals("PayBySpec") ? s.get(ClbAnnotation.SPEC).orElse(
          clb.field("LoadBalancerSpec").isEmpty() ? DEFAULT_SPEC : clb.field("LoadBalancerSpec")) : null;
      if (!wantCharge.equals(currentCharge)) {
        writes.add(() -> api.get().call(Product.SLB, "ModifyLoadBalancerInstanceChargeType", RpcParams.create()
            .put("LoadBalancerId", clb.id).put("InstanceChargeType", wantCharge).put("LoadBalancerSpec", wantSpec)));
      } else if (wantSpec != null && !wantSpec.equals(clb.field("LoadBalancerSpec"))) {
        writes.add(() -> api.get().call(Product.SLB, "ModifyLoadBalancerInstanceSpec",
            RpcParams.create().put("LoadBalancerId", clb.id).put("LoadBalancerSpec", wantSpec)));
      }
    }
    if ("internet".equals(clb.field("AddressType")) && s.get(ClbAnnotation.CHARGE_TYPE).isPresent()) {
      String have = Json.string(clb.json, "InternetChargeTypeAlias").orElse(clb.field("InternetChargeType"))
          .toLowerCase(Locale.ROOT);
      String want = s.get(ClbAnnotation.CHARGE_TYPE).get();
      Optional<Integer> bandwidth = want.equals("paybybandwidth") ? s.integer(ClbAnnotation.BANDWIDTH)
          : Optional.empty();
      boolean bandwidthChanged = bandwidth.isPresent() && !bandwidth.get().toString().equals(clb.field("Bandwidth"));
      if (!want.equals(have) || bandwidthChanged) {
        writes.add(() -> api.get().call(Product.SLB, "ModifyLoadBalancerInternetSpec", RpcParams.create()
            .put("LoadBalancerId", clb.id).put("InternetChargeType", want)
            .put("Bandwidth", bandwidth.map(String::valueOf).orElse(null))));
      }
    }
    addTagWrites(clb, s.additionalTags(), writes);
    return writes;
  }

  private void addTagWrites(Clb clb, Map<String, String> wanted, List<Runnable> writes) {
    Map<String, String> missing = new LinkedHashMap<>();
    wanted.forEach((k, v) -> {
      if (!v.equals(clb.tags.get(k))) {
        missing.put(k, v);
      }
    });
    if (!missing.isEmpty()) {
      writes.add(() -> tag(clb, missing));
    }
  }

  private static void immutable(List<String> problems, ClbSettings s, ClbAnnotation a, String current) {
    Optional<String> want = s.get(a);
    if (want.isPresent() && !current.isEmpty() && !want.get().equalsIgnoreCase(current)) {
      problems.add(a.key() + ": \"" + want.get() + "\" cannot be applied: the CLB has " + current
          + " and this field cannot change after creation (recreate the Service to change it)");
    }
  }

  private void tag(Clb clb, Map<String, String> tags) {
    List<Map<String, String>> list = new ArrayList<>();
    tags.forEach((k, v) -> list.add(Map.of("Key", k, "Value", v)));
    api.get().call(Product.SLB, "TagResources", RpcParams.create().put("ResourceType", "instance")
        .putList("ResourceId", List.of(clb.id)).putObjects("Tag", list));
  }

  private void protectionsOff(Clb clb) {
    if (!"off".equals(clb.field("DeleteProtection"))) {
      api.get().call(Product.SLB, "SetLoadBalancerDeleteProtection",
          RpcParams.create().put("LoadBalancerId", clb.id).put("DeleteProtection", "off"));
    }
    if (!"NonProtection".equals(clb.field("ModificationProtectionStatus"))) {
      api.get().call(Product.SLB, "SetLoadBalancerModificationProtection",
          RpcParams.create().put("LoadBalancerId", clb.id).put("ModificationProtectionStatus", "NonProtection"));
    }
  }

  // ------------------------------------------------------------------------------------------------ plan

  /** A VServer group as the cloud has it. */
  private record Group(String id, String name, boolean owned, String marker) {}

  /** A listener as the cloud has it, flattened to wire names. */
  private record CurrentListener(int port, ListenerProtocol protocol, String status, Map<String, String> attrs) {}

  /** A listener as the Service wants it. */
  private record WantedListener(V1ServicePort port, ListenerProtocol protocol, Map<String, String> params) {}

  /** Everything the apply phase does, computed from reads only. */
  private record Plan(List<Group> createGroups, Map<Integer, List<Backend>> backendsByNodePort,
      Map<String, Group> groups, List<CurrentListener> deleteListeners, List<WantedListener> createListeners,
      List<WantedListener> updateListeners, List<CurrentListener> startListeners, boolean manageListeners,
      List<Group> deleteGroups) {}

  private Plan plan(Context ctx, Clb clb, List<V1Node> nodes) {
    checkNodePorts(ctx);
    Map<String, Group> groups = groups(clb);
    List<Group> create = new ArrayList<>();
    Map<Integer, List<Backend>> backends = new LinkedHashMap<>();
    Set<String> wantedGroupNames = new LinkedHashSet<>();
    for (V1ServicePort port : ctx.ports()) {
      backends.put(port.getNodePort(), desiredBackends(ctx, port, nodes));
      Optional<String> user = Optional.ofNullable(ctx.settings.vgroupPorts().get(port.getPort()));
      if (user.isPresent()) {
        if (groups.values().stream().noneMatch(g -> g.id.equals(user.get()))) {
          throw new ServiceConfigurationException(ClbAnnotation.VGROUP_PORT.key() + ": VServer group "
              + user.get() + " does not exist on CLB " + clb.id);
        }
        continue;
      }
      String name = ctx.groupName(port);
      wantedGroupNames.add(name);
      if (!groups.containsKey(name) && create.stream().noneMatch(g -> g.name.equals(name))) {
        create.add(new Group(null, name, true, name));
      }
    }
    boolean manage = !clb.reused || ctx.settings.forceOverrideListeners();
    List<CurrentListener> delete = new ArrayList<>();
    List<WantedListener> add = new ArrayList<>();
    List<WantedListener> update = new ArrayList<>();
    List<CurrentListener> start = new ArrayList<>();
    if (manage) {
      List<CurrentListener> current = listeners(clb);
      Map<Integer, WantedListener> wanted = new LinkedHashMap<>();
      for (V1ServicePort port : ctx.ports()) {
        ListenerProtocol proto = ctx.settings.protocolFor(port.getPort(), port.getProtocol());
        wanted.put(port.getPort(), new WantedListener(port, proto, listenerParams(ctx, port, proto)));
      }
      Set<Integer> satisfied = new LinkedHashSet<>();
      for (CurrentListener c : current) {
        boolean ours = ctx.ownsListener(c.attrs.getOrDefault("Description", ""));
        WantedListener w = wanted.get(c.port);
        boolean sameTransport = w != null && (w.protocol == ListenerProtocol.UDP) == (c.protocol
            == ListenerProtocol.UDP);
        if (w != null && w.protocol == c.protocol && (ours || clb.reused)) {
          satisfied.add(c.port);
          Optional<Group> g = groupFor(ctx, groups, w.port);
          boolean regroup = g.isEmpty() || !g.get().id.equals(c.attrs.getOrDefault("VServerGroupId", ""));
          if (regroup || differs(w.params, c.attrs)) {
            update.add(w);
          }
          if (!"running".equals(c.status)) {
            start.add(c);
          }
        } else if (w != null && sameTransport && (ours || clb.reused)) {
          // same port, other protocol (e.g. tcp -> https): the listener has to be recreated
          delete.add(c);
        } else if (ours) {
          delete.add(c);
        } else if (sameTransport) {
          throw new ServiceConfigurationException("port " + c.port + " of CLB " + clb.id + " has a " + c.protocol
              .wire() + " listener this controller did not create; remove it or choose another port");
        }
      }
      for (WantedListener w : wanted.values()) {
        if (!satisfied.contains(w.port.getPort())) {
          add.add(w);
        }
      }
      // an HTTP listener that forwards needs its HTTPS target to exist first
      add.sort(Comparator.comparing(w -> w.protocol == ListenerProtocol.HTTPS ? 0 : 1));
    }
    List<Group> stale = new ArrayList<>();
    for (Group g : groups.values()) {
      if (g.owned && ctx.ownsGroupName(g.name) && !wantedGroupNames.contains(g.name)) {
        stale.add(g);
      }
    }
    return new Plan(create, backends, groups, delete, add, update, start, manage, stale);
  }

  private static boolean differs(Map<String, String> wanted, Map<String, String> current) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (e.getKey().equals("ListenerPort")) {
        continue;
      }
      if (!e.getValue().equals(current.get(e.getKey()))) {
        return true;
      }
    }
    return false;
  }

  private void apply(Context ctx, Clb clb, Plan plan) {
    Map<String, Group> groups = new LinkedHashMap<>(plan.groups);
    for (Group g : plan.createGroups) {
      JsonObject r = api.get().call(Product.SLB, "CreateVServerGroup",
          RpcParams.create().put("LoadBalancerId", clb.id).put("VServerGroupName", g.name));
      String id = Json.string(r, "VServerGroupId").orElseThrow(() -> new CloudProviderException(
          "CreateVServerGroup answered without a VServerGroupId for CLB " + clb.id));
      groups.put(g.name, new Group(id, g.name, true, g.name));
    }
    for (V1ServicePort port : ctx.ports()) {
      groupFor(ctx, groups, port).ifPresent(g -> syncBackends(ctx, g, plan.backendsByNodePort.get(port
          .getNodePort())));
    }
    if (plan.manageListeners) {
      for (CurrentListener c : plan.deleteListeners) {
        api.get().call(Product.SLB, "DeleteLoadBalancerListener", RpcParams.create().put("LoadBalancerId", clb.id)
            .put("ListenerPort", c.port).put("ListenerProtocol", c.protocol.wire()));
      }
      for (WantedListener w : plan.createListeners) {
        RpcParams p = RpcParams.create().put("LoadBalancerId", clb.id);
        withGroup(ctx, groups, w).forEach(p::put);
        api.get().call(Product.SLB, "CreateLoadBalancer" + w.protocol.action() + "Listener", p);
        api.get().call(Product.SLB, "StartLoadBalancerListener", RpcParams.create().put("LoadBalancerId", clb.id)
            .put("ListenerPort", w.port.getPort()).put("ListenerProtocol", w.protocol.wire()));
      }
      for (WantedListener w : plan.updateListeners) {
        RpcParams p = RpcParams.create().put("LoadBalancerId", clb.id).put("VServerGroup", "on");
        withGroup(ctx, groups, w).forEach(p::put);
        api.get().call(Product.SLB, "SetLoadBalancer" + w.protocol.action() + "ListenerAttribute", p);
      }
      for (CurrentListener c : plan.startListeners) {
        api.get().call(Product.SLB, "StartLoadBalancerListener", RpcParams.create().put("LoadBalancerId", clb.id)
            .put("ListenerPort", c.port).put("ListenerProtocol", c.protocol.wire()));
      }
      syncDomainExtensions(ctx, clb);
    }
    for (Group g : plan.deleteGroups) {
      try {
        api.get().call(Product.SLB, "DeleteVServerGroup", RpcParams.create().put("VServerGroupId", g.id));
      } catch (CloudResourceNotFoundException e) {
        LOG.debug("VServer group {} was already gone", g.id);
      } catch (CloudProviderException e) {
        if (!IN_USE.equals(CloudApiErrors.code(e).orElse(""))) {
          throw e;
        }
        // a listener the controller does not manage (on a reused CLB) still points at it: keep it, empty
        LOG.info("VServer group {} of service {} is no longer needed but a listener still uses it; emptied instead",
            g.id, ctx.ref);
        syncBackends(ctx, g, List.of());
      }
    }
  }

  private Map<String, String> withGroup(Context ctx, Map<String, Group> groups, WantedListener w) {
    Map<String, String> p = new LinkedHashMap<>(w.params);
    groupFor(ctx, groups, w.port).ifPresent(g -> p.put("VServerGroupId", g.id));
    return p;
  }

  private Optional<Group> groupFor(Context ctx, Map<String, Group> groups, V1ServicePort port) {
    String user = ctx.settings.vgroupPorts().get(port.getPort());
    if (user != null) {
      return groups.values().stream().filter(g -> g.id.equals(user)).findFirst()
          .map(g -> new Group(g.id, g.name, false, ctx.groupName(port)));
    }
    return Optional.ofNullable(groups.get(ctx.groupName(port)));
  }

  // ------------------------------------------------------------------------------------------------ listeners

  private Map<String, String> listenerParams(Context ctx, V1ServicePort port, ListenerProtocol proto) {
    ClbSettings s = ctx.settings;
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ListenerPort", String.valueOf(port.getPort()));
    p.put("Description", ctx.listenerDescription(port));
    p.put("Bandwidth", "-1");
    p.put("Scheduler", "rr");
    if (proto.layer7()) {
      p.put("HealthCheck", "off");
      p.put("StickySession", "off");
    }
    for (Map.Entry<ClbAnnotation, String> e : s.values().entrySet()) {
      ClbAnnotation a = e.getKey();
      if (a.listenerParameter().isPresent() && a.appliesTo(proto)) {
        p.put(a.listenerParameter().get(), e.getValue());
      }
    }
    Integer forward = s.forwardPorts().get(port.getPort());
    if (proto == ListenerProtocol.HTTP && forward != null) {
      p.put("ListenerForward", "on");
      p.put("ForwardPort", forward.toString());
    }
    return p;
  }

  private List<CurrentListener> listeners(Clb clb) {
    List<JsonObject> all = Paging.byToken(token -> {
      RpcParams p = RpcParams.create().putList("LoadBalancerId", List.of(clb.id)).put("MaxResults", LISTENER_PAGE);
      token.ifPresent(t -> p.put("NextToken", t));
      JsonObject r = api.get().call(Product.SLB, "DescribeLoadBalancerListeners", p);
      return Page.of(Json.objects(r, "Listeners"), Json.string(r, "NextToken").filter(t -> !t.isEmpty()));
    });
    List<CurrentListener> out = new ArrayList<>();
    for (JsonObject l : all) {
      Optional<ListenerProtocol> proto = ListenerProtocol.parse(Json.string(l, "ListenerProtocol").orElse(""));
      int port = Json.number(l, "ListenerPort").map(Long::intValue).orElse(0);
      if (proto.isEmpty() || port == 0) {
        continue;
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      flatten(l, attrs);
      Json.object(l, proto.get().configObject()).ifPresent(c -> flatten(c, attrs));
      out.add(new CurrentListener(port, proto.get(), Json.string(l, "Status").orElse(""), attrs));
    }
    return out;
  }

  private static void flatten(JsonObject o, Map<String, String> into) {
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      if (e.getValue().isJsonPrimitive()) {
        into.put(e.getKey(), e.getValue().getAsString());
      }
    }
  }

  private void syncDomainExtensions(Context ctx, Clb clb) {
    if (ctx.settings.get(ClbAnnotation.DOMAIN_EXTENSIONS).isEmpty()) {
      return;
    }
    for (V1ServicePort port : ctx.ports()) {
      if (ctx.settings.protocolFor(port.getPort(), port.getProtocol()) != ListenerProtocol.HTTPS) {
        continue;
      }
      JsonObject r = api.get().call(Product.SLB, "DescribeDomainExtensions",
          RpcParams.create().put("LoadBalancerId", clb.id).put("ListenerPort", port.getPort()));
      Map<String, JsonObject> have = new LinkedHashMap<>();
      for (JsonObject d : Json.objects(r, "DomainExtensions")) {
        have.put(Json.string(d, "Domain").orElse("").toLowerCase(Locale.ROOT), d);
      }
      for (ClbSettings.DomainExtension want : ctx.settings.domainExtensions()) {
        JsonObject h = have.remove(want.domain());
        if (h == null) {
          api.get().call(Product.SLB, "CreateDomainExtension", RpcParams.create().put("LoadBalancerId", clb.id)
              .put("ListenerPort", port.getPort()).put("Domain", want.domain())
              .put("ServerCertificateId", want.certificateId()));
        } else if (!want.certificateId().equals(Json.string(h, "ServerCertificateId").orElse(""))) {
          api.get().call(Product.SLB, "SetDomainExtensionAttribute", RpcParams.create()
              .put("DomainExtensionId", Json.string(h, "DomainExtensionId").orElseThrow())
              .put("ServerCertificateId", want.certificateId()));
        }
      }
      for (JsonObject extra : have.values()) {
        api.get().call(Product.SLB, "DeleteDomainExtension",
            RpcParams.create().put("DomainExtensionId", Json.string(extra, "DomainExtensionId").orElseThrow()));
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ backends

  private Map<String, Group> groups(Clb clb) {
    JsonObject r = api.get().call(Product.SLB, "DescribeVServerGroups", RpcParams.create().put("LoadBalancerId", clb.id));
    Map<String, Group> out = new LinkedHashMap<>();
    for (JsonObject g : Json.objects(r, "VServerGroups")) {
      String name = Json.string(g, "VServerGroupName").orElse("");
      String id = Json.string(g, "VServerGroupId").orElse("");
      out.putIfAbsent(name.isEmpty() ? id : name, new Group(id, name, true, name));
    }
    return out;
  }

  private static List<Backend> desiredBackends(Context ctx, V1ServicePort port, List<V1Node> nodes) {
    List<String> instances = ClbBackends.instances(nodes, ctx.settings);
    int weight = ClbBackends.weight(ctx.settings, instances.size());
    List<Backend> out = new ArrayList<>();
    for (String id : instances) {
      out.add(new Backend(id, port.getNodePort(), weight, ctx.groupName(port)));
    }
    return out;
  }

  private void syncBackends(Context ctx, Group g, List<Backend> desired) {
    JsonObject r = api.get().call(Product.SLB, "DescribeVServerGroupAttribute",
        RpcParams.create().put("VServerGroupId", g.id));
    List<Backend> current = new ArrayList<>();
    for (JsonObject b : Json.objects(r, "BackendServers")) {
      current.add(new Backend(Json.string(b, "ServerId").orElse(""),
          Json.number(b, "Port").map(Long::intValue).orElse(0),
          Json.number(b, "Weight").map(Long::intValue).orElse(ClbBackends.DEFAULT_WEIGHT),
          Json.string(b, "Description").orElse("")));
    }
    ClbBackends.Diff diff = ClbBackends.diff(current, desired, g.owned, Set.of(g.marker),
        ctx.settings.isOn(ClbAnnotation.IGNORE_WEIGHT_UPDATE));
    if (diff.isEmpty()) {
      return;
    }
    int batch = config.sgBatchSize();
    boolean removed = false;
    try {
      // adds go first so that a rolling node replacement never leaves the group empty
      backendCalls("AddVServerGroupBackendServers", g, diff.add(), batch);
    } catch (CloudProviderException e) {
      if (!OVER_LIMIT.equals(CloudApiErrors.code(e).orElse(""))) {
        throw e;
      }
      LOG.info("VServer group {} is full; removing {} stale backends before adding", g.id, diff.remove().size());
      backendCalls("RemoveVServerGroupBackendServers", g, diff.remove(), batch);
      removed = true;
      backendCalls("AddVServerGroupBackendServers", g, diff.add(), batch);
    }
    if (!removed) {
      backendCalls("RemoveVServerGroupBackendServers", g, diff.remove(), batch);
    }
    backendCalls("SetVServerGroupAttribute", g, diff.update(), batch);
    LOG.debug("VServer group {} of service {}: +{} -{} ~{}", g.id, ctx.ref, diff.add().size(), diff.remove().size(),
        diff.update().size());
  }

  private void backendCalls(String action, Group g, List<Backend> backends, int batch) {
    boolean perItem = action.equals("RemoveVServerGroupBackendServers")
        || action.equals("AddVServerGroupBackendServers");
    for (List<Backend> chunk : ClbBackends.batches(backends, batch)) {
      try {
        backendCall(action, g, chunk);
      } catch (CloudProviderException e) {
        if (!perItem || !BACKEND_GONE.contains(CloudApiErrors.code(e).orElse(""))) {
          throw e;
        }
        // one instance of the batch was released and SLB refuses the whole batch: send the others one at a time,
        // so a released instance neither blocks a Service's sync for ever (removal) nor keeps the new nodes of
        // the same batch out of the group until its Node object is gone (addition)
        for (Backend b : chunk) {
          oneBackend(action, g, b);
        }
      }
    }
  }

  private void oneBackend(String action, Group g, Backend b) {
    try {
      backendCall(action, g, List.of(b));
    } catch (CloudProviderException e) {
      String code = CloudApiErrors.code(e).orElse("");
      if (!BACKEND_GONE.contains(code)) {
        throw e;
      }
      LOG.info("backend {} of VServer group {} no longer exists in the cloud ({}); {}", b.key(), g.id, code,
          action.startsWith("Remove") ? "counted as removed" : "not added");
    }
  }

  private void backendCall(String action, Group g, List<Backend> chunk) {
    List<Map<String, String>> json = new ArrayList<>();
    chunk.forEach(b -> json.add(b.toParam()));
    api.get().call(Product.SLB, action, RpcParams.create().put("VServerGroupId", g.id).putJson("BackendServers", json));
  }

  // ------------------------------------------------------------------------------------------------ reuse, status

  private void releaseReused(Context ctx, Clb clb) {
    for (CurrentListener c : listeners(clb)) {
      if (ctx.ownsListener(c.attrs.getOrDefault("Description", ""))) {
        api.get().call(Product.SLB, "DeleteLoadBalancerListener", RpcParams.create().put("LoadBalancerId", clb.id)
            .put("ListenerPort", c.port).put("ListenerProtocol", c.protocol.wire()));
      }
    }
    for (Group g : groups(clb).values()) {
      if (ctx.ownsGroupName(g.name)) {
        try {
          api.get().call(Product.SLB, "DeleteVServerGroup", RpcParams.create().put("VServerGroupId", g.id));
        } catch (CloudProviderException e) {
          // a user's listener may still use it; then only our backends go
          LOG.info("VServer group {} on reused CLB {} stays: {}", g.id, clb.id, CloudApiErrors.code(e).orElse("?"));
          syncBackends(ctx, g, List.of());
        }
      }
    }
    for (Map.Entry<Integer, String> user : ctx.settings.vgroupPorts().entrySet()) {
      for (V1ServicePort port : ctx.ports()) {
        if (port.getPort().equals(user.getKey()) && port.getNodePort() != null) {
          syncBackends(ctx, new Group(user.getValue(), "", false, ctx.groupName(port)), List.of());
        }
      }
    }
    if (clb.tags.containsKey(ClbTags.REUSED)) {
      api.get().call(Product.SLB, "UntagResources", RpcParams.create().put("ResourceType", "instance")
          .putList("ResourceId", List.of(clb.id)).putList("TagKey", List.of(ClbTags.REUSED)));
    }
    LOG.info("released reused CLB {} of service {}; the CLB itself is kept", clb.id, ctx.ref);
  }

  private V1LoadBalancerStatus status(Context ctx, Clb clb) {
    V1LoadBalancerIngress ingress = new V1LoadBalancerIngress();
    Optional<String> hostname = ctx.settings.get(ClbAnnotation.HOSTNAME);
    if (hostname.isPresent()) {
      ingress.setHostname(hostname.get());
    } else if (ctx.settings.get(ClbAnnotation.EXTERNAL_IP_TYPE).isPresent()) {
      List<String> eips = Paging.byNumber(page -> {
        JsonObject r = api.get().call(Product.VPC, "DescribeEipAddresses", RpcParams.create()
            .put("AssociatedInstanceType", "SlbInstance").put("AssociatedInstanceId", clb.id)
            .put("PageNumber", page).put("PageSize", EIP_PAGE));
        List<String> ips = new ArrayList<>();
        Json.objects(r, "EipAddresses").forEach(e -> Json.string(e, "IpAddress").ifPresent(ips::add));
        return Page.numbered(ips, page, EIP_PAGE, Json.number(r, "TotalCount").orElse((long) ips.size()));
      });
      if (eips.isEmpty()) {
        throw new CloudProviderException("service " + ctx.ref + " asks for " + ClbAnnotation.EXTERNAL_IP_TYPE.key()
            + ": eip, but no EIP is bound to CLB " + clb.id + " yet");
      }
      List<V1LoadBalancerIngress> all = new ArrayList<>();
      eips.forEach(ip -> all.add(new V1LoadBalancerIngress().ip(ip)));
      return new V1LoadBalancerStatus().ingress(all);
    } else {
      ingress.setIp(clb.address);
    }
    return new V1LoadBalancerStatus().ingress(List.of(ingress));
  }

  // ------------------------------------------------------------------------------------------------ context

  /** One call's view of a Service: its names, the cluster id and the validated settings. */
  private final class Context {
    final V1Service service;
    final ClbSettings settings;
    final String clusterId;
    final String defaultName;
    final String ref;
    final String key;
    final String svc;
    final String ns;

    Context(String clusterName, V1Service service, ClbSettings settings) {
      this.service = service;
      this.settings = settings;
      this.clusterId = config.ownershipClusterId(clusterName);
      this.defaultName = LoadBalancers.defaultName(service);
      this.svc = service.getMetadata().getName();
      this.ns = service.getMetadata().getNamespace() == null ? "default" : service.getMetadata().getNamespace();
      this.ref = ns + "/" + svc;
      this.key = ref + "/" + service.getMetadata().getUid();
    }

    String name() {
      return settings.get(ClbAnnotation.NAME).orElse(defaultName);
    }

    List<V1ServicePort> ports() {
      return service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
          : service.getSpec().getPorts();
    }

    boolean owns(Clb clb) {
      return clusterId.equals(clb.tags.get(ClbTags.CLUSTER));
    }

    String listenerDescription(V1ServicePort port) {
      return "k8s/" + port.getPort() + "/" + svc + "/" + ns + "/" + clusterId;
    }

    boolean ownsListener(String description) {
      String[] parts = description.split("/", -1);
      return parts.length == 5 && parts[0].equals("k8s") && parts[2].equals(svc) && parts[3].equals(ns)
          && parts[4].equals(clusterId);
    }

    String groupName(V1ServicePort port) {
      return "k8s/" + port.getNodePort() + "/" + svc + "/" + ns + "/" + clusterId;
    }

    boolean ownsGroupName(String name) {
      return ownsListener(name);
    }
  }
}

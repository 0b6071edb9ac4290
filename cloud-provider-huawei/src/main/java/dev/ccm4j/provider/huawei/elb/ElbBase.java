package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.elb.Members.Target;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What shared and dedicated ELBs have in common: finding the Service's ELB, reconciling listeners, pools, health
 * monitors and members, EIPs, the ACTIVE wait between changes, and deletion.
 *
 * <p>Every call re-reads the cloud and writes only the differences, so a call cut short (by the wait budget, an
 * error or a restart) is simply continued by the next one. Ownership: an ELB is ours when it carries this
 * Service's name and was not named by {@code kubernetes.io/elb.id}; on a reused ELB only listeners carrying this
 * Service's description (or, for listeners the original CCM created, the Service's listener name on a Service port)
 * are touched, and the ELB itself is never deleted.
 */
abstract class ElbBase implements ElbImplementation {
  private static final Logger LOG = LoggerFactory.getLogger(ElbBase.class);
  static final String ANNOTATION_ELB_ID = "kubernetes.io/elb.id";
  static final String ANNOTATION_KEEP_EIP = "kubernetes.io/elb.keep-eip";
  static final String ANNOTATION_EIP_ID = "kubernetes.io/elb.eip-id";
  private static final Set<String> HTTP_PROTOCOLS = Set.of("HTTP", "HTTPS", "TERMINATED_HTTPS");

  /** The resources of the ELB's own version: load balancers, listener reads and deletes, pools, members, monitors. */
  final ElbRest main;
  /** Listener creates and updates, which ELB takes through v3 for shared ELBs too. */
  final ElbRest v3;
  final EipClient eips;
  final Members members;
  final HuaweiConfig config;
  final Supplier<LoadBalancerConfig> lbConfig;
  final ActiveWait waiter;

  ElbBase(ElbRest main, ElbRest v3, EipClient eips, Members members, HuaweiConfig config,
      Supplier<LoadBalancerConfig> lbConfig, ActiveWait waiter) {
    this.main = Objects.requireNonNull(main, "main");
    this.v3 = Objects.requireNonNull(v3, "v3");
    this.eips = Objects.requireNonNull(eips, "eips");
    this.members = Objects.requireNonNull(members, "members");
    this.config = Objects.requireNonNull(config, "config");
    this.lbConfig = Objects.requireNonNull(lbConfig, "lbConfig");
    this.waiter = Objects.requireNonNull(waiter, "waiter");
  }

  /** One listener the Service wants. */
  record ListenerSpec(V1ServicePort port, String protocol, int listenerPort, String name, String poolProtocol) {}

  /** The state of one call. */
  final class Call {
    final String cluster;
    final V1Service svc;
    final Optional<ElbServiceConfig> cfg;
    final String elbName;
    final String description;
    final Instant deadline;
    JsonObject lb;
    String lbId;
    boolean owned;
    boolean settled = true;
    /** The ELB was in ERROR when read: changes go ahead (re-applying them is how it recovers), without waiting. */
    boolean inError;
    String lastChange = "";

    Call(String cluster, V1Service svc, Optional<ElbServiceConfig> cfg) {
      this.cluster = cluster;
      this.svc = svc;
      this.cfg = cfg;
      this.elbName = Names.elbName(cluster, businessName(cfg), svc);
      this.description = Names.description(cluster, svc);
      this.deadline = waiter.deadline();
    }

    String ref() {
      return Names.namespace(svc) + "/" + Names.name(svc);
    }

    void adopt(JsonObject found, boolean isOwned) {
      lb = found;
      lbId = Json.string(found, "id").orElseThrow(() -> new CloudProviderException("ELB without an id"));
      owned = isOwned;
      String status = Json.string(found, "provisioning_status").orElse("");
      inError = ActiveWait.ERROR.equals(status);
      settled = inError || ActiveWait.ACTIVE.equals(status);
    }
  }

  private Optional<String> businessName(Optional<ElbServiceConfig> cfg) {
    if (cfg.isPresent()) {
      return cfg.get().businessName();
    }
    try {
      return lbConfig.get().businessName();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  // ---- hooks -------------------------------------------------------------------------------------------------

  /** The listener protocol of a Service port. */
  abstract String listenerProtocol(ElbServiceConfig cfg, String portProtocol);

  /** The protocol that goes into the listener name. */
  abstract String nameProtocol(String listenerProtocol, String portProtocol);

  /** Adds the listener fields particular to the ELB kind (transparent client IP, connection limit). */
  abstract void kindListenerFields(ElbServiceConfig cfg, String protocol, JsonObject fields);

  /** Creates the ELB, answering it as ELB shows it. */
  abstract JsonObject createLoadBalancer(Call c, ElbServiceConfig cfg, List<V1Node> nodes);

  /** Brings an existing ELB of ours in line with the settings that can change; default nothing. */
  void updateOwnedLoadBalancer(Call c, ElbServiceConfig cfg) {}

  /** The body of a new member. */
  abstract JsonObject memberBody(Call c, String poolName, Target t, String subnet);

  /** Whether members need a subnet at all. */
  boolean membersNeedSubnet(Call c) {
    return true;
  }

  /** The subnet a member goes into when its NIC cannot be found. */
  abstract String vipSubnet(JsonObject lb);

  /** The EIPs bound to the ELB. */
  abstract List<JsonObject> boundEips(Call c);

  /** The address the Service's status shows. */
  abstract String statusAddress(Call c);

  // ---- ElbImplementation ---------------------------------------------------------------------------------------

  @Override
  public Optional<V1LoadBalancerStatus> get(String cluster, V1Service svc, ElbServiceConfig cfg) {
    Call c = new Call(cluster, svc, Optional.of(cfg));
    if (!find(c)) {
      return Optional.empty();
    }
    if (!c.owned && listeners(c).stream().noneMatch(l -> oursForDelete(c, l))) {
      return Optional.empty();
    }
    return Optional.of(status(c));
  }

  @Override
  public V1LoadBalancerStatus ensure(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
    Call c = new Call(cluster, svc, Optional.of(cfg));
    List<ListenerSpec> specs = listenerSpecs(svc, cfg);
    Map<V1ServicePort, List<Target>> targets = members.targets(svc, nodes, cfg.primaryNicForce());
    Map<String, String> nodeIps = nodeIps(nodes);
    if (!find(c)) {
      if (cfg.elbId().isPresent()) {
        throw new ServiceConfigurationException("the ELB " + cfg.elbId().get() + " named by " + ANNOTATION_ELB_ID
            + " does not exist");
      }
      cfg.eipId().ifPresent(id -> requireBindableEip(id, null));
      JsonObject created = createLoadBalancer(c, cfg, nodes);
      c.adopt(created, true);
      c.settled = false;
      c.lastChange = "creating the ELB";
      LOG.info("created {} ELB {} ({}) for service {}", kind(), c.lbId, c.elbName, c.ref());
    }
    if (c.owned) {
      updateOwnedLoadBalancer(c, cfg);
      ensureEip(c, cfg);
    }
    reconcileListeners(c, cfg, specs, targets, nodeIps);
    recoverFromError(c);
    settle(c);
    return status(c);
  }

  /**
   * An ELB still in ERROR once every difference is written: ours is provisioned again with an update that changes
   * nothing (ELB takes it as a new change), someone else's is only reported.
   */
  void recoverFromError(Call c) {
    if (!c.inError) {
      return;
    }
    if (!c.owned) {
      throw new CloudProviderException("the ELB " + c.lbId + " named by " + ANNOTATION_ELB_ID
          + " is in provisioning status ERROR; it is retried, fix the ELB if this persists");
    }
    JsonObject touch = new JsonObject();
    touch.addProperty("description", c.description);
    LOG.warn("ELB {} of service {} is in provisioning status ERROR; provisioning it again", c.lbId, c.ref());
    mutate(c, "provisioning the ELB again after ERROR",
        () -> main.update("UpdateLoadBalancer", "loadbalancers", c.lbId, "loadbalancer", touch));
  }

  @Override
  public void update(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
    Call c = new Call(cluster, svc, Optional.of(cfg));
    List<ListenerSpec> specs = listenerSpecs(svc, cfg);
    Map<V1ServicePort, List<Target>> targets = members.targets(svc, nodes, cfg.primaryNicForce());
    Map<String, String> nodeIps = nodeIps(nodes);
    if (!find(c)) {
      LOG.debug("no ELB for service {} yet; its backends are set when it is ensured", c.ref());
      return;
    }
    List<JsonObject> listeners = listeners(c);
    List<JsonObject> pools = pools(c);
    for (ListenerSpec s : specs) {
      JsonObject l = match(listeners, s);
      if (l == null || (!c.owned && !oursOnReused(c, l, s))) {
        continue;
      }
      JsonObject pool = poolOf(pools, l);
      if (pool != null) {
        syncMembers(c, pool, targets.getOrDefault(s.port(), List.of()), nodeIps);
      }
    }
    if (c.inError) {
      throw new CloudProviderException("the ELB " + c.lbId + " of service " + c.ref()
          + " is in provisioning status ERROR; the next ensure provisions it again");
    }
    settle(c);
  }

  @Override
  public void delete(String cluster, V1Service svc, Optional<ElbServiceConfig> cfg) {
    Call c = new Call(cluster, svc, cfg);
    if (!find(c)) {
      return;
    }
    List<JsonObject> pools = pools(c);
    for (JsonObject l : listeners(c)) {
      if (c.owned || oursForDelete(c, l)) {
        deleteListenerTree(c, l, pools);
      }
    }
    if (!c.owned) {
      settle(c);
      LOG.info("listeners of service {} removed from the reused ELB {}, which is kept", c.ref(), c.lbId);
      return;
    }
    releaseEips(c);
    mutate(c, "deleting the ELB", () -> main.delete("DeleteLoadBalancer", "loadbalancers", c.lbId));
    c.settled = true;
    LOG.info("deleted {} ELB {} ({}) of service {}", kind(), c.lbId, c.elbName, c.ref());
  }

  // ---- finding --------------------------------------------------------------------------------------------------

  /** Finds the Service's ELB into the call; false when there is none. */
  boolean find(Call c) {
    Optional<String> reused = c.cfg.isPresent() ? c.cfg.get().elbId() : rawAnnotation(c.svc, ANNOTATION_ELB_ID);
    if (reused.isPresent()) {
      if (!ElbRest.isId(reused.get())) {
        if (c.cfg.isPresent()) {
          throw new ServiceConfigurationException(ANNOTATION_ELB_ID + " must be an ELB id");
        }
        return false;
      }
      Optional<JsonObject> lb = readLoadBalancer(reused.get());
      lb.ifPresent(l -> c.adopt(l, false));
      return lb.isPresent();
    }
    List<JsonObject> named = main.list("ListLoadBalancers", "loadbalancers", "loadbalancers",
        Map.of("name", c.elbName)).stream()
        .filter(l -> c.elbName.equals(Json.string(l, "name").orElse("")))
        .toList();
    if (named.isEmpty()) {
      return false;
    }
    if (named.size() > 1) {
      LOG.warn("{} ELBs are named {} for service {}; using {}", named.size(), c.elbName, c.ref(),
          Json.string(named.get(0), "id").orElse(""));
    }
    c.adopt(named.get(0), true);
    return true;
  }

  Optional<JsonObject> readLoadBalancer(String id) {
    return main.show("ShowLoadBalancer", "loadbalancers", id, "loadbalancer");
  }

  static Optional<String> rawAnnotation(V1Service svc, String key) {
    Map<String, String> a = svc.getMetadata() == null ? null : svc.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  // ---- waiting ----------------------------------------------------------------------------------------------

  /** Runs one change, first waiting for the ELB to be ACTIVE after the previous one. */
  <T> T mutate(Call c, String what, Supplier<T> op) {
    if (!c.inError) {
      settle(c);
    }
    T result = op.get();
    c.inError = false;
    c.settled = false;
    c.lastChange = what;
    return result;
  }

  void settle(Call c) {
    if (!c.settled) {
      c.lb = waiter.awaitActive(id -> readLoadBalancer(id).orElse(null), c.lbId, c.lastChange, c.deadline);
      c.settled = true;
    }
  }

  // ---- listeners --------------------------------------------------------------------------------------------

  List<ListenerSpec> listenerSpecs(V1Service svc, ElbServiceConfig cfg) {
    List<V1ServicePort> ports = svc.getSpec() == null || svc.getSpec().getPorts() == null
        ? List.of() : svc.getSpec().getPorts();
    List<ListenerSpec> out = new ArrayList<>();
    Map<String, V1ServicePort> seen = new HashMap<>();
    for (V1ServicePort sp : ports) {
      String raw = sp.getProtocol() == null ? "TCP" : sp.getProtocol().toUpperCase(Locale.ROOT);
      if (!raw.equals("TCP") && !raw.equals("UDP")) {
        throw new ServiceConfigurationException("port " + Members.describe(sp) + ": ELB listeners support the "
            + "protocols TCP and UDP only");
      }
      String protocol = raw.equals("UDP") ? "UDP" : listenerProtocol(cfg, raw);
      int port = sp.getPort();
      V1ServicePort clash = seen.putIfAbsent(protocol + "/" + port, sp);
      if (clash != null) {
        throw new ServiceConfigurationException("ports " + Members.describe(clash) + " and " + Members.describe(sp)
            + " both need the ELB listener " + protocol + "/" + port);
      }
      String name = Names.listenerName(svc, nameProtocol(protocol, raw), port);
      String poolProtocol = protocol.equals("HTTPS") || protocol.equals("TERMINATED_HTTPS") ? "HTTP" : protocol;
      out.add(new ListenerSpec(sp, protocol, port, name, poolProtocol));
    }
    return out;
  }

  List<JsonObject> listeners(Call c) {
    return main.list("ListListeners", "listeners", "listeners", Map.of("loadbalancer_id", c.lbId));
  }

  List<JsonObject> pools(Call c) {
    return main.list("ListPools", "pools", "pools", Map.of("loadbalancer_id", c.lbId));
  }

  static JsonObject match(List<JsonObject> listeners, ListenerSpec s) {
    for (JsonObject l : listeners) {
      if (s.protocol().equals(Json.string(l, "protocol").orElse(""))
          && Json.number(l, "protocol_port").orElse(-1L) == s.listenerPort()) {
        return l;
      }
    }
    return null;
  }

  boolean ourDescription(Call c, JsonObject l) {
    return c.description.equals(Json.string(l, "description").orElse(""));
  }

  boolean oursOnReused(Call c, JsonObject l, ListenerSpec s) {
    return ourDescription(c, l) || s.name().equals(Json.string(l, "name").orElse(""));
  }

  /** A listener of this Service on an ELB: ours by description, or by the original's name on a Service port. */
  boolean oursForDelete(Call c, JsonObject l) {
    if (ourDescription(c, l)) {
      return true;
    }
    String name = Json.string(l, "name").orElse("");
    long port = Json.number(l, "protocol_port").orElse(-1L);
    String protocol = Json.string(l, "protocol").orElse("");
    List<V1ServicePort> ports = c.svc.getSpec() == null || c.svc.getSpec().getPorts() == null
        ? List.of() : c.svc.getSpec().getPorts();
    for (V1ServicePort sp : ports) {
      if (sp.getPort() != port) {
        continue;
      }
      for (String p : List.of(protocol, "TCP", "UDP")) {
        if (name.equals(Names.listenerName(c.svc, p, (int) port))) {
          return true;
        }
      }
    }
    return false;
  }

  void reconcileListeners(Call c, ElbServiceConfig cfg, List<ListenerSpec> specs,
      Map<V1ServicePort, List<Target>> targets, Map<String, String> nodeIps) {
    List<JsonObject> listeners = listeners(c);
    List<JsonObject> pools = pools(c);
    // refuse before any write: a port taken on a reused ELB by someone else's listener
    for (ListenerSpec s : specs) {
      JsonObject l = match(listeners, s);
      if (l != null && !c.owned && !oursOnReused(c, l, s)) {
        throw new ServiceConfigurationException("the listener " + s.protocol() + "/" + s.listenerPort()
            + " on the ELB " + c.lbId + " named by " + ANNOTATION_ELB_ID + " belongs to something else ("
            + Json.string(l, "name").orElse("") + "); choose another Service port");
      }
    }
    Set<String> wanted = new HashSet<>();
    for (ListenerSpec s : specs) {
      JsonObject l = match(listeners, s);
      JsonObject fields = listenerFields(c, cfg, s);
      String listenerId;
      if (l == null) {
        JsonObject body = fields.deepCopy();
        body.addProperty("loadbalancer_id", c.lbId);
        body.addProperty("protocol", s.protocol());
        body.addProperty("protocol_port", s.listenerPort());
        JsonObject created = mutate(c, "creating listener " + s.name(),
            () -> v3.create("CreateListener", "listeners", "listener", body));
        listenerId = Json.string(created, "id").orElseThrow(() -> new CloudProviderException(
            "ELB CreateListener answered a listener without an id"));
        l = created;
      } else {
        listenerId = Json.string(l, "id").orElse("");
        JsonObject diff = diff(l, fields);
        if (diff.size() > 0) {
          mutate(c, "updating listener " + s.name(),
              () -> v3.update("UpdateListener", "listeners", listenerId, "listener", diff));
        }
      }
      wanted.add(listenerId);
      JsonObject pool = ensurePool(c, cfg, s, l, listenerId, pools);
      ensureMonitor(c, cfg, s, pool);
      syncMembers(c, pool, targets.getOrDefault(s.port(), List.of()), nodeIps);
    }
    for (JsonObject l : listeners) {
      String id = Json.string(l, "id").orElse("");
      if (!wanted.contains(id) && (c.owned || ourDescription(c, l))) {
        deleteListenerTree(c, l, pools);
      }
    }
  }

  JsonObject listenerFields(Call c, ElbServiceConfig cfg, ListenerSpec s) {
    JsonObject o = new JsonObject();
    o.addProperty("name", s.name());
    o.addProperty("description", c.description);
    boolean http = HTTP_PROTOCOLS.contains(s.protocol());
    if (http) {
      JsonObject headers = new JsonObject();
      headers.addProperty("X-Forwarded-Host", cfg.xForwardedHost());
      o.add("insert_headers", headers);
    }
    if (s.protocol().equals("TERMINATED_HTTPS") || s.protocol().equals("HTTPS")) {
      cfg.tlsContainerRef().ifPresent(ref -> o.addProperty("default_tls_container_ref", ref));
    }
    cfg.idleTimeout().ifPresent(t -> o.addProperty("keepalive_timeout", t));
    if (http) {
      cfg.requestTimeout().ifPresent(t -> o.addProperty("client_timeout", t));
      cfg.responseTimeout().ifPresent(t -> o.addProperty("member_timeout", t));
    }
    kindListenerFields(cfg, s.protocol(), o);
    return o;
  }

  /** The desired fields that differ from what the cloud shows. */
  static JsonObject diff(JsonObject existing, JsonObject desired) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, JsonElement> e : desired.entrySet()) {
      JsonElement have = existing.get(e.getKey());
      if (!sameValue(e.getKey(), have, e.getValue())) {
        out.add(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static boolean sameValue(String key, JsonElement have, JsonElement want) {
    if (key.equals("insert_headers")) {
      return headerOn(have) == headerOn(want);
    }
    boolean haveNull = have == null || have.isJsonNull();
    boolean wantNull = want == null || want.isJsonNull();
    if (haveNull || wantNull) {
      return haveNull == wantNull;
    }
    if (have.isJsonPrimitive() && want.isJsonPrimitive() && have.getAsJsonPrimitive().isNumber()
        && want.getAsJsonPrimitive().isNumber()) {
      return have.getAsJsonPrimitive().getAsBigDecimal().compareTo(want.getAsJsonPrimitive().getAsBigDecimal()) == 0;
    }
    return have.equals(want);
  }

  private static boolean headerOn(JsonElement headers) {
    if (headers == null || !headers.isJsonObject()) {
      return false;
    }
    return Json.bool(headers.getAsJsonObject(), "X-Forwarded-Host").orElse(false);
  }

  // ---- pools and monitors ------------------------------------------------------------------------------------

  static JsonObject poolOf(List<JsonObject> pools, JsonObject listener) {
    String lid = Json.string(listener, "id").orElse("");
    String defaultPool = Json.string(listener, "default_pool_id").orElse("");
    for (JsonObject p : pools) {
      String pid = Json.string(p, "id").orElse("");
      if (!defaultPool.isEmpty() && defaultPool.equals(pid)) {
        return p;
      }
      if (lid.equals(Json.string(p, "listener_id").orElse(""))) {
        return p;
      }
      for (JsonObject ref : Json.objects(p, "listeners")) {
        if (lid.equals(Json.string(ref, "id").orElse(""))) {
          return p;
        }
      }
    }
    return null;
  }

  JsonObject ensurePool(Call c, ElbServiceConfig cfg, ListenerSpec s, JsonObject listener, String listenerId,
      List<JsonObject> pools) {
    JsonObject desired = new JsonObject();
    desired.addProperty("name", Names.poolName(s.name()));
    desired.addProperty("lb_algorithm", cfg.lbAlgorithm());
    desired.add("session_persistence", sessionPersistence(cfg));
    JsonObject pool = poolOf(pools, listener);
    if (pool == null) {
      JsonObject body = desired.deepCopy();
      if (body.get("session_persistence").isJsonNull()) {
        body.remove("session_persistence");
      }
      body.addProperty("protocol", s.poolProtocol());
      body.addProperty("listener_id", listenerId);
      return mutate(c, "creating pool " + Names.poolName(s.name()),
          () -> main.create("CreatePool", "pools", "pool", body));
    }
    String poolId = Json.string(pool, "id").orElse("");
    JsonObject changes = new JsonObject();
    for (Map.Entry<String, JsonElement> e : desired.entrySet()) {
      JsonElement have = pool.get(e.getKey());
      boolean same = e.getKey().equals("session_persistence")
          ? samePersistence(have, e.getValue()) : sameValue(e.getKey(), have, e.getValue());
      if (!same) {
        changes.add(e.getKey(), e.getValue());
      }
    }
    if (changes.size() > 0) {
      mutate(c, "updating pool " + Names.poolName(s.name()),
          () -> main.update("UpdatePool", "pools", poolId, "pool", changes));
    }
    return pool;
  }

  static JsonElement sessionPersistence(ElbServiceConfig cfg) {
    if (cfg.sessionAffinity().isEmpty()) {
      return JsonNull.INSTANCE;
    }
    SessionPersistence sp = cfg.sessionAffinity().get();
    JsonObject o = new JsonObject();
    o.addProperty("type", sp.type());
    sp.cookieName().ifPresent(n -> o.addProperty("cookie_name", n));
    sp.persistenceTimeout().ifPresent(t -> o.addProperty("persistence_timeout", t));
    return o;
  }

  private static boolean samePersistence(JsonElement have, JsonElement want) {
    boolean haveNone = have == null || !have.isJsonObject()
        || Json.string(have.getAsJsonObject(), "type").orElse("").isEmpty();
    if (want == null || want.isJsonNull()) {
      return haveNone;
    }
    if (haveNone) {
      return false;
    }
    JsonObject h = have.getAsJsonObject();
    for (Map.Entry<String, JsonElement> e : want.getAsJsonObject().entrySet()) {
      if (!sameValue(e.getKey(), h.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  void ensureMonitor(Call c, ElbServiceConfig cfg, ListenerSpec s, JsonObject pool) {
    String poolId = Json.string(pool, "id").orElse("");
    String monitorId = Json.string(pool, "healthmonitor_id").orElse("");
    if (cfg.healthCheck().isEmpty()) {
      if (!monitorId.isEmpty()) {
        mutate(c, "deleting the health monitor of " + s.name(),
            () -> main.delete("DeleteHealthMonitor", "healthmonitors", monitorId));
      }
      return;
    }
    HealthCheck hc = cfg.healthCheck().get();
    // a UDP pool is only ever checked with UDP_CONNECT, whatever protocol the option names
    String type = s.poolProtocol().equals("UDP") ? "UDP_CONNECT"
        : hc.protocol().map(p -> p.toUpperCase(Locale.ROOT)).filter(p -> !p.equals("UDP")).orElse(s.poolProtocol());
    JsonObject desired = new JsonObject();
    desired.addProperty("delay", hc.delay());
    desired.addProperty("timeout", hc.timeout());
    desired.addProperty("max_retries", hc.maxRetries());
    if (type.equals("HTTP")) {
      hc.path().ifPresent(p -> desired.addProperty("url_path", p));
    }
    Optional<JsonObject> existing = monitorId.isEmpty() ? Optional.empty()
        : main.show("ShowHealthMonitor", "healthmonitors", monitorId, "healthmonitor");
    String wantType = type;
    if (existing.isPresent() && !wantType.equals(Json.string(existing.get(), "type").orElse(""))) {
      mutate(c, "replacing the health monitor of " + s.name(),
          () -> main.delete("DeleteHealthMonitor", "healthmonitors", monitorId));
      existing = Optional.empty();
    }
    if (existing.isEmpty()) {
      JsonObject body = desired.deepCopy();
      body.addProperty("type", wantType);
      body.addProperty("pool_id", poolId);
      mutate(c, "creating the health monitor of " + s.name(),
          () -> main.create("CreateHealthMonitor", "healthmonitors", "healthmonitor", body));
      return;
    }
    JsonObject changes = diff(existing.get(), desired);
    if (changes.size() > 0) {
      mutate(c, "updating the health monitor of " + s.name(),
          () -> main.update("UpdateHealthMonitor", "healthmonitors", monitorId, "healthmonitor", changes));
    }
  }

  // ---- members ----------------------------------------------------------------------------------------------

  void syncMembers(Call c, JsonObject pool, List<Target> targets, Map<String, String> nodeIps) {
    String poolId = Json.string(pool, "id").orElse("");
    String poolName = Json.string(pool, "name").orElse(poolId);
    Map<String, JsonObject> existing = new LinkedHashMap<>();
    for (JsonObject m : main.list("ListMembers", ElbRest.membersOf(poolId), "members", Map.of())) {
      existing.put(Json.string(m, "address").orElse("") + ":" + Json.number(m, "protocol_port").orElse(-1L), m);
    }
    Set<String> wanted = new HashSet<>();
    for (Target t : targets) {
      wanted.add(t.key());
      if (existing.containsKey(t.key())) {
        continue;
      }
      String subnet = membersNeedSubnet(c) ? members.subnetOf(t, nodeIps, vipSubnet(c.lb)) : null;
      JsonObject body = memberBody(c, poolName, t, subnet);
      mutate(c, "adding member " + t.key() + " to " + poolName,
          () -> main.create("CreateMember", ElbRest.membersOf(poolId), "member", body));
    }
    for (Map.Entry<String, JsonObject> e : existing.entrySet()) {
      if (!wanted.contains(e.getKey())) {
        String memberId = Json.string(e.getValue(), "id").orElse("");
        mutate(c, "removing member " + e.getKey() + " from " + poolName,
            () -> main.delete("DeleteMember", ElbRest.membersOf(poolId), memberId));
      }
    }
  }

  static Map<String, String> nodeIps(List<V1Node> nodes) {
    Map<String, String> out = new HashMap<>();
    for (V1Node n : nodes) {
      if (n.getMetadata() != null && n.getMetadata().getName() != null) {
        Members.internalIp(n).ifPresent(ip -> out.put(n.getMetadata().getName(), ip));
      }
    }
    return out;
  }

  // ---- deletion ---------------------------------------------------------------------------------------------

  void deleteListenerTree(Call c, JsonObject listener, List<JsonObject> pools) {
    String listenerId = Json.string(listener, "id").orElse("");
    String name = Json.string(listener, "name").orElse(listenerId);
    JsonObject pool = poolOf(pools, listener);
    if (pool != null) {
      String poolId = Json.string(pool, "id").orElse("");
      for (JsonObject m : main.list("ListMembers", ElbRest.membersOf(poolId), "members", Map.of())) {
        String memberId = Json.string(m, "id").orElse("");
        mutate(c, "removing a member of listener " + name,
            () -> main.delete("DeleteMember", ElbRest.membersOf(poolId), memberId));
      }
      String monitorId = Json.string(pool, "healthmonitor_id").orElse("");
      if (!monitorId.isEmpty()) {
        mutate(c, "deleting the health monitor of listener " + name,
            () -> main.delete("DeleteHealthMonitor", "healthmonitors", monitorId));
      }
      mutate(c, "deleting the pool of listener " + name, () -> main.delete("DeletePool", "pools", poolId));
    }
    mutate(c, "deleting listener " + name, () -> main.delete("DeleteListener", "listeners", listenerId));
  }

  // ---- EIPs -------------------------------------------------------------------------------------------------

  /** Checks before any write that an EIP named by the Service exists and is free (or bound to {@code port}). */
  JsonObject requireBindableEip(String id, String port) {
    if (!ElbRest.isId(id)) {
      throw new ServiceConfigurationException(ANNOTATION_EIP_ID + " must be an EIP id");
    }
    JsonObject eip = eips.get(id).orElseThrow(() -> new ServiceConfigurationException("the EIP " + id
        + " named by " + ANNOTATION_EIP_ID + " does not exist"));
    String bound = Json.string(eip, "port_id").orElse("");
    if (!bound.isEmpty() && !bound.equals(port)) {
      throw new ServiceConfigurationException("the EIP " + id + " named by " + ANNOTATION_EIP_ID
          + " is bound to another port; unbind it or name a free EIP");
    }
    return eip;
  }

  /** Binds the Service's EIP (named or auto-created) when the ELB has none; rolls a half-created ELB back on failure. */
  void ensureEip(Call c, ElbServiceConfig cfg) {
    if (cfg.eipId().isEmpty() && cfg.eipAutoCreate().isEmpty()) {
      return;
    }
    if (!boundEips(c).isEmpty()) {
      return;
    }
    String port = Json.string(c.lb, "vip_port_id").orElse("");
    if (port.isEmpty()) {
      throw new RetryAfterException("ELB " + c.lbId + " has no VIP port yet to bind an EIP to", waiter.retryAfter());
    }
    if (cfg.eipId().isPresent()) {
      requireBindableEip(cfg.eipId().get(), port);
    }
    JsonObject created = null;
    try {
      if (cfg.eipId().isPresent()) {
        eips.bind(cfg.eipId().get(), port);
      } else {
        created = eips.create(cfg.eipAutoCreate().get(), Names.bandwidthName(c.svc));
        eips.bind(Json.string(created, "id").orElseThrow(), port);
      }
    } catch (RuntimeException e) {
      rollBack(c, created, e);
      throw e;
    }
  }

  private void rollBack(Call c, JsonObject createdEip, RuntimeException failure) {
    if (createdEip != null) {
      try {
        eips.delete(Json.string(createdEip, "id").orElseThrow());
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    try {
      if (!listeners(c).isEmpty()) {
        return;
      }
      // the ELB has nothing but the VIP: delete it so the next attempt starts from scratch instead of leaving an
      // ELB without the public address the Service asked for
      mutate(c, "rolling back the ELB", () -> main.delete("DeleteLoadBalancer", "loadbalancers", c.lbId));
      c.settled = true;
      LOG.warn("binding an EIP to ELB {} of service {} failed; the new ELB was deleted", c.lbId, c.ref());
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Unbinds the ELB's EIPs, deleting those auto-created for the Service unless it keeps them. */
  void releaseEips(Call c) {
    boolean keep = c.cfg.map(ElbServiceConfig::keepEip)
        .orElseGet(() -> !"false".equalsIgnoreCase(rawAnnotation(c.svc, ANNOTATION_KEEP_EIP).orElse("")));
    Optional<String> named = c.cfg.isPresent() ? c.cfg.get().eipId() : rawAnnotation(c.svc, ANNOTATION_EIP_ID);
    String bandwidth = Names.bandwidthName(c.svc);
    for (JsonObject eip : boundEips(c)) {
      String id = Json.string(eip, "id").orElse("");
      if (!ElbRest.isId(id)) {
        continue;
      }
      eips.unbind(id);
      boolean autoCreated = bandwidth.equals(Json.string(eip, "bandwidth_name").orElse(""))
          && !named.equals(Optional.of(id));
      if (!keep && autoCreated) {
        eips.delete(id);
        LOG.info("deleted EIP {} of service {}", id, c.ref());
      } else {
        LOG.info("unbound EIP {} of service {}; it is kept", id, c.ref());
      }
    }
  }

  // ---- status -------------------------------------------------------------------------------------------------

  V1LoadBalancerStatus status(Call c) {
    String address = statusAddress(c);
    V1LoadBalancerStatus status = new V1LoadBalancerStatus();
    if (address != null && !address.isEmpty()) {
      status.setIngress(List.of(new V1LoadBalancerIngress().ip(address)));
    }
    return status;
  }

  abstract String kind();
}

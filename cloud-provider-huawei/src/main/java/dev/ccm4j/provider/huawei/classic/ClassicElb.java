package dev.ccm4j.provider.huawei.classic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.HuaweiProviderIds;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.elb.ElbImplementation;
import dev.ccm4j.provider.huawei.elb.ElbServiceConfig;
import dev.ccm4j.provider.huawei.elb.HealthCheck;
import dev.ccm4j.provider.huawei.elb.Names;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code elasticity} class: one classic ELB (v1.0) per Service in the cloud-config's {@code [Vpc] id}, named as
 * the shared ELB ({@code k8s_service_<cluster>_<ns>_<svc>}, fitted to classic ELB's 64 characters), one listener per
 * Service port matched by protocol and port (frontend = Service port, backend = NodePort), the backend nodes as
 * members ({@code server_id} from the provider ID, {@code address} its InternalIP), and an optional health check per
 * listener.
 *
 * <h2>Jobs without blocking a worker</h2>
 * Creating and deleting the load balancer and adding or removing members are asynchronous jobs. After each, the
 * jobs are polled a few times ({@link #DEFAULT_POLL_ATTEMPTS} x {@link #DEFAULT_POLL_INTERVAL}); jobs still
 * {@code INIT}/{@code RUNNING} are remembered for the Service and a {@link RetryAfterException} asks the controller
 * to come back. The next call first reads the remembered jobs: {@code FAIL} is an error naming the job's reason,
 * {@code SUCCESS} continues the reconcile, still running retries again, and a job running longer than
 * {@link #JOB_DEADLINE} on the provider's clock is given up as an error.
 */
public final class ClassicElb implements ElbImplementation {
  private static final Logger LOG = LoggerFactory.getLogger(ClassicElb.class);
  /** Classic ELB names (load balancers and listeners) are at most this long. */
  static final int MAX_NAME = 64;
  /** Classic ELB descriptions are at most this long. */
  static final int MAX_DESCRIPTION = 128;
  /** Polls of outstanding jobs after a mutation, before answering {@link RetryAfterException}. */
  static final int DEFAULT_POLL_ATTEMPTS = 4;
  /** Pause between two polls of a job. */
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
  /** How long the controller waits before retrying while jobs run. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  /** A job running longer than this is given up. */
  static final Duration JOB_DEADLINE = Duration.ofMinutes(10);

  private final ClassicElbClient elb;
  private final HuaweiConfig config;
  private final Clock clock;
  private final int pollAttempts;
  private final Duration pollInterval;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * Creates the classic ELB implementation.
   *
   * @param api the provider's one signed client
   * @param config the cloud-config ({@code [Vpc] id}, {@code subnet-id}, {@code security-group-id})
   * @param clock the clock that ages outstanding jobs
   */
  public ClassicElb(HuaweiApi api, HuaweiConfig config, Clock clock) {
    this(ClassicTransport.of(api), config, clock, DEFAULT_POLL_ATTEMPTS, DEFAULT_POLL_INTERVAL);
  }

  ClassicElb(ClassicTransport transport, HuaweiConfig config, Clock clock, int pollAttempts, Duration pollInterval) {
    this.elb = new ClassicElbClient(transport);
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pollAttempts < 1) {
      throw new IllegalArgumentException("pollAttempts must be positive");
    }
    this.pollAttempts = pollAttempts;
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
  }

  @Override
  public Optional<V1LoadBalancerStatus> get(String cluster, V1Service svc, ElbServiceConfig cfg) {
    return find(cluster, svc, cfg).map(ClassicElb::status);
  }

  @Override
  public V1LoadBalancerStatus ensure(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
    List<Wanted> wanted = wanted(svc, cfg);
    String key = key(svc);
    settlePending(key);
    String name = name(cluster, svc, cfg);
    Optional<JsonObject> found = find(name);
    if (found.isEmpty()) {
      String job = elb.createLoadBalancer(createLoadBalancerBody(name, description(cluster, svc), vpcId(), svc, cfg,
          config.subnetId(), config.securityGroupId()));
      LOG.info("service {}: creating classic ELB {} (job {})", key, name, job);
      await(key, List.of(job), "creating classic ELB " + name);
      found = find(name);
      if (found.isEmpty()) {
        throw new RetryAfterException("huaweicloud: classic ELB " + name + " is not listed yet", RETRY_AFTER);
      }
    }
    JsonObject lb = requireActive(found.get());
    reconcileListeners(key, lb, wanted, nodes, cfg, true);
    return status(lb);
  }

  @Override
  public void update(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
    List<Wanted> wanted = wanted(svc, cfg);
    String key = key(svc);
    settlePending(key);
    String name = name(cluster, svc, cfg);
    JsonObject lb = requireActive(find(name).orElseThrow(() -> new CloudProviderException(
        "huaweicloud: classic ELB " + name + " of service " + key + " does not exist; ensure creates it")));
    reconcileListeners(key, lb, wanted, nodes, cfg, false);
  }

  @Override
  public void delete(String cluster, V1Service svc, Optional<ElbServiceConfig> cfg) {
    String key = key(svc);
    settlePending(key);
    String name = name(cluster, svc, cfg.orElse(null));
    Optional<JsonObject> found = find(name);
    if (found.isEmpty() && cfg.isEmpty()) {
      // Without parsed settings a business-name in the loadbalancer-config is unknown here; the description we
      // wrote names the Service and the cluster either way.
      String description = description(cluster, svc);
      found = elb.loadBalancers(vpcId()).stream().filter(lb -> description.equals(string(lb, "description")))
          .findFirst();
    }
    if (found.isEmpty()) {
      return;
    }
    name = string(found.get(), "name");
    String lbId = string(found.get(), "id");
    List<String> jobs = new ArrayList<>();
    List<JsonObject> listeners = elb.listeners(lbId);
    for (JsonObject l : listeners) {
      List<String> memberIds = elb.members(string(l, "id")).stream().map(m -> string(m, "id"))
          .filter(id -> !id.isEmpty()).toList();
      if (!memberIds.isEmpty()) {
        jobs.add(elb.removeMembers(string(l, "id"), memberIds));
      }
    }
    await(key, jobs, "removing the members of classic ELB " + name);
    for (JsonObject l : listeners) {
      String hc = string(l, "healthcheck_id");
      if (!hc.isEmpty()) {
        elb.deleteHealthCheck(hc);
      }
      elb.deleteListener(string(l, "id"));
    }
    elb.deleteLoadBalancer(lbId);
    LOG.info("service {}: deleted classic ELB {} ({})", key, name, lbId);
  }

  private void reconcileListeners(String key, JsonObject lb, List<Wanted> wanted, List<V1Node> nodes,
      ElbServiceConfig cfg, boolean full) {
    String lbId = string(lb, "id");
    List<JsonObject> existing = elb.listeners(lbId);
    Map<String, JsonObject> byProtocolPort = new LinkedHashMap<>();
    for (JsonObject l : existing) {
      byProtocolPort.put(protocolPort(string(l, "protocol"), Json.number(l, "port").orElse(-1L)), l);
    }
    List<Member> members = members(nodes);
    List<String> jobs = new ArrayList<>();
    for (Wanted w : wanted) {
      JsonObject listener = byProtocolPort.remove(protocolPort(w.protocol, w.port));
      if (listener == null) {
        if (!full) {
          continue;
        }
        listener = createListener(lbId, w, cfg);
      } else if (full) {
        JsonObject change = listenerChanges(listener, w, lbAlgorithm(cfg));
        if (change.size() > 0) {
          elb.updateListener(string(listener, "id"), change);
          LOG.info("service {}: updated classic listener {} {}", key, string(listener, "name"), change.keySet());
        }
      }
      if (full) {
        reconcileHealthCheck(listener, w, cfg);
      }
      jobs.addAll(reconcileMembers(key, string(listener, "id"), members));
    }
    if (full) {
      // Every listener of the Service's own load balancer is ours; the ports it no longer has go.
      for (JsonObject stale : byProtocolPort.values()) {
        String id = string(stale, "id");
        List<String> memberIds = elb.members(id).stream().map(m -> string(m, "id")).filter(s -> !s.isEmpty())
            .toList();
        if (!memberIds.isEmpty()) {
          await(key, List.of(elb.removeMembers(id, memberIds)), "emptying classic listener " + id);
        }
        String hc = string(stale, "healthcheck_id");
        if (!hc.isEmpty()) {
          elb.deleteHealthCheck(hc);
        }
        elb.deleteListener(id);
        LOG.info("service {}: deleted classic listener {}", key, string(stale, "name"));
      }
    }
    await(key, jobs, "changing the members of classic ELB " + string(lb, "name"));
  }

  private JsonObject createListener(String lbId, Wanted w, ElbServiceConfig cfg) {
    Optional<JsonObject> created = elb.createListener(listenerBody(lbId, w.name, w.protocol, w.port, w.nodePort,
        lbAlgorithm(cfg)));
    if (created.isPresent()) {
      return created.get();
    }
    // ELB.6101: someone (an earlier, interrupted call) made it meanwhile; use that one.
    return elb.listeners(lbId).stream()
        .filter(l -> protocolPort(string(l, "protocol"), Json.number(l, "port").orElse(-1L))
            .equals(protocolPort(w.protocol, w.port)))
        .findFirst()
        .orElseThrow(() -> new CloudProviderException("huaweicloud: classic ELB " + lbId + " says port " + w.port
            + " is taken, but lists no " + w.protocol + " listener on it"));
  }

  private void reconcileHealthCheck(JsonObject listener, Wanted w, ElbServiceConfig cfg) {
    String hcId = string(listener, "healthcheck_id");
    Optional<HealthCheck> want = "UDP".equals(w.protocol) ? Optional.empty() : cfg.healthCheck();
    if (want.isEmpty()) {
      if (!hcId.isEmpty()) {
        elb.deleteHealthCheck(hcId);
      }
      return;
    }
    JsonObject body = healthCheckBody(want.get(), w.nodePort);
    if (hcId.isEmpty()) {
      body.addProperty("listener_id", string(listener, "id"));
      elb.createHealthCheck(body);
      return;
    }
    Optional<JsonObject> current = elb.healthCheck(hcId);
    if (current.isEmpty()) {
      body.addProperty("listener_id", string(listener, "id"));
      elb.createHealthCheck(body);
    } else if (differs(current.get(), body)) {
      elb.updateHealthCheck(hcId, body);
    }
  }

  private List<String> reconcileMembers(String key, String listenerId, List<Member> wanted) {
    List<JsonObject> current = elb.members(listenerId);
    Map<String, Member> want = new LinkedHashMap<>();
    wanted.forEach(m -> want.put(m.address, m));
    List<String> remove = new ArrayList<>();
    for (JsonObject m : current) {
      String address = memberAddress(m);
      Member w = want.get(address);
      if (w != null && (string(m, "server_id").isEmpty() || string(m, "server_id").equals(w.serverId))) {
        want.remove(address);
      } else {
        remove.add(string(m, "id"));
      }
    }
    List<String> jobs = new ArrayList<>();
    remove.removeIf(String::isEmpty);
    if (!remove.isEmpty()) {
      jobs.add(elb.removeMembers(listenerId, remove));
    }
    if (!want.isEmpty()) {
      jobs.add(elb.addMembers(listenerId, addMembersBody(want.values())));
    }
    if (!jobs.isEmpty()) {
      LOG.info("service {}: classic listener {}: adding {}, removing {} members", key, listenerId, want.size(),
          remove.size());
    }
    return jobs;
  }

  // ---- jobs

  private void settlePending(String key) {
    Pending p = pending.get(key);
    if (p == null) {
      return;
    }
    List<String> running = new ArrayList<>();
    for (String job : p.jobs) {
      JobState state = jobState(job);
      if (state.failed()) {
        pending.remove(key);
        throw state.error(p.what);
      }
      if (!state.done()) {
        running.add(job);
      }
    }
    if (running.isEmpty()) {
      pending.remove(key);
      return;
    }
    if (Duration.between(p.since, clock.instant()).compareTo(JOB_DEADLINE) > 0) {
      pending.remove(key);
      throw new CloudProviderException("huaweicloud: " + p.what + ": job " + running.get(0) + " has run longer than "
          + JOB_DEADLINE.toMinutes() + " minutes; giving up on it");
    }
    pending.put(key, new Pending(running, p.since, p.what));
    throw new RetryAfterException("huaweicloud: " + p.what + ": job " + running.get(0) + " is still running",
        RETRY_AFTER);
  }

  private void await(String key, List<String> jobs, String what) {
    List<String> running = new ArrayList<>(jobs);
    for (int attempt = 0; attempt < pollAttempts && !running.isEmpty(); attempt++) {
      if (attempt > 0) {
        pause();
      }
      for (var it = running.iterator(); it.hasNext();) {
        JobState state = jobState(it.next());
        if (state.failed()) {
          throw state.error(what);
        }
        if (state.done()) {
          it.remove();
        }
      }
    }
    if (!running.isEmpty()) {
      pending.put(key, new Pending(List.copyOf(running), clock.instant(), what));
      throw new RetryAfterException("huaweicloud: " + what + ": job " + running.get(0) + " is still running",
          RETRY_AFTER);
    }
  }

  private JobState jobState(String jobId) {
    Optional<JsonObject> job = elb.job(jobId);
    if (job.isEmpty()) {
      // An unknown job cannot be waited for; the reconcile reads the resources themselves.
      return new JobState(jobId, "SUCCESS", "", "");
    }
    JsonObject j = job.get();
    return new JobState(jobId, string(j, "status").toUpperCase(Locale.ROOT), string(j, "error_code"),
        string(j, "fail_reason"));
  }

  private void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryAfterException("huaweicloud: interrupted while polling a classic ELB job", RETRY_AFTER, e);
    }
  }

  private record Pending(List<String> jobs, Instant since, String what) {}

  private record JobState(String id, String status, String errorCode, String reason) {
    boolean done() {
      return status.equals("SUCCESS");
    }

    boolean failed() {
      return status.equals("FAIL") || status.equals("FAILED") || status.equals("ERROR");
    }

    CloudProviderException error(String what) {
      return new CloudProviderException("huaweicloud: " + what + ": job " + id + " failed"
          + (errorCode.isEmpty() ? "" : " (" + errorCode + ")") + (reason.isEmpty() ? "" : ": " + reason));
    }
  }

  // ---- lookups

  private Optional<JsonObject> find(String cluster, V1Service svc, ElbServiceConfig cfg) {
    return find(name(cluster, svc, cfg));
  }

  private Optional<JsonObject> find(String name) {
    return elb.loadBalancers(vpcId()).stream().filter(lb -> name.equals(string(lb, "name"))).findFirst();
  }

  private static JsonObject requireActive(JsonObject lb) {
    String status = string(lb, "status").toUpperCase(Locale.ROOT);
    if (status.isEmpty() || status.equals("ACTIVE")) {
      return lb;
    }
    if (status.equals("ERROR")) {
      throw new CloudProviderException("huaweicloud: classic ELB " + string(lb, "name") + " (" + string(lb, "id")
          + ") is in status ERROR");
    }
    throw new RetryAfterException("huaweicloud: classic ELB " + string(lb, "name") + " is " + status, RETRY_AFTER);
  }

  private String vpcId() {
    return config.vpcId().filter(s -> !s.isBlank()).orElseThrow(() -> new ServiceConfigurationException(
        "huaweicloud: kubernetes.io/elb.class=elasticity needs [Vpc] id in the cloud-config"));
  }

  // ---- request bodies (package-private for tests)

  static JsonObject createLoadBalancerBody(String name, String description, String vpcId, V1Service svc,
      ElbServiceConfig cfg, Optional<String> configSubnet, Optional<String> securityGroup) {
    JsonObject body = new JsonObject();
    body.addProperty("name", name);
    body.addProperty("description", description);
    body.addProperty("vpc_id", vpcId);
    body.addProperty("admin_state_up", 1);
    String ip = svc.getSpec() == null ? null : svc.getSpec().getLoadBalancerIP();
    if (cfg.eipAutoCreate().isPresent()) {
      body.addProperty("type", "External");
      body.addProperty("bandwidth", cfg.eipAutoCreate().get().bandwidthSize().orElse(1));
      String chargeMode = cfg.eipAutoCreate().get().chargeMode();
      if (chargeMode != null && !chargeMode.isEmpty()) {
        body.addProperty("charge_mode", chargeMode);
      }
    } else {
      body.addProperty("type", "Internal");
      String subnet = cfg.subnetId().or(() -> configSubnet).filter(s -> !s.isBlank()).orElseThrow(
          () -> new ServiceConfigurationException("huaweicloud: an internal classic ELB needs a subnet: set"
              + " kubernetes.io/elb.subnet-id or [Vpc] subnet-id"));
      body.addProperty("vip_subnet_id", subnet);
      securityGroup.filter(s -> !s.isBlank()).ifPresent(sg -> body.addProperty("security_group_id", sg));
    }
    if (ip != null && !ip.isBlank()) {
      body.addProperty("vip_address", ip);
    }
    return body;
  }

  static JsonObject listenerBody(String lbId, String name, String protocol, int port, int backendPort,
      String algorithm) {
    JsonObject body = new JsonObject();
    body.addProperty("name", name);
    body.addProperty("loadbalancer_id", lbId);
    body.addProperty("protocol", protocol);
    body.addProperty("port", port);
    body.addProperty("backend_protocol", protocol);
    body.addProperty("backend_port", backendPort);
    body.addProperty("lb_algorithm", algorithm);
    return body;
  }

  static JsonObject listenerChanges(JsonObject listener, Wanted w, String algorithm) {
    JsonObject change = new JsonObject();
    if (Json.number(listener, "backend_port").orElse(-1L) != w.nodePort) {
      change.addProperty("backend_port", w.nodePort);
    }
    if (!algorithm.equalsIgnoreCase(string(listener, "lb_algorithm"))) {
      change.addProperty("lb_algorithm", algorithm);
    }
    return change;
  }

  static JsonObject healthCheckBody(HealthCheck hc, int nodePort) {
    JsonObject body = new JsonObject();
    boolean http = hc.protocol().map(p -> p.equalsIgnoreCase("HTTP")).orElse(false);
    body.addProperty("healthcheck_protocol", http ? "HTTP" : "TCP");
    if (http) {
      body.addProperty("healthcheck_uri", hc.path().filter(p -> !p.isBlank()).orElse("/"));
    }
    body.addProperty("healthcheck_connect_port", nodePort);
    // The annotation's ranges are the newer ELBs'; classic ELB takes an interval of 1-5 s, a timeout of 1-50 s and
    // thresholds of 1-10, so values outside are brought to the nearest the classic API accepts.
    body.addProperty("healthcheck_interval", clamp(hc.delay(), 1, 5));
    body.addProperty("healthcheck_timeout", clamp(hc.timeout(), 1, 50));
    body.addProperty("healthy_threshold", clamp(hc.maxRetries(), 1, 10));
    body.addProperty("unhealthy_threshold", clamp(hc.maxRetries(), 1, 10));
    return body;
  }

  private static int clamp(int v, int min, int max) {
    return Math.max(min, Math.min(max, v));
  }

  static JsonArray addMembersBody(Iterable<Member> members) {
    JsonArray body = new JsonArray();
    for (Member m : members) {
      JsonObject o = new JsonObject();
      o.addProperty("server_id", m.serverId);
      o.addProperty("address", m.address);
      body.add(o);
    }
    return body;
  }

  private static boolean differs(JsonObject current, JsonObject wanted) {
    for (String k : wanted.keySet()) {
      if (k.equals("listener_id")) {
        continue;
      }
      String have = current.has(k) && !current.get(k).isJsonNull() ? current.get(k).getAsString() : "";
      if (!have.equalsIgnoreCase(wanted.get(k).getAsString())) {
        return true;
      }
    }
    return false;
  }

  /** ROUND_ROBIN, LEAST_CONNECTIONS and SOURCE_IP in classic ELB's spelling. */
  static String lbAlgorithm(ElbServiceConfig cfg) {
    String a = cfg.lbAlgorithm() == null ? "" : cfg.lbAlgorithm().toUpperCase(Locale.ROOT);
    return switch (a) {
      case "LEAST_CONNECTIONS" -> "leastconn";
      case "SOURCE_IP" -> "source";
      default -> "roundrobin";
    };
  }

  // ---- the Service's wanted state

  record Wanted(String name, String protocol, int port, int nodePort) {}

  record Member(String serverId, String address) {}

  static List<Wanted> wanted(V1Service svc, ElbServiceConfig cfg) {
    List<Wanted> out = new ArrayList<>();
    List<V1ServicePort> ports = svc.getSpec() == null || svc.getSpec().getPorts() == null ? List.of()
        : svc.getSpec().getPorts();
    for (V1ServicePort p : ports) {
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol().toUpperCase(Locale.ROOT);
      if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
        throw new ServiceConfigurationException("huaweicloud: classic ELB serves TCP and UDP ports, not "
            + protocol + " (port " + p.getPort() + ")");
      }
      if (p.getNodePort() == null || p.getNodePort() <= 0) {
        throw new ServiceConfigurationException("huaweicloud: classic ELB forwards to NodePorts; port "
            + p.getPort() + " has none (spec.allocateLoadBalancerNodePorts=false is not supported by elasticity)");
      }
      out.add(new Wanted(fit(Names.listenerName(svc, protocol, p.getPort())), protocol, p.getPort(),
          p.getNodePort()));
    }
    if (out.isEmpty()) {
      throw new ServiceConfigurationException("huaweicloud: the service has no ports");
    }
    return out;
  }

  static List<Member> members(List<V1Node> nodes) {
    Map<String, Member> out = new LinkedHashMap<>();
    for (V1Node n : nodes) {
      String providerId = n.getSpec() == null ? null : n.getSpec().getProviderID();
      Optional<String> server = providerId == null ? Optional.empty() : HuaweiProviderIds.serverId(providerId);
      Optional<String> ip = internalIp(n);
      if (server.isEmpty() || ip.isEmpty()) {
        LOG.warn("node {} has no Huawei provider ID or address; not a classic ELB member",
            n.getMetadata() == null ? "?" : n.getMetadata().getName());
        continue;
      }
      out.putIfAbsent(ip.get(), new Member(server.get(), ip.get()));
    }
    return List.copyOf(out.values());
  }

  static Optional<String> internalIp(V1Node n) {
    if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
      return Optional.empty();
    }
    List<V1NodeAddress> addresses = n.getStatus().getAddresses();
    return addresses.stream().filter(a -> "InternalIP".equals(a.getType())).map(V1NodeAddress::getAddress)
        .findFirst().or(() -> addresses.stream().map(V1NodeAddress::getAddress).findFirst());
  }

  private static String memberAddress(JsonObject m) {
    // The list names the private IP server_address; address is the floating IP when one is bound.
    String a = string(m, "server_address");
    return a.isEmpty() ? string(m, "address") : a;
  }

  static String name(String cluster, V1Service svc, ElbServiceConfig cfg) {
    Optional<String> business = cfg == null ? Optional.empty() : cfg.businessName();
    return fit(Names.elbName(cluster, business, svc));
  }

  /**
   * A name classic ELB accepts: letters, digits, {@code _} and {@code -}, at most {@value #MAX_NAME}; a longer name
   * keeps its start and ends with a hash of the whole so two long names stay apart.
   */
  static String fit(String name) {
    String clean = name.replaceAll("[^A-Za-z0-9_-]", "_");
    if (clean.length() <= MAX_NAME) {
      return clean;
    }
    String hash = sha256(name).substring(0, 8);
    return clean.substring(0, MAX_NAME - 9) + "_" + hash;
  }

  static String description(String cluster, V1Service svc) {
    String d = Names.description(cluster, svc).replace("<", "").replace(">", "");
    return d.length() <= MAX_DESCRIPTION ? d : d.substring(0, MAX_DESCRIPTION);
  }

  private static V1LoadBalancerStatus status(JsonObject lb) {
    String ip = string(lb, "vip_address");
    V1LoadBalancerStatus status = new V1LoadBalancerStatus();
    if (!ip.isEmpty()) {
      status.addIngressItem(new V1LoadBalancerIngress().ip(ip));
    }
    return status;
  }

  private static String key(V1Service svc) {
    return (svc.getMetadata() == null ? "" : svc.getMetadata().getNamespace()) + "/"
        + (svc.getMetadata() == null ? "" : svc.getMetadata().getName());
  }

  private static String protocolPort(String protocol, long port) {
    return protocol.toUpperCase(Locale.ROOT) + ":" + port;
  }

  static String string(JsonObject o, String key) {
    if (o == null || !o.has(key) || o.get(key).isJsonNull()) {
      return "";
    }
    return o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.Fields.integer;
import static dev.ccm4j.kubeapi.admission.Fields.str;
import static dev.ccm4j.kubeapi.admission.Fields.strOrEmpty;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;
import dev.ccm4j.kubeapi.StatusCause;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Service admission as the real API server's Service REST storage does it: defaulting, cluster IP and node port
 * allocation, and validation of the metadata (a DNS-1035 name, labels, annotations) and the spec. Every validation
 * problem is collected into one 422; allocation happens only once the Service is valid, and a failure part-way (a
 * full range, answered with the real server's 500) undoes what the call allocated, so nothing leaks. Not thread-safe: call under the server's write lock.
 */
public final class ServiceAdmission {
  private final List<ClusterIpPool> pools;
  private final NodePortPool nodePorts;

  /**
   * Creates the allocators.
   *
   * @param serviceCidrs comma-separated service CIDRs, one per IP family, the primary first, for example
   *     {@code 10.96.0.0/12} or {@code 10.96.0.0/12,fd00:10:96::/108}
   * @param nodePortMin the first node port, usually 30000
   * @param nodePortMax the last node port, usually 32767
   * @throws IllegalArgumentException for unparsable or duplicate-family CIDRs or an empty port range
   */
  public ServiceAdmission(String serviceCidrs, int nodePortMin, int nodePortMax) {
    List<ClusterIpPool> parsed = new ArrayList<>();
    for (String text : serviceCidrs.split(",")) {
      Cidr cidr = Cidr.parse(text.trim())
          .orElseThrow(() -> new IllegalArgumentException("invalid service CIDR \"" + text.trim() + "\""));
      if (!parsed.isEmpty() && parsed.get(0).cidr().family() == cidr.family()) {
        throw new IllegalArgumentException("service CIDRs must be one per IP family: " + serviceCidrs);
      }
      parsed.add(new ClusterIpPool(cidr));
    }
    if (parsed.size() > 2) {
      throw new IllegalArgumentException("at most two service CIDRs (one per IP family): " + serviceCidrs);
    }
    this.pools = List.copyOf(parsed);
    this.nodePorts = new NodePortPool(nodePortMin, nodePortMax);
  }

  /**
   * Validates and defaults a new Service in place, allocating its cluster IPs and node ports.
   *
   * @throws ApiError 422 Invalid listing every problem (nothing is allocated then), or 500 when a range is full;
   *     the object may have been partly defaulted by then and should be discarded
   */
  public void onCreate(JsonObject service) {
    admit(null, service);
  }

  /**
   * Validates and defaults an updated Service in place, keeping allocations stable; releases what the update drops.
   *
   * @param oldService the stored Service; never modified
   * @param newService the requested Service; defaulted and completed in place
   * @throws ApiError 422 Invalid listing every problem (allocations are then unchanged), or 500 when a range is full
   */
  public void onUpdate(JsonObject oldService, JsonObject newService) {
    admit(oldService, newService);
  }

  /** Releases the Service's cluster IPs and node ports; call once the Service is really gone. */
  public void onDelete(JsonObject service) {
    JsonObject spec = service.has("spec") && service.get("spec").isJsonObject() ? service.getAsJsonObject("spec")
        : new JsonObject();
    for (IpAddress ip : assignedIps(spec)) {
      poolFor(ip.family()).ifPresent(p -> p.release(ip));
    }
    nodePortsOf(spec).forEach(nodePorts::release);
  }

  private void admit(JsonObject oldService, JsonObject service) {
    JsonObject spec = Fields.spec(service);
    JsonObject oldSpec = oldService == null ? null : Fields.spec(oldService.deepCopy());
    ServiceDefaults.apply(service, spec);
    if (oldSpec != null) {
      ServiceUpdates.dropTypeDependentFields(oldSpec, spec);
      ServiceUpdates.patchAllocatedValues(oldSpec, spec);
    }
    List<StatusCause> causes = new ArrayList<>();
    JsonObject metadata = service.has("metadata") && service.get("metadata").isJsonObject()
        ? service.getAsJsonObject("metadata") : new JsonObject();
    if (oldService == null) {
      ObjectMetaValidation.validateCreate("Service", metadata, ObjectMetaValidation.NameFormat.DNS1035_LABEL, causes);
    } else {
      ObjectMetaValidation.validateUpdate("Service", metadata, causes);
    }
    ServiceValidator.validate(spec, metadata, causes);
    if (oldSpec != null) {
      ServiceValidator.validateUpdate(oldSpec, spec, causes);
    }
    IpPlan ipPlan = planIps(oldSpec, spec, causes);
    PortPlan portPlan = planPorts(oldSpec, spec, causes);
    if (!causes.isEmpty()) {
      throw ApiError.invalid("Service", str(metadata, "name"), causes);
    }
    Deque<Runnable> undo = new ArrayDeque<>();
    try {
      ipPlan.commit(spec, undo);
      portPlan.commit(spec, undo);
    } catch (RuntimeException e) {
      undo.forEach(Runnable::run);
      throw e;
    }
    ipPlan.releaseDropped();
    portPlan.releaseDropped();
  }

  private Optional<ClusterIpPool> poolFor(IpFamily family) {
    return pools.stream().filter(p -> p.cidr().family() == family).findFirst();
  }

  private boolean dualStack() {
    return pools.size() == 2;
  }

  private static List<IpAddress> assignedIps(JsonObject spec) {
    List<IpAddress> ips = new ArrayList<>();
    if (!Fields.needsClusterIp(spec)) {
      return ips;
    }
    Set<String> texts = new LinkedHashSet<>(Fields.strings(spec, "clusterIPs"));
    String single = str(spec, "clusterIP");
    if (single != null) {
      texts.add(single);
    }
    for (String t : texts) {
      IpAddress.parse(t).ifPresent(ip -> {
        if (ips.stream().noneMatch(o -> o.equals(ip))) {
          ips.add(ip);
        }
      });
    }
    return ips;
  }

  private static Set<Integer> nodePortsOf(JsonObject spec) {
    Set<Integer> numbers = new LinkedHashSet<>();
    for (JsonObject p : Fields.ports(spec)) {
      int np = integer(p, "nodePort");
      if (np > 0) {
        numbers.add(np);
      }
    }
    int hc = integer(spec, "healthCheckNodePort");
    if (hc > 0) {
      numbers.add(hc);
    }
    return numbers;
  }

  // ---------------------------------------------------------------- cluster IPs

  /** What the IP families and cluster IPs of the Service will be, and which addresses must be reserved. */
  private final class IpPlan {
    final List<IpAddress> dropped = new ArrayList<>();
    final Map<IpFamily, String> requested = new EnumMap<>(IpFamily.class);
    final Set<IpFamily> kept = EnumSet.noneOf(IpFamily.class);
    List<IpFamily> families = List.of();
    String policy;
    boolean headless;
    boolean touch;

    void commit(JsonObject spec, Deque<Runnable> undo) {
      if (!touch) {
        return;
      }
      List<String> ips = new ArrayList<>();
      if (headless) {
        ips.add("None");
      } else {
        for (IpFamily family : families) {
          ClusterIpPool pool = poolFor(family).orElseThrow();
          String text = requested.get(family);
          if (text != null) {
            if (!kept.contains(family)) {
              IpAddress ip = IpAddress.parse(text).orElseThrow();
              pool.allocate(ip);
              undo.push(() -> pool.release(ip));
            }
            ips.add(text);
          } else {
            IpAddress ip = pool.allocateNext()
                .orElseThrow(() -> ApiError.internal("failed to allocate a serviceIP: range is full"));
            undo.push(() -> pool.release(ip));
            ips.add(ip.toString());
          }
        }
      }
      spec.addProperty("clusterIP", ips.get(0));
      spec.add("clusterIPs", Fields.stringArray(ips));
      JsonArray familyArray = new JsonArray();
      families.forEach(f -> familyArray.add(f.name()));
      spec.add("ipFamilies", familyArray);
      spec.addProperty("ipFamilyPolicy", policy);
    }

    void releaseDropped() {
      for (IpAddress ip : dropped) {
        poolFor(ip.family()).ifPresent(p -> p.release(ip));
      }
    }
  }

  private IpPlan planIps(JsonObject oldSpec, JsonObject spec, List<StatusCause> causes) {
    IpPlan plan = new IpPlan();
    boolean oldNeeds = oldSpec != null && Fields.needsClusterIp(oldSpec);
    List<IpAddress> oldIps = oldNeeds ? assignedIps(oldSpec) : List.of();
    if (!Fields.needsClusterIp(spec)) {
      plan.dropped.addAll(oldIps);
      checkExternalNameHasNoIps(spec, causes);
      return plan;
    }
    if (oldNeeds) {
      fillFromOld(oldSpec, spec);
    }
    int before = causes.size();
    String clusterIp = strOrEmpty(spec, "clusterIP");
    List<String> ips = Fields.strings(spec, "clusterIPs");
    if (oldNeeds && !ips.isEmpty() && !clusterIp.equals(strOrEmpty(oldSpec, "clusterIP"))
        && ips.equals(Fields.strings(oldSpec, "clusterIPs"))) {
      // An old client changed only the singular field: judge the change, not the now stale plural field.
      ips.set(0, clusterIp);
    }
    if (ips.isEmpty() && !clusterIp.isEmpty()) {
      ips.add(clusterIp);
    } else if (clusterIp.isEmpty() && !ips.isEmpty()) {
      clusterIp = ips.get(0);
    } else if (!ips.isEmpty() && !ips.get(0).equals(clusterIp)) {
      causes.add(StatusCause.invalid("spec.clusterIPs", GoText.strings(ips), "first value must match `clusterIP`"));
      return plan;
    }
    if (oldNeeds && !strOrEmpty(oldSpec, "clusterIP").isEmpty()) {
      String oldClusterIp = strOrEmpty(oldSpec, "clusterIP");
      List<String> oldList = Fields.strings(oldSpec, "clusterIPs");
      if (!clusterIp.equals(oldClusterIp)) {
        causes.add(StatusCause.invalid("spec.clusterIP", clusterIp, "field is immutable"));
        return plan;
      }
      if (ips.size() > 1 && oldList.size() > 1 && !ips.get(1).equals(oldList.get(1))) {
        causes.add(StatusCause.invalid("spec.clusterIPs[1]", ips.get(1), "may not change once set"));
        return plan;
      }
    }
    boolean headless = !ips.isEmpty() && "None".equals(ips.get(0));
    List<IpAddress> parsed = new ArrayList<>();
    if (headless) {
      if (ips.size() > 1) {
        causes.add(StatusCause.invalid("spec.clusterIPs[1]", ips.get(1), "must be empty when the first value is 'None'"));
      }
      if (Fields.needsNodePort(spec)) {
        causes.add(StatusCause.invalid("spec.clusterIPs[0]", "None",
            "may not be set to 'None' for " + Fields.type(spec) + " services"));
      }
    } else {
      for (int i = 0; i < ips.size(); i++) {
        Optional<IpAddress> ip = IpAddress.parse(ips.get(i));
        if (ip.isEmpty()) {
          causes.add(StatusCause.invalid("spec.clusterIPs[" + i + "]", ips.get(i), ServiceValidator.INVALID_IP));
        } else if (!parsed.isEmpty() && parsed.get(0).family() == ip.get().family()) {
          causes.add(StatusCause.invalid("spec.clusterIPs[" + i + "]", ips.get(i),
              "may specify no more than one IP for each IP family"));
        } else {
          parsed.add(ip.get());
        }
      }
      if (ips.size() > 2) {
        causes.add(StatusCause.invalid("spec.clusterIPs", GoText.strings(ips), "may only hold up to 2 values"));
      }
    }
    List<IpFamily> families = requestedFamilies(spec, causes);
    String policy = str(spec, "ipFamilyPolicy");
    if (policy != null && !Set.of("SingleStack", "PreferDualStack", "RequireDualStack").contains(policy)) {
      causes.add(StatusCause.notSupported("spec.ipFamilyPolicy", policy,
          "\"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""));
    }
    if (causes.size() > before) {
      return plan;
    }
    JsonObject selector = spec.has("selector") && spec.get("selector").isJsonObject()
        ? spec.getAsJsonObject("selector") : new JsonObject();
    boolean anyFamily = headless && selector.isEmpty();
    if (policy == null) {
      if (anyFamily) {
        policy = "RequireDualStack";
      } else if (parsed.size() > 1 || families.size() > 1) {
        causes.add(StatusCause.invalid("spec.ipFamilyPolicy", null,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
        return plan;
      } else {
        policy = "SingleStack";
      }
    }
    for (int i = 0; i < Math.min(families.size(), parsed.size()); i++) {
      if (families.get(i) != parsed.get(i).family()) {
        causes.add(StatusCause.invalid("spec.clusterIPs[" + i + "]", ips.get(i),
            "expected an " + families.get(i) + " value as indicated by `ipFamilies[" + i + "]`"));
      }
    }
    if (causes.size() > before) {
      return plan;
    }
    List<IpFamily> finalFamilies = new ArrayList<>(families);
    for (int i = finalFamilies.size(); i < parsed.size(); i++) {
      finalFamilies.add(parsed.get(i).family());
    }
    if (finalFamilies.isEmpty()) {
      finalFamilies.add(pools.get(0).cidr().family());
    }
    if ("SingleStack".equals(policy) && (finalFamilies.size() > 1 || parsed.size() > 1)) {
      boolean untouchedDowngrade = oldNeeds && ips.equals(Fields.strings(oldSpec, "clusterIPs"))
          && Fields.strings(spec, "ipFamilies").equals(Fields.strings(oldSpec, "ipFamilies"));
      if (!untouchedDowngrade) {
        causes.add(StatusCause.invalid("spec.ipFamilyPolicy", policy,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
        return plan;
      }
      finalFamilies = new ArrayList<>(finalFamilies.subList(0, 1));
      ips = new ArrayList<>(ips.subList(0, 1));
      parsed = new ArrayList<>(parsed.subList(0, Math.min(1, parsed.size())));
    }
    for (int i = 0; i < finalFamilies.size(); i++) {
      if (poolFor(finalFamilies.get(i)).isEmpty()) {
        causes.add(StatusCause.invalid("spec.ipFamilies[" + i + "]", finalFamilies.get(i).name(),
            "not configured on this cluster"));
      }
    }
    if ("RequireDualStack".equals(policy) && !dualStack() && !anyFamily) {
      causes.add(StatusCause.invalid("spec.ipFamilyPolicy", policy,
          "this cluster is not configured for dual-stack services"));
    }
    if (causes.size() > before) {
      return plan;
    }
    if (!"SingleStack".equals(policy) && dualStack() && finalFamilies.size() == 1) {
      finalFamilies.add(finalFamilies.get(0).other());
    }
    List<String> oldFamilies = oldNeeds ? Fields.strings(oldSpec, "ipFamilies") : List.of();
    if (!oldFamilies.isEmpty() && !oldFamilies.get(0).equals(finalFamilies.get(0).name())) {
      causes.add(StatusCause.invalid("spec.ipFamilies[0]", finalFamilies.get(0).name(), "may not change once set"));
      return plan;
    }
    plan.touch = true;
    plan.headless = headless;
    plan.families = List.copyOf(finalFamilies);
    plan.policy = policy;
    Map<IpFamily, IpAddress> keptOld = new HashMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      IpAddress ip = parsed.get(i);
      plan.requested.put(ip.family(), ips.get(i));
      if (oldIps.contains(ip)) {
        plan.kept.add(ip.family());
        keptOld.put(ip.family(), ip);
        continue;
      }
      ClusterIpPool pool = poolFor(ip.family()).orElseThrow();
      if (!pool.inRange(ip)) {
        causes.add(StatusCause.invalid("spec.clusterIPs", GoText.strings(ips), "failed to allocate IP " + ips.get(i)
            + ": the provided IP (" + ips.get(i) + ") is not in the valid range. The range of valid IPs is "
            + pool.cidr().text()));
      } else if (pool.isAllocated(ip)) {
        causes.add(StatusCause.invalid("spec.clusterIPs", GoText.strings(ips), "failed to allocate IP " + ips.get(i)
            + ": provided IP is already allocated"));
      }
    }
    for (IpAddress old : oldIps) {
      if (!old.equals(keptOld.get(old.family()))) {
        plan.dropped.add(old);
      }
    }
    return plan;
  }

  /** On update, fields the client left out keep the values the server allocated or defaulted before. */
  private static void fillFromOld(JsonObject oldSpec, JsonObject spec) {
    for (String field : new String[] {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"}) {
      boolean missing = !spec.has(field) || spec.get(field).isJsonNull()
          || (spec.get(field).isJsonPrimitive() && spec.get(field).getAsString().isEmpty())
          || (spec.get(field).isJsonArray() && spec.getAsJsonArray(field).isEmpty());
      if (missing && oldSpec.has(field)) {
        spec.add(field, oldSpec.get(field).deepCopy());
      }
    }
  }

  private static List<IpFamily> requestedFamilies(JsonObject spec, List<StatusCause> causes) {
    List<IpFamily> families = new ArrayList<>();
    List<String> names = Fields.strings(spec, "ipFamilies");
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!name.equals("IPv4") && !name.equals("IPv6")) {
        causes.add(StatusCause.notSupported("spec.ipFamilies[" + i + "]", name, "\"IPv4\", \"IPv6\""));
      } else if (families.contains(IpFamily.valueOf(name))) {
        causes.add(StatusCause.duplicate("spec.ipFamilies[" + i + "]", name));
      } else {
        families.add(IpFamily.valueOf(name));
      }
    }
    return families;
  }

  private static void checkExternalNameHasNoIps(JsonObject spec, List<StatusCause> causes) {
    if (!strOrEmpty(spec, "clusterIP").isEmpty() || !Fields.strings(spec, "clusterIPs").isEmpty()) {
      causes.add(StatusCause.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    }
    if (!Fields.strings(spec, "ipFamilies").isEmpty()) {
      causes.add(StatusCause.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    }
    if (str(spec, "ipFamilyPolicy") != null) {
      causes.add(StatusCause.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    }
  }

  // ---------------------------------------------------------------- node ports

  /** Node ports to reserve, ports that need a fresh number, and numbers the update gives up. */
  private final class PortPlan {
    final Set<Integer> claims = new LinkedHashSet<>();
    final List<List<JsonObject>> needNext = new ArrayList<>();
    boolean needHealthCheck;
    final Set<Integer> oldNumbers = new LinkedHashSet<>();
    Set<Integer> finalNumbers = Set.of();

    void commit(JsonObject spec, Deque<Runnable> undo) {
      for (int port : claims) {
        nodePorts.allocate(port);
        undo.push(() -> nodePorts.release(port));
      }
      for (List<JsonObject> group : needNext) {
        int port = next(undo, "failed to allocate a nodePort: range is full");
        group.forEach(p -> p.add("nodePort", Fields.number(port)));
      }
      if (needHealthCheck) {
        spec.add("healthCheckNodePort",
            Fields.number(next(undo, "failed to allocate a HealthCheck NodePort: range is full")));
      }
      finalNumbers = nodePortsOf(spec);
    }

    private int next(Deque<Runnable> undo, String whenFull) {
      OptionalInt port = nodePorts.allocateNext();
      if (port.isEmpty()) {
        throw ApiError.internal(whenFull);
      }
      undo.push(() -> nodePorts.release(port.getAsInt()));
      return port.getAsInt();
    }

    void releaseDropped() {
      for (int port : oldNumbers) {
        if (!finalNumbers.contains(port)) {
          nodePorts.release(port);
        }
      }
    }
  }

  private PortPlan planPorts(JsonObject oldSpec, JsonObject spec, List<StatusCause> causes) {
    PortPlan plan = new PortPlan();
    if (oldSpec != null) {
      plan.oldNumbers.addAll(nodePortsOf(oldSpec));
    }
    boolean needsNodePort = Fields.needsNodePort(spec);
    boolean allocate = Fields.NODE_PORT.equals(Fields.type(spec))
        || (Fields.isLoadBalancer(spec) && !Boolean.FALSE.equals(Fields.bool(spec, "allocateLoadBalancerNodePorts")));
    List<JsonObject> ports = Fields.ports(spec);
    Map<Integer, Integer> byServicePort = new HashMap<>();
    Set<Integer> portNumbers = new LinkedHashSet<>();
    if (needsNodePort) {
      for (int i = 0; i < ports.size(); i++) {
        int np = integer(ports.get(i), "nodePort");
        if (np != 0) {
          request(plan, np, "spec.ports[" + i + "].nodePort", causes);
          byServicePort.putIfAbsent(integer(ports.get(i), "port"), np);
          portNumbers.add(np);
        }
      }
      Map<Integer, List<JsonObject>> groups = new HashMap<>();
      for (JsonObject port : ports) {
        if (integer(port, "nodePort") != 0 || !allocate) {
          continue;
        }
        // Upstream gives the TCP and UDP sides of one service port the same node port, saving a number.
        Integer shared = byServicePort.get(integer(port, "port"));
        if (shared != null) {
          port.add("nodePort", Fields.number(shared));
        } else {
          groups.computeIfAbsent(integer(port, "port"), k -> {
            List<JsonObject> group = new ArrayList<>();
            plan.needNext.add(group);
            return group;
          }).add(port);
        }
      }
    }
    if (Fields.needsHealthCheckNodePort(spec)) {
      int hc = integer(spec, "healthCheckNodePort");
      int oldHc = oldSpec == null ? 0 : integer(oldSpec, "healthCheckNodePort");
      if (hc == 0) {
        plan.needHealthCheck = true;
      } else if (hc != oldHc) {
        if (portNumbers.contains(hc)) {
          causes.add(StatusCause.invalid("spec.healthCheckNodePort", hc, "provided port is already allocated"));
        } else {
          request(plan, hc, "spec.healthCheckNodePort", causes);
        }
      }
    }
    return plan;
  }

  private void request(PortPlan plan, int port, String field, List<StatusCause> causes) {
    if (plan.oldNumbers.contains(port) || plan.claims.contains(port) || port < 0 || port > 65535) {
      return;
    }
    if (!nodePorts.inRange(port)) {
      causes.add(StatusCause.invalid(field, port, nodePorts.notInRangeMessage()));
    } else if (nodePorts.isAllocated(port)) {
      causes.add(StatusCause.invalid(field, port, "provided port is already allocated"));
    } else {
      plan.claims.add(port);
    }
  }
}

package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.ecs.EcsClient;
import dev.ccm4j.provider.huawei.elb.Members.Target;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Dedicated ELBs, {@code kubernetes.io/elb.class: dedicated}: everything through ELB v3. Availability zones are
 * required; the VIP subnet is {@code kubernetes.io/elb.subnet-id}, else the subnet of the first node, else the
 * cloud-config {@code [Vpc] subnet-id}; an EIP is bound at creation ({@code publicip_ids} or {@code publicip}); the
 * status shows {@code eips[0]}, else the VIP. Cross-VPC backends ({@code ip_target_enable}) can only be turned on.
 */
public final class DedicatedElb extends ElbBase {
  private final EcsClient ecs;

  /**
   * Creates the dedicated ELB implementation.
   *
   * @param api the provider's one signed client
   * @param ecs the ECS client, for member and VIP subnets
   * @param config the cloud-config
   * @param lbConfig the current loadbalancer-config (for the business name when a Service's annotations no longer
   *     parse at delete)
   * @param kube the Kubernetes client once the provider is initialized, for EndpointSlices (pod backends)
   * @param clock the clock of the ACTIVE wait
   */
  public DedicatedElb(HuaweiApi api, EcsClient ecs, HuaweiConfig config, Supplier<LoadBalancerConfig> lbConfig,
      Supplier<Optional<ApiClient>> kube, Clock clock) {
    this(api, ecs, config, lbConfig, kube, ActiveWait.standard(clock, ActiveWait.THREAD));
  }

  DedicatedElb(HuaweiApi api, EcsClient ecs, HuaweiConfig config, Supplier<LoadBalancerConfig> lbConfig,
      Supplier<Optional<ApiClient>> kube, ActiveWait waiter) {
    super(new ElbRest(api, ElbRest.V3), new ElbRest(api, ElbRest.V3), new EipClient(api), new Members(ecs, kube),
        config, lbConfig, waiter);
    this.ecs = ecs;
  }

  @Override
  String kind() {
    return "dedicated";
  }

  @Override
  String listenerProtocol(ElbServiceConfig cfg, String portProtocol) {
    if (cfg.tlsContainerRef().isPresent()) {
      return "HTTPS";
    }
    return cfg.xForwardedHost() ? "HTTP" : portProtocol;
  }

  @Override
  String nameProtocol(String listenerProtocol, String portProtocol) {
    return portProtocol;
  }

  @Override
  void kindListenerFields(ElbServiceConfig cfg, String protocol, JsonObject fields) {
    if (cfg.transparentClientIp()) {
      fields.addProperty("transparent_client_ip_enable", true);
    }
  }

  @Override
  JsonObject createLoadBalancer(Call c, ElbServiceConfig cfg, List<V1Node> nodes) {
    if (cfg.availabilityZones().isEmpty()) {
      throw new ServiceConfigurationException("a dedicated ELB needs kubernetes.io/elb.availability-zones "
          + "(zone names separated by ';')");
    }
    String subnet = cfg.subnetId().or(() -> nodeSubnet(nodes)).or(config::subnetId)
        .orElseThrow(() -> new ServiceConfigurationException("a dedicated ELB needs a VIP subnet: set "
            + "kubernetes.io/elb.subnet-id, or [Vpc] subnet-id in the cloud-config"));
    JsonObject body = new JsonObject();
    body.addProperty("name", c.elbName);
    body.addProperty("description", c.description);
    JsonArray zones = new JsonArray();
    cfg.availabilityZones().forEach(zones::add);
    body.add("availability_zone_list", zones);
    body.addProperty("vip_subnet_cidr_id", subnet);
    config.vpcId().ifPresent(v -> body.addProperty("vpc_id", v));
    body.addProperty("provider", cfg.lbProvider());
    if (cfg.crossVpc()) {
      body.addProperty("ip_target_enable", true);
    }
    cfg.l4FlavorId().ifPresent(f -> body.addProperty("l4_flavor_id", f));
    cfg.l7FlavorId().ifPresent(f -> body.addProperty("l7_flavor_id", f));
    if (cfg.eipId().isPresent()) {
      JsonArray ids = new JsonArray();
      ids.add(cfg.eipId().get());
      body.add("publicip_ids", ids);
    } else if (cfg.eipAutoCreate().isPresent()) {
      EipAutoCreate option = cfg.eipAutoCreate().get();
      JsonObject publicip = new JsonObject();
      publicip.addProperty("network_type", option.ipType());
      publicip.add("bandwidth", EipClient.bandwidth(option, Names.bandwidthName(c.svc)));
      body.add("publicip", publicip);
    }
    return main.create("CreateLoadBalancer", "loadbalancers", "loadbalancer", body);
  }

  private Optional<String> nodeSubnet(List<V1Node> nodes) {
    for (V1Node n : nodes) {
      Optional<String> ip = Members.internalIp(n);
      Optional<String> server = Members.serverId(n);
      if (ip.isPresent() && server.isPresent()) {
        Optional<String> subnet = ecs.subnetOfAddress(server.get(), ip.get());
        if (subnet.isPresent()) {
          return subnet;
        }
      }
    }
    return Optional.empty();
  }

  @Override
  void updateOwnedLoadBalancer(Call c, ElbServiceConfig cfg) {
    JsonObject changes = new JsonObject();
    if (cfg.crossVpc() && !Json.bool(c.lb, "ip_target_enable").orElse(false)) {
      changes.addProperty("ip_target_enable", true);
    }
    cfg.l4FlavorId().filter(f -> !f.equals(Json.string(c.lb, "l4_flavor_id").orElse("")))
        .ifPresent(f -> changes.addProperty("l4_flavor_id", f));
    cfg.l7FlavorId().filter(f -> !f.equals(Json.string(c.lb, "l7_flavor_id").orElse("")))
        .ifPresent(f -> changes.addProperty("l7_flavor_id", f));
    if (changes.size() > 0) {
      mutate(c, "updating the ELB", () -> main.update("UpdateLoadBalancer", "loadbalancers", c.lbId,
          "loadbalancer", changes));
      // members created next read ip_target_enable from the ELB as it is after this change
      settle(c);
    }
  }

  @Override
  boolean membersNeedSubnet(Call c) {
    return !Json.bool(c.lb, "ip_target_enable").orElse(false);
  }

  @Override
  JsonObject memberBody(Call c, String poolName, Target t, String subnet) {
    JsonObject body = new JsonObject();
    body.addProperty("name", Names.memberName(poolName, t.nodeName()));
    body.addProperty("address", t.address());
    body.addProperty("protocol_port", t.port());
    if (subnet != null && !subnet.isEmpty()) {
      body.addProperty("subnet_cidr_id", subnet);
    }
    return body;
  }

  @Override
  String vipSubnet(JsonObject lb) {
    return Json.string(lb, "vip_subnet_cidr_id").orElse("");
  }

  @Override
  List<JsonObject> boundEips(Call c) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject e : Json.objects(c.lb, "eips")) {
      Optional<String> id = Json.string(e, "eip_id").filter(ElbRest::isId);
      if (id.isPresent()) {
        out.add(eips.get(id.get()).orElseGet(() -> {
          JsonObject stub = new JsonObject();
          stub.addProperty("id", id.get());
          return stub;
        }));
      }
    }
    if (out.isEmpty()) {
      String port = Json.string(c.lb, "vip_port_id").orElse("");
      if (!port.isEmpty()) {
        out.addAll(eips.byPort(port));
      }
    }
    return out;
  }

  @Override
  String statusAddress(Call c) {
    for (JsonObject e : Json.objects(c.lb, "eips")) {
      Optional<String> ip = Json.string(e, "eip_address").filter(s -> !s.isEmpty());
      if (ip.isPresent()) {
        return ip.get();
      }
    }
    String port = Json.string(c.lb, "vip_port_id").orElse("");
    if (!port.isEmpty()) {
      for (JsonObject eip : eips.byPort(port)) {
        Optional<String> ip = Json.string(eip, "public_ip_address").filter(s -> !s.isEmpty());
        if (ip.isPresent()) {
          return ip.get();
        }
      }
    }
    return Json.string(c.lb, "vip_address").orElse("");
  }
}

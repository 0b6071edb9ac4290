package dev.ccm4j.provider.huawei.elb;

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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shared (enhanced) ELBs, {@code kubernetes.io/elb.class: shared}: ELB v2 load balancers, pools, members and health
 * monitors, with listeners created and updated through v3 as the original CCM does. The VIP goes into
 * {@code kubernetes.io/elb.subnet-id}, else the cloud-config {@code [Vpc] subnet-id}; the status shows the EIP bound
 * to the VIP port, else the VIP.
 */
public final class SharedElb extends ElbBase {

  /**
   * Creates the shared ELB implementation.
   *
   * @param api the provider's one signed client
   * @param ecs the ECS client, for member subnets
   * @param config the cloud-config
   * @param lbConfig the current loadbalancer-config (for the business name when a Service's annotations no longer
   *     parse at delete)
   * @param kube the Kubernetes client once the provider is initialized, for EndpointSlices (pod backends)
   * @param clock the clock of the ACTIVE wait
   */
  public SharedElb(HuaweiApi api, EcsClient ecs, HuaweiConfig config, Supplier<LoadBalancerConfig> lbConfig,
      Supplier<Optional<ApiClient>> kube, Clock clock) {
    this(api, ecs, config, lbConfig, kube, ActiveWait.standard(clock, ActiveWait.THREAD));
  }

  SharedElb(HuaweiApi api, EcsClient ecs, HuaweiConfig config, Supplier<LoadBalancerConfig> lbConfig,
      Supplier<Optional<ApiClient>> kube, ActiveWait waiter) {
    super(new ElbRest(api, ElbRest.V2), new ElbRest(api, ElbRest.V3), new EipClient(api), new Members(ecs, kube),
        config, lbConfig, waiter);
  }

  @Override
  String kind() {
    return "shared";
  }

  @Override
  String listenerProtocol(ElbServiceConfig cfg, String portProtocol) {
    if (cfg.tlsContainerRef().isPresent()) {
      return "TERMINATED_HTTPS";
    }
    return cfg.xForwardedHost() ? "HTTP" : portProtocol;
  }

  @Override
  String nameProtocol(String listenerProtocol, String portProtocol) {
    return listenerProtocol;
  }

  @Override
  void kindListenerFields(ElbServiceConfig cfg, String protocol, JsonObject fields) {
    if (protocol.equals("TCP") || protocol.equals("UDP")) {
      fields.addProperty("transparent_client_ip_enable", cfg.transparentClientIp());
    }
    cfg.connectionLimit().ifPresent(l -> fields.addProperty("connection_limit", l));
  }

  @Override
  JsonObject createLoadBalancer(Call c, ElbServiceConfig cfg, List<V1Node> nodes) {
    String subnet = cfg.subnetId().or(config::subnetId).orElseThrow(() -> new ServiceConfigurationException(
        "a shared ELB needs a VIP subnet: set kubernetes.io/elb.subnet-id, or [Vpc] subnet-id in the cloud-config"));
    JsonObject body = new JsonObject();
    body.addProperty("name", c.elbName);
    body.addProperty("vip_subnet_id", subnet);
    body.addProperty("provider", cfg.lbProvider());
    body.addProperty("description", c.description);
    return main.create("CreateLoadBalancer", "loadbalancers", "loadbalancer", body);
  }

  @Override
  JsonObject memberBody(Call c, String poolName, Target t, String subnet) {
    JsonObject body = new JsonObject();
    body.addProperty("address", t.address());
    body.addProperty("protocol_port", t.port());
    if (subnet != null && !subnet.isEmpty()) {
      body.addProperty("subnet_id", subnet);
    }
    return body;
  }

  @Override
  String vipSubnet(JsonObject lb) {
    return Json.string(lb, "vip_subnet_id").orElse("");
  }

  @Override
  List<JsonObject> boundEips(Call c) {
    String port = Json.string(c.lb, "vip_port_id").orElse("");
    return port.isEmpty() ? List.of() : eips.byPort(port);
  }

  @Override
  String statusAddress(Call c) {
    for (JsonObject eip : boundEips(c)) {
      Optional<String> ip = Json.string(eip, "public_ip_address").filter(s -> !s.isEmpty());
      if (ip.isPresent()) {
        return ip.get();
      }
    }
    return Json.string(c.lb, "vip_address").orElse("");
  }
}

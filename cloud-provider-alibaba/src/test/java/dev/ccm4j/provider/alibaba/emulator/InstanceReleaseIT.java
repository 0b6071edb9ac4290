package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.testkit.time.OffsetClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.vendor.client.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releasing an ECS instance through the control API takes it out of every CLB VServer group and NLB server group,
 * as Alibaba Cloud does, so that a load balancer controller never has to remove a backend the cloud no longer
 * knows.
 */
class InstanceReleaseIT {
  private final OffsetClock clock = new OffsetClock();
  private AlibabaEmulator emulator;
  private AlibabaApi api;

  @BeforeEach
  void start() {
    emulator = AlibabaEmulator.builder().accessKey("AKIDrelease", "release-secret").instances(3).clock(clock)
        .build().start();
    api = AlibabaApi.create(AlibabaCloudConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of()), Map.of(),
        "test");
  }

  @AfterEach
  void stop() {
    api.close();
    emulator.close();
  }

  @Test
  void aReleasedInstanceLeavesEveryClbAndNlbBackendList() {
    List<String> ids = emulator.state().ecs().instances().stream().map(EcsInstance::instanceId).toList();
    String gone = ids.get(1);

    String lb = api.call(Product.SLB, "CreateLoadBalancer", RpcParams.create().put("LoadBalancerName", "r"))
        .get("LoadBalancerId").getAsString();
    List<Map<String, String>> backends = new ArrayList<>();
    for (String id : ids) {
      backends.add(Map.of("ServerId", id, "Port", "30080", "Weight", "100", "Type", "ecs"));
    }
    String group = api.call(Product.SLB, "CreateVServerGroup", RpcParams.create().put("LoadBalancerId", lb)
        .put("VServerGroupName", "g").putJson("BackendServers", backends)).get("VServerGroupId").getAsString();

    String sg = api.call(Product.NLB, "CreateServerGroup", RpcParams.create().put("RegionId", api.region())
        .put("ServerGroupName", "sg-release").put("VpcId", emulator.state().vpcId()).put("Protocol", "TCP"))
        .get("ServerGroupId").getAsString();
    clock.advance(Duration.ofSeconds(5));
    List<Map<String, String>> servers = new ArrayList<>();
    for (String id : ids) {
      Map<String, String> s = new LinkedHashMap<>();
      s.put("ServerId", id);
      s.put("ServerType", "Ecs");
      s.put("Port", "30080");
      servers.add(s);
    }
    api.call(Product.NLB, "AddServersToServerGroup", RpcParams.create().put("RegionId", api.region())
        .put("ServerGroupId", sg).putObjects("Servers", servers));
    clock.advance(Duration.ofSeconds(5));

    emulator.control().terminateInstance(gone);

    JsonObject clb = api.call(Product.SLB, "DescribeVServerGroupAttribute",
        RpcParams.create().put("VServerGroupId", group));
    assertThat(Json.objects(clb, "BackendServers", "BackendServer")).extracting(o -> o.get("ServerId").getAsString())
        .containsExactly(ids.get(0), ids.get(2));
    JsonObject nlb = api.call(Product.NLB, "ListServerGroupServers", RpcParams.create().put("RegionId", api.region())
        .put("ServerGroupId", sg));
    assertThat(Json.objects(nlb, "Servers")).extracting(o -> o.get("ServerId").getAsString())
        .containsExactly(ids.get(0), ids.get(2));
    assertThat(emulator.control().loadBalancers()).flatExtracting(l -> l.backends()).extracting(ControlBackend::instanceId)
        .doesNotContain(gone);
  }
}

package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /_ccm4j/} control API of the Huawei emulator and the faults it injects in Huawei's shapes. */
class ControlIT {
  private final MutableClock clock = new MutableClock();
  private HuaweiEmulator cloud;
  private SignedWire wire;

  @BeforeEach
  void start() {
    cloud = HuaweiEmulator.builder().clock(clock).instances(2).build().start();
    wire = new SignedWire(cloud, clock);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private SignedWire.Answer show(String id) {
    return wire.get(wire.p("v1") + "/cloudservers/" + id);
  }

  @Test
  void instancesAreTheServers() {
    List<ControlInstance> list = cloud.control().instances();
    assertThat(list).extracting(ControlInstance::name).containsExactly("ccm4j-node-1", "ccm4j-node-2");
    ControlInstance first = list.get(0);
    assertThat(first.providerId()).isEqualTo("huaweicloud://" + first.id());
    assertThat(first.state()).isEqualTo(ControlInstance.RUNNING);
    assertThat(first.vendorState()).isEqualTo("ACTIVE");
    assertThat(first.instanceType()).isEqualTo("s6.large.2");
    assertThat(first.region()).isEqualTo("cn-north-4");
    assertThat(first.id()).matches("[0-9a-f-]{36}");
  }

  @Test
  void createStopStartTerminate() {
    ControlInstance made = cloud.control().createInstance(InstanceSpec.builder().name("worker").zone("cn-north-4b")
        .privateIp("192.168.1.77").instanceType("c6.xlarge.2").build());
    JsonObject s = show(made.id()).object().getAsJsonObject("server");
    assertThat(s.get("name").getAsString()).isEqualTo("worker");
    assertThat(s.get("OS-EXT-AZ:availability_zone").getAsString()).isEqualTo("cn-north-4b");
    assertThat(s.getAsJsonObject("flavor").get("vcpus").getAsString()).isEqualTo("4");
    assertThat(wire.get(wire.p("v1") + "/cloudservers/detail?ip_eq=192.168.1.77").object().get("count").getAsInt())
        .isEqualTo(1);

    assertThat(cloud.control().stopInstance(made.id()).vendorState()).isEqualTo("SHUTOFF");
    assertThat(show(made.id()).object().getAsJsonObject("server").get("status").getAsString()).isEqualTo("SHUTOFF");
    assertThat(cloud.control().startInstance(made.id()).state()).isEqualTo(ControlInstance.RUNNING);

    ControlInstance gone = cloud.control().terminateInstance(made.id());
    assertThat(gone.state()).isEqualTo(ControlInstance.TERMINATED);
    assertThat(gone.vendorState()).isEqualTo("DELETED");
    assertThat(show(made.id()).status()).isEqualTo(404);
    assertThat(cloud.control().instances()).extracting(ControlInstance::id).doesNotContain(made.id());
    // its address is free again
    assertThat(cloud.control().createInstance(InstanceSpec.builder().privateIp("192.168.1.77").build()).privateIp())
        .isEqualTo("192.168.1.77");
  }

  @Test
  void badSpecsAndUnknownIdsAreControlErrors() {
    assertThatThrownBy(() -> cloud.control().createInstance(InstanceSpec.builder().zone("mars-1a").build()))
        .hasMessageContaining("400");
    assertThatThrownBy(() -> cloud.control().createInstance(InstanceSpec.builder().privateIp("10.9.9.9").build()))
        .hasMessageContaining("400");
    assertThatThrownBy(() -> cloud.control().stopInstance("nope")).hasMessageContaining("404");
  }

  @Test
  void loadBalancersCreatedInTheConsoleAreListed() {
    JsonObject lb = cloud.control().post("/_ccm4j/load-balancers",
        JsonParser.parseString("{\"class\":\"shared\",\"name\":\"console\"}")).getAsJsonObject();
    String id = lb.get("id").getAsString();
    assertThat(lb.get("vip_address").getAsString()).startsWith("192.168.0.");
    List<ControlLoadBalancer> lbs = cloud.control().loadBalancers();
    assertThat(lbs).extracting(ControlLoadBalancer::id).contains(id);
    String dedicated = cloud.createLoadBalancer(true, "dedicated-one");
    assertThat(cloud.control().loadBalancers()).extracting(ControlLoadBalancer::id).contains(id, dedicated);
    SignedWire.Answer v2 = wire.get(wire.p("v2") + "/elb/loadbalancers/" + id);
    assertThat(v2.status()).as(v2.body()).isEqualTo(200);
  }

  @Test
  void throttlingIsA429InTheGatewayShape() {
    cloud.control().addFault(FaultRule.builder().operation("ShowServer").throttleFraction(1.0).times(1)
        .retryAfter(Duration.ofSeconds(2)).build());
    String id = cloud.control().instances().get(0).id();
    SignedWire.Answer a = show(id);
    assertThat(a.status()).isEqualTo(429);
    assertThat(a.object().get("error_code").getAsString()).isEqualTo("APIGW.0308");
    assertThat(a.object().has("request_id")).isTrue();
    assertThat(a.header("Retry-After")).isEqualTo("2");
    assertThat(show(id).status()).isEqualTo(200);
  }

  @Test
  void injectedServerErrorsUseTheProductsShape() {
    cloud.control().addFault(FaultRule.builder().operation("ShowServer|ListPublicips")
        .fail(500, "Ecs.0001", "backend exploded").times(2).build());
    SignedWire.Answer ecs = show(cloud.control().instances().get(0).id());
    assertThat(ecs.status()).isEqualTo(500);
    assertThat(ecs.object().getAsJsonObject("error").get("code").getAsString()).isEqualTo("Ecs.0001");
    SignedWire.Answer eip = wire.get(wire.p("v1") + "/publicips");
    assertThat(eip.status()).isEqualTo(500);
    assertThat(eip.object().get("error_code").getAsString()).isEqualTo("Ecs.0001");
    assertThat(eip.header("X-Request-Id")).isEqualTo(eip.object().get("request_id").getAsString());
  }

  @Test
  void latencyIsAddedAndTheJournalNamesOperations() {
    cloud.control().addFault(FaultRule.builder().operation("ListServersDetails").latency(Duration.ofMillis(150))
        .times(1).build());
    assertThat(wire.get(wire.p("v1") + "/cloudservers/detail").status()).isEqualTo(200);
    List<JournalEntry> entries = cloud.control().journal("ListServersDetails");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).durationMillis()).isGreaterThanOrEqualTo(150);
    wire.request("GET", wire.p("v1") + "/cloudservers/detail").secret("wrong-secret-key").send();
    assertThat(cloud.control().journal("ListServersDetails").get(1).errorCode()).isEqualTo("APIGW.0301");
  }

  @Test
  void failedProvisioningIsInjectedThroughTheControlApi() {
    cloud.control().post("/_ccm4j/elb/fail-provisioning", JsonParser.parseString("{\"count\":1}"));
    assertThatThrownBy(() -> cloud.failNextElbProvisioning(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

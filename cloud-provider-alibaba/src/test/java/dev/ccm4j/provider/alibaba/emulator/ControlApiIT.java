package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.ControlClient;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.cloud.emulator.JournalEntry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared /_ccm4j/ control API over HTTP, as conformance fixtures drive the emulator. */
class ControlApiIT {
  private final MutableClock clock = new MutableClock();
  private AlibabaEmulator cloud;
  private ControlClient control;
  private RpcClient client;

  @BeforeEach
  void start() {
    cloud = AlibabaEmulator.builder().clock(clock).build().start();
    control = cloud.control();
    client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(), clock);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private JsonObject describe(String id) {
    JsonArray found = client.get("DescribeInstances", RpcClient.ECS, Map.of("InstanceIds", "[\"" + id + "\"]"))
        .json().getAsJsonObject("Instances").getAsJsonArray("Instance");
    return found.isEmpty() ? null : found.get(0).getAsJsonObject();
  }

  @Test
  void instancesAreListedWithTheProviderIdTheProviderWrites() {
    JsonArray raw = control.get("/_ccm4j/instances").getAsJsonArray();
    assertThat(raw).hasSize(3);
    for (JsonElement e : raw) {
      assertThat(e.getAsJsonObject().keySet()).contains("id", "name", "privateIp", "zone", "state");
    }
    ControlInstance first = control.instances().get(0);
    assertThat(first.providerId()).isEqualTo("cn-hangzhou." + first.id());
    assertThat(first.state()).isEqualTo(ControlInstance.RUNNING);
    assertThat(first.vendorState()).isEqualTo("Running");
    assertThat(first.zone()).isEqualTo(cloud.state().zoneId());
  }

  @Test
  void createStopStartAndTerminateShowInTheEcsApi() {
    ControlInstance created = control.createInstance(InstanceSpec.builder().name("extra").zone("cn-hangzhou-b")
        .privateIp("192.168.16.50").instanceType("ecs.c7.xlarge").build());
    JsonObject described = describe(created.id());
    assertThat(described.get("ZoneId").getAsString()).isEqualTo("cn-hangzhou-b");
    assertThat(described.get("InstanceType").getAsString()).isEqualTo("ecs.c7.xlarge");
    assertThat(described.getAsJsonObject("VpcAttributes").getAsJsonObject("PrivateIpAddress")
        .getAsJsonArray("IpAddress").get(0).getAsString()).isEqualTo("192.168.16.50");

    assertThat(control.stopInstance(created.id()).state()).isEqualTo(ControlInstance.STOPPED);
    assertThat(describe(created.id()).get("Status").getAsString()).isEqualTo("Stopped");
    assertThat(control.startInstance(created.id()).state()).isEqualTo(ControlInstance.RUNNING);
    assertThat(describe(created.id()).get("Status").getAsString()).isEqualTo("Running");
    assertThat(control.terminateInstance(created.id()).state()).isEqualTo(ControlInstance.TERMINATED);
    assertThat(describe(created.id())).isNull();
    assertThat(control.instances()).extracting(ControlInstance::id).doesNotContain(created.id());
  }

  @Test
  void badSpecsAndUnknownIdsAreRefused() {
    assertThatThrownBy(() -> control.createInstance(InstanceSpec.builder().zone("cn-hangzhou-a")
        .privateIp("10.0.0.1").build())).hasMessageContaining("outside the vSwitch");
    String taken = control.instances().get(0).privateIp();
    assertThatThrownBy(() -> control.createInstance(InstanceSpec.builder().privateIp(taken).build()))
        .hasMessageContaining("already in use");
    assertThatThrownBy(() -> control.stopInstance("i-doesnotexist0000000")).hasMessageContaining("404");
  }

  @Test
  void theJournalRecordsActionsWithSecretsMasked() {
    client.get("DescribeInstances", RpcClient.ECS, Map.of());
    assertThat(control.journal("DescribeInstances")).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.params().get("Signature")).isEqualTo(JournalEntry.MASK);
      assertThat(e.params().get("AccessKeyId")).isEqualTo(cloud.accessKeyId());
    });
    new RpcClient(cloud.endpoint(), "LTAIunknown", "x", clock).get("DescribeRegions", RpcClient.ECS, Map.of());
    assertThat(control.journal("DescribeRegions")).singleElement()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("InvalidAccessKeyId.NotFound"));
    // STS credentials from the metadata service: their token travels with every call and must never be journaled
    JsonObject sts = com.google.gson.JsonParser.parseString(client.raw(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(cloud.endpoint() + "/latest/meta-data/ram/security-credentials/" + cloud.ramRole()))
        .GET().build()).body()).getAsJsonObject();
    String token = sts.get("SecurityToken").getAsString();
    RpcClient withToken = new RpcClient(cloud.endpoint(), "x", "x", clock).credentials(
        sts.get("AccessKeyId").getAsString(), sts.get("AccessKeySecret").getAsString(), token);
    assertThat(withToken.get("DescribeVSwitches", RpcClient.VPC, Map.of()).status()).isEqualTo(200);
    assertThat(control.journal("DescribeVSwitches")).singleElement()
        .satisfies(e -> assertThat(e.params().get("SecurityToken")).isEqualTo(JournalEntry.MASK));
    String journal = control.get("/_ccm4j/journal").toString();
    assertThat(journal).doesNotContain(token).doesNotContain(sts.get("AccessKeySecret").getAsString())
        .doesNotContain(cloud.accessKeySecret());
  }

  @Test
  void injectedFailuresAndThrottlingComeBackInAlibabasShape() {
    control.addFault(FaultRule.builder().operation("DescribeInstances").failTimes(1, 503, "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.").retryAfter(Duration.ofSeconds(2))
        .build());
    RpcClient.Answer failed = client.get("DescribeInstances", RpcClient.ECS, Map.of());
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.code()).isEqualTo("ServiceUnavailable");
    assertThat(failed.json().keySet()).contains("RequestId", "HostId", "Recommend");
    assertThat(client.get("DescribeInstances", RpcClient.ECS, Map.of()).status()).isEqualTo(200);

    control.clearFaults();
    control.addFault(FaultRule.builder().operation("Describe.*").throttleFraction(1.0).build());
    RpcClient.Answer throttled = client.get("DescribeVSwitches", RpcClient.VPC, Map.of());
    assertThat(throttled.status()).isEqualTo(400);
    assertThat(throttled.code()).isEqualTo("Throttling.User");
    assertThat(throttled.json().get("HostId").getAsString()).startsWith("vpc.");
    assertThat(client.get("CreateRouteEntry", RpcClient.VPC, Map.of("RouteTableId",
        cloud.state().vpc().routeTableId(), "DestinationCidrBlock", "172.16.0.0/24", "NextHopId",
        control.instances().get(0).id())).status()).as("other actions are not throttled").isEqualTo(200);
  }
}

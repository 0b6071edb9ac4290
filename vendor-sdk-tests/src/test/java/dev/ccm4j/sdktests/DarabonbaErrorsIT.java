package dev.ccm4j.sdktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.vpc20160428.models.DescribeRouteTableListRequest;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the darabonba SDK sees the emulator's refusals: a wrong secret, an unknown key id and injected throttling
 * each arrive as a {@link TeaException} carrying Alibaba's code, HTTP status and request id, exactly as the SDK
 * parses them from a real endpoint's error body.
 */
class DarabonbaErrorsIT {
  private static AlibabaEmulator cloud;

  @BeforeAll
  static void start() {
    cloud = Sdk.emulator(1);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void clearFaults() {
    cloud.control().clearFaults();
  }

  @Test
  void aWrongSecretIsSignatureDoesNotMatch() throws Exception {
    com.aliyun.ecs20140526.Client ecs = new com.aliyun.ecs20140526.Client(
        Sdk.darabonba(cloud, Sdk.ACCESS_KEY_ID, "not-the-secret", null));
    TeaException e = catchThrowableOfType(TeaException.class, () ->
        ecs.describeInstances(new DescribeInstancesRequest().setRegionId(Sdk.REGION)));
    assertThat(e.getCode()).isEqualTo("SignatureDoesNotMatch");
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("Specified signature is not matched with our calculation");
    assertThat(e.getData()).containsKeys("RequestId", "HostId", "Recommend");
    // the gateway never echoes the secret, right or wrong
    assertThat(e.getMessage()).doesNotContain(Sdk.ACCESS_KEY_SECRET).doesNotContain("not-the-secret");
  }

  @Test
  void anUnknownKeyIdIsInvalidAccessKeyIdNotFound() throws Exception {
    com.aliyun.vpc20160428.Client vpc = new com.aliyun.vpc20160428.Client(
        Sdk.darabonba(cloud, "LTAI5tUnknownKeyId000000", Sdk.ACCESS_KEY_SECRET, null));
    TeaException e = catchThrowableOfType(TeaException.class, () ->
        vpc.describeRouteTableList(new DescribeRouteTableListRequest().setRegionId(Sdk.REGION)));
    assertThat(e.getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    assertThat(e.getStatusCode()).isEqualTo(404);
  }

  @Test
  void injectedThrottlingSurfacesAsThrottlingUser() throws Exception {
    com.aliyun.ecs20140526.Client ecs = new com.aliyun.ecs20140526.Client(Sdk.darabonba(cloud));
    cloud.control().addFault(FaultRule.builder()
        .operation("DescribeInstances")
        .fail(400, "Throttling.User", "Request was denied due to user flow control.")
        .build());

    TeaException e = catchThrowableOfType(TeaException.class, () ->
        ecs.describeInstances(new DescribeInstancesRequest().setRegionId(Sdk.REGION)));
    assertThat(e.getCode()).isEqualTo("Throttling.User");
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("user flow control");
    assertThat(e.getData().get("RequestId")).asString().isNotBlank();
    List<JournalEntry> calls = Sdk.journal(cloud, "DescribeInstances");
    assertThat(calls).last().satisfies(c -> assertThat(c.errorCode()).isEqualTo("Throttling.User"));

    // other actions are untouched, and the same call works once the fault is gone
    new com.aliyun.vpc20160428.Client(Sdk.darabonba(cloud))
        .describeRouteTableList(new DescribeRouteTableListRequest().setRegionId(Sdk.REGION));
    cloud.control().clearFaults();
    assertThat(ecs.describeInstances(new DescribeInstancesRequest().setRegionId(Sdk.REGION)).getBody()
        .getTotalCount()).isEqualTo(1);
  }

  @Test
  void aFractionOfThrottledCallsIsStillThrottlingUser() throws Exception {
    com.aliyun.ecs20140526.Client ecs = new com.aliyun.ecs20140526.Client(Sdk.darabonba(cloud));
    cloud.control().addFault(FaultRule.builder().operation("DescribeInstances").throttleFraction(1.0).build());
    TeaException e = catchThrowableOfType(TeaException.class, () ->
        ecs.describeInstances(new DescribeInstancesRequest().setRegionId(Sdk.REGION)));
    assertThat(e.getCode()).isEqualTo("Throttling.User");
    assertThat(e.getStatusCode()).isEqualTo(400);
  }
}

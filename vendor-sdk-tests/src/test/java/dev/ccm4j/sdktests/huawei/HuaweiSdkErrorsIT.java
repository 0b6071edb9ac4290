package dev.ccm4j.sdktests.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.eip.v2.EipClient;
import com.huaweicloud.sdk.eip.v2.model.ShowPublicipRequest;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the official SDK sees the emulator's refusals: it parses each error body into a
 * {@link ClientRequestException} (a 4xx {@code ServiceResponseException}) with Huawei's status, error code and
 * request id, whichever of the gateway's and the products' error shapes the answer has.
 */
class HuaweiSdkErrorsIT {
  private static HuaweiEmulator cloud;

  @BeforeAll
  static void start() {
    cloud = HuaweiSdk.emulator(1, Duration.ZERO);
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
  void aWrongSecretKeyIsApigw0301() {
    EcsClient ecs = HuaweiSdk.client(EcsClient.newBuilder(), cloud, new BasicCredentials()
        .withAk(HuaweiSdk.ACCESS_KEY).withSk("not-the-secret-key-000000000000000000000")
            .withProjectId(cloud.projectId()));
    ClientRequestException e = catchThrowableOfType(ClientRequestException.class,
        () -> ecs.listServersDetails(new ListServersDetailsRequest()));
    assertThat(e.getHttpStatusCode()).isEqualTo(401);
    assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
    assertThat(e.getErrorMsg()).contains("verify aksk signature fail");
    assertThat(e.getRequestId()).matches("[0-9a-f]{32}");
    assertThat(e.getErrorMsg()).doesNotContain(HuaweiSdk.SECRET_KEY);
  }

  @Test
  void anUnknownServerIsEcs0114() {
    EcsClient ecs = HuaweiSdk.client(EcsClient.newBuilder(), cloud);
    ClientRequestException e = catchThrowableOfType(ClientRequestException.class,
        () -> ecs.showServer(new ShowServerRequest().withServerId("00000000-0000-0000-0000-000000000000")));
    assertThat(e.getHttpStatusCode()).isEqualTo(404);
    assertThat(e.getErrorCode()).isEqualTo("Ecs.0114");
    assertThat(e.getErrorMsg()).isNotBlank();
    assertThat(e.getRequestId()).matches("[0-9a-f]{32}");
  }

  @Test
  void anUnknownPublicipIsVpc1802() {
    EipClient eip = HuaweiSdk.client(EipClient.newBuilder(), cloud);
    ClientRequestException e = catchThrowableOfType(ClientRequestException.class,
        () -> eip.showPublicip(new ShowPublicipRequest().withPublicipId("00000000-0000-0000-0000-000000000000")));
    assertThat(e.getHttpStatusCode()).isEqualTo(404);
    assertThat(e.getErrorCode()).isEqualTo("VPC.1802");
    assertThat(e.getRequestId()).matches("[0-9a-f]{32}");
  }

  @Test
  void injectedThrottlingIsApigw0308() {
    EcsClient ecs = HuaweiSdk.client(EcsClient.newBuilder(), cloud);
    cloud.control().addFault(FaultRule.builder().operation("ListServersDetails").throttleFraction(1.0).times(1)
        .build());
    ClientRequestException e = catchThrowableOfType(ClientRequestException.class,
        () -> ecs.listServersDetails(new ListServersDetailsRequest()));
    assertThat(e.getHttpStatusCode()).isEqualTo(429);
    assertThat(e.getErrorCode()).isEqualTo("APIGW.0308");
    assertThat(e.getRequestId()).matches("[0-9a-f]{32}");
    // one throttled call, then the API answers again
    assertThat(ecs.listServersDetails(new ListServersDetailsRequest()).getServers()).hasSize(1);
  }
}

package dev.ccm4j.provider.alibaba.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.vendor.client.ErrorKind;
import dev.ccm4j.vendor.client.VendorError;
import dev.ccm4j.vendor.client.VendorResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlibabaErrorDecoderTest {

  @ParameterizedTest
  @CsvSource({
      "400, Throttling, THROTTLED",
      "400, Throttling.User, THROTTLED",
      "400, Throttling.Api, THROTTLED",
      "503, ServiceUnavailable.Throttling, THROTTLED",
      "404, InvalidAccessKeyId.NotFound, AUTH",
      "400, InvalidAccessKeyId.Inactive, AUTH",
      "400, SignatureDoesNotMatch, AUTH",
      "400, InvalidSecurityToken.Expired, AUTH",
      "400, InvalidSecurityToken.MismatchWithAccessKey, AUTH",
      "403, Forbidden.RAM, AUTH",
      "403, Forbidden, AUTH",
      "404, InvalidInstanceId.NotFound, NOT_FOUND",
      "404, InvalidAction.NotFound, INVALID_REQUEST",
      "404, InvalidRegionId.NotFound, INVALID_REQUEST",
      "400, InvalidApi.NotFound, INVALID_REQUEST",
      "400, InvalidLoadBalancerId.NotFound, NOT_FOUND",
      "404, InvalidRouteEntry.NotFound, NOT_FOUND",
      "400, VPC_ROUTER_ENTRY_NOT_EXIST, NOT_FOUND",
      "400, NotFound, NOT_FOUND",
      "400, InvalidCIDRBlock.Duplicate, CONFLICT",
      "400, InvalidOperation.Conflict, CONFLICT",
      "400, IncorrectStatus.Instance, CONFLICT",
      "400, InvalidParameter, INVALID_REQUEST",
      "400, MissingParameter, INVALID_REQUEST",
      "500, InternalError, SERVER",
      "503, ServiceUnavailable, SERVER",
      "404, '', OTHER",
      "502, '', SERVER",
      "400, '', INVALID_REQUEST",
      "404, SomethingOdd, OTHER",
  })
  void classifiesByCodeFirst(int status, String code, ErrorKind kind) {
    assertThat(AlibabaErrorDecoder.classify(status, code)).isEqualTo(kind);
  }

  @Test
  void readsTheBodyAndTheRateLimitHeaders() {
    VendorResponse response = VendorResponse.builder(400)
        .operation("DescribeInstances")
        .header("x-ratelimit-user-api", "Limit:10,Remain:0,TimeLeft:800")
        .header("x-ratelimit-user", "Limit:100,Remain:0,TimeLeft:2500")
        .body("{\"RequestId\":\"ABC\",\"HostId\":\"ecs.aliyuncs.com\",\"Code\":\"Throttling.User\","
            + "\"Message\":\"Request was denied due to user flow control.\",\"Recommend\":\"x\"}")
        .build();
    VendorError e = AlibabaErrorDecoder.INSTANCE.decode(response);
    assertThat(e.code()).isEqualTo("Throttling.User");
    assertThat(e.message()).isEqualTo("Request was denied due to user flow control.");
    assertThat(e.requestId()).isEqualTo("ABC");
    assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
  }

  @Test
  void toleratesBodiesThatAreNotAlibabaJson() {
    VendorError e = AlibabaErrorDecoder.INSTANCE.decode(VendorResponse.builder(502)
        .header("x-acs-request-id", "HDR-1").body("<html>bad gateway</html>").build());
    assertThat(e.code()).isEmpty();
    assertThat(e.requestId()).isEqualTo("HDR-1");
    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER);
    assertThat(e.retryAfter()).isEmpty();
  }
}

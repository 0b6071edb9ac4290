package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ThrottledException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloudApiErrorsTest {

  @Test
  void kindsFollowTheHttpStatusUnlessSet() {
    assertThat(ErrorKind.forHttpStatus(404)).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(ErrorKind.forHttpStatus(429)).isEqualTo(ErrorKind.THROTTLED);
    assertThat(ErrorKind.forHttpStatus(409)).isEqualTo(ErrorKind.CONFLICT);
    assertThat(ErrorKind.forHttpStatus(400)).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(ErrorKind.forHttpStatus(403)).isEqualTo(ErrorKind.AUTH);
    assertThat(ErrorKind.forHttpStatus(503)).isEqualTo(ErrorKind.SERVER);
    assertThat(ErrorKind.forHttpStatus(302)).isEqualTo(ErrorKind.OTHER);
    VendorError e = VendorError.builder(400).build();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.code()).isEmpty();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.toBuilder().kind(ErrorKind.THROTTLED).build().kind()).isEqualTo(ErrorKind.THROTTLED);
    assertThat(VendorError.builder(503).retryAfter(Duration.ZERO).build().retryAfter()).isEmpty();
    assertThat(VendorError.builder(503).retryAfter(Duration.ofSeconds(-1)).build().retryAfter()).isEmpty();
  }

  @Test
  void vendorErrorToStringLeavesTheCloudMessageOut() {
    VendorError e = VendorError.builder(400).code("SignatureDoesNotMatch")
        .message("server string to sign is: POST&%2F&SecurityToken%3Dtok").requestId("R-1").build();
    assertThat(e.toString()).contains("SignatureDoesNotMatch", "R-1").doesNotContain("tok");
    assertThat(e).isEqualTo(e.toBuilder().build()).hasSameHashCodeAs(e.toBuilder().build());
  }

  @Test
  void toExceptionPicksTheFamilyByKind() {
    Redactor r = Redactor.create();
    VendorError throttled = VendorError.builder(400).code("Throttling.User").message("Request was denied")
        .requestId("R-2").kind(ErrorKind.THROTTLED).retryAfter(Duration.ofSeconds(3)).build();
    CloudProviderException t = CloudApiErrors.toException("alibaba", "DescribeInstances", throttled, r, null);
    assertThat(t).isInstanceOf(CloudApiThrottledException.class).isInstanceOf(ThrottledException.class)
        .hasMessage("alibaba DescribeInstances: HTTP 400 Throttling.User: Request was denied (request id R-2)"
            + " (retry after 3s)");
    assertThat(((ThrottledException) t).retryAfter()).contains(Duration.ofSeconds(3));
    CloudApiThrottledException cte = (CloudApiThrottledException) t;
    assertThat(cte.operation()).isEqualTo("DescribeInstances");
    assertThat(cte.code()).isEqualTo("Throttling.User");
    assertThat(cte.cloudMessage()).isEqualTo("Request was denied");
    assertThat(cte.requestId()).isEqualTo("R-2");
    assertThat(cte.httpStatus()).isEqualTo(400);
    assertThat(cte.kind()).isEqualTo(ErrorKind.THROTTLED);

    CloudProviderException nf = CloudApiErrors.toException("alibaba", "DescribeLoadBalancerAttribute",
        VendorError.builder(400).code("InvalidLoadBalancerId.NotFound").kind(ErrorKind.NOT_FOUND).build(), r, null);
    assertThat(nf).isInstanceOf(CloudResourceNotFoundException.class)
        .hasMessage("alibaba DescribeLoadBalancerAttribute: HTTP 400 InvalidLoadBalancerId.NotFound");

    CloudProviderException other = CloudApiErrors.toException("huawei", "ListServers",
        VendorError.builder(500).message("boom").build(), r, null);
    assertThat(other).isExactlyInstanceOf(CloudApiException.class).hasMessage("huawei ListServers: HTTP 500: boom");
    assertThat(((CloudApiException) other).kind()).isEqualTo(ErrorKind.SERVER);
    assertThat(((CloudApiException) other).code()).isEmpty();
  }

  @Test
  void toExceptionRedactsAndCapsTheCloudMessage() {
    Redactor r = Redactor.create().secret("hunter2-secret");
    String longMessage = "leaked hunter2-secret and Signature=abc " + "x".repeat(2000);
    CloudProviderException e = CloudApiErrors.toException("alibaba", "CreateLoadBalancer",
        VendorError.builder(400).code("InvalidParameter").message(longMessage).requestId("R").build(), r, null);
    CloudApiException c = (CloudApiException) e;
    assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("abc").contains("Signature=***")
        .contains("more chars");
    assertThat(c.cloudMessage()).doesNotContain("hunter2").hasSizeLessThan(600);
    assertThat(e.toString()).doesNotContain("hunter2");
  }

  @Test
  void codeIsFoundAnywhereInTheCauseChainForBothFamilies() {
    Redactor r = Redactor.create();
    CloudProviderException api = CloudApiErrors.toException("alibaba", "CreateRouteEntry",
        VendorError.builder(400).code("Forbidden.RouteEntry.Exist").build(), r, null);
    CloudProviderException thr = CloudApiErrors.toException("alibaba", "CreateRouteEntry",
        VendorError.builder(503).code("ServiceUnavailable").kind(ErrorKind.THROTTLED).build(), r, null);
    RuntimeException wrapped = new RuntimeException("outer", new IllegalStateException("mid", api));
    assertThat(CloudApiErrors.code(wrapped)).contains("Forbidden.RouteEntry.Exist");
    assertThat(CloudApiErrors.code(new RuntimeException(thr))).contains("ServiceUnavailable");
    assertThat(CloudApiErrors.kind(new RuntimeException(thr))).contains(ErrorKind.THROTTLED);
    assertThat(CloudApiErrors.code(new RuntimeException("plain"))).isEmpty();
    assertThat(CloudApiErrors.code(null)).isEmpty();
    CloudProviderException noCode = CloudApiErrors.toException("alibaba", "X", VendorError.builder(500).build(), r,
        null);
    assertThat(CloudApiErrors.code(noCode)).isEmpty();
    assertThat(CloudApiErrors.find(noCode)).isPresent();
    // Throwable forbids a self-cause, but a two-exception cycle can be built and must not hang.
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(CloudApiErrors.code(a)).isEmpty();
  }

  @Test
  void standardDecoderReadsCommonShapes() {
    VendorError alibabaStyle = ErrorDecoder.standard().decode(VendorResponse.builder(404)
        .body("{\"RequestId\":\"R-9\",\"Code\":\"Not.Found\",\"Message\":\"gone\"}").build());
    assertThat(alibabaStyle.code()).isEqualTo("Not.Found");
    assertThat(alibabaStyle.message()).isEqualTo("gone");
    assertThat(alibabaStyle.requestId()).isEqualTo("R-9");
    assertThat(alibabaStyle.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    VendorError nested = ErrorDecoder.standard().decode(VendorResponse.builder(429)
        .header("X-Request-Id", "hdr-id").body("{\"error\":{\"code\":\"APIGW.0308\",\"message\":\"slow\"}}").build());
    assertThat(nested.code()).isEqualTo("APIGW.0308");
    assertThat(nested.requestId()).isEqualTo("hdr-id");
    assertThat(nested.kind()).isEqualTo(ErrorKind.THROTTLED);
    VendorError html = ErrorDecoder.standard().decode(VendorResponse.builder(502).body("<html>bad</html>").build());
    assertThat(html.code()).isEmpty();
    assertThat(html.kind()).isEqualTo(ErrorKind.SERVER);
  }

  @Test
  void builderValidatesStatus() {
    assertThatThrownBy(() -> VendorError.builder(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VendorResponse.builder(42)).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.ccm4j.provider.huawei.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.vendor.client.ErrorKind;
import dev.ccm4j.vendor.client.VendorError;
import dev.ccm4j.vendor.client.VendorResponse;
import org.junit.jupiter.api.Test;

class HuaweiErrorDecoderTest {
  private final HuaweiErrorDecoder decoder = new HuaweiErrorDecoder();

  private VendorError decode(int status, String body, String requestIdHeader) {
    VendorResponse.Builder b = VendorResponse.builder(status).operation("Op").body(body);
    if (requestIdHeader != null) {
      b.header("X-Request-Id", requestIdHeader);
    }
    return decoder.decode(b.build());
  }

  @Test
  void gatewayShapeWithRequestIdHeader() {
    VendorError e = decode(400, "{\"error_code\":\"ELB.1202\",\"error_msg\":\"enterprise_project_id can not be"
        + " empty\",\"request_id\":\"body-id\"}", "hdr-id");
    assertThat(e.code()).isEqualTo("ELB.1202");
    assertThat(e.message()).isEqualTo("enterprise_project_id can not be empty");
    assertThat(e.requestId()).as("the header wins").isEqualTo("hdr-id");
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void requestIdFromBodyWithoutHeader() {
    assertThat(decode(500, "{\"error_code\":\"X\",\"error_msg\":\"m\",\"request_id\":\"body-id\"}", null)
        .requestId()).isEqualTo("body-id");
  }

  @Test
  void codeMessageShape() {
    VendorError e = decode(409, "{\"code\":\"VPC.0101\",\"message\":\"busy\"}", "r1");
    assertThat(e.code()).isEqualTo("VPC.0101");
    assertThat(e.message()).isEqualTo("busy");
    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
  }

  @Test
  void nestedShapesOfEcsAndNova() {
    VendorError ecs = decode(404, "{\"error\":{\"code\":\"Ecs.0114\",\"message\":\"server not found\"}}", "r2");
    assertThat(ecs.code()).isEqualTo("Ecs.0114");
    assertThat(ecs.message()).isEqualTo("server not found");
    assertThat(ecs.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    VendorError nova = decode(404, "{\"itemNotFound\":{\"code\":404,\"message\":\"no such server\"}}", null);
    assertThat(nova.code()).isEqualTo("404");
    assertThat(nova.message()).isEqualTo("no such server");
  }

  @Test
  void http404IsNotFoundWhateverTheBody() {
    assertThat(decode(404, "", null).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(decode(404, "<html>nope</html>", null).kind()).isEqualTo(ErrorKind.NOT_FOUND);
  }

  @Test
  void unknownApiIsNotMistakenForAResourceGone() {
    VendorError e = decode(404, "{\"error_code\":\"APIGW.0101\",\"error_msg\":\"The API does not exist\"}", "r");
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void throttling() {
    assertThat(decode(429, "", null).kind()).isEqualTo(ErrorKind.THROTTLED);
    assertThat(decode(429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"flow control\"}", "r").kind())
        .isEqualTo(ErrorKind.THROTTLED);
    assertThat(decode(403, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"flow control\"}", "r").kind())
        .as("the code alone").isEqualTo(ErrorKind.THROTTLED);
    assertThat(decode(400, "{\"error\":{\"code\":\"Ecs.Throttling\",\"message\":\"x\"}}", "r").kind())
        .isEqualTo(ErrorKind.THROTTLED);
    assertThat(decode(400, "{\"code\":\"TooManyRequests\",\"message\":\"x\"}", "r").kind())
        .isEqualTo(ErrorKind.THROTTLED);
    assertThat(HuaweiErrorDecoder.isThrottleCode("ELB.1202")).isFalse();
  }

  @Test
  void signatureFailureIsAuth() {
    assertThat(decode(401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication"
        + " information\"}", "r").kind()).isEqualTo(ErrorKind.AUTH);
  }
}

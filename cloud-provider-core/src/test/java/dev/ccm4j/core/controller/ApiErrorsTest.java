package dev.ccm4j.core.controller;

import dev.ccm4j.core.kube.ApiErrors;
import static dev.ccm4j.core.controller.ControllerFailureLogTest.HEADERS;
import static dev.ccm4j.core.controller.ControllerFailureLogTest.statusBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  @Test
  void aStatusBodyGivesCodeReasonAndMessage() {
    ApiException e = new ApiException("Unprocessable Entity", 422, HEADERS,
        statusBody(422, "Invalid", "Service \\\"web\\\" is invalid:\\n spec.ports: Required value"));
    assertThat(ApiErrors.describe(e)).isEqualTo("HTTP 422 Invalid: Service \"web\" is invalid: spec.ports: Required value");
  }

  @Test
  void aLongStatusMessageIsShortened() {
    ApiException e = new ApiException("Conflict", 409, HEADERS, statusBody(409, "Conflict", "y".repeat(5000)));
    assertThat(ApiErrors.describe(e)).isEqualTo("HTTP 409 Conflict: " + "y".repeat(ApiErrors.MAX_STATUS_MESSAGE)
        + "...");
  }

  @Test
  void anyOtherBodyIsNeverEchoed() {
    assertThat(ApiErrors.describe(new ApiException("Bad Gateway", 502, HEADERS, "<html>proxy secret page</html>")))
        .isEqualTo("HTTP 502");
    assertThat(ApiErrors.describe(new ApiException("Forbidden", 403, HEADERS,
        "{\"kind\":\"Secret\",\"message\":\"not a status\"}"))).isEqualTo("HTTP 403");
    assertThat(ApiErrors.describe(new ApiException(500, "plain text"))).isEqualTo("HTTP 500");
  }

  @Test
  void noResponseNamesTheTransportError() {
    ApiException e = new ApiException(new ConnectException("Failed to connect to /10.0.0.1:6443"));
    assertThat(ApiErrors.describe(e))
        .isEqualTo("no response from the API server (ConnectException: Failed to connect to /10.0.0.1:6443)");
  }

  @Test
  void otherFailuresKeepTheFirstLineOfTheirMessage() {
    assertThat(ApiErrors.describe(new IOException("disk full\nsecond line"))).isEqualTo("IOException: disk full");
    assertThat(ApiErrors.describe(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
  }
}

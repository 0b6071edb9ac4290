package dev.ccm4j.core.controller;

import dev.ccm4j.core.kube.ApiErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.core.clock.ManualClock;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A reconcile that fails with the client's ApiException logs one WARN line: no response headers, no raw body. */
class ControllerFailureLogTest {
  static final Map<String, List<String>> HEADERS = Map.of(
      "Audit-Id", List.of("5e1d5d9f-audit-header-value"),
      "Content-Type", List.of("application/json"),
      "X-Kubernetes-Pf-Flowschema-Uid", List.of("flowschema-header-value"));

  /** The Status body an API server sends, as the client keeps it: whole, with details. */
  static String statusBody(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message + "\",\"reason\":\"" + reason + "\",\"details\":{\"name\":\"web\",\"kind\":\"services\","
        + "\"causes\":[{\"field\":\"spec.secretField\",\"message\":\"raw-body-detail\"}]},\"code\":" + code + "}";
  }

  @ParameterizedTest
  @CsvSource({
      "409, Conflict, Conflict",
      "422, Invalid, Unprocessable Entity"})
  void anApiFailureIsOneStructuredWarnLineAndTheTraceOnlyAtDebug(int code, String reason, String phrase) {
    String message = "Operation cannot be fulfilled on services \\\"web\\\": " + "x".repeat(400);
    ApiException failure = new ApiException(phrase, code, HEADERS, statusBody(code, reason, message));
    AtomicInteger attempts = new AtomicInteger();
    Controller<String> controller = Controller.<String>builder()
        .name("quiet")
        .reconciler(key -> {
          attempts.incrementAndGet();
          throw failure;
        })
        .clock(new ManualClock())
        .stopTimeout(Duration.ofSeconds(10))
        .build();
    try (LogCapture log = LogCapture.of(Controller.class.getName())) {
      controller.start();
      controller.enqueue("default/web");
      await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() == 1 && log.size() >= 2);
      controller.stop();

      List<String> warnings = log.lines().stream().filter(l -> l.contains(" WARN ")).toList();
      assertThat(warnings).hasSize(1);
      String line = warnings.get(0);
      assertThat(line).doesNotContain("\n", "\r", "audit-header-value", "flowschema-header-value", "Content-Type",
          "HTTP response", "raw-body-detail", "\"kind\"", "secretField");
      assertThat(line).contains("quiet", "default/web", "HTTP " + code + " " + reason
          + ": Operation cannot be fulfilled on services \"web\": xxx");
      assertThat(line.length()).as("the Status message is shortened").isLessThan(450);
      assertThat(log.lines()).filteredOn(l -> l.contains(" DEBUG ") && l.contains("\tat "))
          .as("the full trace is kept at DEBUG").hasSize(1);
    } finally {
      controller.stop();
    }
  }

  @Test
  void aWrappedApiFailureIsDescribedTheSameWay() {
    ApiException api = new ApiException("Conflict", 409, HEADERS, statusBody(409, "Conflict", "the object changed"));
    assertThat(ApiErrors.describe(new IllegalStateException(api)))
        .isEqualTo("IllegalStateException (HTTP 409 Conflict: the object changed)");
    assertThat(ApiErrors.describe(new IllegalStateException("patching node n1 failed", api)))
        .isEqualTo("IllegalStateException: patching node n1 failed (HTTP 409 Conflict: the object changed)");
  }
}

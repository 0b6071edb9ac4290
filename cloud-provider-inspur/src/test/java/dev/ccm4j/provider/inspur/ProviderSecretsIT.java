package dev.ccm4j.provider.inspur;

import dev.ccm4j.testkit.logging.LogCapture;

import static dev.ccm4j.provider.inspur.Nodes.node;
import static dev.ccm4j.provider.inspur.Nodes.service;
import static dev.ccm4j.provider.inspur.Nodes.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.provider.inspur.emulator.InspurEmulator;
import dev.ccm4j.provider.inspur.slb.InspurAnnotations;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With every logger at TRACE (request and body logs included), no secret reaches a log line or an exception. */
class ProviderSecretsIT {
  private static final String SECRET = "Very&Secret=Value+42 x";

  @Test
  void noClientSecretOrTokenIsEverLoggedOrThrown() {
    List<String> tokens = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    try (InspurEmulator emulator = InspurEmulator.builder().clientId("sec-client").clientSecret(SECRET)
        .instances(0).build().start();
        LogCapture logs = LogCapture.of("dev.ccm4j");
        LogCapture http = LogCapture.of("okhttp3")) {
      String slbId = emulator.createLoadBalancer("front");
      List<V1Node> nodes = List.of(node("n1", "10.0.0.1", "ins-1", null), node("n2", "10.0.0.2", "ins-2", null));
      V1Service svc = service("web", Map.of(InspurAnnotations.SLB_ID, slbId), List.of(tcp(80, 30080)));
      try (InspurCloudProvider provider = new InspurCloudProviderFactory()
          .create(CloudConfig.of(emulator.cloudConfig()), Clock.systemUTC())) {
        LoadBalancer lb = provider.loadBalancer().orElseThrow();
        lb.ensureLoadBalancer("c", svc, nodes);
        tokens.add(provider.tokens().token());
        emulator.revokeTokens();
        lb.updateLoadBalancer("c", svc, nodes.subList(0, 1));
        tokens.add(provider.tokens().token());
        emulator.control().addFault(FaultRule.builder().operation("DescribeListeners")
            .failTimes(1, 429, "TooManyRequests", "slow down").retryAfter(Duration.ofSeconds(1)).build());
        errors.add(String.valueOf(catchThrowable(() -> lb.ensureLoadBalancer("c", svc, nodes))));
        errors.add(provider.toString());
        errors.add(provider.config().toString());
        lb.ensureLoadBalancerDeleted("c", svc);
      }
      String wrong = emulator.cloudConfig().replace(SECRET, SECRET + "-wrong");
      try (InspurCloudProvider provider = new InspurCloudProviderFactory().create(CloudConfig.of(wrong),
          Clock.systemUTC())) {
        Throwable refused = catchThrowable(() -> provider.loadBalancer().orElseThrow().ensureLoadBalancer("c", svc,
            nodes));
        assertThat(refused).hasMessageContaining("unauthorized_client");
        errors.add(String.valueOf(refused));
      }

      String text = logs.text() + "\n" + http.text() + "\n" + String.join("\n", errors);
      assertThat(text).as("the request log ran").contains("op=CreateListener").contains("op=Token");
      assertThat(tokens).hasSize(2).doesNotHaveDuplicates();
      for (String secret : List.of(SECRET, SECRET + "-wrong", tokens.get(0), tokens.get(1))) {
        assertThat(text).doesNotContain(secret);
      }
      assertThat(text).doesNotContain("Very%26Secret").doesNotContain("Very&Secret");
    }
  }
}

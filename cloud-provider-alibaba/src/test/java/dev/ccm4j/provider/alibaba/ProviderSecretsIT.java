package dev.ccm4j.provider.alibaba;

import static dev.ccm4j.provider.alibaba.ProviderTestSupport.CLUSTER;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.instance;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.ccm4j.api.Route;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No credential reaches a log line or an exception while the provider works and fails: instance lookups, route
 * changes, cloud errors and throttling, with the request log at its most verbose.
 */
class ProviderSecretsIT {
  private static final String SECRET = "sEcReT-value-4711";

  @Test
  void secretsNeverReachLogsOrExceptions() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger requests = (Logger) LoggerFactory.getLogger("dev.ccm4j.vendor.client.requests");
    Level before = requests.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    requests.setLevel(Level.TRACE);
    List<Throwable> errors = new ArrayList<>();
    try (AlibabaEmulator emulator = AlibabaEmulator.builder().accessKey("secrets-key", SECRET).instances(0)
        .instanceTransition(Duration.ZERO).routeEntryPending(Duration.ZERO).build().start();
        AlibabaCloudProvider provider = ProviderTestSupport.provider(emulator, Duration.ofSeconds(2))) {
      ControlInstance vm = instance(emulator, "secret-node");
      provider.instancesV2().orElseThrow().instanceMetadata(node(vm, true));
      provider.instancesV2().orElseThrow().instanceMetadata(node(vm, false));
      Route route = Route.builder().targetNode(vm.name()).destinationCidr("172.30.0.0/24")
          .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address(vm.privateIp()))).build();
      provider.routes().orElseThrow().createRoute(CLUSTER, "uid", route);
      errors.add(catchThrowable(() -> provider.routes().orElseThrow().createRoute(CLUSTER, "uid",
          route.toBuilder().targetNode("other").targetNodeAddresses(List.of(
              new V1NodeAddress().type("InternalIP").address("10.99.0.1"))).build())));
      emulator.control().addFault(FaultRule.builder().operation("DescribeInstances")
          .failTimes(1, 400, "Throttling.User", "Request was denied due to user flow control.").build());
      errors.add(catchThrowable(() -> provider.instancesV2().orElseThrow().instanceExists(node(vm, true))));
      emulator.control().addFault(FaultRule.builder().operation("DescribeRouteEntryList")
          .failTimes(1, 500, "InternalError", "The request processing has failed due to some unknown error.")
          .build());
      errors.add(catchThrowable(() -> provider.routes().orElseThrow().listRoutes(CLUSTER)));
      provider.routes().orElseThrow().listRoutes(CLUSTER).forEach(r ->
          provider.routes().orElseThrow().deleteRoute(CLUSTER, r));
    } finally {
      root.detachAppender(appender);
      requests.setLevel(before);
    }

    assertThat(errors).as("each failure really happened").doesNotContainNull().hasSize(3);
    assertThat(appender.list.stream().filter(e -> e.getLoggerName().startsWith("dev.ccm4j.vendor.client.requests")))
        .as("the request log was on").isNotEmpty();
    String b64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    for (ILoggingEvent event : appender.list) {
      String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
      assertThat(text).as("log line of %s", event.getLoggerName()).doesNotContain(SECRET).doesNotContain(b64);
    }
    for (Throwable error : errors) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET).doesNotContain(b64);
      }
    }
  }

  private static String throwableText(IThrowableProxy proxy) {
    StringBuilder out = new StringBuilder();
    for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
      out.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
    }
    return out.toString();
  }
}

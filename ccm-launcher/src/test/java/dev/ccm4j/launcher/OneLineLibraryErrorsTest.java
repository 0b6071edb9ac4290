package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A library's retry error is one line, at most once per window; ccm4j's own lines are left alone. */
class OneLineLibraryErrorsTest {
  private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
  private final AtomicLong now = new AtomicLong();
  private OneLineLibraryErrors encoder;

  @BeforeEach
  void setUp() {
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %logger %msg%n");
    text.start();
    encoder = new OneLineLibraryErrors(text, now::get);
    encoder.setContext(context);
    encoder.start();
  }

  private String encode(String logger, String message, Throwable thrown) {
    LoggingEvent e = new LoggingEvent(getClass().getName(), context.getLogger(logger), Level.ERROR, message,
        thrown, null);
    return new String(encoder.encode(e), StandardCharsets.UTF_8);
  }

  /** What client-java's leader elector and reflectors log on every retry while the API server is unreachable. */
  private static Exception apiUnreachable() {
    ConnectException refused = new ConnectException("Connection refused");
    Exception api = new Exception("Message: java.net.ConnectException: Failed to connect to /127.0.0.1:1\n"
        + "HTTP response code: 0\nHTTP response body: null", new RuntimeException("Failed to connect", refused));
    return api;
  }

  @Test
  void aLibrarysExceptionBecomesOneLineAndRepeatsAreHeldBackForTheWindow() {
    String first = encode("io.kubernetes.client.extended.leaderelection.LeaderElector",
        "Error retrieving resource lock kube-system/ccm", apiUnreachable());

    assertThat(first).isEqualTo("ERROR io.kubernetes.client.extended.leaderelection.LeaderElector Error retrieving"
        + " resource lock kube-system/ccm: Exception: Message: java.net.ConnectException: Failed to connect to"
        + " /127.0.0.1:1; caused by ConnectException: Connection refused\n");

    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(encode("io.kubernetes.client.extended.leaderelection.LeaderElector",
        "Error retrieving resource lock kube-system/ccm", apiUnreachable())).isEmpty();
    assertThat(encode("io.kubernetes.client.extended.leaderelection.LeaderElector",
        "Error retrieving resource lock kube-system/ccm", apiUnreachable())).isEmpty();
    assertThat(encode("io.kubernetes.client.informer.cache.ReflectorRunnable", "V1Node#Reflector loop failed",
        apiUnreachable())).as("another call site is not held back").isNotEmpty();

    now.addAndGet(TimeUnit.SECONDS.toNanos(OneLineLibraryErrors.WINDOW_SECONDS));
    assertThat(encode("io.kubernetes.client.extended.leaderelection.LeaderElector",
        "Error retrieving resource lock kube-system/ccm", apiUnreachable()))
        .endsWith("caused by ConnectException: Connection refused (2 more like this in the last 10s)\n")
        .doesNotContain("\tat ");
  }

  @Test
  void anApiExceptionIsSummedUpByItsStatusNotItsBody() {
    io.kubernetes.client.openapi.ApiException forbidden = new io.kubernetes.client.openapi.ApiException(403,
        "Forbidden", null, "{\"kind\":\"Status\",\"message\":\"leases is forbidden: a very long body\"}");

    assertThat(encode("io.kubernetes.client.informer.cache.ReflectorRunnable", "list failed", forbidden))
        .isEqualTo("ERROR io.kubernetes.client.informer.cache.ReflectorRunnable list failed: ApiException"
            + " (HTTP 403)\n");
  }

  @Test
  void ccm4jsOwnLinesAndLinesWithoutExceptionsAreUnchanged() {
    assertThat(encode("dev.ccm4j.core.Foo", "unexpected", new IllegalStateException("bug")))
        .startsWith("ERROR dev.ccm4j.core.Foo unexpected\njava.lang.IllegalStateException: bug\n\tat ");
    assertThat(encode("io.kubernetes.client.Foo", "plain", null)).isEqualTo("ERROR io.kubernetes.client.Foo plain\n");
    assertThat(encode("io.kubernetes.client.Foo", "plain", null)).as("not rate limited")
        .isEqualTo("ERROR io.kubernetes.client.Foo plain\n");
  }
}

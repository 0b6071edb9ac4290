package dev.ccm4j.cloud.emulator;

import dev.ccm4j.cloud.emulator.testing.SelfSignedTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The vendor side of {@link EmulatorServer} over real HTTP: routing, journal, every fault kind, failures. */
class EmulatorServerIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<EmulatorServer> servers = new ArrayList<>();
  private final TestCloud.Api api = new TestCloud.Api();

  @AfterEach
  void close() {
    servers.forEach(EmulatorServer::close);
  }

  private EmulatorServer start(EmulatorServer.Builder b) {
    EmulatorServer s = b.dialect(new TestCloud.Dialect()).handler(api).control(new TestCloud.Plane(2)).build()
        .start();
    servers.add(s);
    return s;
  }

  private EmulatorServer start() {
    return start(EmulatorServer.builder());
  }

  private HttpResponse<String> get(EmulatorServer s, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(s.endpoint() + pathAndQuery)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(EmulatorServer s, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(s.endpoint() + "/")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(EmulatorServer s, String action) throws Exception {
    return get(s, "/?Action=" + action);
  }

  private static JsonObject json(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  @Test
  void servesTheVendorApiOnLoopbackWithQueryAndFormParametersMerged() throws Exception {
    EmulatorServer s = start();
    assertThat(s.endpoint().toString()).isEqualTo("http://127.0.0.1:" + s.port());
    assertThat(s.port()).isPositive();

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create(s.endpoint() + "/?Action=Echo&Name=a%20b&Name=second&Star=%2A"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("x-acs-version", "2014-05-26")
        .POST(HttpRequest.BodyPublishers.ofString("Name=from-form&Extra=x+y%26z")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json;charset=utf-8");
    JsonObject body = json(r);
    assertThat(body.get("Name").getAsString()).as("the query wins over the form").isEqualTo("a b");
    assertThat(body.get("Star").getAsString()).isEqualTo("*");
    assertThat(body.get("Extra").getAsString()).isEqualTo("x y&z");
    assertThat(body.get("method").getAsString()).isEqualTo("POST");
    assertThat(body.get("version").getAsString()).as("headers are case-insensitive").isEqualTo("2014-05-26");

    JsonObject raw = json(get(s, "/v3/a%20b%2Fc?Action=Echo"));
    assertThat(raw.get("path").getAsString()).isEqualTo("/v3/a b/c");
    assertThat(raw.get("rawPath").getAsString()).isEqualTo("/v3/a%20b%2Fc");
  }

  @Test
  void theJournalRecordsVendorCallsWithSecretsMaskedAndNotControlCalls() throws Exception {
    EmulatorServer s = start();
    get(s, "/?Action=Echo&AccessKeyId=AKID&Signature=c2VjcmV0LXNpZw%3D%3D&SecurityToken=tok");
    call(s, "Nope");
    get(s, "/_ccm4j/healthz");
    get(s, "/_ccm4j/instances");

    List<JournalEntry> entries = s.journal().entries();
    assertThat(entries).extracting(JournalEntry::operation).containsExactly("Echo", "Nope");
    JournalEntry echo = entries.get(0);
    assertThat(echo.params()).containsEntry("AccessKeyId", "AKID").containsEntry("Signature", JournalEntry.MASK)
        .containsEntry("SecurityToken", JournalEntry.MASK);
    assertThat(echo.status()).isEqualTo(200);
    assertThat(echo.errorCode()).isEmpty();
    assertThat(echo.method()).isEqualTo("GET");
    assertThat(echo.path()).isEqualTo("/");
    assertThat(entries.get(1).status()).isEqualTo(400);
    assertThat(entries.get(1).errorCode()).isEqualTo("InvalidAction");
    assertThat(entries.get(1).seq()).isGreaterThan(echo.seq());
    assertThat(s.journal().count("Echo")).isEqualTo(1);
    assertThat(s.journal().entries("Nope")).hasSize(1);

    s.journal().clear();
    assertThat(s.journal().entries()).isEmpty();
    call(s, "Echo");
    assertThat(s.journal().entries().get(0).seq()).as("sequence survives clear").isEqualTo(3);
  }

  @Test
  void theJournalKeepsOnlyTheNewestEntries() throws Exception {
    EmulatorServer s = start(EmulatorServer.builder().journalSize(3));
    for (int i = 0; i < 5; i++) {
      get(s, "/?Action=Echo&N=" + i);
    }
    assertThat(s.journal().entries()).extracting(e -> e.params().get("N")).containsExactly("2", "3", "4");
  }

  @Test
  void failTimesFailsExactlyTheNextMatchingCallsWithRetryAfter() throws Exception {
    EmulatorServer s = start();
    s.faults().add(FaultRule.builder().operation("Describe.*").failTimes(2, 503, "ServiceUnavailable", "try later")
        .retryAfter(Duration.ofMillis(1500)).build());

    HttpResponse<String> other = call(s, "Echo");
    HttpResponse<String> first = call(s, "DescribeInstances");
    HttpResponse<String> second = call(s, "DescribeRegions");
    HttpResponse<String> third = call(s, "DescribeInstances");

    assertThat(other.statusCode()).as("operation regex must match").isEqualTo(200);
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(json(first).get("Code").getAsString()).isEqualTo("ServiceUnavailable");
    assertThat(json(first).get("Message").getAsString()).isEqualTo("try later");
    assertThat(first.headers().firstValue("Retry-After")).as("rounded up to whole seconds").hasValue("2");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).as("the rule expired after two calls").isEqualTo(400);
    assertThat(json(third).get("Code").getAsString()).isEqualTo("InvalidAction");
    assertThat(s.faults().rules()).isEmpty();
    assertThat(api.calls.get()).as("failed calls never reach the handler").isEqualTo(2);
    assertThat(s.journal().entries("DescribeInstances")).extracting(JournalEntry::errorCode)
        .containsExactly("ServiceUnavailable", "InvalidAction");
  }

  @Test
  void theOperationRegexMustMatchTheWholeLabel() throws Exception {
    EmulatorServer s = start();
    s.faults().add(FaultRule.builder().operation("Describe").fail(500, "InternalError", "x").build());
    assertThat(call(s, "DescribeInstances").statusCode()).isEqualTo(400);
    assertThat(call(s, "Describe").statusCode()).isEqualTo(500);
    assertThat(s.faults().rules()).as("unlimited until cleared").hasSize(1);
    s.faults().clear();
    assertThat(call(s, "Describe").statusCode()).isEqualTo(400);
  }

  @Test
  void latencyDelaysTheAnswer() throws Exception {
    EmulatorServer s = start();
    s.faults().add(FaultRule.builder().operation("Echo").latency(Duration.ofMillis(400)).times(1).build());

    long t0 = System.nanoTime();
    HttpResponse<String> slow = call(s, "Echo");
    long slowMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(slowMs).isGreaterThanOrEqualTo(400);
    assertThat(s.journal().entries("Echo").get(0).durationMillis()).isGreaterThanOrEqualTo(400);
    assertThat(s.faults().rules()).isEmpty();
  }

  @Test
  void hangHoldsTheCallThenDropsTheConnectionUnanswered() throws Exception {
    EmulatorServer s = start();
    s.faults().add(FaultRule.builder().operation("Echo").hang(Duration.ofMillis(300)).times(1).build());

    long t0 = System.nanoTime();
    // a POST: the JDK client (like OkHttp) silently retries an idempotent GET on a dropped connection
    assertThatThrownBy(() -> post(s, "Action=Echo")).isInstanceOf(IOException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(300);
    assertThat(s.journal().entries("Echo")).singleElement().satisfies(e -> assertThat(e.status()).isZero());
    assertThat(call(s, "Echo").statusCode()).as("the next call is answered").isEqualTo(200);
  }

  @Test
  void aClientTimeoutSeesAHangAndClosingTheServerReleasesIt() throws Exception {
    EmulatorServer s = start();
    // times(2): the rule disappears when the second call arrives, which tells the test that call is being held
    s.faults().add(FaultRule.builder().hang(Duration.ofMinutes(5)).times(2).build());
    HttpRequest request = HttpRequest.newBuilder(URI.create(s.endpoint() + "/?Action=Echo"))
        .timeout(Duration.ofMillis(300)).build();
    assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.net.http.HttpTimeoutException.class);

    CompletableFuture<HttpResponse<String>> held = http.sendAsync(HttpRequest.newBuilder(
        URI.create(s.endpoint() + "/?Action=Echo")).build(), HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> s.faults().rules().isEmpty());
    assertThat(held).isNotDone();
    long t0 = System.nanoTime();
    s.close();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("close does not wait for held calls")
        .isLessThan(5);
    assertThatThrownBy(() -> held.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
  }

  @Test
  void throttleFractionIsDeterministicForASeedAndUsesTheDialectsThrottleError() throws Exception {
    List<Boolean> first = throttledPattern(7L, 0.3, 60);
    List<Boolean> again = throttledPattern(7L, 0.3, 60);
    List<Boolean> otherSeed = throttledPattern(8L, 0.3, 60);

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    long throttled = first.stream().filter(b -> b).count();
    assertThat(throttled).isBetween(6L, 32L);

    EmulatorServer all = start();
    all.faults().add(FaultRule.builder().throttleFraction(1.0).retryAfter(Duration.ofSeconds(3)).build());
    HttpResponse<String> r = call(all, "Echo");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(json(r).get("Code").getAsString()).isEqualTo("Throttling.User");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(all.journal().entries().get(0).errorCode()).isEqualTo("Throttling.User");
  }

  private List<Boolean> throttledPattern(long seed, double fraction, int calls) throws Exception {
    EmulatorServer s = start(EmulatorServer.builder().faultSeed(seed));
    s.faults().add(FaultRule.builder().operation("Echo").throttleFraction(fraction).build());
    for (int i = 0; i < calls; i++) {
      assertThat(call(s, "Echo").statusCode()).isIn(200, 429);
    }
    // The pattern is read from the server's journal, one entry per decision, not from the client's answers: the
    // JDK client silently resends a GET whose connection failed after the server had decided, which would shift a
    // client-side pattern by one although the server's decisions repeat exactly.
    List<Boolean> out = new ArrayList<>();
    for (JournalEntry e : s.journal().entries("Echo")) {
      out.add(e.status() == 429);
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(calls);
    return out.subList(0, calls);
  }

  @Test
  void aFailingHandlerIsA500InTheVendorShapeLoggedOnceWithoutSecrets() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(EmulatorServer.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    ch.qos.logback.classic.Level before = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.WARN);
    logger.setAdditive(false);
    try {
      EmulatorServer s = start();
      HttpResponse<String> r = get(s, "/?Action=Boom&Signature=TOPSECRETSIG");

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(json(r).get("Code").getAsString()).isEqualTo("InternalError");
      assertThat(r.body()).doesNotContain("TOPSECRETSIG");
      assertThat(s.journal().entries()).singleElement().satisfies(e -> {
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.errorCode()).isEqualTo("InternalError");
      });
      assertThat(appender.list).hasSize(1);
      ILoggingEvent event = appender.list.get(0);
      assertThat(event.getFormattedMessage()).contains("Boom").doesNotContain("TOPSECRETSIG");
      assertThat(event.getThrowableProxy()).isNotNull();
      String trace = ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy());
      assertThat(trace).contains("IllegalStateException: boom with ***").contains("TestCloud$Api.handle")
          .doesNotContain("TOPSECRETSIG");
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(before);
      logger.setAdditive(true);
    }
  }

  @Test
  void theDialectCanMapAVendorExceptionToItsOwnError() throws Exception {
    EmulatorServer s = start();
    HttpResponse<String> r = call(s, "Missing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("Code").getAsString()).isEqualTo("InvalidInstanceId.NotFound");
    assertThat(s.journal().entries().get(0).errorCode()).isEqualTo("InvalidInstanceId.NotFound");
  }

  @Test
  void malformedPercentEncodingIsABadRequestInTheVendorShape() throws Exception {
    EmulatorServer s = start();
    HttpResponse<String> r = post(s, "Action=Echo&Bad=%zz");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("Code").getAsString()).isEqualTo("BadRequest");
    assertThat(api.calls.get()).isZero();
  }

  @Test
  void concurrentCallsAreAllAnsweredAndJournaledOnce() throws Exception {
    EmulatorServer s = start(EmulatorServer.builder().threads(8));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int n = i;
        results.add(pool.submit(() -> get(s, "/?Action=Echo&N=" + n).statusCode()));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    List<JournalEntry> entries = s.journal().entries();
    assertThat(entries).hasSize(300);
    Set<String> ns = new HashSet<>();
    Set<Long> seqs = new HashSet<>();
    entries.forEach(e -> {
      ns.add(e.params().get("N"));
      seqs.add(e.seq());
    });
    assertThat(ns).hasSize(300);
    assertThat(seqs).hasSize(300);
  }

  @Test
  void servesHttpsWithTheGivenContext(@TempDir Path tmp) throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate(tmp);
    SSLContext serverTls = tls.serverContext();
    SSLContext clientTls = tls.clientContext();

    EmulatorServer s = start(EmulatorServer.builder().sslContext(serverTls));
    assertThat(s.endpoint().getScheme()).isEqualTo("https");
    HttpClient tlsClient = HttpClient.newBuilder().sslContext(clientTls).build();
    HttpResponse<String> r = tlsClient.send(HttpRequest.newBuilder(URI.create(s.endpoint() + "/?Action=Echo"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new ControlClient(s.endpoint(), clientTls).instances()).hasSize(2);
    assertThatThrownBy(() -> call(s, "Echo").statusCode()).as("plain HTTP is refused").isInstanceOf(IOException.class);
  }

  @Test
  void theBuilderRejectsIncompleteOrInvalidSettings() {
    assertThatThrownBy(() -> EmulatorServer.builder().dialect(new TestCloud.Dialect()).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
    assertThatThrownBy(() -> EmulatorServer.builder().port(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> EmulatorServer.builder().controlRoute("GET", "/elsewhere", r -> null))
        .hasMessageContaining("/_ccm4j/");
  }
}

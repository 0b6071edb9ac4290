package dev.ccm4j.provider.inspur.slb;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.provider.inspur.auth.KeycloakTokenSource;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.VendorHttpClient;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SLB client's wire contract and error mapping, over real HTTP to a scripted server. */
class SlbClientTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2006-01-02T15:04:05Z"));
  private final ConcurrentLinkedQueue<RecordedRequest> seen = new ConcurrentLinkedQueue<>();
  private final AtomicInteger tokens = new AtomicInteger();
  private volatile Map<String, MockResponse> script = Map.of();
  private volatile String validToken = "tok-1";
  private MockWebServer server;
  private VendorHttpClient http;
  private SlbClient slb;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().equals("/token")) {
          int n = tokens.incrementAndGet();
          return json(200, "{\"access_token\":\"tok-" + n + "\",\"expires_in\":300}");
        }
        seen.add(request);
        if (!("Bearer " + validToken).equals(request.getHeaders().get("Authorization"))) {
          return json(401, "{\"code\":\"Unauthorized\",\"message\":\"expired\"}");
        }
        String key = request.getMethod() + " " + request.getUrl().encodedPath();
        MockResponse r = script.get(key);
        return r != null ? r : json(200, "[]");
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
    http = VendorHttpClient.builder("incloud").errorDecoder(new InspurErrorDecoder()).build();
    KeycloakTokenSource source = new KeycloakTokenSource(http, server.url("/token"), "c", "secret", "u",
        "console", "t", clock);
    slb = new SlbClient(http, source, server.url("/slb/v1/slbs").uri(), clock);
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    server.close();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body)
        .build();
  }

  private RecordedRequest last() {
    return seen.stream().reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void headersAreTheOriginalsOnEveryMethod() {
    slb.listeners("slb-1");
    RecordedRequest get = last();
    assertThat(get.getHeaders().get("Date")).isEqualTo("Mon, 02 Jan 2006 15:04:05 UTC");
    assertThat(get.getHeaders().get("Content-Type")).isEqualTo("text/plain");
    assertThat(get.getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
    assertThat(get.getUrl().encodedPath()).isEqualTo("/slb/v1/slbs/slb-1/listeners");

    script = Map.of("POST /slb/v1/slbs/slb-1/listeners/", json(200,
        "{\"listenerId\":\"l-1\",\"listenerName\":\"n\",\"protocol\":\"TCP\",\"port\":80}"));
    JsonObject body = new JsonObject();
    body.addProperty("port", 80);
    SlbListener created = slb.createListener("slb-1", body);
    RecordedRequest post = last();
    assertThat(post.getUrl().encodedPath()).as("trailing slash on create").isEqualTo("/slb/v1/slbs/slb-1/listeners/");
    assertThat(post.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(post.getBody().utf8()).isEqualTo("{\"port\":80}");
    assertThat(created.listenerId()).isEqualTo("l-1");
    assertThat(created.port()).isEqualTo(80);

    script = Map.of("DELETE /slb/v1/slbs/slb-1/listeners/l-1",
        new MockResponse.Builder().code(204).build());
    slb.deleteListener("slb-1", "l-1");
    assertThat(last().getHeaders().get("Content-Type")).isEqualTo("text/plain");
  }

  @Test
  void describeTakesTheFirstOfTheArrayAndAnEmptyArrayIsNotFound() {
    script = Map.of("GET /slb/v1/slbs", json(200, "[{\"slbId\":\"slb-9\",\"slbName\":\"web\",\"businessIp\":"
        + "\"10.0.0.5\",\"eipAddress\":\"1.2.3.4\",\"state\":\"active\"}]"));
    Slb lb = slb.describeLoadBalancer("slb-9");
    assertThat(last().getUrl().queryParameter("slbId")).isEqualTo("slb-9");
    assertThat(lb).isEqualTo(new Slb("slb-9", "web", "10.0.0.5", "1.2.3.4", "active"));

    script = Map.of("GET /slb/v1/slbs", json(200, "[]"));
    assertThatThrownBy(() -> slb.describeLoadBalancer("slb-0")).isInstanceOf(CloudResourceNotFoundException.class)
        .hasMessageContaining("slb-0");
  }

  @Test
  void membersAreAddedAsAnArrayAndRemovedByAJsonIdList() {
    script = Map.of("POST /slb/v1/slbs/s/listeners/l/members", json(200, "{\"code\":\"0\",\"message\":\"ok\","
        + "\"data\":[{\"backendId\":\"b-1\",\"serverId\":\"i-1\",\"serverIp\":\"10.0.0.1\",\"port\":30080,"
        + "\"weight\":10,\"serverName\":\"n1\",\"type\":\"ECS\"}]}"));
    List<SlbMember> added = slb.addMembers("s", "l",
        List.of(new SlbMember("", "i-1", "n1", "10.0.0.1", 30080, 10, "ECS")));
    assertThat(last().getBody().utf8()).isEqualTo("[{\"serverId\":\"i-1\",\"port\":30080,\"serverName\":\"n1\","
        + "\"serverIp\":\"10.0.0.1\",\"type\":\"ECS\",\"weight\":10}]");
    assertThat(added).extracting(SlbMember::backendId).containsExactly("b-1");

    slb.removeMembers("s", "l", List.of("b-1", "b-2"));
    RecordedRequest delete = last();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getUrl().queryParameter("backendIdList")).isEqualTo("[\"b-1\",\"b-2\"]");
    assertThat(delete.getUrl().encodedQuery()).doesNotContain("\"").doesNotContain("[");
  }

  @Test
  void a401FetchesOneNewTokenAndRetriesOnce() {
    slb.listeners("s");
    assertThat(tokens).hasValue(1);
    validToken = "tok-2";
    assertThat(slb.listeners("s")).isEmpty();
    assertThat(tokens).hasValue(2);
    assertThat(seen).hasSize(3);
    // a token the API keeps refusing fails after one retry
    validToken = "never";
    assertThatThrownBy(() -> slb.listeners("s")).isInstanceOfSatisfying(CloudApiException.class,
        e -> assertThat(e.httpStatus()).isEqualTo(401));
    assertThat(tokens).hasValue(3);
    assertThat(seen).hasSize(5);
  }

  @Test
  void throttlingIsAThrottledExceptionWithTheRetryAfter() {
    script = Map.of("GET /slb/v1/slbs/s/listeners", new MockResponse.Builder().code(429)
        .addHeader("Retry-After", "7").body("{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}").build());
    assertThatThrownBy(() -> slb.listeners("s")).isInstanceOfSatisfying(ThrottledException.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    script = Map.of("GET /slb/v1/slbs/s/listeners", json(503, "{\"code\":\"Busy\",\"message\":\"busy\"}"));
    assertThatThrownBy(() -> slb.listeners("s")).isInstanceOf(ThrottledException.class);
  }

  @Test
  void errorsKeepTheApisCodeAndMessage() {
    script = Map.of("POST /slb/v1/slbs/s/listeners/", json(409,
        "{\"code\":\"ListenerPortConflict\",\"message\":\"port 80 in use\"}"));
    assertThatThrownBy(() -> slb.createListener("s", new JsonObject()))
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.code()).isEqualTo("ListenerPortConflict");
          assertThat(e.cloudMessage()).isEqualTo("port 80 in use");
        });
    script = Map.of("GET /slb/v1/slbs/s/listeners/x/members", json(404, "{\"code\":\"NotFound\",\"message\":\"no\"}"));
    assertThatThrownBy(() -> slb.members("s", "x")).isInstanceOf(CloudResourceNotFoundException.class);
    // deleting a listener that is already gone is fine
    script = Map.of("DELETE /slb/v1/slbs/s/listeners/x", json(404, "{\"code\":\"NotFound\",\"message\":\"no\"}"));
    slb.deleteListener("s", "x");
  }
}

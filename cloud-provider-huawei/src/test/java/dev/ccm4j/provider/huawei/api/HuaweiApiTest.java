package dev.ccm4j.provider.huawei.api;

import static dev.ccm4j.provider.huawei.api.SignatureCheckingDispatcher.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.sign.SdkHmacSha256;
import dev.ccm4j.testkit.logging.LogCapture;
import dev.ccm4j.testkit.time.MutableClock;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.CloudApiThrottledException;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HuaweiApiTest {
  private static final String AK = "PERMANENTAK0001";
  private static final String SK = "permanent-Secret-Key-0123456789";
  private static final String PROJECT = "0123456789abcdef0123456789abcdef";
  private static final String UA = "ccm4j-huaweicloud/test";

  private final MutableClock clock = new MutableClock();
  private final SignatureCheckingDispatcher gateway = new SignatureCheckingDispatcher();
  private MockWebServer server;
  private HuaweiApi api;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(gateway);
    server.start(InetAddress.getLoopbackAddress(), 0);
    gateway.secrets.put(AK, SK);
  }

  @AfterEach
  void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    server.close();
  }

  private String base() {
    String s = server.url("/").toString();
    return s.substring(0, s.length() - 1);
  }

  private HuaweiApi api(String extraGlobal) {
    HuaweiConfig config = HuaweiConfig.parse(CloudConfig.of("[Global]\nregion=cn-north-4\nendpoint=" + base()
        + "\nmetadata-endpoint=" + base() + "\n" + extraGlobal), Map.of());
    api = HuaweiApi.create(config, clock, UA);
    return api;
  }

  private HuaweiApi permanent() {
    return api("access-key=" + AK + "\nsecret-key=" + SK + "\nproject-id=" + PROJECT + "\n");
  }

  @Test
  void signsTheSdkHeaderSetAndSendsTheProject() {
    gateway.route("GET /v1/" + PROJECT + "/cloudservers/srv-1", json(200, "{\"server\":{\"id\":\"srv-1\"}}"));
    JsonObject answer = permanent().get("ShowServer", HuaweiService.ECS, "/v1/{project_id}/cloudservers/srv-1",
        Map.of("name", List.of("^node a+b$"), "limit", List.of("2")));
    assertThat(gateway.rejected).isEmpty();
    assertThat(answer.getAsJsonObject("server").get("id").getAsString()).isEqualTo("srv-1");
    RecordedRequest r = gateway.seen.get(0);
    assertThat(r.getHeaders().get("X-Project-Id")).isEqualTo(PROJECT);
    assertThat(r.getHeaders().get("User-Agent")).isEqualTo(UA);
    assertThat(r.getHeaders().get("X-Sdk-Date")).isEqualTo(
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
            .format(clock.instant()));
    assertThat(r.getHeaders().get("X-Security-Token")).isNull();
    SdkHmacSha256.Authorization auth = SdkHmacSha256.parseAuthorization(r.getHeaders().get("Authorization"))
        .orElseThrow();
    assertThat(auth.access()).isEqualTo(AK);
    assertThat(auth.signedHeaders()).containsExactly("host", "user-agent", "x-project-id", "x-sdk-date");
    assertThat(r.getUrl().queryParameter("name")).isEqualTo("^node a+b$");
    // a literal '+' would be read as a space by the gateway's query parser
    assertThat(r.getUrl().encodedQuery()).contains("a%2Bb").doesNotContain("+");
  }

  @Test
  void postSignsTheBodyButNotTheContentType() {
    gateway.route("POST /v2/" + PROJECT + "/elb/loadbalancers", json(201, "{\"loadbalancer\":{\"id\":\"lb\"}}"));
    JsonObject body = new JsonObject();
    body.add("loadbalancer", JsonParser.parseString("{\"name\":\"k8s_service_c_ns_svc\"}"));
    permanent().post("CreateLoadbalancer", HuaweiService.ELB, "/v2/{project_id}/elb/loadbalancers", body);
    assertThat(gateway.rejected).isEmpty();
    RecordedRequest r = gateway.seen.get(0);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(r.getHeaders().get("Authorization")).contains("SignedHeaders=host;user-agent;x-project-id;x-sdk-date,");
    assertThat(r.getBody().utf8()).isEqualTo("{\"loadbalancer\":{\"name\":\"k8s_service_c_ns_svc\"}}");
  }

  @Test
  void emptyAnswersAreEmptyObjects() {
    gateway.route("PUT /v1/" + PROJECT + "/publicips/e1", new MockResponse.Builder().code(200).build());
    gateway.route("DELETE /v2/" + PROJECT + "/elb/pools/p1", new MockResponse.Builder().code(204).build());
    assertThat(permanent().put("UpdatePublicip", HuaweiService.VPC, "/v1/{project_id}/publicips/e1",
        new JsonObject())).isEqualTo(new JsonObject());
    api.delete("DeletePool", HuaweiService.ELB, "/v2/{project_id}/elb/pools/p1");
    assertThat(gateway.rejected).isEmpty();
  }

  @Test
  void elementVariantsCarryBareArrays() {
    gateway.route("GET /v1.0/" + PROJECT + "/elbaas/listeners", json(200, "[{\"id\":\"l1\"}]"));
    gateway.route("POST /v1.0/" + PROJECT + "/elbaas/listeners/l1/members", json(200, "{\"job_id\":\"j\"}"));
    JsonElement list = permanent().getElement("ListListeners", HuaweiService.ELB, "/v1.0/{project_id}/elbaas/listeners",
        Map.of("loadbalancer_id", List.of("lb")));
    assertThat(list.isJsonArray()).isTrue();
    JsonElement job = api.postElement("AddMembers", HuaweiService.ELB,
        "/v1.0/{project_id}/elbaas/listeners/l1/members", JsonParser.parseString("[{\"server_id\":\"s\"}]"));
    assertThat(job.getAsJsonObject().get("job_id").getAsString()).isEqualTo("j");
    assertThat(gateway.seen.get(1).getBody().utf8()).isEqualTo("[{\"server_id\":\"s\"}]");
    assertThat(gateway.rejected).isEmpty();
  }

  @Test
  void discoversTheProjectOnceThroughIam() {
    gateway.route("GET /v3/projects", json(200, "{\"projects\":[{\"id\":\"discovered1\",\"name\":\"cn-north-4\"}]}"));
    gateway.route("GET /v1/discovered1/cloudservers/detail", json(200, "{\"servers\":[]}"));
    HuaweiApi a = api("access-key=" + AK + "\nsecret-key=" + SK + "\n");
    assertThat(gateway.seen).as("creating the client calls nothing").isEmpty();
    a.get("ListServersDetails", HuaweiService.ECS, "/v1/{project_id}/cloudservers/detail");
    a.get("ListServersDetails", HuaweiService.ECS, "/v1/{project_id}/cloudservers/detail");
    assertThat(a.projectId()).isEqualTo("discovered1");
    List<RecordedRequest> iam = gateway.requests("GET /v3/projects");
    assertThat(iam).hasSize(1);
    assertThat(iam.get(0).getUrl().queryParameter("name")).isEqualTo("cn-north-4");
    assertThat(iam.get(0).getHeaders().get("X-Project-Id")).isNull();
    assertThat(iam.get(0).getHeaders().get("Authorization")).contains("SignedHeaders=host;user-agent;x-sdk-date,");
    assertThat(gateway.requests("GET /v1/discovered1/cloudservers/detail")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getHeaders().get("X-Project-Id")).isEqualTo("discovered1"));
    assertThat(gateway.rejected).isEmpty();
  }

  @Test
  void discoveryNeedsExactlyOneProjectAndIsRetried() {
    gateway.route("GET /v3/projects", json(200, "{\"projects\":[]}"));
    HuaweiApi a = api("access-key=" + AK + "\nsecret-key=" + SK + "\n");
    assertThatThrownBy(() -> a.get("ShowServer", HuaweiService.ECS, "/v1/{project_id}/cloudservers/x"))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("0 projects named cn-north-4")
        .hasMessageContaining("project-id");
    gateway.route("GET /v3/projects", json(200, "{\"projects\":[{\"id\":\"a\",\"name\":\"cn-north-4\"},"
        + "{\"id\":\"b\",\"name\":\"cn-north-4\"}]}"));
    assertThatThrownBy(a::projectId).hasMessageContaining("2 projects");
    gateway.route("GET /v3/projects", json(200, "{\"projects\":[{\"id\":\"c\",\"name\":\"cn-north-4\"},"
        + "{\"id\":\"d\",\"name\":\"cn-north-4_sub\"}]}"));
    assertThat(a.projectId()).isEqualTo("c");
  }

  @Test
  void temporaryCredentialsSendTheTokenAndRefreshBeforeExpiry() {
    AtomicInteger fetches = new AtomicInteger();
    gateway.routes.put("GET /openstack/latest/securitykey", r -> {
      int n = fetches.incrementAndGet();
      String ak = "TEMPAK" + n;
      gateway.secrets.put(ak, "temp-secret-" + n);
      gateway.tokens.put(ak, "temp-token-" + n);
      return json(200, "{\"credential\":{\"access\":\"" + ak + "\",\"secret\":\"temp-secret-" + n
          + "\",\"securitytoken\":\"temp-token-" + n + "\",\"expires_at\":\""
          + clock.instant().plus(Duration.ofMinutes(10)) + "\"}}");
    });
    gateway.route("GET /v1/" + PROJECT + "/cloudservers/s", json(200, "{\"server\":{}}"));
    HuaweiApi a = api("project-id=" + PROJECT + "\n");
    assertThat(gateway.seen).isEmpty();
    a.get("ShowServer", HuaweiService.ECS, "/v1/{project_id}/cloudservers/s");
    clock.advance(Duration.ofMinutes(8));
    a.get("ShowServer", HuaweiService.ECS, "/v1/{project_id}/cloudservers/s");
    assertThat(fetches).as("still 2 minutes left").hasValue(1);
    clock.advance(Duration.ofSeconds(61));
    a.get("ShowServer", HuaweiService.ECS, "/v1/{project_id}/cloudservers/s");
    assertThat(fetches).as("refreshed with under 60 s left").hasValue(2);
    assertThat(gateway.rejected).isEmpty();
    List<RecordedRequest> calls = gateway.requests("GET /v1/" + PROJECT + "/cloudservers/s");
    assertThat(calls).extracting(r -> r.getHeaders().get("X-Security-Token"))
        .containsExactly("temp-token-1", "temp-token-1", "temp-token-2");
    assertThat(calls.get(0).getHeaders().get("Authorization"))
        .contains("Access=TEMPAK1,").contains("SignedHeaders=host;user-agent;x-project-id;x-sdk-date;x-security-token,");
    assertThat(gateway.requests("GET /openstack/latest/securitykey").get(0).getHeaders().get("Authorization"))
        .as("the metadata service is not signed").isNull();
  }

  @Test
  void errorsMapOntoTheSpiExceptions() {
    gateway.route("DELETE /v2/" + PROJECT + "/elb/listeners/gone",
        json(404, "{\"error_code\":\"ELB.8904\",\"error_msg\":\"listener gone\"}"));
    gateway.route("GET /v2/" + PROJECT + "/elb/loadbalancers", new MockResponse.Builder().code(429)
        .addHeader("Retry-After", "7").addHeader("X-Request-Id", "thr-1")
        .body("{\"error_code\":\"APIGW.0308\",\"error_msg\":\"The throttling threshold has been reached\"}").build());
    gateway.route("POST /v2/" + PROJECT + "/elb/pools",
        json(400, "{\"error_code\":\"ELB.1202\",\"error_msg\":\"bad pool\",\"request_id\":\"ignored\"}"));
    HuaweiApi a = permanent();
    assertThatThrownBy(() -> a.delete("DeleteListener", HuaweiService.ELB, "/v2/{project_id}/elb/listeners/gone"))
        .isInstanceOf(CloudResourceNotFoundException.class);
    assertThatThrownBy(() -> a.get("ListLoadbalancers", HuaweiService.ELB, "/v2/{project_id}/elb/loadbalancers"))
        .isInstanceOfSatisfying(CloudApiThrottledException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
          assertThat(e.code()).isEqualTo("APIGW.0308");
          assertThat(e.requestId()).isEqualTo("thr-1");
        });
    assertThatThrownBy(() -> a.post("CreatePool", HuaweiService.ELB, "/v2/{project_id}/elb/pools", new JsonObject()))
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.code()).isEqualTo("ELB.1202");
          assertThat(e.cloudMessage()).isEqualTo("bad pool");
          assertThat(e.requestId()).isEqualTo("req-400");
          assertThat(e).hasMessageContaining("huaweicloud CreatePool: HTTP 400 ELB.1202");
        });
    assertThatThrownBy(() -> a.delete("DeleteMember", HuaweiService.ELB, "/v9/unknown"))
        .as("a wrong path is not 'already deleted'").isInstanceOf(CloudApiException.class)
        .isNotInstanceOf(CloudResourceNotFoundException.class);
  }

  @Test
  void noTemporarySecretOrTokenInAnyLogLineOrMessage() {
    gateway.routes.put("GET /openstack/latest/securitykey", r -> {
      gateway.secrets.put("TEMPAK", "temp-Secret-XYZ");
      gateway.tokens.put("TEMPAK", "temp-Token-XYZ");
      return json(200, "{\"credential\":{\"access\":\"TEMPAK\",\"secret\":\"temp-Secret-XYZ\","
          + "\"securitytoken\":\"temp-Token-XYZ\",\"expires_at\":\"2099-01-01T00:00:00Z\"}}");
    });
    // a cloud that echoes credentials in its error message
    gateway.route("GET /v1/" + PROJECT + "/cloudservers/echo", json(400, "{\"error_code\":\"X\",\"error_msg\":\""
        + "bad temp-Secret-XYZ temp-Token-XYZ\"}"));
    try (LogCapture logs = LogCapture.of("dev.ccm4j")) {
      HuaweiApi temp = api("project-id=" + PROJECT + "\n");
      Throwable t = catchThrowable(() -> temp.get("ShowServer", HuaweiService.ECS,
          "/v1/{project_id}/cloudservers/echo"));
      assertThat(t).isInstanceOf(CloudApiException.class);
      assertThat(logs.text()).as("TRACE request and body logs were on").contains("op=GetSecurityKey")
          .contains("op=ShowServer");
      for (String text : List.of(logs.text(), String.valueOf(t), temp.toString())) {
        assertThat(text).doesNotContain("temp-Secret-XYZ").doesNotContain("temp-Token-XYZ");
      }
    }
  }

  @Test
  void noSecretKeyInAnyLogLineOrMessage() {
    gateway.route("GET /v1/" + PROJECT + "/cloudservers/echo", json(400, "{\"error_code\":\"X\",\"error_msg\":\""
        + "bad " + SK + "\"}"));
    try (LogCapture logs = LogCapture.of("dev.ccm4j")) {
      HuaweiApi perm = permanent();
      Throwable t = catchThrowable(() -> perm.get("ShowServer", HuaweiService.ECS,
          "/v1/{project_id}/cloudservers/echo"));
      assertThat(t).isInstanceOf(CloudApiException.class);
      assertThat(logs.text()).contains("op=ShowServer");
      for (String text : List.of(logs.text(), String.valueOf(t), perm.toString())) {
        assertThat(text).doesNotContain(SK);
      }
    }
  }
}

package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Classic ELB v1.0 routes: flat bodies, bare arrays, jobs on the emulator clock, Huawei's error codes. */
class ClassicElbProductTest {
  private static final Duration DELAY = Duration.ofSeconds(4);

  private MutableClock clock;
  private HuaweiState state;
  private ClassicElbProduct elb;
  private String base;

  @BeforeEach
  void setUp() {
    clock = new MutableClock();
    state = new HuaweiState("cn-north-4", List.of("cn-north-4a", "cn-north-4b"), null, clock, 7L, DELAY);
    elb = new ClassicElbProduct(state);
    base = "/v1.0/" + state.projectId();
  }

  private HuaweiCall call(String method, String path, String query, String body) {
    return new HuaweiCall(EmulatorRequest.of(method, path, query, Map.of("X-Project-Id", List.of(state.projectId())),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
  }

  private JsonElement handle(String method, String path, String query, String body) {
    HuaweiCall c = call(method, path, query, body);
    assertThat(elb.operation(c)).isPresent();
    return JsonParser.parseString(elb.handle(c).bodyText());
  }

  private HuaweiApiError error(String method, String path, String body) {
    HuaweiCall c = call(method, path, "", body);
    try {
      elb.handle(c);
    } catch (HuaweiApiError e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  private String jobStatus(String job) {
    return handle("GET", base + "/jobs/" + job, "", null).getAsJsonObject().get("status").getAsString();
  }

  private String createLb() {
    JsonObject answer = handle("POST", base + "/elbaas/loadbalancers", "", "{\"name\":\"k8s_service_c_ns_svc\","
        + "\"description\":\"d\",\"vpc_id\":\"" + state.vpcId() + "\",\"type\":\"Internal\",\"admin_state_up\":1,"
        + "\"vip_subnet_id\":\"" + state.defaultSubnet().neutronSubnetId() + "\"}").getAsJsonObject();
    assertThat(answer.get("uri").getAsString()).isEqualTo("/v1/" + state.projectId() + "/jobs/"
        + answer.get("job_id").getAsString());
    return answer.get("job_id").getAsString();
  }

  private String onlyLbId() {
    return handle("GET", base + "/elbaas/loadbalancers", "vpc_id=" + state.vpcId(), null).getAsJsonObject()
        .getAsJsonArray("loadbalancers").get(0).getAsJsonObject().get("id").getAsString();
  }

  private String listener(String lbId, int port) {
    return handle("POST", base + "/elbaas/listeners", "", "{\"name\":\"svc_TCP_" + port + "\",\"loadbalancer_id\":\""
        + lbId + "\",\"protocol\":\"TCP\",\"port\":" + port + ",\"backend_protocol\":\"TCP\",\"backend_port\":30080,"
        + "\"lb_algorithm\":\"roundrobin\"}").getAsJsonObject().get("id").getAsString();
  }

  @Test
  void aLoadBalancerIsPendingCreateUntilItsJobSucceedsOnTheEmulatorClock() {
    String job = createLb();
    JsonObject lb = handle("GET", base + "/elbaas/loadbalancers", "vpc_id=" + state.vpcId(), null).getAsJsonObject();
    assertThat(lb.get("instance_num").getAsString()).isEqualTo("1");
    JsonObject first = lb.getAsJsonArray("loadbalancers").get(0).getAsJsonObject();
    assertThat(first.get("status").getAsString()).isEqualTo("PENDING_CREATE");
    assertThat(state.defaultSubnet().contains(first.get("vip_address").getAsString())).isTrue();
    assertThat(jobStatus(job)).isEqualTo("INIT");

    HuaweiApiError early = error("POST", base + "/elbaas/listeners", "{\"name\":\"l\",\"loadbalancer_id\":\""
        + first.get("id").getAsString() + "\",\"protocol\":\"TCP\",\"port\":80,\"backend_protocol\":\"TCP\","
        + "\"backend_port\":30080,\"lb_algorithm\":\"roundrobin\"}");
    assertThat(early.code()).isEqualTo(ClassicElbProduct.NOT_ACTIVE);

    clock.advance(DELAY.dividedBy(2));
    assertThat(jobStatus(job)).isEqualTo("RUNNING");
    clock.advance(DELAY.dividedBy(2));
    assertThat(jobStatus(job)).isEqualTo("SUCCESS");
    assertThat(handle("GET", base + "/elbaas/loadbalancers/" + first.get("id").getAsString(), "", null)
        .getAsJsonObject().get("status").getAsString()).isEqualTo("ACTIVE");
  }

  @Test
  void listenersAreABareArrayAndASecondListenerOnAPortIsElb6101InTheClassicErrorShape() {
    createLb();
    clock.advance(DELAY);
    String lbId = onlyLbId();
    String id = listener(lbId, 80);
    JsonElement list = handle("GET", base + "/elbaas/listeners", "loadbalancer_id=" + lbId, null);
    assertThat(list.isJsonArray()).isTrue();
    assertThat(list.getAsJsonArray().get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(id);

    HuaweiApiError dup = error("POST", base + "/elbaas/listeners", "{\"name\":\"x\",\"loadbalancer_id\":\"" + lbId
        + "\",\"protocol\":\"TCP\",\"port\":80,\"backend_protocol\":\"TCP\",\"backend_port\":30081,"
        + "\"lb_algorithm\":\"roundrobin\"}");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.code()).isEqualTo("ELB.6101");
    assertThat(dup.shape()).isEqualTo(HuaweiApiError.Shape.ECS);
  }

  @Test
  void membersAreAddedByABareArrayJobAndAnUnknownServerFailsTheJob() {
    Server server = state.createServer(InstanceSpec.builder().build());
    createLb();
    clock.advance(DELAY);
    String listener = listener(onlyLbId(), 80);

    String ok = handle("POST", base + "/elbaas/listeners/" + listener + "/members", "", "[{\"server_id\":\""
        + server.id() + "\",\"address\":\"" + server.primaryIp() + "\"}]").getAsJsonObject().get("job_id")
        .getAsString();
    JsonElement members = handle("GET", base + "/elbaas/listeners/" + listener + "/members", "", null);
    JsonObject m = members.getAsJsonArray().get(0).getAsJsonObject();
    assertThat(m.get("server_address").getAsString()).isEqualTo(server.primaryIp());
    assertThat(m.get("status").getAsString()).isEqualTo("PENDING");
    clock.advance(DELAY);
    assertThat(jobStatus(ok)).isEqualTo("SUCCESS");
    assertThat(handle("GET", base + "/elbaas/listeners/" + listener + "/members", "", null).getAsJsonArray().get(0)
        .getAsJsonObject().get("status").getAsString()).isEqualTo("ACTIVE");
    assertThat(elb.loadBalancers()).singleElement().satisfies((ControlLoadBalancer lb) ->
        assertThat(lb.backends()).singleElement().satisfies(b -> assertThat(b.port()).isEqualTo(30080)));

    String bad = handle("POST", base + "/elbaas/listeners/" + listener + "/members", "",
        "[{\"server_id\":\"nope\",\"address\":\"192.168.0.250\"}]").getAsJsonObject().get("job_id").getAsString();
    clock.advance(DELAY);
    JsonObject failed = handle("GET", base + "/jobs/" + bad, "", null).getAsJsonObject();
    assertThat(failed.get("status").getAsString()).isEqualTo("FAIL");
    assertThat(failed.get("error_code").getAsString()).isEqualTo(ClassicElbProduct.MEMBER_FAILED);
    assertThat(failed.get("fail_reason").getAsString()).contains("192.168.0.250");
    assertThat(elb.membersOf(listener)).hasSize(1);

    String removed = handle("POST", base + "/elbaas/listeners/" + listener + "/members/action", "",
        "{\"removeMember\":[{\"id\":\"" + m.get("id").getAsString() + "\"}]}").getAsJsonObject().get("job_id")
        .getAsString();
    assertThat(elb.membersOf(listener)).isEmpty();
    clock.advance(DELAY);
    assertThat(jobStatus(removed)).isEqualTo("SUCCESS");
  }

  @Test
  void healthChecksAreValidatedAndLinkedToTheirListener() {
    createLb();
    clock.advance(DELAY);
    String lbId = onlyLbId();
    String listener = listener(lbId, 80);
    HuaweiApiError range = error("POST", base + "/elbaas/healthcheck", "{\"listener_id\":\"" + listener
        + "\",\"healthcheck_interval\":9}");
    assertThat(range.code()).isEqualTo(ClassicElbProduct.INVALID);
    String hc = handle("POST", base + "/elbaas/healthcheck", "", "{\"listener_id\":\"" + listener
        + "\",\"healthcheck_protocol\":\"TCP\",\"healthcheck_interval\":5,\"healthcheck_timeout\":3}")
        .getAsJsonObject().get("id").getAsString();
    assertThat(elb.listenersOf(lbId).get(0).get("healthcheck_id").getAsString()).isEqualTo(hc);
    handle("DELETE", base + "/elbaas/listeners/" + listener, "", null);
    assertThat(elb.healthCheckOf(hc)).isEmpty();
  }

  @Test
  void unknownIdsAreRealNotFoundsAndOtherPathsAreNotOurs() {
    assertThat(error("GET", base + "/elbaas/loadbalancers/0123abcd", null).status()).isEqualTo(404);
    assertThat(error("GET", base + "/jobs/0123abcd", null).status()).isEqualTo(404);
    assertThat(elb.operation(call("GET", "/v2/" + state.projectId() + "/elb/loadbalancers", "", null))).isEmpty();
    assertThatThrownBy(() -> elb.handle(call("POST", base + "/elbaas/listeners/x/members", "", "{}")))
        .isInstanceOf(HuaweiApiError.class);
  }
}

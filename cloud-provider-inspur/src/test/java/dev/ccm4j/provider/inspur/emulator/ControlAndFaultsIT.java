package dev.ccm4j.provider.inspur.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlClient;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.cloud.emulator.JournalEntry;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared {@code /_ccm4j/} control API on the Inspur emulator, and fault injection on its SLB operations. */
class ControlAndFaultsIT {
  private InspurEmulator cloud;
  private ControlClient control;
  private Wire wire;

  @BeforeEach
  void start() {
    cloud = InspurEmulator.builder().build().start();
    control = cloud.control();
    wire = new Wire(cloud);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void instancesAreTheNodesServers() {
    List<ControlInstance> seeded = control.instances();
    assertThat(seeded).hasSize(3);
    assertThat(seeded).allSatisfy(i -> {
      assertThat(i.state()).isEqualTo(ControlInstance.RUNNING);
      assertThat(i.zone()).isEqualTo("cn-north-3a");
      assertThat(i.region()).isEqualTo("cn-north-3");
      assertThat(i.privateIp()).startsWith("10.110.1.");
      assertThat(i.providerId()).isEqualTo("incloud://" + i.id());
    });
    assertThat(seeded).extracting(ControlInstance::id).doesNotHaveDuplicates();
    assertThat(seeded).extracting(ControlInstance::privateIp).doesNotHaveDuplicates();

    ControlInstance made = control.createInstance(InspurSpec.of("worker-9", "cn-north-3b", "10.110.9.9"));
    assertThat(made.name()).isEqualTo("worker-9");
    assertThat(made.zone()).isEqualTo("cn-north-3b");
    assertThat(control.instances()).hasSize(4);
    assertThatThrownBy(() -> control.createInstance(InspurSpec.of("dup", null, "10.110.9.9")))
        .hasMessageContaining("already used");

    String id = seeded.get(0).id();
    assertThat(control.stopInstance(id).state()).isEqualTo(ControlInstance.STOPPED);
    assertThat(control.startInstance(id).state()).isEqualTo(ControlInstance.RUNNING);
    assertThat(control.terminateInstance(id).state()).isEqualTo(ControlInstance.TERMINATED);
    assertThat(control.instances()).filteredOn(i -> i.id().equals(id)).extracting(ControlInstance::state)
        .containsExactly(ControlInstance.TERMINATED);
    assertThatThrownBy(() -> control.startInstance(id)).hasMessageContaining("terminated");
    assertThatThrownBy(() -> control.stopInstance("no-such-instance")).hasMessageContaining("404");
  }

  @Test
  void postLoadBalancersCreatesAnSlbInFront() {
    HttpRequest.Builder post = HttpRequest.newBuilder(cloud.endpoint().resolve("/_ccm4j/load-balancers"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"web\"}"));
    Wire.Answer created = wire.send(post);
    assertThat(created.status()).isEqualTo(201);
    String id = created.object().get("id").getAsString();
    assertThat(created.object().get("businessIp").getAsString()).startsWith("10.110.0.");
    assertThat(created.object().has("eipAddress")).isFalse();

    // the same SLB through the vendor API
    JsonObject slb = wire.slb("GET", "?slbId=" + id, wire.accessToken(), null).json().getAsJsonArray().get(0)
        .getAsJsonObject();
    assertThat(slb.get("slbName").getAsString()).isEqualTo("web");
    assertThat(slb.get("businessIp")).isEqualTo(created.object().get("businessIp"));

    JsonObject withEip = control.post("/_ccm4j/load-balancers", parse("{\"name\":\"pub\",\"eip\":true}"))
        .getAsJsonObject();
    assertThat(withEip.get("eipAddress").getAsString()).startsWith("203.0.113.");

    for (String bad : List.of("{}", "{\"name\":\"\"}", "{\"name\":7}", "{\"name\":\"x\",\"eip\":\"yes\"}", "[]")) {
      Wire.Answer a = wire.send(HttpRequest.newBuilder(cloud.endpoint().resolve("/_ccm4j/load-balancers"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bad)));
      assertThat(a.status()).as(bad).isEqualTo(400);
    }
    assertThat(control.loadBalancers()).hasSize(2);
  }

  @Test
  void loadBalancersMapListenersAndMembers() {
    String slb = cloud.createLoadBalancer("web", true);
    String token = wire.accessToken();
    String lis = wire.slb("POST", "/" + slb + "/listeners/", token, "{\"protocol\":\"TCP\",\"port\":80}").object()
        .get("listenerId").getAsString();
    wire.slb("POST", "/" + slb + "/listeners/" + lis + "/members", token,
        "[{\"serverId\":\"i-1\",\"port\":30080,\"serverIp\":\"10.110.1.12\",\"weight\":10}]");

    ControlLoadBalancer lb = control.loadBalancers().get(0);
    assertThat(lb.id()).isEqualTo(slb);
    assertThat(lb.name()).isEqualTo("web");
    assertThat(lb.addresses()).hasSize(2);
    assertThat(lb.addresses().get(0)).startsWith("10.110.0.");
    assertThat(lb.addresses().get(1)).startsWith("203.0.113.");
    assertThat(lb.listeners()).containsExactly(new ControlListener("tcp", 80, 30080));
    assertThat(lb.backends()).containsExactly(new ControlBackend("i-1", "10.110.1.12", 30080, 10));
  }

  @Test
  void throttlingAnswers429WithRetryAfterThenRecovers() {
    String slb = cloud.createLoadBalancer("web");
    String token = wire.accessToken();
    control.addFault(FaultRule.builder().operation("CreateListener").throttleFraction(1.0).times(2)
        .retryAfter(Duration.ofSeconds(3)).build());

    for (int i = 0; i < 2; i++) {
      Wire.Answer a = wire.slb("POST", "/" + slb + "/listeners/", token, "{\"protocol\":\"TCP\",\"port\":80}");
      assertThat(a.status()).isEqualTo(429);
      assertThat(a.object().get("code").getAsString()).isEqualTo("TooManyRequests");
      assertThat(a.object().has("message")).isTrue();
      assertThat(a.header("Retry-After")).isEqualTo("3");
    }
    // other operations are untouched, and the third create goes through
    assertThat(wire.slb("GET", "/" + slb + "/listeners", token, null).status()).isEqualTo(200);
    assertThat(wire.slb("POST", "/" + slb + "/listeners/", token, "{\"protocol\":\"TCP\",\"port\":80}").status())
        .isEqualTo(200);
    assertThat(control.journal("CreateListener")).extracting(JournalEntry::status).containsExactly(429, 429, 200);
    assertThat(control.journal("CreateListener")).extracting(JournalEntry::errorCode)
        .containsExactly("TooManyRequests", "TooManyRequests", "");
  }

  @Test
  void injectedFailuresUseTheVendorErrorShapes() {
    String slb = cloud.createLoadBalancer("web");
    control.addFault(FaultRule.builder().operation("Token").failTimes(1, 503, "temporarily_unavailable",
        "Keycloak is restarting").build());
    Wire.Answer token = wire.token(wire.exchangeForm());
    assertThat(token.status()).isEqualTo(503);
    assertThat(token.object().get("error").getAsString()).isEqualTo("temporarily_unavailable");
    assertThat(token.object().get("error_description").getAsString()).isEqualTo("Keycloak is restarting");

    String t = wire.accessToken();
    control.addFault(FaultRule.builder().operation("DescribeListeners").failTimes(1, 500, "InternalError",
        "boom").build());
    Wire.Answer failed = wire.slb("GET", "/" + slb + "/listeners", t, null);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.object().get("code").getAsString()).isEqualTo("InternalError");
    assertThat(wire.slb("GET", "/" + slb + "/listeners", t, null).status()).isEqualTo(200);
    control.clearFaults();
    control.clearJournal();
    assertThat(control.journal()).isEmpty();
  }

  private static com.google.gson.JsonElement parse(String json) {
    return com.google.gson.JsonParser.parseString(json);
  }

  /** Instance specs for the tests. */
  private static final class InspurSpec {
    static InstanceSpec of(String name, String zone, String ip) {
      InstanceSpec.Builder b = InstanceSpec.builder().name(name).privateIp(ip);
      if (zone != null) {
        b.zone(zone);
      }
      return b.build();
    }
  }
}

package dev.ccm4j.provider.inspur.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.JournalEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every SLB REST route of the original client, with its status code and JSON shape, over real HTTP. */
class SlbApiIT {
  private InspurEmulator cloud;
  private Wire wire;
  private String token;
  private String slb;

  @BeforeEach
  void start() {
    cloud = InspurEmulator.builder().instances(2).build().start();
    wire = new Wire(cloud);
    token = wire.accessToken();
    slb = cloud.createLoadBalancer("front");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private Wire.Answer call(String method, String path, String json) {
    return wire.slb(method, path, token, json);
  }

  private static final String TCP_80 = "{\"slbId\":\"%s\",\"listenerName\":\"ccm4j_default_web_80\","
      + "\"protocol\":\"TCP\",\"port\":80,\"forwardRule\":\"RR\",\"isHealthCheck\":\"1\",\"typeHealthCheck\":\"tcp\","
      + "\"portHealthCheck\":0,\"periodHealthCheck\":30,\"timeoutHealthCheck\":1,\"maxHealthCheck\":1,"
      + "\"domainHealthCheck\":\"\",\"pathHealthCheck\":\"/\"}";

  private String createListener() {
    Wire.Answer a = call("POST", "/" + slb + "/listeners/", TCP_80.formatted(slb));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.object().get("listenerId").getAsString();
  }

  @Test
  void describeLoadBalancerAnswersAnArrayFilteredBySlbId() {
    String other = cloud.createLoadBalancer("other", true);

    Wire.Answer one = call("GET", "?slbId=" + slb, null);
    assertThat(one.status()).isEqualTo(200);
    JsonArray array = one.json().getAsJsonArray();
    assertThat(array).hasSize(1);
    JsonObject lb = array.get(0).getAsJsonObject();
    assertThat(lb.keySet()).contains("regionId", "createdTime", "expiredTime", "specificationId",
        "specificationName", "slbId", "slbName", "scheme", "businessIp", "vpcId", "vpcName", "subnetId", "eipId",
        "eipAddress", "listenerCount", "slbType", "state", "userId", "chargeType", "purchaseTime", "type");
    assertThat(lb.get("slbId").getAsString()).isEqualTo(slb);
    assertThat(lb.get("slbName").getAsString()).isEqualTo("front");
    assertThat(lb.get("regionId").getAsString()).isEqualTo("cn-north-3");
    assertThat(lb.get("businessIp").getAsString()).startsWith("10.110.0.");
    assertThat(lb.get("eipAddress").isJsonNull()).as("no EIP: null, as the API leaves it").isTrue();
    assertThat(lb.get("listenerCount").getAsInt()).isZero();

    JsonObject withEip = call("GET", "?slbId=" + other, null).json().getAsJsonArray().get(0).getAsJsonObject();
    assertThat(withEip.get("eipAddress").getAsString()).startsWith("203.0.113.");
    assertThat(call("GET", "", null).json().getAsJsonArray()).hasSize(2);
    // an unknown id is an empty array, which the original reports as "lb is empty"
    Wire.Answer none = call("GET", "?slbId=slb-unknown", null);
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.json().getAsJsonArray()).isEmpty();
  }

  @Test
  void modifyAndDeleteLoadBalancer() {
    Wire.Answer renamed = call("PUT", "/" + slb, "{\"slbName\":\"renamed\"}");
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.object().get("slbName").getAsString()).isEqualTo("renamed");
    assertThat(call("GET", "/" + slb, null).object().get("slbName").getAsString()).isEqualTo("renamed");
    assertThat(call("PUT", "/" + slb, "{\"slbName\":\"\"}").status()).isEqualTo(400);
    createListener();

    Wire.Answer deleted = call("DELETE", "/" + slb, null);
    assertThat(deleted.status()).isEqualTo(202);
    assertThat(deleted.object().keySet()).contains("code", "message");
    assertThat(call("GET", "?slbId=" + slb, null).json().getAsJsonArray()).isEmpty();
    assertThat(call("GET", "/" + slb + "/listeners", null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/" + slb, null).status()).isEqualTo(404);
  }

  @Test
  void listenerLifecycle() {
    assertThat(call("GET", "/" + slb + "/listeners", null).json().getAsJsonArray()).isEmpty();

    Wire.Answer created = call("POST", "/" + slb + "/listeners/", TCP_80.formatted(slb));
    assertThat(created.status()).isEqualTo(200);
    JsonObject l = created.object();
    assertThat(l.keySet()).contains("slbId", "listenerId", "listenerName", "protocol", "port", "forwardRule",
        "isHealthCheck");
    assertThat(l.get("slbId").getAsString()).isEqualTo(slb);
    assertThat(l.get("listenerName").getAsString()).isEqualTo("ccm4j_default_web_80");
    assertThat(l.get("protocol").getAsString()).isEqualTo("TCP");
    assertThat(l.get("port").getAsInt()).isEqualTo(80);
    assertThat(l.get("isHealthCheck").getAsString()).isEqualTo("1");
    assertThat(l.get("periodHealthCheck").getAsInt()).isEqualTo(30);
    String id = l.get("listenerId").getAsString();

    JsonArray all = call("GET", "/" + slb + "/listeners", null).json().getAsJsonArray();
    assertThat(all).hasSize(1);
    assertThat(all.get(0).getAsJsonObject().get("listenerId").getAsString()).isEqualTo(id);
    assertThat(call("GET", "/" + slb + "/listeners/" + id, null).object()).isEqualTo(l);
    assertThat(call("GET", "?slbId=" + slb, null).json().getAsJsonArray().get(0).getAsJsonObject()
        .get("listenerCount").getAsInt()).isEqualTo(1);

    // what the original's update sends: only the six basic fields; the health-check settings stay
    Wire.Answer modified = call("PUT", "/" + slb + "/listeners/" + id, "{\"slbId\":\"" + slb + "\","
        + "\"listenerName\":\"ccm4j_default_web_80\",\"protocol\":\"HTTP\",\"port\":8080,\"forwardRule\":\"WRR\","
        + "\"isHealthCheck\":\"0\"}");
    assertThat(modified.status()).as(modified.body()).isEqualTo(200);
    assertThat(modified.object().get("protocol").getAsString()).isEqualTo("HTTP");
    assertThat(modified.object().get("port").getAsInt()).isEqualTo(8080);
    assertThat(modified.object().get("forwardRule").getAsString()).isEqualTo("WRR");
    assertThat(modified.object().get("isHealthCheck").getAsString()).isEqualTo("0");
    assertThat(modified.object().get("pathHealthCheck").getAsString()).isEqualTo("/");

    Wire.Answer deleted = call("DELETE", "/" + slb + "/listeners/" + id, null);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(call("GET", "/" + slb + "/listeners/" + id, null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/" + slb + "/listeners/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void createNeedsTheTrailingSlash() {
    Wire.Answer a = call("POST", "/" + slb + "/listeners", TCP_80.formatted(slb));
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.object().get("message").getAsString()).contains("trailing slash");
    assertThat(cloud.state().listeners(slb)).isEmpty();
  }

  @Test
  void invalidListenersAreRejectedAndChangeNothing() {
    String base = "/" + slb + "/listeners/";
    assertThat(code(call("POST", base, "{\"protocol\":\"UDP\",\"port\":53}"))).isEqualTo("InvalidParameter.Protocol");
    assertThat(code(call("POST", base, "{\"protocol\":\"TCP\"}"))).isEqualTo("InvalidParameter.Port");
    assertThat(code(call("POST", base, "{\"protocol\":\"TCP\",\"port\":70000}"))).isEqualTo("InvalidParameter.Port");
    assertThat(code(call("POST", base, "{\"protocol\":\"TCP\",\"port\":80,\"forwardRule\":\"LEAST\"}")))
        .isEqualTo("InvalidParameter.ForwardRule");
    assertThat(code(call("POST", base, "{\"protocol\":\"TCP\",\"port\":80,\"isHealthCheck\":\"true\"}")))
        .isEqualTo("InvalidParameter.IsHealthCheck");
    assertThat(code(call("POST", base, "{\"protocol\":\"TCP\",\"port\":80,\"typeHealthCheck\":\"icmp\"}")))
        .isEqualTo("InvalidParameter.TypeHealthCheck");
    assertThat(code(call("POST", base, "{\"protocol\":\"TCP\",\"port\":80,\"periodHealthCheck\":\"often\"}")))
        .isEqualTo("InvalidParameter.PeriodHealthCheck");
    assertThat(code(call("POST", base, "{\"protocol\":\"TCP\",\"port\":80,\"pathHealthCheck\":\"healthz\"}")))
        .isEqualTo("InvalidParameter.PathHealthCheck");
    assertThat(code(call("POST", base, "{\"slbId\":\"slb-other\",\"protocol\":\"TCP\",\"port\":80}")))
        .isEqualTo("InvalidParameter.SlbId");
    assertThat(code(call("POST", base, "[1,2]"))).isEqualTo("InvalidParameter");
    assertThat(code(call("POST", base, "{protocol:TCP}"))).as("strict JSON").isEqualTo("InvalidParameter");
    assertThat(cloud.state().listeners(slb)).isEmpty();
    assertThat(cloud.control().journal("CreateListener")).extracting(JournalEntry::status).containsOnly(400);
  }

  @Test
  void aPortInUseOnTheSlbIsAConflict() {
    String first = createListener();
    Wire.Answer clash = call("POST", "/" + slb + "/listeners/", "{\"protocol\":\"HTTP\",\"port\":80}");
    assertThat(clash.status()).isEqualTo(409);
    assertThat(code(clash)).isEqualTo("ListenerPortConflict");

    String second = call("POST", "/" + slb + "/listeners/", "{\"protocol\":\"TCP\",\"port\":443}").object()
        .get("listenerId").getAsString();
    assertThat(call("PUT", "/" + slb + "/listeners/" + second, "{\"port\":80}").status()).isEqualTo(409);
    // keeping its own port is no conflict
    assertThat(call("PUT", "/" + slb + "/listeners/" + first, "{\"port\":80}").status()).isEqualTo(200);
  }

  @Test
  void memberLifecycle() {
    String lis = createListener();
    String members = "/" + slb + "/listeners/" + lis + "/members";
    Wire.Answer added = call("POST", members, "[{\"serverId\":\"i-1\",\"port\":30080,\"serverName\":\"node-1\","
        + "\"serverIp\":\"10.110.1.12\",\"type\":\"ECS\",\"weight\":10},{\"serverId\":\"i-2\",\"port\":30080,"
        + "\"serverName\":\"node-2\",\"serverIp\":\"10.110.1.13\",\"type\":\"ECS\",\"weight\":20}]");
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.object().keySet()).containsExactlyInAnyOrder("code", "message", "data");
    JsonArray data = added.object().getAsJsonArray("data");
    assertThat(data).hasSize(2);
    JsonObject m = data.get(0).getAsJsonObject();
    assertThat(m.keySet()).containsExactlyInAnyOrder("backendId", "listenerId", "serverId", "port", "serverName",
        "serverIp", "type", "weight");
    assertThat(m.get("listenerId").getAsString()).isEqualTo(lis);
    assertThat(m.get("serverId").getAsString()).isEqualTo("i-1");
    assertThat(m.get("port").getAsInt()).isEqualTo(30080);
    String b1 = m.get("backendId").getAsString();
    String b2 = data.get(1).getAsJsonObject().get("backendId").getAsString();

    JsonArray listed = call("GET", members, null).json().getAsJsonArray();
    assertThat(listed).containsExactlyElementsOf(data);

    // the same server and port twice is a conflict, and the whole batch is refused
    Wire.Answer dup = call("POST", members, "[{\"serverId\":\"i-3\",\"port\":30080,\"serverIp\":\"10.110.1.14\"},"
        + "{\"serverId\":\"i-1\",\"port\":30080,\"serverIp\":\"10.110.1.12\"}]");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(call("GET", members, null).json().getAsJsonArray()).hasSize(2);
    assertThat(code(call("POST", members, "[]"))).isEqualTo("InvalidParameter");
    assertThat(code(call("POST", members, "{\"serverId\":\"i-3\"}"))).isEqualTo("InvalidParameter");
    assertThat(code(call("POST", members, "[{\"serverId\":\"i-3\",\"port\":1,\"serverIp\":\"node-3\"}]")))
        .isEqualTo("InvalidParameter.ServerIp");
    assertThat(code(call("POST", members, "[{\"serverId\":\"i-3\",\"port\":1,\"serverIp\":\"10.0.0.1\","
        + "\"weight\":101}]"))).isEqualTo("InvalidParameter.Weight");

    // removal by backendIdList, a URL-encoded JSON array in the query
    Wire.Answer removed = call("DELETE", members + "?backendIdList=" + Wire.query("[\"" + b1 + "\"]"), null);
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(call("GET", members, null).json().getAsJsonArray()).hasSize(1);
    assertThat(call("GET", members, null).json().getAsJsonArray().get(0).getAsJsonObject().get("backendId")
        .getAsString()).isEqualTo(b2);

    // an unknown id fails the whole removal; a list that is not a JSON array of ids is a 400
    Wire.Answer unknown = call("DELETE", members + "?backendIdList=" + Wire.query("[\"" + b2 + "\",\"" + b1 + "\"]"),
        null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(code(unknown)).isEqualTo("BackendNotFound");
    assertThat(call("GET", members, null).json().getAsJsonArray()).hasSize(1);
    assertThat(call("DELETE", members + "?backendIdList=" + Wire.query("[" + b2 + "]"), null).status())
        .isEqualTo(400);
    assertThat(call("DELETE", members + "?backendIdList=" + b2, null).status()).isEqualTo(400);
    assertThat(call("DELETE", members, null).status()).isEqualTo(400);

    // deleting the listener takes its members with it
    assertThat(call("DELETE", "/" + slb + "/listeners/" + lis, null).status()).isEqualTo(204);
    assertThat(call("GET", members, null).status()).isEqualTo(404);
  }

  @Test
  void concurrentMemberAdditionsAllLandOnce() throws Exception {
    String lis = createListener();
    String members = "/" + slb + "/listeners/" + lis + "/members";
    int n = 16;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        String body = "[{\"serverId\":\"i-" + i + "\",\"port\":30080,\"serverIp\":\"10.110.2." + (i + 2) + "\"}]";
        results.add(pool.submit(() -> call("POST", members, body).status()));
      }
      for (java.util.concurrent.Future<Integer> r : results) {
        assertThat(r.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    JsonArray listed = call("GET", members, null).json().getAsJsonArray();
    assertThat(listed).hasSize(n);
    java.util.Set<String> ids = new java.util.HashSet<>();
    listed.forEach(e -> ids.add(e.getAsJsonObject().get("backendId").getAsString()));
    assertThat(ids).hasSize(n);
  }

  @Test
  void unknownIdsAreA404OnEveryRoute() {
    String lis = createListener();
    String[][] calls = {
        {"GET", "/slb-nope"}, {"PUT", "/slb-nope"}, {"DELETE", "/slb-nope"},
        {"GET", "/slb-nope/listeners"}, {"POST", "/slb-nope/listeners/"},
        {"GET", "/slb-nope/listeners/" + lis}, {"PUT", "/slb-nope/listeners/" + lis},
        {"DELETE", "/slb-nope/listeners/" + lis},
        {"GET", "/" + slb + "/listeners/lis-nope"}, {"PUT", "/" + slb + "/listeners/lis-nope"},
        {"DELETE", "/" + slb + "/listeners/lis-nope"},
        {"GET", "/" + slb + "/listeners/lis-nope/members"}, {"POST", "/" + slb + "/listeners/lis-nope/members"},
        {"DELETE", "/" + slb + "/listeners/lis-nope/members?backendIdList=%5B%22bk-1%22%5D"},
    };
    for (String[] c : calls) {
      String body = c[0].equals("POST") && c[1].endsWith("members") ? "[{\"serverId\":\"i\",\"port\":1,"
          + "\"serverIp\":\"10.0.0.1\"}]" : c[0].equals("GET") || c[0].equals("DELETE") ? null : "{\"port\":81,"
          + "\"protocol\":\"TCP\"}";
      Wire.Answer a = call(c[0], c[1], body);
      assertThat(a.status()).as(c[0] + " " + c[1] + ": " + a.body()).isEqualTo(404);
      assertThat(a.object().keySet()).as(c[0] + " " + c[1]).containsExactlyInAnyOrder("code", "message");
    }
    assertThat(call("GET", "/" + slb + "/routes", null).status()).isEqualTo(404);
    assertThat(wire.send(java.net.http.HttpRequest.newBuilder(cloud.endpoint().resolve("/ecs/v1/servers")))
        .status()).isEqualTo(404);
    assertThat(call("PATCH", "/" + slb, "{}").status()).isEqualTo(405);
  }

  @Test
  void theJournalLabelsEveryOperation() {
    String lis = createListener();
    String members = "/" + slb + "/listeners/" + lis + "/members";
    call("GET", "?slbId=" + slb, null);
    call("PUT", "/" + slb, "{\"slbName\":\"x\"}");
    call("GET", "/" + slb + "/listeners", null);
    call("GET", "/" + slb + "/listeners/" + lis, null);
    call("PUT", "/" + slb + "/listeners/" + lis, "{\"port\":81}");
    String b = call("POST", members, "[{\"serverId\":\"i\",\"port\":1,\"serverIp\":\"10.0.0.1\"}]").object()
        .getAsJsonArray("data").get(0).getAsJsonObject().get("backendId").getAsString();
    call("GET", members, null);
    call("DELETE", members + "?backendIdList=" + Wire.query("[\"" + b + "\"]"), null);
    call("DELETE", "/" + slb + "/listeners/" + lis, null);
    call("DELETE", "/" + slb, null);

    assertThat(cloud.control().journal()).extracting(JournalEntry::operation).containsExactly("Token",
        "CreateListener", "DescribeLoadBalancer", "ModifyLoadBalancer", "DescribeListeners", "DescribeListener",
        "ModifyListener", "CreateBackends", "DescribeBackends", "RemoveBackends", "DeleteListener",
        "DeleteLoadBalancer");
    assertThat(cloud.control().journal()).extracting(JournalEntry::status).containsExactly(200, 200, 200, 200, 200,
        200, 200, 200, 200, 200, 204, 202);
    assertThat(cloud.control().journal("RemoveBackends").get(0).params()).containsKey("backendIdList");
    // bearer tokens travel in a header and are never recorded
    assertThat(cloud.control().get("journal").toString()).doesNotContain(token);
  }

  private static String code(Wire.Answer a) {
    return a.object().get("code").getAsString();
  }
}

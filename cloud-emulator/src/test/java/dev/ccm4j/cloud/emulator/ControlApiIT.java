package dev.ccm4j.cloud.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /_ccm4j/} control API over raw HTTP (status codes, field names) and through {@link ControlClient}. */
class ControlApiIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private EmulatorServer server;
  private ControlClient control;

  @BeforeEach
  void start() {
    server = EmulatorServer.builder().dialect(new TestCloud.Dialect()).handler(new TestCloud.Api())
        .control(new TestCloud.Plane(3))
        .controlRoute("GET", "state", r -> EmulatorResponse.json(200, java.util.Map.of("vendor", "test")))
        .controlRoute("POST", "/_ccm4j/clock/*", r -> EmulatorResponse.text(202, "text/plain", r.path()))
        .build().start();
    control = new ControlClient(server.endpoint());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(10));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonElement json(HttpResponse<String> r) {
    return JsonParser.parseString(r.body());
  }

  @Test
  void instancesAreListedCreatedAndChangedWithTheAgreedFieldNames() throws Exception {
    HttpResponse<String> list = send("GET", "/_ccm4j/instances", null);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonArray array = json(list).getAsJsonArray();
    assertThat(array).hasSize(3);
    JsonObject first = array.get(0).getAsJsonObject();
    assertThat(first.keySet()).contains("id", "name", "privateIp", "zone", "state", "region", "instanceType",
        "vendorState", "providerId");
    assertThat(first.get("state").getAsString()).isEqualTo("running");

    HttpResponse<String> created = send("POST", "/_ccm4j/instances",
        "{\"name\":\"extra\",\"zone\":\"zone-b\",\"privateIp\":\"10.1.2.3\",\"instanceType\":\"big\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject c = json(created).getAsJsonObject();
    assertThat(c.get("name").getAsString()).isEqualTo("extra");
    assertThat(c.get("zone").getAsString()).isEqualTo("zone-b");
    assertThat(c.get("privateIp").getAsString()).isEqualTo("10.1.2.3");
    String id = c.get("id").getAsString();

    HttpResponse<String> stopped = send("POST", "/_ccm4j/instances/" + id + "/stop", null);
    assertThat(stopped.statusCode()).isEqualTo(200);
    assertThat(json(stopped).getAsJsonObject().get("state").getAsString()).isEqualTo("stopped");
    assertThat(json(send("POST", "/_ccm4j/instances/" + id + "/start", null)).getAsJsonObject().get("state")
        .getAsString()).isEqualTo("running");
    assertThat(json(send("POST", "/_ccm4j/instances/" + id + "/terminate", null)).getAsJsonObject().get("state")
        .getAsString()).isEqualTo("terminated");

    HttpResponse<String> unknown = send("POST", "/_ccm4j/instances/i-nope/stop", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).getAsJsonObject().get("error").getAsString()).contains("i-nope");
  }

  @Test
  void badControlRequestsAreJsonErrorsNamingTheProblem() throws Exception {
    HttpResponse<String> unknownPath = send("GET", "/_ccm4j/nothing-here", null);
    assertThat(unknownPath.statusCode()).isEqualTo(404);
    assertThat(unknownPath.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    assertThat(json(unknownPath).getAsJsonObject().get("error").getAsString()).contains("/_ccm4j/nothing-here");
    assertThat(send("POST", "/_ccm4j/instances/i-001/reboot", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/_ccm4j", null).statusCode()).isEqualTo(404);

    HttpResponse<String> wrongMethod = send("PUT", "/_ccm4j/instances", "{}");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST");

    HttpResponse<String> notJson = send("POST", "/_ccm4j/instances", "name=x");
    assertThat(notJson.statusCode()).isEqualTo(400);
    HttpResponse<String> badIp = send("POST", "/_ccm4j/instances", "{\"privateIp\":\"nope\"}");
    assertThat(badIp.statusCode()).isEqualTo(400);
    assertThat(json(badIp).getAsJsonObject().get("error").getAsString()).contains("privateIp");
    HttpResponse<String> badType = send("POST", "/_ccm4j/instances", "{\"name\":[1]}");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(json(badType).getAsJsonObject().get("error").getAsString()).contains("name");

    HttpResponse<String> badFault = send("POST", "/_ccm4j/faults", "{\"status\":503}");
    assertThat(badFault.statusCode()).isEqualTo(400);
    assertThat(json(badFault).getAsJsonObject().get("error").getAsString()).contains("code");
    HttpResponse<String> badRegex = send("POST", "/_ccm4j/faults", "{\"operation\":\"(\",\"latencyMillis\":5}");
    assertThat(badRegex.statusCode()).isEqualTo(400);
    assertThat(json(badRegex).getAsJsonObject().get("error").getAsString()).contains("operation");
  }

  @Test
  void faultsAreAddedListedAndClearedAsJson() throws Exception {
    HttpResponse<String> added = send("POST", "/_ccm4j/faults", """
        {"operation":"DescribeInstances","count":2,"status":400,"code":"Throttling.User","message":"slow down",
         "retryAfterSeconds":4,"latencyMillis":10}""");
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(send("POST", "/_ccm4j/faults", "{\"operation\":\"Create.*\",\"throttleFraction\":0.25}")
        .statusCode()).isEqualTo(201);

    JsonArray rules = json(send("GET", "/_ccm4j/faults", null)).getAsJsonArray();
    assertThat(rules).hasSize(2);
    JsonObject r = rules.get(0).getAsJsonObject();
    assertThat(r.get("operation").getAsString()).isEqualTo("DescribeInstances");
    assertThat(r.get("count").getAsInt()).isEqualTo(2);
    assertThat(r.get("remaining").getAsInt()).isEqualTo(2);
    assertThat(r.get("status").getAsInt()).isEqualTo(400);
    assertThat(r.get("code").getAsString()).isEqualTo("Throttling.User");
    assertThat(r.get("retryAfterSeconds").getAsInt()).isEqualTo(4);
    assertThat(r.get("latencyMillis").getAsInt()).isEqualTo(10);
    assertThat(rules.get(1).getAsJsonObject().get("throttleFraction").getAsDouble()).isEqualTo(0.25);

    HttpResponse<String> failed = send("GET", "/?Action=DescribeInstances", null);
    assertThat(failed.statusCode()).isEqualTo(400);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("4");
    assertThat(json(send("GET", "/_ccm4j/faults", null)).getAsJsonArray().get(0).getAsJsonObject()
        .get("remaining").getAsInt()).isEqualTo(1);

    assertThat(send("DELETE", "/_ccm4j/faults", null).statusCode()).isEqualTo(204);
    assertThat(json(send("GET", "/_ccm4j/faults", null)).getAsJsonArray()).isEmpty();
    assertThat(send("GET", "/?Action=DescribeInstances", null).statusCode()).as("InvalidAction from the handler")
        .isEqualTo(400);
    assertThat(server.journal().entries("DescribeInstances")).extracting(JournalEntry::errorCode)
        .containsExactly("Throttling.User", "InvalidAction");
  }

  @Test
  void theJournalIsServedFilteredAndCleared() throws Exception {
    send("GET", "/?Action=Echo&Signature=sig", null);
    send("GET", "/?Action=Other", null);

    JsonArray all = json(send("GET", "/_ccm4j/journal", null)).getAsJsonArray();
    assertThat(all).hasSize(2);
    JsonObject e = all.get(0).getAsJsonObject();
    assertThat(e.keySet()).contains("seq", "time", "method", "path", "operation", "params", "status", "errorCode",
        "durationMillis");
    assertThat(e.getAsJsonObject("params").get("Signature").getAsString()).isEqualTo(JournalEntry.MASK);
    assertThat(json(send("GET", "/_ccm4j/journal?operation=Other", null)).getAsJsonArray()).hasSize(1);

    assertThat(send("DELETE", "/_ccm4j/journal", null).statusCode()).isEqualTo(204);
    assertThat(json(send("GET", "/_ccm4j/journal", null)).getAsJsonArray()).isEmpty();
  }

  @Test
  void healthLoadBalancersRoutesAndVendorRoutesAreServed() throws Exception {
    assertThat(json(send("GET", "/_ccm4j/healthz", null)).getAsJsonObject().get("status").getAsString())
        .isEqualTo("ok");
    JsonObject lb = json(send("GET", "/_ccm4j/load-balancers", null)).getAsJsonArray().get(0).getAsJsonObject();
    assertThat(lb.keySet()).contains("id", "name", "addresses", "listeners", "backends", "tags");
    assertThat(lb.getAsJsonArray("listeners").get(0).getAsJsonObject().get("protocol").getAsString())
        .isEqualTo("tcp");
    assertThat(lb.getAsJsonArray("listeners").get(0).getAsJsonObject().get("backendPort").getAsInt())
        .isEqualTo(30080);
    assertThat(lb.getAsJsonArray("backends").get(0).getAsJsonObject().keySet())
        .contains("instanceId", "address", "port", "weight");
    JsonObject route = json(send("GET", "/_ccm4j/routes", null)).getAsJsonArray().get(0).getAsJsonObject();
    assertThat(route.keySet()).contains("id", "destinationCidr", "nextHopInstanceId", "routeTableId", "blackhole");

    assertThat(json(send("GET", "/_ccm4j/state", null)).getAsJsonObject().get("vendor").getAsString())
        .isEqualTo("test");
    HttpResponse<String> prefixed = send("POST", "/_ccm4j/clock/advance/10s", null);
    assertThat(prefixed.statusCode()).isEqualTo(202);
    assertThat(prefixed.body()).isEqualTo("/_ccm4j/clock/advance/10s");
    assertThat(server.journal().entries()).as("control calls are not journaled").isEmpty();
  }

  @Test
  void withoutAControlPlaneTheStateEndpointsAre404() throws Exception {
    try (EmulatorServer bare = EmulatorServer.builder().dialect(new TestCloud.Dialect())
        .handler(new TestCloud.Api()).build().start()) {
      ControlClient c = new ControlClient(bare.endpoint());
      assertThatThrownBy(c::instances).isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("no control plane");
      assertThat(c.get("healthz").getAsJsonObject().get("status").getAsString()).isEqualTo("ok");
      assertThat(c.journal()).isEmpty();
    }
  }

  @Test
  void theControlClientDrivesEveryEndpoint() {
    assertThat(control.instances()).hasSize(3).allSatisfy(i -> assertThat(i.state()).isEqualTo("running"));
    ControlInstance created = control.createInstance(InstanceSpec.builder().name("n4").zone("zone-c").build());
    assertThat(created.name()).isEqualTo("n4");
    assertThat(created.zone()).isEqualTo("zone-c");
    assertThat(created.providerId()).isEqualTo("region-1." + created.id());
    assertThat(control.stopInstance(created.id()).vendorState()).isEqualTo("Stopped");
    assertThat(control.startInstance(created.id()).state()).isEqualTo("running");
    assertThat(control.terminateInstance(created.id()).state()).isEqualTo("terminated");
    assertThat(control.instances()).hasSize(4);
    assertThatThrownBy(() -> control.stopInstance("i-missing")).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("i-missing");
    assertThatThrownBy(() -> control.createInstance(InstanceSpec.builder().privateIp("x").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("privateIp");

    assertThat(control.loadBalancers()).singleElement().satisfies(lb -> {
      assertThat(lb.id()).isEqualTo("lb-1");
      assertThat(lb.addresses()).containsExactly("192.0.2.10");
      assertThat(lb.listeners()).containsExactly(new ControlListener("tcp", 80, 30080));
      assertThat(lb.backends()).containsExactly(new ControlBackend("i-001", "10.0.0.11", 30080, 100));
      assertThat(lb.tags()).containsEntry("owner", "cluster-1");
    });
    assertThat(control.routes()).singleElement().satisfies(r -> {
      assertThat(r.destinationCidr()).isEqualTo("10.244.1.0/24");
      assertThat(r.nextHopInstanceId()).isEqualTo("i-001");
      assertThat(r.blackhole()).isFalse();
    });

    control.addFault(FaultRule.builder().operation("Echo").failTimes(1, 503, "ServiceUnavailable", "down").build());
    assertThat(server.faults().rules()).singleElement().satisfies(r -> assertThat(r.code())
        .isEqualTo("ServiceUnavailable"));
    assertThat(get("/?Action=Echo")).isEqualTo(503);
    assertThat(get("/?Action=Echo")).isEqualTo(200);
    control.addFault(FaultRule.builder().latency(Duration.ofMillis(1)).build());
    control.clearFaults();
    assertThat(server.faults().rules()).isEmpty();

    assertThat(control.journal()).hasSize(2);
    assertThat(control.journal("Echo")).extracting(JournalEntry::status).containsExactly(503, 200);
    assertThat(control.journal("Echo").get(0).errorCode()).isEqualTo("ServiceUnavailable");
    control.clearJournal();
    assertThat(control.journal()).isEmpty();
    assertThat(control.get("state").getAsJsonObject().get("vendor").getAsString()).isEqualTo("test");
  }

  private int get(String path) {
    try {
      return send("GET", path, null).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package dev.ccm4j.provider.alibaba.emulator.nlb;

import dev.ccm4j.testkit.time.OffsetClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.VSwitch;
import dev.ccm4j.provider.alibaba.sign.Acs3Signature;
import dev.ccm4j.provider.alibaba.sign.Percent;
import dev.ccm4j.vendor.client.CloudApiException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's NLB product over HTTP: requests shaped as Alibaba's official (darabonba) NLB client sends them
 * (ACS3-HMAC-SHA256, parameters in a form body) and as the classic RPC clients do (HMAC-SHA1 query), with the
 * emulator's clock driving jobs and provisioning.
 */
class NlbProductApiIT {
  private static final String AK = "AKIDnlbemu";
  private static final String SK = "nlb-emu-secret";

  private final OffsetClock clock = new OffsetClock();
  private AlibabaEmulator emulator;
  private AlibabaApi api;
  private String vpcId;
  private List<VSwitch> vSwitches;

  @BeforeEach
  void start() {
    emulator = AlibabaEmulator.builder().accessKey(AK, SK).instances(2).clock(clock).build().start();
    api = api(emulator.cloudConfig());
    vpcId = emulator.state().vpcId();
    vSwitches = emulator.state().vpc().vSwitches();
  }

  private AlibabaApi api(String cloudConfig) {
    return AlibabaApi.create(AlibabaCloudConfig.parse(CloudConfig.of(cloudConfig), Map.of()), Map.of(), "test");
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private JsonObject call(String action, RpcParams p) {
    return api.call(Product.NLB, action, p);
  }

  private RpcParams zones(RpcParams p) {
    List<Map<String, String>> zones = new ArrayList<>();
    for (VSwitch v : vSwitches.subList(0, 2)) {
      zones.add(Map.of("ZoneId", v.zoneId(), "VSwitchId", v.vSwitchId()));
    }
    return p.putObjects("ZoneMappings", zones);
  }

  private String createLb(String addressType) {
    return call("CreateLoadBalancer", zones(RpcParams.create().put("AddressType", addressType)
        .put("VpcId", vpcId))).get("LoadbalancerId").getAsString();
  }

  private static String code(Throwable e) {
    assertThat(e).isInstanceOf(CloudApiException.class);
    return ((CloudApiException) e).code();
  }

  /** One request exactly as the darabonba NLB client builds it: POST /, form body, ACS3 headers. */
  private HttpResponse<String> officialClient(String action, Map<String, String> form) throws Exception {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(Percent.encode(k) + "=" + Percent.encode(v)));
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    URI endpoint = emulator.endpoint();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", endpoint.getHost() + ":" + endpoint.getPort());
    headers.put("content-type", "application/x-www-form-urlencoded");
    headers.put("x-acs-action", action);
    headers.put("x-acs-version", "2022-04-30");
    headers.put("x-acs-date", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
        .format(Instant.now()));
    headers.put("x-acs-signature-nonce", Long.toHexString(System.nanoTime()) + "0123456789abcdef");
    headers.put("x-acs-content-sha256", Acs3Signature.sha256Hex(bytes));
    List<String> signed = Acs3Signature.signedHeaders(headers);
    String canonical = Acs3Signature.canonicalRequest("POST", "/", Map.of(), headers,
        Acs3Signature.sha256Hex(bytes), signed);
    HttpRequest.Builder r = HttpRequest.newBuilder(endpoint.resolve("/"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .header("Accept", "application/json")
        .header("Authorization", Acs3Signature.authorization(AK, signed, Acs3Signature.signature(SK, canonical)));
    headers.forEach((k, v) -> {
      if (!k.equals("host")) {
        r.header(k, v);
      }
    });
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void officialClientFormBodyCreatesAnNlbWhoseJobRunsThenSucceeds() throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("RegionId", emulator.state().region());
    form.put("LoadBalancerType", "Network");
    form.put("AddressType", "Internet");
    form.put("VpcId", vpcId);
    form.put("ZoneMappings.1.ZoneId", vSwitches.get(0).zoneId());
    form.put("ZoneMappings.1.VSwitchId", vSwitches.get(0).vSwitchId());
    form.put("ZoneMappings.2.ZoneId", vSwitches.get(1).zoneId());
    form.put("ZoneMappings.2.VSwitchId", vSwitches.get(1).vSwitchId());
    form.put("Tag.1.Key", "team");
    form.put("Tag.1.Value", "edge");
    HttpResponse<String> created = officialClient("CreateLoadBalancer", form);
    assertThat(created.statusCode()).isEqualTo(200);
    JsonObject body = JsonParser.parseString(created.body()).getAsJsonObject();
    assertThat(body.get("RequestId").getAsString()).isNotEmpty();
    String id = body.get("LoadbalancerId").getAsString();
    assertThat(body.get("OrderId").getAsJsonPrimitive().isNumber()).as("OrderId is numeric").isTrue();
    String job = body.get("JobId").getAsString();
    assertThat(id).startsWith("nlb-");

    assertThat(call("GetJobStatus", RpcParams.create().put("JobId", job)).get("Status").getAsString())
        .isEqualTo("Processing");
    JsonObject lb = call("GetLoadBalancerAttribute", RpcParams.create().put("LoadBalancerId", id));
    assertThat(lb.get("LoadBalancerStatus").getAsString()).isEqualTo("Provisioning");
    assertThat(lb.get("DNSName").getAsString()).isEqualTo(id + "." + emulator.state().region()
        + ".nlb.aliyuncsslb.com");
    assertThat(lb.getAsJsonArray("ZoneMappings")).hasSize(2).allSatisfy(z -> {
      JsonObject a = z.getAsJsonObject().getAsJsonArray("LoadBalancerAddresses").get(0).getAsJsonObject();
      assertThat(a.get("PrivateIPv4Address").getAsString()).startsWith("192.168.");
      assertThat(a.has("PublicIPv4Address")).isTrue();
    });
    assertThat(lb.getAsJsonArray("Tags").get(0).getAsJsonObject().get("Value").getAsString()).isEqualTo("edge");

    clock.advance(Duration.ofSeconds(3));
    assertThat(call("GetJobStatus", RpcParams.create().put("JobId", job)).get("Status").getAsString())
        .isEqualTo("Succeeded");
    assertThat(call("GetLoadBalancerAttribute", RpcParams.create().put("LoadBalancerId", id))
        .get("LoadBalancerStatus").getAsString()).isEqualTo("Active");
    JsonObject jobs = call("ListAsynJobs", RpcParams.create().putList("JobIds", List.of(job)));
    assertThat(jobs.getAsJsonArray("Jobs")).singleElement().satisfies(j -> {
      assertThat(j.getAsJsonObject().get("ApiName").getAsString()).isEqualTo("CreateLoadBalancer");
      assertThat(j.getAsJsonObject().get("ResourceId").getAsString()).isEqualTo(id);
    });
  }

  @Test
  void officialClientErrorsComeInAlibabasShapeAndAWrongSecretIsRejected() throws Exception {
    HttpResponse<String> missing = officialClient("GetLoadBalancerAttribute", Map.of("LoadBalancerId", "nlb-x"));
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonObject error = JsonParser.parseString(missing.body()).getAsJsonObject();
    assertThat(error.get("Code").getAsString()).isEqualTo("ResourceNotFound.loadBalancer");
    assertThat(error.get("RequestId").getAsString()).isNotEmpty();
    assertThat(error.get("Message").getAsString()).contains("nlb-x");

    AlibabaApi wrong = api(emulator.cloudConfig().replace(base64(SK), base64("not-the-secret")));
    try {
      assertThatThrownBy(() -> wrong.call(Product.NLB, "ListLoadBalancers", RpcParams.create()))
          .satisfies(e -> assertThat(code(e)).isEqualTo("SignatureDoesNotMatch"));
    } finally {
      wrong.close();
    }
  }

  private static String base64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void classicRpcSignatureIsServedToo() {
    String cfg = emulator.cloudConfig().replace("\"Global\":{", "\"Global\":{\"signatureAlgorithm\":\"HMAC-SHA1\",");
    AlibabaApi classic = api(cfg);
    try {
      String id = classic.call(Product.NLB, "CreateLoadBalancer", zones(RpcParams.create()
          .put("AddressType", "Intranet").put("VpcId", vpcId))).get("LoadbalancerId").getAsString();
      JsonObject list = classic.call(Product.NLB, "ListLoadBalancers", RpcParams.create()
          .putList("LoadBalancerIds", List.of(id)));
      assertThat(list.getAsJsonArray("LoadBalancers")).hasSize(1);
      assertThat(emulator.control().journal("CreateLoadBalancer")).isNotEmpty();
    } finally {
      classic.close();
    }
  }

  @Test
  void statesAndLocksAnswerWithAlibabasErrorCodes() {
    String id = createLb("Intranet");
    String sg = call("CreateServerGroup", RpcParams.create().put("ServerGroupName", "sg-one").put("VpcId", vpcId)
        .put("Protocol", "TCP")).get("ServerGroupId").getAsString();
    // provisioning: no listeners yet
    assertThatThrownBy(() -> call("CreateListener", RpcParams.create().put("LoadBalancerId", id)
        .put("ListenerProtocol", "TCP").put("ListenerPort", 80).put("ServerGroupId", sg)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("IncorrectStatus.loadBalancer"));
    // the server group's creation job still holds its lock
    assertThatThrownBy(() -> call("AddServersToServerGroup", RpcParams.create().put("ServerGroupId", sg)
        .putObjects("Servers", List.of(Map.of("ServerId", emulator.state().ecs().instances().get(0).instanceId(),
            "ServerType", "Ecs", "Port", "30080")))))
        .satisfies(e -> {
          assertThat(code(e)).isEqualTo("Conflict.Lock");
          assertThat(((CloudApiException) e).httpStatus()).isEqualTo(409);
        });
    clock.advance(Duration.ofSeconds(3));
    call("CreateListener", RpcParams.create().put("LoadBalancerId", id).put("ListenerProtocol", "TCP")
        .put("ListenerPort", 80).put("ServerGroupId", sg));
    // the listener job locks the NLB
    assertThatThrownBy(() -> call("UpdateLoadBalancerAttribute", RpcParams.create().put("LoadBalancerId", id)
        .put("LoadBalancerName", "renamed")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("Conflict.Lock"));
    clock.advance(Duration.ofSeconds(3));
    assertThatThrownBy(() -> call("DeleteServerGroup", RpcParams.create().put("ServerGroupId", sg)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("ResourceInUse.serverGroup"));
    assertThatThrownBy(() -> call("AddServersToServerGroup", RpcParams.create().put("ServerGroupId", sg)
        .putObjects("Servers", List.of(Map.of("ServerId", "i-missing", "ServerType", "Ecs", "Port", "30080")))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("ResourceNotFound.ecs"));
    assertThatThrownBy(() -> call("GetLoadBalancerAttribute", RpcParams.create().put("LoadBalancerId", "nlb-nope")))
        .satisfies(e -> {
          assertThat(code(e)).isEqualTo("ResourceNotFound.loadBalancer");
          assertThat(((CloudApiException) e).httpStatus()).isEqualTo(404);
        });
  }

  @Test
  void deletionProtectionThenDeletingThenGone() {
    String id = call("CreateLoadBalancer", zones(RpcParams.create().put("AddressType", "Intranet")
        .put("VpcId", vpcId).put("DeletionProtectionConfig.Enabled", "true"))).get("LoadbalancerId").getAsString();
    clock.advance(Duration.ofSeconds(3));
    assertThatThrownBy(() -> call("DeleteLoadBalancer", RpcParams.create().put("LoadBalancerId", id)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("OperationDenied.DeletionProtection"));
    call("UpdateLoadBalancerProtection", RpcParams.create().put("LoadBalancerId", id)
        .put("DeletionProtectionEnabled", "false"));
    call("DeleteLoadBalancer", RpcParams.create().put("LoadBalancerId", id));
    assertThat(call("GetLoadBalancerAttribute", RpcParams.create().put("LoadBalancerId", id))
        .get("LoadBalancerStatus").getAsString()).isEqualTo("Deleting");
    clock.advance(Duration.ofSeconds(3));
    assertThatThrownBy(() -> call("GetLoadBalancerAttribute", RpcParams.create().put("LoadBalancerId", id)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("ResourceNotFound.loadBalancer"));
  }

  @Test
  void listsPageWithNextTokenAndMaxResults() {
    for (int i = 0; i < 5; i++) {
      call("CreateServerGroup", RpcParams.create().put("ServerGroupName", "group-" + i).put("VpcId", vpcId)
          .putObjects("Tag", List.of(Map.of("Key", "k", "Value", i % 2 == 0 ? "even" : "odd"))));
    }
    List<String> names = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      JsonObject page = call("ListServerGroups", RpcParams.create().put("MaxResults", 2).put("NextToken", token));
      assertThat(page.get("TotalCount").getAsInt()).isEqualTo(5);
      for (JsonElement e : page.getAsJsonArray("ServerGroups")) {
        names.add(e.getAsJsonObject().get("ServerGroupName").getAsString());
      }
      token = page.has("NextToken") ? page.get("NextToken").getAsString() : null;
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(names).containsExactly("group-0", "group-1", "group-2", "group-3", "group-4");

    JsonObject even = call("ListServerGroups", RpcParams.create().putObjects("Tag",
        List.of(Map.of("Key", "k", "Value", "even"))));
    assertThat(even.getAsJsonArray("ServerGroups")).hasSize(3);
    assertThatThrownBy(() -> call("ListServerGroups", RpcParams.create().put("NextToken", "garbage")))
        .satisfies(e -> assertThat(code(e)).isEqualTo("IllegalParam.NextToken"));
    assertThatThrownBy(() -> call("ListServerGroups", RpcParams.create().put("MaxResults", 101)))
        .satisfies(e -> assertThat(code(e)).isEqualTo("IllegalParam.MaxResults"));
  }

  @Test
  void oneZoneOrAForeignVSwitchIsRefused() {
    assertThatThrownBy(() -> call("CreateLoadBalancer", RpcParams.create().put("AddressType", "Intranet")
        .put("VpcId", vpcId).putObjects("ZoneMappings", List.of(Map.of("ZoneId", vSwitches.get(0).zoneId(),
            "VSwitchId", vSwitches.get(0).vSwitchId())))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("IllegalParam.ZoneMappings"));
    assertThatThrownBy(() -> call("CreateLoadBalancer", RpcParams.create().put("AddressType", "Intranet")
        .put("VpcId", vpcId).putObjects("ZoneMappings", List.of(
            Map.of("ZoneId", vSwitches.get(0).zoneId(), "VSwitchId", "vsw-elsewhere"),
            Map.of("ZoneId", vSwitches.get(1).zoneId(), "VSwitchId", vSwitches.get(1).vSwitchId())))))
        .satisfies(e -> assertThat(code(e)).isEqualTo("ResourceNotFound.vSwitch"));
    assertThat(emulator.control().loadBalancers().stream().filter(l -> l.id().startsWith("nlb-"))
        .collect(Collectors.toList())).isEmpty();
  }
}

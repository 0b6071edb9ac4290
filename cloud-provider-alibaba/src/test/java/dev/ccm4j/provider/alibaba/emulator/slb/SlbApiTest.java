package dev.ccm4j.provider.alibaba.emulator.slb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.provider.alibaba.emulator.AlibabaApiError;
import dev.ccm4j.provider.alibaba.emulator.AlibabaCloudState;
import dev.ccm4j.provider.alibaba.emulator.EcsInstance;
import dev.ccm4j.provider.alibaba.emulator.RpcCall;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulated SLB product's handlers, called directly. */
class SlbApiTest {
  private AlibabaCloudState state;
  private SlbApi slb;
  private EcsInstance node;

  @BeforeEach
  void setUp() {
    state = AlibabaCloudState.forTests("cn-hangzhou", Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"),
        ZoneOffset.UTC));
    slb = new SlbApi(state);
    node = state.ecs().create("n1", null, null, null);
  }

  private JsonObject call(String action, String... kv) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return slb.actions().get(action).handle(RpcCall.of(action, SlbApi.VERSION, p, state));
  }

  private static void fails(ThrowingCallable call, int status, String code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AlibabaApiError.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.status()).isEqualTo(status);
    });
  }

  private String lb(String... extra) {
    String[] base = {"LoadBalancerName", "lb1"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return call("CreateLoadBalancer", all).get("LoadBalancerId").getAsString();
  }

  @Test
  void internetAddressesComeFromTheBenchmarkRangeAndIntranetFromTheVSwitch() {
    JsonObject internet = call("CreateLoadBalancer", "LoadBalancerName", "a");
    assertThat(internet.get("LoadBalancerId").getAsString()).startsWith("lb-");
    assertThat(internet.get("Address").getAsString()).startsWith("198.18.");
    JsonObject intranet = call("CreateLoadBalancer", "AddressType", "intranet", "VSwitchId", state.vswitchId(),
        "VpcId", state.vpcId());
    assertThat(intranet.get("Address").getAsString()).startsWith("192.168.");
    assertThat(intranet.get("NetworkType").getAsString()).isEqualTo("vpc");
  }

  @Test
  void clientTokenMakesCreateIdempotent() {
    String a = call("CreateLoadBalancer", "ClientToken", "t-1").get("LoadBalancerId").getAsString();
    String b = call("CreateLoadBalancer", "ClientToken", "t-1").get("LoadBalancerId").getAsString();
    assertThat(a).isEqualTo(b);
    assertThat(slb.controlLoadBalancers()).hasSize(1);
  }

  @Test
  void deleteProtectionIsEnforced() {
    String id = lb("DeleteProtection", "on");
    fails(() -> call("DeleteLoadBalancer", "LoadBalancerId", id), 400, "OperationDenied.DeleteProtectionIsOn");
    call("SetLoadBalancerDeleteProtection", "LoadBalancerId", id, "DeleteProtection", "off");
    call("DeleteLoadBalancer", "LoadBalancerId", id);
    fails(() -> call("DescribeLoadBalancerAttribute", "LoadBalancerId", id), 404, "InvalidLoadBalancerId.NotFound");
  }

  @Test
  void describeFiltersByTagsAndNameAndPages() {
    for (int i = 0; i < 12; i++) {
      call("CreateLoadBalancer", "LoadBalancerName", "n" + (i % 2), "Tag.1.Key", "k", "Tag.1.Value", "v" + (i % 3));
    }
    JsonObject page1 = call("DescribeLoadBalancers", "Tags", "[{\"TagKey\":\"k\",\"TagValue\":\"v0\"}]",
        "PageSize", "3");
    assertThat(page1.get("TotalCount").getAsInt()).isEqualTo(4);
    assertThat(page1.getAsJsonObject("LoadBalancers").getAsJsonArray("LoadBalancer")).hasSize(3);
    JsonObject page2 = call("DescribeLoadBalancers", "Tags", "[{\"TagKey\":\"k\",\"TagValue\":\"v0\"}]",
        "PageSize", "3", "PageNumber", "2");
    assertThat(page2.getAsJsonObject("LoadBalancers").getAsJsonArray("LoadBalancer")).hasSize(1);
    JsonObject byName = call("DescribeLoadBalancers", "LoadBalancerName", "n1", "PageSize", "100");
    assertThat(byName.get("TotalCount").getAsInt()).isEqualTo(6);
    JsonObject lb = byName.getAsJsonObject("LoadBalancers").getAsJsonArray("LoadBalancer").get(0)
        .getAsJsonObject();
    assertThat(lb.getAsJsonObject("Tags").getAsJsonArray("Tag").get(0).getAsJsonObject().get("TagKey")
        .getAsString()).isEqualTo("k");
  }

  @Test
  void describeFiltersByTagNKeyValueAsTheCurrentOfficialSdksSendIt() {
    for (int i = 0; i < 6; i++) {
      call("CreateLoadBalancer", "LoadBalancerName", "t" + i, "Tag.1.Key", "k", "Tag.1.Value", "v" + (i % 3));
    }
    JsonObject byValue = call("DescribeLoadBalancers", "Tag.1.Key", "k", "Tag.1.Value", "v1");
    assertThat(byValue.get("TotalCount").getAsInt()).isEqualTo(2);
    JsonObject byKey = call("DescribeLoadBalancers", "Tag.1.Key", "k");
    assertThat(byKey.get("TotalCount").getAsInt()).isEqualTo(6);
    JsonObject none = call("DescribeLoadBalancers", "Tag.1.Key", "k", "Tag.1.Value", "nope");
    assertThat(none.get("TotalCount").getAsInt()).isZero();
    fails(() -> call("DescribeLoadBalancers", "Tag.1.Value", "v1"), 400, "InvalidParameter");
  }

  @Test
  void aNegativeListenerNextTokenIsAnInvalidParameterNotAServerError() {
    String id = lb();
    fails(() -> call("DescribeLoadBalancerListeners", "LoadBalancerId.1", id, "NextToken", "-3"), 400,
        "InvalidParameter");
  }

  @Test
  void tagsCanBeAddedListedAndRemoved() {
    String id = lb();
    call("TagResources", "ResourceType", "instance", "ResourceId.1", id, "Tag.1.Key", "a", "Tag.1.Value", "1",
        "Tag.2.Key", "b", "Tag.2.Value", "2");
    call("UntagResources", "ResourceType", "instance", "ResourceId.1", id, "TagKey.1", "a");
    JsonArray tags = call("ListTagResources", "ResourceType", "instance", "ResourceId.1", id)
        .getAsJsonObject("TagResources").getAsJsonArray("TagResource");
    assertThat(tags).hasSize(1);
    assertThat(tags.get(0).getAsJsonObject().get("TagKey").getAsString()).isEqualTo("b");
  }

  @Test
  void listenersStartStoppedKeepEveryAttributeAndRefuseDuplicatePorts() {
    String id = lb();
    call("CreateLoadBalancerTCPListener", "LoadBalancerId", id, "ListenerPort", "80", "BackendServerPort", "30080",
        "Bandwidth", "-1", "HealthyThreshold", "4", "Description", "d");
    fails(() -> call("CreateLoadBalancerHTTPListener", "LoadBalancerId", id, "ListenerPort", "80",
        "BackendServerPort", "1", "StickySession", "off", "HealthCheck", "off"), 400, "ListenerAlreadyExists");
    // UDP shares no port space with TCP
    call("CreateLoadBalancerUDPListener", "LoadBalancerId", id, "ListenerPort", "80", "BackendServerPort", "30081");
    JsonObject attr = call("DescribeLoadBalancerTCPListenerAttribute", "LoadBalancerId", id, "ListenerPort", "80");
    assertThat(attr.get("Status").getAsString()).isEqualTo("stopped");
    assertThat(attr.get("HealthyThreshold").getAsInt()).isEqualTo(4);
    call("StartLoadBalancerListener", "LoadBalancerId", id, "ListenerPort", "80", "ListenerProtocol", "tcp");
    JsonObject list = call("DescribeLoadBalancerListeners", "LoadBalancerId.1", id, "MaxResults", "1");
    assertThat(list.getAsJsonArray("Listeners")).hasSize(1);
    JsonObject first = list.getAsJsonArray("Listeners").get(0).getAsJsonObject();
    assertThat(first.get("Status").getAsString()).isEqualTo("running");
    assertThat(first.get("Description").getAsString()).isEqualTo("d");
    assertThat(first.getAsJsonObject("TCPListenerConfig").get("HealthyThreshold").getAsInt()).isEqualTo(4);
    String token = list.get("NextToken").getAsString();
    JsonObject rest = call("DescribeLoadBalancerListeners", "LoadBalancerId.1", id, "MaxResults", "1",
        "NextToken", token);
    assertThat(rest.getAsJsonArray("Listeners")).hasSize(1);
    assertThat(rest.get("NextToken").getAsString()).isEmpty();
  }

  @Test
  void listenerValuesAreChecked() {
    String id = lb();
    fails(() -> call("CreateLoadBalancerTCPListener", "LoadBalancerId", id, "ListenerPort", "80",
        "BackendServerPort", "1", "HealthyThreshold", "11"), 400, "InvalidParameter");
    fails(() -> call("CreateLoadBalancerHTTPListener", "LoadBalancerId", id, "ListenerPort", "80",
        "BackendServerPort", "1", "StickySession", "off"), 400, "MissingParameter");
    fails(() -> call("CreateLoadBalancerHTTPSListener", "LoadBalancerId", id, "ListenerPort", "443",
        "BackendServerPort", "1", "StickySession", "off", "HealthCheck", "off", "ServerCertificateId", "nope"),
        400, "ServerCertificateId.NotExist");
    fails(() -> call("CreateLoadBalancerTCPListener", "LoadBalancerId", id, "ListenerPort", "81",
        "BackendServerPort", "1", "AclStatus", "on", "AclId", "acl-x", "AclType", "white"), 400, "AclNotExist");
  }

  @Test
  void backendsAreCheckedLimitedToFortyAndToleratedWithExtraKeys() {
    String id = lb();
    String group = call("CreateVServerGroup", "LoadBalancerId", id, "VServerGroupName", "g")
        .get("VServerGroupId").getAsString();
    // upstream's Go client sends lower-case keys plus untagged struct fields
    call("AddVServerGroupBackendServers", "VServerGroupId", group, "BackendServers",
        "[{\"serverId\":\"" + node.instanceId() + "\",\"port\":30080,\"weight\":50,\"type\":\"ecs\","
            + "\"description\":\"x\",\"IsUserManaged\":false,\"NodeName\":\"n1\",\"TargetRef\":null}]");
    JsonArray backends = call("DescribeVServerGroupAttribute", "VServerGroupId", group)
        .getAsJsonObject("BackendServers").getAsJsonArray("BackendServer");
    assertThat(backends).hasSize(1);
    assertThat(backends.get(0).getAsJsonObject().get("Weight").getAsInt()).isEqualTo(50);
    assertThat(backends.get(0).getAsJsonObject().get("ServerIp").getAsString()).isEqualTo(node.privateIp());

    fails(() -> call("AddVServerGroupBackendServers", "VServerGroupId", group, "BackendServers",
        "[{\"ServerId\":\"i-missing\",\"Port\":1}]"), 400, "InvalidBackendServers.ServerIdNotExist");
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 41; i++) {
      many.append(i == 0 ? "" : ",").append("{\"ServerId\":\"").append(node.instanceId()).append("\",\"Port\":")
          .append(1000 + i).append('}');
    }
    String tooMany = many.append(']').toString();
    fails(() -> call("AddVServerGroupBackendServers", "VServerGroupId", group, "BackendServers", tooMany), 400,
        "InvalidParameter.BackendServersOverLimit");
  }

  @Test
  void aGroupInUseCannotBeDeletedAndControlViewShowsBackends() {
    String id = lb();
    String group = call("CreateVServerGroup", "LoadBalancerId", id, "VServerGroupName", "g",
        "BackendServers", "[{\"ServerId\":\"" + node.instanceId() + "\",\"Port\":30080}]")
        .get("VServerGroupId").getAsString();
    call("CreateLoadBalancerTCPListener", "LoadBalancerId", id, "ListenerPort", "80", "VServerGroupId", group);
    fails(() -> call("DeleteVServerGroup", "VServerGroupId", group), 400, "RspoolVipExist");
    ControlLoadBalancer view = slb.controlLoadBalancers().get(0);
    assertThat(view.listeners()).singleElement().satisfies(l -> assertThat(l.backendPort()).isEqualTo(30080));
    assertThat(view.backends()).singleElement().satisfies(b -> {
      assertThat(b.instanceId()).isEqualTo(node.instanceId());
      assertThat(b.address()).isEqualTo(node.privateIp());
      assertThat(b.weight()).isEqualTo(100);
    });
  }

  @Test
  void forwardingNeedsAnHttpsTarget() {
    String id = lb();
    String cert = slb.addServerCertificate("c");
    fails(() -> call("CreateLoadBalancerHTTPListener", "LoadBalancerId", id, "ListenerPort", "80",
        "BackendServerPort", "1", "StickySession", "off", "HealthCheck", "off", "ListenerForward", "on",
        "ForwardPort", "443"), 400, "InvalidParameter.ForwardPort");
    call("CreateLoadBalancerHTTPSListener", "LoadBalancerId", id, "ListenerPort", "443", "BackendServerPort", "1",
        "StickySession", "off", "HealthCheck", "off", "ServerCertificateId", cert);
    call("CreateLoadBalancerHTTPListener", "LoadBalancerId", id, "ListenerPort", "80", "BackendServerPort", "1",
        "StickySession", "off", "HealthCheck", "off", "ListenerForward", "on", "ForwardPort", "443");
    assertThat(List.of(call("DescribeServerCertificates").getAsJsonObject("ServerCertificates")
        .getAsJsonArray("ServerCertificate").size())).containsExactly(1);
  }
}

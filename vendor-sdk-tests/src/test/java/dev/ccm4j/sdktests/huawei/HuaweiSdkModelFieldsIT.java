package dev.ccm4j.sdktests.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.HttpListener;
import com.huaweicloud.sdk.core.utils.JsonUtils;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.ListServerInterfacesRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.eip.v2.EipClient;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipBandwidthOption;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipOption;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipRequestBody;
import com.huaweicloud.sdk.eip.v2.model.ListPublicipsRequest;
import com.huaweicloud.sdk.eip.v2.model.ShowPublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipOption;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipsRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerBandwidthOption;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListProjectsRequest;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every field the emulator sends is one the official SDK's response model knows: the raw body of each answer (seen
 * through an SDK {@link HttpListener}) is compared with what the SDK parsed from it, serialized again. A field the
 * model does not know is either a misspelling of the real name (a client reading the real name would find nothing
 * on the real cloud) or a field the real API does not send (a client reading it would work only here). Nulls and
 * empty lists are not compared, as the SDK drops them when it serializes.
 */
class HuaweiSdkModelFieldsIT {
  /**
   * Fields the SDK 3.1.139 models lack that the emulator keeps: the original CCM sends and reads
   * {@code transparent_client_ip_enable} on shared (v2) listeners, and v2 members carry {@code ip_version} as v3
   * members do; the SDK's v2 models have neither.
   */
  private static final Set<String> SDK_LAGS = Set.of(
      "v2 CreateListener: .listener.transparent_client_ip_enable",
      "v2 ListListeners: .listeners[0].transparent_client_ip_enable",
      "v2 CreateMember: .member.ip_version",
      "v2 ListMembers: .members[0].ip_version");

  private static String last;
  private static final Map<String, List<String>> unknown = new LinkedHashMap<>();
  private static void diff(String path, JsonNode raw, JsonNode model, List<String> out) {
    if (raw == null) return;
    if (raw.isObject()) {
      if (model == null || !model.isObject()) { out.add(path + " (object vs " + model + ")"); return; }
      raw.fieldNames().forEachRemaining(k -> {
        if (raw.get(k).isNull() || (raw.get(k).isArray() && raw.get(k).size() == 0)) return;
        if (!model.has(k)) {
          out.add(path + "." + k);
        }
        else diff(path + "." + k, raw.get(k), model.get(k), out);
      });
    } else if (raw.isArray() && raw.size() > 0) {
      if (model == null || !model.isArray() || model.size() == 0) { out.add(path + "[] vs " + model); return; }
      diff(path + "[0]", raw.get(0), model.get(0), out);
    }
  }
  private static <T> T client(com.huaweicloud.sdk.core.ClientBuilder<T> b, HuaweiEmulator cloud) {
    return b.withHttpConfig(HuaweiSdk.httpConfig().withHttpListeners(List.of(HttpListener.forResponseListener(
        r -> last = r.body().orElse(null)))))
        .withCredential(HuaweiSdk.credentials(cloud)).withEndpoints(List.of(cloud.endpoint().toString())).build();
  }
  private static void check(String name, Object resp) throws Exception {
    ObjectMapper m = new ObjectMapper();
    JsonNode raw = m.readTree(last);
    JsonNode model = m.readTree(JsonUtils.toJSON(resp));
    List<String> out = new ArrayList<>();
    diff("", raw, model, out);
    out.removeIf(f -> SDK_LAGS.contains(name + ": " + f));
    unknown.put(name, out);
  }
  @Test
  void everyFieldTheEmulatorSendsIsOneTheSdkModelKnows() throws Exception {
    try (HuaweiEmulator cloud = HuaweiSdk.emulator(1, Duration.ZERO)) {
      EcsClient ecs = client(EcsClient.newBuilder(), cloud);
      var list = ecs.listServersDetails(new ListServersDetailsRequest());
      check("ListServersDetails", list);
      String id = list.getServers().get(0).getId();
      check("ShowServer", ecs.showServer(new ShowServerRequest().withServerId(id)));
      var nics = ecs.listServerInterfaces(new ListServerInterfacesRequest().withServerId(id));
      check("ListServerInterfaces", nics);
      EipClient eip = client(EipClient.newBuilder(), cloud);
      var c = eip.createPublicip(new CreatePublicipRequest().withBody(new CreatePublicipRequestBody()
          .withPublicip(new CreatePublicipOption().withType("5_bgp")).withBandwidth(new CreatePublicipBandwidthOption()
              .withName("bw").withSize(5).withShareType(CreatePublicipBandwidthOption.ShareTypeEnum.PER))));
      check("CreatePublicip", c);
      check("UpdatePublicip", eip.updatePublicip(new UpdatePublicipRequest().withPublicipId(c.getPublicip().getId())
          .withBody(new UpdatePublicipsRequestBody().withPublicip(new UpdatePublicipOption()
              .withPortId(nics.getInterfaceAttachments().get(0).getPortId())))));
      check("ListPublicips", eip.listPublicips(new ListPublicipsRequest()));
      check("ShowPublicip", eip.showPublicip(new ShowPublicipRequest().withPublicipId(c.getPublicip().getId())));
      IamClient iam = client(IamClient.newBuilder(), cloud);
      check("KeystoneListProjects", iam.keystoneListProjects(new KeystoneListProjectsRequest()));
      var v2 = client(com.huaweicloud.sdk.elb.v2.ElbClient.newBuilder(), cloud);
      var v3 = client(com.huaweicloud.sdk.elb.v3.ElbClient.newBuilder(), cloud);
      var lb2 = v2.createLoadbalancer(new com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerRequest().withBody(
          new com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerRequestBody().withLoadbalancer(
              new com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerReq().withVipSubnetId(cloud.subnetId()))));
      check("v2 CreateLoadbalancer", lb2);
      check("v2 ListLoadbalancers", v2.listLoadbalancers(
          new com.huaweicloud.sdk.elb.v2.model.ListLoadbalancersRequest()));
      var l2 = v2.createListener(new com.huaweicloud.sdk.elb.v2.model.CreateListenerRequest().withBody(
          new com.huaweicloud.sdk.elb.v2.model.CreateListenerRequestBody().withListener(
              new com.huaweicloud.sdk.elb.v2.model.CreateListenerReq().withLoadbalancerId(lb2.getLoadbalancer().getId())
                  .withProtocol(com.huaweicloud.sdk.elb.v2.model.CreateListenerReq.ProtocolEnum.TCP)
                      .withProtocolPort(80))));
      check("v2 CreateListener", l2);
      var p2 = v2.createPool(new com.huaweicloud.sdk.elb.v2.model.CreatePoolRequest().withBody(
          new com.huaweicloud.sdk.elb.v2.model.CreatePoolRequestBody().withPool(
              new com.huaweicloud.sdk.elb.v2.model.CreatePoolReq().withListenerId(l2.getListener().getId())
                  .withProtocol(com.huaweicloud.sdk.elb.v2.model.CreatePoolReq.ProtocolEnum.TCP)
                      .withLbAlgorithm("ROUND_ROBIN"))));
      check("v2 CreatePool", p2);
      String ip = list.getServers().get(0).getAddresses().get(cloud.vpcId()).get(0).getAddr();
      check("v2 CreateMember", v2.createMember(new com.huaweicloud.sdk.elb.v2.model.CreateMemberRequest()
          .withPoolId(p2.getPool().getId()).withBody(
          new com.huaweicloud.sdk.elb.v2.model.CreateMemberRequestBody().withMember(
              new com.huaweicloud.sdk.elb.v2.model.CreateMemberReq().withAddress(ip).withProtocolPort(30080)
                  .withSubnetId(cloud.subnetId())))));
      check("v2 CreateHealthmonitor", v2.createHealthmonitor(
          new com.huaweicloud.sdk.elb.v2.model.CreateHealthmonitorRequest().withBody(
          new com.huaweicloud.sdk.elb.v2.model.CreateHealthmonitorRequestBody().withHealthmonitor(
              new com.huaweicloud.sdk.elb.v2.model.CreateHealthmonitorReq().withPoolId(p2.getPool().getId())
                  .withType(com.huaweicloud.sdk.elb.v2.model.CreateHealthmonitorReq.TypeEnum.TCP).withDelay(5)
                      .withTimeout(3).withMaxRetries(3)))));
      check("v2 ListListeners", v2.listListeners(new com.huaweicloud.sdk.elb.v2.model.ListListenersRequest()));
      check("v2 ListPools", v2.listPools(new com.huaweicloud.sdk.elb.v2.model.ListPoolsRequest()));
      check("v2 ListMembers", v2.listMembers(new com.huaweicloud.sdk.elb.v2.model.ListMembersRequest()
          .withPoolId(p2.getPool().getId())));
      var lb3 = v3.createLoadBalancer(new com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerRequest().withBody(
          new com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerRequestBody().withLoadbalancer(
              new com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerOption()
              .withVpcId(cloud.vpcId()).withVipSubnetCidrId(cloud.subnetId())
                  .withAvailabilityZoneList(cloud.availabilityZones())
              .withPublicip(new com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerPublicIpOption()
                  .withNetworkType("5_bgp")
                  .withBandwidth(new CreateLoadBalancerBandwidthOption().withName("b")
                      .withSize(2).withChargeMode(CreateLoadBalancerBandwidthOption.ChargeModeEnum.TRAFFIC)
                      .withShareType(CreateLoadBalancerBandwidthOption.ShareTypeEnum.PER))))));
      check("v3 CreateLoadBalancer", lb3);
      String id3 = lb3.getLoadbalancer().getId();
      var li3 = v3.createListener(new com.huaweicloud.sdk.elb.v3.model.CreateListenerRequest().withBody(
          new com.huaweicloud.sdk.elb.v3.model.CreateListenerRequestBody()
          .withListener(new com.huaweicloud.sdk.elb.v3.model.CreateListenerOption().withLoadbalancerId(id3)
              .withProtocol("TCP").withProtocolPort(80))));
      check("v3 CreateListener", li3);
      var po3 = v3.createPool(new com.huaweicloud.sdk.elb.v3.model.CreatePoolRequest().withBody(
          new com.huaweicloud.sdk.elb.v3.model.CreatePoolRequestBody().withPool(
          new com.huaweicloud.sdk.elb.v3.model.CreatePoolOption().withListenerId(li3.getListener().getId())
              .withProtocol("TCP").withLbAlgorithm("ROUND_ROBIN"))));
      check("v3 CreatePool", po3);
      check("v3 CreateMember", v3.createMember(new com.huaweicloud.sdk.elb.v3.model.CreateMemberRequest()
          .withPoolId(po3.getPool().getId()).withBody(
          new com.huaweicloud.sdk.elb.v3.model.CreateMemberRequestBody().withMember(
              new com.huaweicloud.sdk.elb.v3.model.CreateMemberOption().withAddress(ip)
              .withProtocolPort(30080).withSubnetCidrId(cloud.subnetId())))));
      check("v3 CreateHealthMonitor", v3.createHealthMonitor(
          new com.huaweicloud.sdk.elb.v3.model.CreateHealthMonitorRequest().withBody(
          new com.huaweicloud.sdk.elb.v3.model.CreateHealthMonitorRequestBody().withHealthmonitor(
              new com.huaweicloud.sdk.elb.v3.model.CreateHealthMonitorOption()
              .withPoolId(po3.getPool().getId()).withType("TCP").withDelay(5).withTimeout(3).withMaxRetries(3)))));
      check("v3 ShowLoadBalancer", v3.showLoadBalancer(new com.huaweicloud.sdk.elb.v3.model.ShowLoadBalancerRequest()
          .withLoadbalancerId(id3)));
      check("v3 ListLoadBalancers", v3.listLoadBalancers(
          new com.huaweicloud.sdk.elb.v3.model.ListLoadBalancersRequest()));
      check("v3 ListListeners", v3.listListeners(new com.huaweicloud.sdk.elb.v3.model.ListListenersRequest()));
      check("v3 ListPools", v3.listPools(new com.huaweicloud.sdk.elb.v3.model.ListPoolsRequest()));
      check("v3 ListMembers", v3.listMembers(new com.huaweicloud.sdk.elb.v3.model.ListMembersRequest()
          .withPoolId(po3.getPool().getId())));
      check("v3 ListHealthMonitors", v3.listHealthMonitors(
          new com.huaweicloud.sdk.elb.v3.model.ListHealthMonitorsRequest()));
      check("v3 ListAvailabilityZones", v3.listAvailabilityZones(
          new com.huaweicloud.sdk.elb.v3.model.ListAvailabilityZonesRequest()));
      check("v3 ListFlavors", v3.listFlavors(new com.huaweicloud.sdk.elb.v3.model.ListFlavorsRequest()));
    }
    assertThat(unknown).hasSize(30).allSatisfy((call, fields) -> assertThat(fields).as(call).isEmpty());
  }
}

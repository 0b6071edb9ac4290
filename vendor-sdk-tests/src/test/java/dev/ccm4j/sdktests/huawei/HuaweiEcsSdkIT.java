package dev.ccm4j.sdktests.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.InterfaceAttachment;
import com.huaweicloud.sdk.ecs.v2.model.ListServerInterfacesRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServerInterfacesResponse;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsResponse;
import com.huaweicloud.sdk.ecs.v2.model.ServerAddress;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ECS calls the provider makes (ShowServer, ListServersDetails by {@code ip_eq} and by {@code name},
 * ListServerInterfaces), made by Huawei's official typed {@link EcsClient}: the SDK signs them, and its models
 * parse every field the provider relies on.
 */
class HuaweiEcsSdkIT {
  private static HuaweiEmulator cloud;
  private static EcsClient ecs;

  @BeforeAll
  static void start() {
    cloud = HuaweiSdk.emulator(3, Duration.ZERO);
    ecs = HuaweiSdk.client(EcsClient.newBuilder(), cloud);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void listServersDetailsByNameAndShowServer() {
    ListServersDetailsResponse byName = ecs.listServersDetails(
        new ListServersDetailsRequest().withName("^ccm4j-node-2$"));
    assertThat(byName.getHttpStatusCode()).isEqualTo(200);
    assertThat(byName.getCount()).isEqualTo(1);
    ServerDetail listed = byName.getServers().get(0);
    assertThat(listed.getName()).isEqualTo("ccm4j-node-2");

    ServerDetail server = ecs.showServer(new ShowServerRequest().withServerId(listed.getId())).getServer();
    assertThat(server.getId()).isEqualTo(listed.getId());
    assertThat(server.getName()).isEqualTo("ccm4j-node-2");
    assertThat(server.getStatus()).isEqualTo("ACTIVE");
    assertThat(server.getFlavor().getName()).isEqualTo("s6.large.2");
    assertThat(server.getFlavor().getVcpus()).isNotBlank();
    assertThat(server.getOsEXTAZAvailabilityZone()).isIn(cloud.availabilityZones());
    List<ServerAddress> addresses = server.getAddresses().get(cloud.vpcId());
    assertThat(addresses).isNotEmpty();
    assertThat(addresses.get(0).getOsEXTIPSType()).hasToString("fixed");
    assertThat(addresses.get(0).getAddr()).startsWith("192.168.");
    assertThat(addresses.get(0).getOsEXTIPSPortId()).isNotBlank();
  }

  @Test
  void listServersDetailsByExactIp() {
    ServerDetail first = ecs.listServersDetails(new ListServersDetailsRequest().withLimit(1)).getServers().get(0);
    String ip = first.getAddresses().get(cloud.vpcId()).get(0).getAddr();

    ListServersDetailsResponse byIp = ecs.listServersDetails(new ListServersDetailsRequest().withIpEq(ip));
    assertThat(byIp.getServers()).extracting(ServerDetail::getId).containsExactly(first.getId());
    ListServersDetailsResponse all = ecs.listServersDetails(new ListServersDetailsRequest());
    assertThat(all.getCount()).isEqualTo(3);
    assertThat(all.getServers()).hasSize(3);
  }

  @Test
  void listServerInterfaces() {
    ServerDetail server = ecs.listServersDetails(new ListServersDetailsRequest().withName("^ccm4j-node-1$"))
        .getServers().get(0);
    ListServerInterfacesResponse nics = ecs.listServerInterfaces(
        new ListServerInterfacesRequest().withServerId(server.getId()));
    assertThat(nics.getInterfaceAttachments()).hasSize(1);
    InterfaceAttachment nic = nics.getInterfaceAttachments().get(0);
    assertThat(nic.getPortState()).isEqualTo("ACTIVE");
    // net_id is the VPC API subnet id, not the IPv4 (Neutron) subnet id the fixed IP names
    assertThat(nic.getNetId()).isNotBlank().isNotEqualTo(cloud.subnetId());
    assertThat(nic.getPortId()).isNotBlank();
    assertThat(nic.getMacAddr()).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    assertThat(nic.getFixedIps()).singleElement().satisfies(ip -> {
      assertThat(ip.getSubnetId()).isEqualTo(cloud.subnetId());
      assertThat(ip.getIpAddress()).isEqualTo(server.getAddresses().get(cloud.vpcId()).get(0).getAddr());
    });
  }
}

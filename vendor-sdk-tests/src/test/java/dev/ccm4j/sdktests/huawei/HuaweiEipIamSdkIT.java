package dev.ccm4j.sdktests.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.ListServerInterfacesRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsResponse;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.eip.v2.EipClient;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipBandwidthOption;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipOption;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.CreatePublicipRequestBody;
import com.huaweicloud.sdk.eip.v2.model.DeletePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.DeletePublicipResponse;
import com.huaweicloud.sdk.eip.v2.model.ListPublicipsRequest;
import com.huaweicloud.sdk.eip.v2.model.PublicipCreateResp;
import com.huaweicloud.sdk.eip.v2.model.PublicipShowResp;
import com.huaweicloud.sdk.eip.v2.model.PublicipUpdateResp;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipOption;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipRequest;
import com.huaweicloud.sdk.eip.v2.model.UpdatePublicipsRequestBody;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.ProjectResult;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListProjectsRequest;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListProjectsResponse;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EIP v2 (create, bind to a port, list by port, unbind, delete) and IAM (list projects, and the SDK's own project
 * discovery when the credentials carry no project id) through the official clients.
 */
class HuaweiEipIamSdkIT {
  private static HuaweiEmulator cloud;

  @BeforeAll
  static void start() {
    cloud = HuaweiSdk.emulator(1, Duration.ZERO);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void createBindListUnbindAndDeleteAPublicip() {
    EipClient eip = HuaweiSdk.client(EipClient.newBuilder(), cloud);
    EcsClient ecs = HuaweiSdk.client(EcsClient.newBuilder(), cloud);
    String serverId = ecs.listServersDetails(new ListServersDetailsRequest()).getServers().get(0).getId();
    String portId = ecs.listServerInterfaces(new ListServerInterfacesRequest().withServerId(serverId))
        .getInterfaceAttachments().get(0).getPortId();

    PublicipCreateResp created = eip.createPublicip(new CreatePublicipRequest().withBody(
        new CreatePublicipRequestBody()
            .withPublicip(new CreatePublicipOption().withType("5_bgp"))
            .withBandwidth(new CreatePublicipBandwidthOption().withName("sdk-bw").withSize(5)
                .withShareType(CreatePublicipBandwidthOption.ShareTypeEnum.PER)
                .withChargeMode(CreatePublicipBandwidthOption.ChargeModeEnum.TRAFFIC))))
        .getPublicip();
    assertThat(created.getId()).isNotBlank();
    assertThat(created.getPublicIpAddress()).startsWith("121.36.");
    assertThat(created.getStatus()).hasToString("DOWN");
    assertThat(created.getBandwidthSize()).isEqualTo(5);

    PublicipUpdateResp bound = eip.updatePublicip(new UpdatePublicipRequest().withPublicipId(created.getId())
        .withBody(new UpdatePublicipsRequestBody().withPublicip(new UpdatePublicipOption().withPortId(portId))))
        .getPublicip();
    assertThat(bound.getPortId()).isEqualTo(portId);
    assertThat(bound.getStatus()).hasToString("ACTIVE");
    assertThat(bound.getPrivateIpAddress()).startsWith("192.168.");
    assertThat(cloud.eipPort(created.getId())).contains(portId);

    List<PublicipShowResp> byPort = eip.listPublicips(new ListPublicipsRequest().withPortId(List.of(portId)))
        .getPublicips();
    assertThat(byPort).extracting(PublicipShowResp::getId).containsExactly(created.getId());
    assertThat(byPort.get(0).getPublicIpAddress()).isEqualTo(created.getPublicIpAddress());

    PublicipUpdateResp unbound = eip.updatePublicip(new UpdatePublicipRequest().withPublicipId(created.getId())
        .withBody(new UpdatePublicipsRequestBody().withPublicip(new UpdatePublicipOption().withPortId(""))))
        .getPublicip();
    assertThat(unbound.getStatus()).hasToString("DOWN");
    DeletePublicipResponse deleted = eip.deletePublicip(new DeletePublicipRequest().withPublicipId(created.getId()));
    assertThat(deleted.getHttpStatusCode()).isEqualTo(204);
    assertThat(eip.listPublicips(new ListPublicipsRequest()).getPublicips())
        .extracting(PublicipShowResp::getId).doesNotContain(created.getId());
  }

  @Test
  void keystoneListProjects() {
    IamClient iam = HuaweiSdk.client(IamClient.newBuilder(), cloud);
    KeystoneListProjectsResponse byName = iam.keystoneListProjects(
        new KeystoneListProjectsRequest().withName(cloud.region()));
    assertThat(byName.getProjects()).singleElement().satisfies(p -> {
      assertThat(p.getId()).isEqualTo(cloud.projectId());
      assertThat(p.getName()).isEqualTo(cloud.region());
      assertThat(p.getEnabled()).isTrue();
      assertThat(p.getDomainId()).isNotBlank();
    });
    assertThat(iam.keystoneListProjects(new KeystoneListProjectsRequest()).getProjects())
        .extracting(ProjectResult::getName).contains(cloud.region(), "MOS");
  }

  @Test
  void withoutAProjectIdTheSdkFindsItThroughIam() {
    String endpoint = cloud.endpoint().toString();
    BasicCredentials noProject = new BasicCredentials().withAk(HuaweiSdk.ACCESS_KEY).withSk(HuaweiSdk.SECRET_KEY)
        .withIamEndpoint(endpoint);
    // a region, not a bare endpoint: the SDK names the project to look up after the region id
    EcsClient ecs = EcsClient.newBuilder()
        .withHttpConfig(HuaweiSdk.httpConfig())
        .withCredential(noProject)
        .withRegion(new Region(cloud.region(), endpoint))
        .build();
    ListServersDetailsResponse servers = ecs.listServersDetails(new ListServersDetailsRequest());
    assertThat(servers.getServers()).extracting(ServerDetail::getName).containsExactly("ccm4j-node-1");
    assertThat(cloud.control().journal("KeystoneListProjects")).isNotEmpty();
  }
}

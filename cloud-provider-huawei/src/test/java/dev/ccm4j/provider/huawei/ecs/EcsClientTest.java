package dev.ccm4j.provider.huawei.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EcsClientTest {
  private static final String ID1 = "5e1f2a3b-0000-4000-8000-000000000001";

  private MockWebServer server;
  private HuaweiApi api;
  private EcsClient ecs;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    api = TestApis.api(server);
    ecs = new EcsClient(api);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    server.close();
  }

  @Test
  void listingPagesByPageNumberUntilTheCountIsReached() throws Exception {
    server.enqueue(FakeEcs.json(200, "{\"servers\":[{\"id\":\"a\",\"name\":\"a\"},{\"id\":\"b\",\"name\":\"b\"}],"
        + "\"count\":3}"));
    server.enqueue(FakeEcs.json(200, "{\"servers\":[{\"id\":\"c\",\"name\":\"c\",\"status\":\"DELETED\"}],"
        + "\"count\":3}"));

    assertThat(ecs.listServersDetails(Map.of("name", "^x$"))).extracting(EcsClient::idOf).containsExactly("a", "b");

    RecordedRequest first = server.takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/" + FakeEcs.PROJECT + "/cloudservers/detail");
    assertThat(first.getUrl().queryParameter("limit")).isEqualTo("1000");
    assertThat(first.getUrl().queryParameter("offset")).isEqualTo("1");
    assertThat(first.getUrl().queryParameter("name")).isEqualTo("^x$");
    assertThat(first.getHeaders().get("Authorization")).startsWith("SDK-HMAC-SHA256 Access=TESTACCESSKEY");
    assertThat(server.takeRequest().getUrl().queryParameter("offset")).isEqualTo("2");
  }

  @Test
  void aListingWithoutCountStopsAtAShortPage() {
    server.enqueue(FakeEcs.json(200, "{\"servers\":[{\"id\":\"a\"}]}"));

    assertThat(ecs.listAllServers()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void subnetOfAddressComesFromTheInterfaceFixedIps() {
    server.enqueue(FakeEcs.json(200, "{\"interfaceAttachments\":[{\"port_state\":\"ACTIVE\",\"fixed_ips\":["
        + "{\"subnet_id\":\"sub-1\",\"ip_address\":\"192.168.0.5\"}]},{\"port_state\":\"ACTIVE\",\"fixed_ips\":["
        + "{\"subnet_id\":\"sub-2\",\"ip_address\":\"192.168.1.5\"}]}]}"));
    server.enqueue(FakeEcs.json(200, "{\"interfaceAttachments\":[]}"));

    assertThat(ecs.subnetOfAddress(ID1, "192.168.1.5")).contains("sub-2");
    assertThat(ecs.subnetOfAddress(ID1, "192.168.1.5")).isEmpty();
  }

  @Test
  void showServerIsEmptyOnlyOn404() {
    server.enqueue(FakeEcs.json(404, "{\"error\":{\"code\":\"Ecs.0114\",\"message\":\"not found\"}}"));
    server.enqueue(FakeEcs.json(500, "{\"error\":{\"code\":\"Ecs.0001\",\"message\":\"boom\"}}"));

    assertThat(ecs.showServer(ID1)).isEmpty();
    assertThatThrownBy(() -> ecs.showServer(ID1)).isInstanceOf(CloudProviderException.class);
  }

  @Test
  void idsThatWouldChangeThePathAreRefusedWithoutACall() {
    assertThatThrownBy(() -> ecs.showServer("../../v3/projects")).isInstanceOf(CloudProviderException.class);
    assertThatThrownBy(() -> ecs.interfaces("a/b")).isInstanceOf(CloudProviderException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void securityGroupActionsSendNovaBodies() throws Exception {
    server.enqueue(FakeEcs.json(202, ""));
    server.enqueue(FakeEcs.json(202, ""));

    ecs.addSecurityGroup(ID1, "sg-1");
    ecs.removeSecurityGroup(ID1, "sg-1");

    RecordedRequest add = server.takeRequest();
    assertThat(add.getMethod()).isEqualTo("POST");
    assertThat(add.getUrl().encodedPath()).isEqualTo("/v2.1/" + FakeEcs.PROJECT + "/servers/" + ID1 + "/action");
    assertThat(add.getBody().utf8()).isEqualTo("{\"addSecurityGroup\":{\"name\":\"sg-1\"}}");
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"removeSecurityGroup\":{\"name\":\"sg-1\"}}");
  }
}

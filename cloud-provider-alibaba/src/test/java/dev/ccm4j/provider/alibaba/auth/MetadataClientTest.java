package dev.ccm4j.provider.alibaba.auth;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataClientTest {
  private final OkHttpClient http = new OkHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private MetadataServer server;
  private MetadataClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MetadataServer();
    client = new MetadataClient(http, server.endpoint(), clock, 3, Duration.ofMillis(1));
  }

  @AfterEach
  void stop() {
    server.close();
    http.connectionPool().evictAll();
  }

  @Test
  void getsResourcesWithOneImdsV2TokenForManyRequests() {
    server.put("region-id", "cn-hangzhou\n").put("vpc-id", "vpc-123");
    assertThat(client.get("region-id")).isEqualTo("cn-hangzhou");
    assertThat(client.get("/vpc-id")).isEqualTo("vpc-123");
    assertThat(client.get("region-id")).isEqualTo("cn-hangzhou");
    assertThat(server.hits("/latest/api/token")).isEqualTo(1);
    assertThat(server.requests()).filteredOn(r -> r.getUrl().encodedPath().startsWith("/latest/meta-data/"))
        .allSatisfy(r -> assertThat(r.getHeaders().get("X-aliyun-ecs-metadata-token"))
            .isEqualTo(MetadataServer.TOKEN));
  }

  @Test
  void renewsTheTokenBeforeItsSixHoursRunOut() {
    server.put("zone-id", "cn-hangzhou-k");
    client.get("zone-id");
    clock.advance(Duration.ofHours(5).plusMinutes(50));
    client.get("zone-id");
    assertThat(server.hits("/latest/api/token")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(6));
    client.get("zone-id");
    assertThat(server.hits("/latest/api/token")).isEqualTo(2);
  }

  @Test
  void neverGoesThroughTheSharedClientsProxy() throws Exception {
    try (mockwebserver3.MockWebServer proxy = new mockwebserver3.MockWebServer()) {
      proxy.start(InetAddress.getLoopbackAddress(), 0);
      OkHttpClient proxied = new OkHttpClient.Builder()
          .proxy(new java.net.Proxy(java.net.Proxy.Type.HTTP, proxy.getSocketAddress()))
          .build();
      server.put("region-id", "cn-shenzhen");
      MetadataClient c = new MetadataClient(proxied, server.endpoint(), clock, 1, Duration.ofMillis(1));
      assertThat(c.get("region-id")).isEqualTo("cn-shenzhen");
      assertThat(proxy.getRequestCount()).isZero();
      proxied.connectionPool().evictAll();
    }
  }

  @Test
  void listsLines() {
    server.put("dns-conf/nameservers", "100.100.2.136\n100.100.2.138\n\n");
    assertThat(client.list("dns-conf/nameservers")).containsExactly("100.100.2.136", "100.100.2.138");
  }

  @Test
  void retriesServerErrorsAFewTimes() {
    server.put("instance-id", "i-abc").fail("/latest/meta-data/instance-id", 2);
    assertThat(client.get("instance-id")).isEqualTo("i-abc");
    assertThat(server.hits("/latest/meta-data/instance-id")).isEqualTo(3);

    server.fail("/latest/meta-data/instance-id", 3);
    assertThatThrownBy(() -> client.get("instance-id"))
        .isInstanceOf(CloudProviderException.class)
        .hasMessage("Aliyun metadata service: instance-id: HTTP 500");
    assertThat(server.hits("/latest/meta-data/instance-id")).isEqualTo(6);
  }

  @Test
  void aClientErrorIsNotRetriedAndTheBodyIsNotQuoted() {
    assertThatThrownBy(() -> client.get("no-such-thing"))
        .isInstanceOf(CloudProviderException.class)
        .hasMessage("Aliyun metadata service: no-such-thing: HTTP 404");
    assertThat(server.hits("/latest/meta-data/no-such-thing")).isEqualTo(1);
  }

  @Test
  void worksWithoutTokensWhenTheServiceIssuesNone() {
    server.tokenStatus(404).requireToken(false).put("region-id", "eu-central-1");
    assertThat(client.get("region-id")).isEqualTo("eu-central-1");
    assertThat(client.get("region-id")).isEqualTo("eu-central-1");
    // it stops asking for tokens once the service said it has none
    assertThat(server.hits("/latest/api/token")).isEqualTo(1);
    assertThat(server.requests()).filteredOn(r -> r.getUrl().encodedPath().startsWith("/latest/meta-data/"))
        .allSatisfy(r -> assertThat(r.getHeaders().get("X-aliyun-ecs-metadata-token")).isNull());
  }

  @Test
  void anUnreachableServiceNamesHostAndResource() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MetadataClient dead = new MetadataClient(http, URI.create("http://127.0.0.1:" + port), clock, 2,
        Duration.ofMillis(1));
    assertThatThrownBy(() -> dead.get("region-id"))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("region-id");
  }
}

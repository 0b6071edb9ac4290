package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata service: IMDSv2 tokens, plain-text values of the host instance, and expiring RAM role credentials. */
class MetadataServiceIT {
  private final MutableClock clock = new MutableClock();

  private static HttpRequest.Builder at(AlibabaEmulator cloud, String path) {
    return HttpRequest.newBuilder(URI.create(cloud.endpoint() + path)).timeout(Duration.ofSeconds(5));
  }

  private static String token(RpcClient client, AlibabaEmulator cloud, int ttl) {
    HttpResponse<String> r = client.raw(at(cloud, "/latest/api/token")
        .header("X-aliyun-ecs-metadata-token-ttl-seconds", Integer.toString(ttl))
        .PUT(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void plainTextValuesDescribeTheFirstInstance() {
    try (AlibabaEmulator cloud = AlibabaEmulator.builder().clock(clock).build().start()) {
      RpcClient client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(), clock);
      String token = token(client, cloud, 60);
      EcsInstance host = cloud.state().ecs().instances().get(0);
      Map<String, String> expected = Map.of("region-id", "cn-hangzhou", "instance-id", host.instanceId(),
          "private-ipv4", host.privateIp(), "vpc-id", cloud.state().vpcId(), "vswitch-id", host.vSwitchId(),
          "zone-id", host.zoneId());
      expected.forEach((resource, value) -> {
        HttpResponse<String> r = client.raw(at(cloud, "/latest/meta-data/" + resource)
            .header("X-aliyun-ecs-metadata-token", token).GET().build());
        assertThat(r.statusCode()).as(resource).isEqualTo(200);
        assertThat(r.body()).as(resource).isEqualTo(value);
      });
      assertThat(client.raw(at(cloud, "/latest/meta-data/no-such-thing").GET().build()).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void tokensAreCheckedWhenSentAndRequiredInHardenedMode() {
    try (AlibabaEmulator cloud = AlibabaEmulator.builder().clock(clock).metadataTokenRequired(true).build()
        .start()) {
      RpcClient client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(), clock);
      assertThat(client.raw(at(cloud, "/latest/meta-data/region-id").GET().build()).statusCode()).isEqualTo(401);
      assertThat(client.raw(at(cloud, "/latest/meta-data/region-id").header("X-aliyun-ecs-metadata-token",
          "forged").GET().build()).statusCode()).isEqualTo(401);
      assertThat(client.raw(at(cloud, "/latest/api/token").PUT(HttpRequest.BodyPublishers.noBody()).build())
          .statusCode()).as("a token needs a TTL").isEqualTo(400);
      String token = token(client, cloud, 30);
      HttpRequest read = at(cloud, "/latest/meta-data/region-id").header("X-aliyun-ecs-metadata-token", token)
          .GET().build();
      assertThat(client.raw(read).statusCode()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(31));
      assertThat(client.raw(read).statusCode()).as("expired token").isEqualTo(401);
    }
  }

  @Test
  void ramRoleCredentialsWorkWithTheirTokenRotateAndExpire() {
    try (AlibabaEmulator cloud = AlibabaEmulator.builder().clock(clock).ramRole("worker-role")
        .ramCredentialsLifetime(Duration.ofMinutes(20)).build().start()) {
      RpcClient client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(), clock);
      assertThat(client.raw(at(cloud, "/latest/meta-data/ram/security-credentials/").GET().build()).body())
          .isEqualTo("worker-role");
      JsonObject first = credentials(client, cloud);
      assertThat(first.get("Code").getAsString()).isEqualTo("Success");
      assertThat(Instant.parse(first.get("Expiration").getAsString())).isEqualTo(clock.instant()
          .plus(Duration.ofMinutes(20)));
      assertThat(first.get("AccessKeyId").getAsString()).startsWith("STS.");

      RpcClient sts = new RpcClient(cloud.endpoint(), "x", "x", clock).credentials(
          first.get("AccessKeyId").getAsString(), first.get("AccessKeySecret").getAsString(),
          first.get("SecurityToken").getAsString());
      assertThat(sts.get("DescribeInstances", RpcClient.ECS, Map.of()).status()).isEqualTo(200);
      assertThat(sts.acs3("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-hangzhou"), Map.of())
          .status()).isEqualTo(200);
      RpcClient noToken = new RpcClient(cloud.endpoint(), first.get("AccessKeyId").getAsString(),
          first.get("AccessKeySecret").getAsString(), clock);
      assertThat(noToken.get("DescribeInstances", RpcClient.ECS, Map.of()).code())
          .isEqualTo("InvalidSecurityToken.MismatchWithAccessKey");
      RpcClient wrongSecret = new RpcClient(cloud.endpoint(), "x", "x", clock).credentials(
          first.get("AccessKeyId").getAsString(), "not-the-secret", first.get("SecurityToken").getAsString());
      for (RpcClient.Answer refused : java.util.List.of(wrongSecret.get("DescribeInstances", RpcClient.ECS, Map.of()),
          wrongSecret.acs3("DescribeInstances", RpcClient.ECS, Map.of(), Map.of()))) {
        assertThat(refused.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(refused.text()).as("the server's string to sign is not echoed when it holds a token")
            .doesNotContain(first.get("SecurityToken").getAsString());
      }

      clock.advance(Duration.ofMinutes(5));
      assertThat(credentials(client, cloud)).as("unchanged before half the lifetime").isEqualTo(first);
      clock.advance(Duration.ofMinutes(6));
      JsonObject second = credentials(client, cloud);
      assertThat(second.get("AccessKeyId")).isNotEqualTo(first.get("AccessKeyId"));
      assertThat(sts.get("DescribeInstances", RpcClient.ECS, Map.of()).status())
          .as("the old set stays valid until its expiry").isEqualTo(200);

      clock.advance(Duration.ofMinutes(10));
      RpcClient.Answer expired = sts.get("DescribeInstances", RpcClient.ECS, Map.of());
      assertThat(expired.status()).isEqualTo(400);
      assertThat(expired.code()).isEqualTo("InvalidSecurityToken.Expired");
      assertThat(expired.text()).doesNotContain(first.get("SecurityToken").getAsString())
          .doesNotContain(first.get("AccessKeySecret").getAsString());
    }
  }

  @Test
  void aDisabledRoleIsNotFound() {
    try (AlibabaEmulator cloud = AlibabaEmulator.builder().clock(clock).ramRole("").build().start()) {
      RpcClient client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(), clock);
      assertThat(client.raw(at(cloud, "/latest/meta-data/ram/security-credentials/").GET().build()).statusCode())
          .isEqualTo(404);
    }
  }

  private static JsonObject credentials(RpcClient client, AlibabaEmulator cloud) {
    HttpResponse<String> r = client.raw(at(cloud, "/latest/meta-data/ram/security-credentials/" + cloud.ramRole())
        .GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }
}

package dev.ccm4j.provider.alibaba.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.CloudApiThrottledException;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link AlibabaApi} against the Alibaba emulator over real HTTP, which verifies every signature. */
class AlibabaApiEmulatorIT {
  private static final String AK_ID = "LTAI-it-access-key";
  private static final String AK_SECRET = "it-access-key-secret-value";
  private static AlibabaEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = AlibabaEmulator.builder().accessKey(AK_ID, AK_SECRET).instances(3).build().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.server().faults().clear();
  }

  private static AlibabaApi api(Consumer<JsonObject> edit) {
    JsonObject root = JsonParser.parseString(emulator.cloudConfig()).getAsJsonObject();
    edit.accept(root.getAsJsonObject("Global"));
    return AlibabaApi.create(AlibabaCloudConfig.parse(CloudConfig.of(root.toString()), Map.of()), Map.of(), null);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ACS3-HMAC-SHA256", "HMAC-SHA1"})
  void bothSignersAreAcceptedByEveryProduct(String algorithm) {
    try (AlibabaApi api = api(g -> g.addProperty("signatureAlgorithm", algorithm))) {
      JsonObject instances = api.call(Product.ECS, "DescribeInstances", RpcParams.create().put("MaxResults", 100));
      assertThat(instances.getAsJsonObject("Instances").getAsJsonArray("Instance")).hasSize(3);
      String id = instances.getAsJsonObject("Instances").getAsJsonArray("Instance").get(0).getAsJsonObject()
          .get("InstanceId").getAsString();
      JsonObject one = api.call(Product.ECS, "DescribeInstances",
          RpcParams.create().putJson("InstanceIds", List.of(id)));
      assertThat(one.getAsJsonObject("Instances").getAsJsonArray("Instance")).hasSize(1);
      assertThat(api.call(Product.VPC, "DescribeRouteTableList", RpcParams.create()
          .put("VpcId", emulator.state().vpcId())).has("RequestId")).isTrue();
      assertThat(api.call(Product.SLB, "DescribeLoadBalancers", RpcParams.create()).has("RequestId")).isTrue();
    }
  }

  @Test
  void aWrongSecretIsRefusedAsAnAuthErrorNotANotFound() {
    try (AlibabaApi api = api(g -> g.addProperty("accessKeySecret", b64("not-the-secret")))) {
      assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
          .isInstanceOfSatisfying(CloudApiException.class, e -> {
            assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
          })
          .hasMessageNotContaining("not-the-secret");
    }
    try (AlibabaApi api = api(g -> g.addProperty("accessKeyID", b64("LTAI-unknown")))) {
      assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
          .isInstanceOfSatisfying(CloudApiException.class, e -> {
            assertThat(e).isNotInstanceOf(CloudResourceNotFoundException.class);
            assertThat(e.code()).isEqualTo("InvalidAccessKeyId.NotFound");
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
          });
    }
  }

  @Test
  void ramRoleCredentialsFromTheEmulatorsMetadataService() {
    try (AlibabaApi api = api(g -> {
      g.remove("accessKeyID");
      g.remove("accessKeySecret");
    })) {
      assertThat(api.credentials().source()).isEqualTo("ram-role");
      assertThat(api.call(Product.ECS, "DescribeInstances", RpcParams.create()).has("Instances")).isTrue();
      assertThat(api.credentials().current().securityToken()).isPresent();
    }
  }

  @Test
  void injectedThrottlingIsAThrottledException() {
    emulator.server().faults().add(FaultRule.builder().operation("DescribeInstances")
        .failTimes(1, 400, "Throttling.User", "Request was denied due to user flow control.")
        .retryAfter(Duration.ofSeconds(2)).build());
    try (AlibabaApi api = api(g -> { })) {
      assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
          .isInstanceOfSatisfying(CloudApiThrottledException.class, e -> {
            assertThat(e.code()).isEqualTo("Throttling.User");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
          });
      // the fault was for one call only
      assertThat(api.call(Product.ECS, "DescribeInstances", RpcParams.create()).has("Instances")).isTrue();
    }
  }

  @Test
  void anUnknownInstanceIsNotFound() {
    try (AlibabaApi api = api(g -> { })) {
      assertThatThrownBy(() -> api.call(Product.ECS, "StopInstance", RpcParams.create().put("InstanceId", "i-nope")))
          .isInstanceOf(CloudResourceNotFoundException.class);
    }
  }
}

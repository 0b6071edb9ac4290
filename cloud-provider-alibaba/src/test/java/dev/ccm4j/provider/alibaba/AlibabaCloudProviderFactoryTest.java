package dev.ccm4j.provider.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.ProviderController;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlibabaCloudProviderFactoryTest {
  private final AlibabaCloudProviderFactory factory = new AlibabaCloudProviderFactory();

  @Test
  void nameAndAliases() {
    assertThat(factory.name()).isEqualTo("alibaba");
    assertThat(factory.aliases()).containsExactlyInAnyOrder("alicloud", "alibabacloud");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alibaba", "alicloud", "alibabacloud"})
  void theServiceLoaderFindsItByNameAndAlias(String name) {
    try (CloudProvider provider = CloudProviders.create(name, CloudConfig.of(config("127.0.0.1:1", "")),
        getClass().getClassLoader())) {
      assertThat(provider).isInstanceOf(AlibabaCloudProvider.class);
      assertThat(provider.name()).isEqualTo("alibaba");
      assertThat(provider.instancesV2()).isPresent();
      assertThat(provider.routes()).isPresent();
      assertThat(provider.hasClusterId()).isTrue();
    }
  }

  @Test
  void aBadKeyStopsCreationNamingTheKeyButNotTheSecret() {
    String bad = config("127.0.0.1:1", ",\"sgBatchSize\":99");
    assertThatThrownBy(() -> factory.create(CloudConfig.of(bad), Map.of()))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("sgBatchSize")
        .hasMessageNotContaining("factory-secret");
  }

  @Test
  void creationMakesNoNetworkCall() throws IOException {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      server.setSoTimeout(300);
      String endpoint = "http://127.0.0.1:" + server.getLocalPort();
      // no region either: the region would be asked of the metadata service, which must wait for initialize
      String noRegion = "{\"Global\":{\"accessKeyID\":\"" + b64("factory-id") + "\",\"accessKeySecret\":\""
          + b64("factory-secret") + "\",\"ecsEndpoint\":\"" + endpoint + "\",\"vpcEndpoint\":\"" + endpoint
          + "\",\"slbEndpoint\":\"" + endpoint + "\",\"nlbEndpoint\":\"" + endpoint + "\",\"metadataEndpoint\":\""
          + endpoint + "\"}}";
      for (String text : new String[] {config(endpoint.substring(7), ""), noRegion}) {
        try (AlibabaCloudProvider provider = factory.create(CloudConfig.of(text), Map.of())) {
          assertThat(provider.ownsProviderId("cn-hangzhou.i-abc")).isTrue();
          // the core reads the capabilities and the contributed controllers before leader election
          assertThat(provider.controllers()).extracting(ProviderController::name)
              .contains("nlb", "alibaba-source-dest-check");
          assertThat(provider.loadBalancer()).isPresent();
          assertThatThrownBy(server::accept).as("a connection made by create(), controllers() or loadBalancer()")
              .isInstanceOf(SocketTimeoutException.class);
        }
      }
    }
  }

  @Test
  void ownsUpstreamsProviderIdsOnly() {
    try (AlibabaCloudProvider provider = factory.create(CloudConfig.of(config("127.0.0.1:1", "")), Map.of())) {
      assertThat(provider.ownsProviderId("cn-hangzhou.i-bp1")).isTrue();
      assertThat(provider.ownsProviderId("alicloud://cn-hangzhou.i-bp1")).isTrue();
      assertThat(provider.ownsProviderId("alibaba://i-bp1")).isFalse();
      assertThat(provider.ownsProviderId("cn-hangzhou.192.168.0.1")).isFalse();
      assertThat(provider.ownsProviderId("")).isFalse();
      assertThat(provider.ownsProviderId(null)).isFalse();
    }
  }

  private static String config(String endpoint, String extra) {
    return "{\"Global\":{\"region\":\"cn-hangzhou\",\"vpcid\":\"vpc-1\",\"accessKeyID\":\"" + b64("factory-id")
        + "\",\"accessKeySecret\":\"" + b64("factory-secret") + "\",\"ecsEndpoint\":\"http://" + endpoint
        + "\",\"vpcEndpoint\":\"http://" + endpoint + "\",\"slbEndpoint\":\"http://" + endpoint
        + "\",\"nlbEndpoint\":\"http://" + endpoint + "\",\"metadataEndpoint\":\"http://" + endpoint + "\"" + extra
        + "}}";
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}

package dev.ccm4j.provider.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProviderFactory;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.testkit.time.MutableClock;
import io.kubernetes.client.openapi.ApiClient;
import java.net.InetAddress;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HuaweiCloudProviderFactoryTest {
  private static final String SECRET = "factory-Secret-Key-Never-Shown";
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private CloudConfig config(String extra) {
    return CloudConfig.of("[Global]\nregion=cn-north-4\naccess-key=AK\nsecret-key=" + SECRET + "\nendpoint="
        + server.url("/") + "\nmetadata-endpoint=" + server.url("/") + "\n" + extra);
  }

  @Test
  void foundByNameAndAlias() {
    CloudProviderFactory byName = CloudProviders.factory("huaweicloud", getClass().getClassLoader());
    CloudProviderFactory byAlias = CloudProviders.factory("huawei", getClass().getClassLoader());
    assertThat(byName).isInstanceOf(HuaweiCloudProviderFactory.class);
    assertThat(byAlias).isInstanceOf(HuaweiCloudProviderFactory.class);
    assertThat(byName.name()).isEqualTo("huaweicloud");
    assertThat(byName.aliases()).containsExactly("huawei");
  }

  @Test
  void creatingAndInitializingCallNoCloud() throws Exception {
    try (HuaweiCloudProvider p = new HuaweiCloudProviderFactory().create(config(""), new MutableClock())) {
      assertThat(p.name()).isEqualTo("huaweicloud");
      assertThat(p.instancesV2()).isPresent();
      assertThat(p.hasClusterId()).isTrue();
      assertThat(p.loadBalancer()).isPresent();
      assertThat(p.controllers()).extracting(ProviderController::name).containsExactly("huaweicloud-elb");
      assertThat(p.controllers().get(0)).isInstanceOfSatisfying(LoadBalancerClassController.class,
          c -> assertThat(c.loadBalancerClass()).isEqualTo("huaweicloud.com/elb"));
      p.initialize(ProviderContext.builder("kubernetes", name -> new ApiClient()).build());
      assertThat(p.clusterName()).contains("kubernetes");
      assertThat(p.toString()).doesNotContain(SECRET);
      assertThat(p.api().redactor().redact("x " + SECRET)).doesNotContain(SECRET);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void temporaryCredentialsAreNotFetchedAtCreation() {
    CloudConfig metadata = CloudConfig.of("[Global]\nregion=cn-north-4\nendpoint=" + server.url("/")
        + "\nmetadata-endpoint=" + server.url("/") + "\n");
    try (HuaweiCloudProvider p = new HuaweiCloudProviderFactory().create(metadata, new MutableClock())) {
      assertThat(p.config().accessKey()).isEmpty();
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void securityGroupIdAddsTheNodeController() {
    try (HuaweiCloudProvider p = new HuaweiCloudProviderFactory().create(config("[Vpc]\nsecurity-group-id=sg-1\n"),
        new MutableClock())) {
      assertThat(p.controllers()).extracting(ProviderController::name)
          .containsExactly("huaweicloud-node-security-group", "huaweicloud-elb");
      assertThat(p.controllers()).as("the same controllers on every call").isEqualTo(p.controllers());
    }
  }

  @Test
  void ownsBothProviderIdForms() {
    try (HuaweiCloudProvider p = new HuaweiCloudProviderFactory().create(config(""), new MutableClock())) {
      assertThat(p.ownsProviderId("huaweicloud://5e4c3d2b-1a09-4f8e-9d7c-6b5a4f3e2d1c")).isTrue();
      assertThat(p.ownsProviderId("5e4c3d2b-1a09-4f8e-9d7c-6b5a4f3e2d1c")).isTrue();
      assertThat(p.ownsProviderId("alicloud://i-1")).isFalse();
      assertThat(p.ownsProviderId(null)).isFalse();
    }
  }

  @Test
  void configErrorsStopStartUp() {
    HuaweiCloudProviderFactory f = new HuaweiCloudProviderFactory();
    assertThatThrownBy(() -> f.create(CloudConfig.empty())).isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("region");
    assertThatThrownBy(() -> f.create(CloudConfig.of("[Global]\naccess-key=AK\nsecret-key=" + SECRET + "\n")))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("region")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void userAgentNamesTheProviderAndVersion() {
    assertThat(HuaweiCloudProviderFactory.userAgent()).matches("ccm4j-huaweicloud/\\S+");
  }
}

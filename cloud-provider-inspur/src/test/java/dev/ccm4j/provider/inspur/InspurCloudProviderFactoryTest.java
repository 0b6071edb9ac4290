package dev.ccm4j.provider.inspur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProviderFactory;
import dev.ccm4j.api.CloudProviders;
import org.junit.jupiter.api.Test;

class InspurCloudProviderFactoryTest {
  private static final String SECRET = "factory-secret&=";

  @Test
  void foundByNameAndAlias() {
    CloudProviderFactory byName = CloudProviders.factory("incloud", getClass().getClassLoader());
    CloudProviderFactory byAlias = CloudProviders.factory("inspur", getClass().getClassLoader());
    assertThat(byName).isInstanceOf(InspurCloudProviderFactory.class);
    assertThat(byAlias).isInstanceOf(InspurCloudProviderFactory.class);
    assertThat(byName.aliases()).containsExactly("inspur");
  }

  @Test
  void noCloudConfigNamesEveryKeyItNeeds() {
    assertThatThrownBy(() -> new InspurCloudProviderFactory().create(CloudConfig.empty()))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("slbUrl-pre").hasMessageContaining("keycloakUrl").hasMessageContaining("client-secret")
        .hasMessageContaining("token-client-id").hasMessageContaining("requested-subject");
  }

  @Test
  void creatingCallsNothingAndShowsNoSecret() {
    // unroutable endpoints: creation must not connect anywhere
    String config = "slbUrl-pre=https://192.0.2.1/slb/v1/slbs\nkeycloakUrl=https://192.0.2.1/token\n"
        + "client-secret=" + SECRET + "\ntoken-client-id=c\nrequested-subject=u\n";
    try (InspurCloudProvider provider = (InspurCloudProvider) new InspurCloudProviderFactory()
        .create(CloudConfig.of(config))) {
      assertThat(provider.name()).isEqualTo("incloud");
      assertThat(provider.toString()).doesNotContain(SECRET).contains("192.0.2.1");
      assertThat(provider.slb().toString()).doesNotContain(SECRET);
      assertThat(provider.tokens().toString()).doesNotContain(SECRET);
    }
  }
}

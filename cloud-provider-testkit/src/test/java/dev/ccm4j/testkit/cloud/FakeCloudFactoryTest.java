package dev.ccm4j.testkit.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.Zone;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeCloudFactoryTest {
  private final ClassLoader loader = getClass().getClassLoader();

  @AfterEach
  void forgetClouds() {
    FakeCloudFactory.reset();
  }

  @Test
  void loadsByNameThroughTheServiceLoader() {
    assertThat(CloudProviders.available(loader)).contains("fake");
    CloudProvider provider = CloudProviders.load("fake", null);
    assertThat(provider).isInstanceOf(FakeCloud.class);
    assertThat(provider.name()).isEqualTo("fake");
    assertThat(FakeCloudFactory.lastCreated()).containsSame((FakeCloud) provider);
    assertThat(provider.instancesV2()).isPresent();
  }

  @Test
  void eachCreateMakesANewCloudAndResetForgetsThem() {
    CloudProvider first = CloudProviders.create("fake", CloudConfig.empty(), loader);
    CloudProvider second = CloudProviders.create("fake", CloudConfig.of("  \n"), loader);
    assertThat(second).isNotSameAs(first);
    assertThat(FakeCloudFactory.lastCreated()).containsSame((FakeCloud) second);
    FakeCloudFactory.reset();
    assertThat(FakeCloudFactory.lastCreated()).isEmpty();
  }

  @Test
  void appliesAJsonConfigFromAFileAndRegistersTheCloudByName(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("fake.json");
    Files.writeString(config, """
        {
          "registryName": "json-test",
          "hasClusterId": false,
          "enableRouteNodeAddresses": true,
          "disabled": ["ROUTES", "CLUSTERS"],
          "localZone": {"zone": "zone-l", "region": "region-l"},
          "clusters": {"kubernetes": "10.0.0.1"},
          "instances": [
            {"name": "n1", "instanceType": "small", "zone": "zone-a", "region": "region-1",
             "labels": {"team": "blue"}, "addresses": [{"type": "InternalIP", "address": "10.0.0.11"}]},
            {"name": "n2", "providerId": "fake://i-2", "state": "STOPPED"},
            {"name": "n3", "provisioning": true}
          ]
        }
        """, StandardCharsets.UTF_8);

    FakeCloud cloud = (FakeCloud) CloudProviders.load("fake", config);
    assertThat(FakeCloudFactory.named("json-test")).containsSame(cloud);
    assertThat(FakeCloudFactory.named("other")).isEmpty();
    assertThat(cloud.hasClusterId()).isFalse();
    assertThat(cloud.routes()).isEmpty();
    assertThat(cloud.clusters()).isEmpty();
    assertThat(cloud.zones().orElseThrow().getZone()).isEqualTo(Zone.of("zone-l", "region-l"));

    InstanceMetadata md = cloud.instancesV2().orElseThrow().instanceMetadata(node("n1")).orElseThrow();
    assertThat(md.providerId()).isEqualTo("fake://n1");
    assertThat(md.instanceType()).isEqualTo("small");
    assertThat(md.additionalLabels()).containsEntry("team", "blue");
    assertThat(md.nodeAddresses()).hasSize(1);
    assertThat(cloud.instance("n2")).map(FakeInstance::state).contains(InstanceState.STOPPED);
    assertThat(cloud.instance("n2")).map(FakeInstance::providerId).contains("fake://i-2");
    assertThat(cloud.instancesV2().orElseThrow().instanceMetadata(node("n3"))).isEmpty();

    cloud.enable(Capability.CLUSTERS);
    assertThat(cloud.clusters().orElseThrow().master("kubernetes")).isEqualTo("10.0.0.1");
  }

  @Test
  void providerNameSetsTheIdScheme() {
    FakeCloud cloud = (FakeCloud) CloudProviders.create("fake",
        CloudConfig.of("{\"providerName\": \"acme\", \"instances\": [{\"name\": \"n1\"}]}"), loader);
    assertThat(cloud.name()).isEqualTo("acme");
    assertThat(cloud.instance("n1").orElseThrow().providerId()).isEqualTo("acme://n1");
  }

  @Test
  void invalidConfigsNameTheProblem() {
    assertThatThrownBy(() -> CloudProviders.create("fake", CloudConfig.of("{\"instances\": [{}]}"), loader))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("instances[0].name");
    assertThatThrownBy(() -> CloudProviders.create("fake", CloudConfig.of("{\"disabled\": [\"TELEPORT\"]}"), loader))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("disabled");
    assertThatThrownBy(() -> CloudProviders.create("fake", CloudConfig.of("{\"providerName\": \"Bad Name\"}"), loader))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("Bad Name");
    assertThatThrownBy(() -> CloudProviders.create("fake", CloudConfig.of("not json"), loader))
        .isInstanceOf(CloudConfigException.class);
    assertThat(FakeCloudFactory.lastCreated()).isEmpty();
  }

  private static V1Node node(String name) {
    return new V1Node().metadata(new V1ObjectMeta().name(name));
  }
}

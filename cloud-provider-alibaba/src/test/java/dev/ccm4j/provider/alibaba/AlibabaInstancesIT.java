package dev.ccm4j.provider.alibaba;

import static dev.ccm4j.provider.alibaba.ProviderTestSupport.instance;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.node;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.providerId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AlibabaInstances} against the emulator over real HTTP, signed as the provider signs in production. */
class AlibabaInstancesIT {
  private static AlibabaEmulator emulator;
  private static AlibabaCloudProvider provider;
  private static InstancesV2 instances;

  @BeforeAll
  static void start() {
    emulator = AlibabaEmulator.builder().accessKey("it-key", "it-secret-value").instances(0)
        .instanceTransition(Duration.ZERO).build().start();
    provider = ProviderTestSupport.provider(emulator, Duration.ofSeconds(3));
    instances = provider.instancesV2().orElseThrow();
  }

  @AfterAll
  static void stop() {
    provider.close();
    emulator.close();
  }

  @BeforeEach
  void clearJournal() {
    emulator.control().clearJournal();
  }

  @AfterEach
  void clearFaults() {
    emulator.control().clearFaults();
  }

  @Test
  void batchOf250NodesCostsThreeDescribeInstancesCalls() {
    List<V1Node> nodes = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      nodes.add(node(instance(emulator, "batch-" + i), true));
    }
    emulator.control().clearJournal();

    Map<String, MetadataLookup> batch = instances.instanceMetadata(nodes);

    assertThat(batch).hasSize(250).allSatisfy((name, lookup) -> assertThat(lookup)
        .as("lookup of %s", name).isInstanceOf(MetadataLookup.Found.class));
    assertThat(emulator.control().journal("DescribeInstances")).as("DescribeInstances calls for 250 nodes")
        .hasSize(3);
    InstanceMetadata first = ((MetadataLookup.Found) batch.get("batch-0")).metadata();
    assertThat(first.providerId()).isEqualTo(nodes.get(0).getSpec().getProviderID());
    assertThat(first.region()).isEqualTo(emulator.state().region());
  }

  @Test
  void metadataCarriesTheInstanceAndTheAlibabaLabels() {
    ControlInstance vm = instance(emulator, "meta");
    InstanceMetadata metadata = instances.instanceMetadata(node(vm, true)).orElseThrow();
    assertThat(metadata.providerId()).isEqualTo(emulator.state().region() + "." + vm.id());
    assertThat(metadata.instanceType()).isEqualTo(vm.instanceType()).isNotEmpty();
    assertThat(metadata.zone()).isEqualTo(vm.zone()).isNotEmpty();
    assertThat(metadata.region()).isEqualTo(vm.region());
    assertThat(metadata.nodeAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
        .contains("InternalIP=" + vm.privateIp(), "Hostname=meta");
    assertThat(metadata.additionalLabels()).containsKeys(AlibabaInstances.LABEL_CHARGE_TYPE);
  }

  @Test
  void aNodeWithoutProviderIdIsFoundByItsInternalIpInTheVpc() {
    ControlInstance vm = instance(emulator, "by-ip");
    InstanceMetadata metadata = instances.instanceMetadata(node(vm, false)).orElseThrow();
    assertThat(metadata.providerId()).isEqualTo(providerId(vm));
    assertThat(emulator.control().journal("DescribeInstances")).singleElement()
        .satisfies(e -> assertThat(e.params()).containsEntry("VpcId", emulator.state().vpcId())
            .containsEntry("Tag.1.Key", AlibabaInstances.DEFAULT_CLUSTER_TAG)
            .containsKey("PrivateIpAddresses"));
  }

  @Test
  void aNodeWithoutProviderIdAndAnUnknownOrAmbiguousIpIsAFailureNotMissing() {
    V1Node unknown = node("unknown-ip", null, "10.254.254.254");
    assertThatThrownBy(() -> instances.instanceExists(unknown))
        .isInstanceOf(CloudProviderException.class).isNotInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining("10.254.254.254").hasMessageContaining("--provider-id");

    V1Node twoIps = node("two-ips", null, "10.0.0.1", "10.0.0.2");
    assertThatThrownBy(() -> instances.instanceMetadata(twoIps))
        .isNotInstanceOf(InstanceNotFoundException.class).hasMessageContaining("several");
    assertThat(instances.instanceMetadata(List.of(unknown, twoIps)))
        .allSatisfy((name, lookup) -> assertThat(lookup).isInstanceOfSatisfying(MetadataLookup.Failed.class,
            f -> assertThat(f.error()).isNotInstanceOf(InstanceNotFoundException.class)));
  }

  @Test
  void aStoppedInstanceExistsAndIsShutDownUntilStarted() {
    ControlInstance vm = instance(emulator, "stop");
    V1Node node = node(vm, true);
    assertThat(instances.instanceShutdown(node)).isFalse();
    emulator.control().stopInstance(vm.id());
    assertThat(instances.instanceExists(node)).isTrue();
    assertThat(instances.instanceShutdown(node)).isTrue();
    assertThat(instances.instanceShutdown(node(vm, false))).as("found by IP").isTrue();
    emulator.control().startInstance(vm.id());
    assertThat(instances.instanceShutdown(node)).isFalse();
  }

  @Test
  void aTerminatedInstanceDoesNotExist() {
    ControlInstance vm = instance(emulator, "gone");
    ControlInstance alive = instance(emulator, "alive");
    emulator.control().terminateInstance(vm.id());
    V1Node node = node(vm, true);
    assertThat(instances.instanceExists(node)).isFalse();
    assertThatThrownBy(() -> instances.instanceMetadata(node)).isInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining(vm.id());
    Map<String, MetadataLookup> batch = instances.instanceMetadata(List.of(node, node(alive, true)));
    assertThat(batch.get("gone")).isInstanceOfSatisfying(MetadataLookup.Failed.class,
        f -> assertThat(f.error()).isInstanceOf(InstanceNotFoundException.class));
    assertThat(batch.get("alive")).isInstanceOf(MetadataLookup.Found.class);
  }

  @Test
  void aServerErrorNeverMeansTheInstanceIsGone() {
    ControlInstance vm = instance(emulator, "flaky");
    V1Node node = node(vm, true);
    emulator.control().addFault(FaultRule.builder().operation("DescribeInstances")
        .failTimes(3, 503, "ServiceUnavailable", "The request has failed due to a temporary failure.").build());

    assertThatThrownBy(() -> instances.instanceExists(node)).isNotInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining("ServiceUnavailable");
    assertThat(instances.instanceMetadata(List.of(node)).get("flaky"))
        .isInstanceOfSatisfying(MetadataLookup.Failed.class,
            f -> assertThat(f.error()).isNotInstanceOf(InstanceNotFoundException.class));
    assertThatThrownBy(() -> instances.instanceShutdown(node)).isNotInstanceOf(InstanceNotFoundException.class);
    assertThat(instances.instanceExists(node)).as("after the fault").isTrue();
  }

  @Test
  void throttlingIsReportedAsThrottled() {
    ControlInstance vm = instance(emulator, "throttled");
    emulator.control().addFault(FaultRule.builder().operation("DescribeInstances")
        .failTimes(1, 400, "Throttling.User", "Request was denied due to user flow control.").build());
    assertThatThrownBy(() -> instances.instanceExists(node(vm, true)))
        .satisfies(e -> assertThat(CloudProviderException.findInChain(e, ThrottledException.class)).isPresent());
  }

  @Test
  void theAlicloudPrefixIsAcceptedAndNotWrittenBack() {
    ControlInstance vm = instance(emulator, "prefixed");
    V1Node node = node(vm.name(), "alicloud://" + providerId(vm), vm.privateIp());
    assertThat(instances.instanceExists(node)).isTrue();
    assertThat(instances.instanceMetadata(node).orElseThrow().providerId()).isEqualTo(providerId(vm));
  }

  @Test
  void theClassicHmacSha1SignatureServesTheSameLookups() {
    ControlInstance vm = instance(emulator, "classic");
    JsonObject config = Json.parse(emulator.cloudConfig());
    config.getAsJsonObject("Global").addProperty("signatureAlgorithm", "HMAC-SHA1");
    try (AlibabaCloudProvider classic = new AlibabaCloudProviderFactory()
        .create(CloudConfig.of(config.toString()), Map.of())) {
      assertThat(classic.instancesV2().orElseThrow().instanceMetadata(node(vm, false)).orElseThrow().providerId())
          .isEqualTo(providerId(vm));
    }
    assertThat(emulator.control().journal("DescribeInstances")).singleElement()
        .satisfies(e -> assertThat(e.params()).containsEntry("SignatureMethod", "HMAC-SHA1"));
  }

  @Test
  void aMalformedProviderIdIsAClearFailure() {
    V1Node node = node("bad-id", "cn-hangzhou", "10.0.0.1");
    assertThatThrownBy(() -> instances.instanceExists(node)).isNotInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining("bad-id").hasMessageContaining("<region>.<instance-id>");
    assertThat(emulator.control().journal("DescribeInstances")).isEmpty();
  }
}

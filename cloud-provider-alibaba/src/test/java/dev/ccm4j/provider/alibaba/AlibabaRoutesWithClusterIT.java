package dev.ccm4j.provider.alibaba;

import static dev.ccm4j.provider.alibaba.ProviderTestSupport.CLUSTER;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.instance;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.providerId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes of a provider that has a Kubernetes client: node names it has not learnt from lookups come from the Nodes'
 * provider IDs in the cluster, as after a restart of the cloud-controller-manager.
 */
class AlibabaRoutesWithClusterIT {
  private AlibabaEmulator emulator;
  private KubeApiServer apiServer;
  private ApiClient client;
  private AlibabaCloudProvider provider;

  @BeforeEach
  void start() {
    emulator = AlibabaEmulator.builder().accessKey("it-key", "it-secret-value").instances(0)
        .instanceTransition(Duration.ZERO).routeEntryPending(Duration.ZERO).build().start();
    apiServer = KubeApiServer.builder().build().start();
    client = new ClientBuilder().setBasePath(apiServer.url()).setReadTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
    apiServer.close();
    emulator.close();
  }

  @Test
  void aRestartedProviderNamesRouteTargetsFromTheNodesProviderIds() throws ApiException {
    ControlInstance vm = instance(emulator, "ecs-host-name");
    // ACK names nodes <region>.<ip>, unrelated to the instance; the provider ID carries the legacy prefix
    createNode("cn-hangzhou.192.168.7.7", "alicloud://" + providerId(vm));
    provider = provider();
    Routes routes = provider.routes().orElseThrow();

    routes.createRoute(CLUSTER, "uid-1", Route.builder().targetNode("cn-hangzhou.192.168.7.7")
        .destinationCidr("172.31.1.0/24").build());
    assertThat(emulator.control().routes()).extracting(r -> r.nextHopInstanceId()).containsExactly(vm.id());

    provider.close();
    provider = provider();
    assertThat(provider.routes().orElseThrow().listRoutes(CLUSTER)).singleElement()
        .satisfies(r -> assertThat(r.targetNode()).isEqualTo("cn-hangzhou.192.168.7.7"));
    assertThat(apiServer.journal().of("list", "nodes")).as("Nodes listed to name the route's target").isNotEmpty();
  }

  private AlibabaCloudProvider provider() {
    AlibabaCloudProvider p = new AlibabaCloudProviderFactory().create(CloudConfig.of(emulator.cloudConfig()),
        Map.of());
    p.initialize(ProviderContext.builder(CLUSTER, name -> client).build());
    return p;
  }

  private void createNode(String name, String providerId) throws ApiException {
    new CoreV1Api(client).createNode(new V1Node().metadata(new V1ObjectMeta().name(name))
        .spec(new V1NodeSpec().providerID(providerId))).execute();
  }
}

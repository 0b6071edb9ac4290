package dev.ccm4j.provider.alibaba.nlb;

import dev.ccm4j.testkit.time.OffsetClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.EcsInstance;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NLB controller in the core's runtime: the manager runs the provider's contributed class controller against
 * the Kubernetes API server emulator, and the NLB goes to the Alibaba emulator over HTTP, where jobs and
 * provisioning take their (sped-up) time.
 */
class NlbControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(40);

  private KubeApiServer server;
  private AlibabaEmulator emulator;
  private AlibabaApi api;
  private ControllerManager manager;
  private CoreV1Api core;

  @BeforeEach
  void start() throws ApiException {
    // the emulator's NLB jobs (1 s) and provisioning (2 s) run on a clock five times as fast as the wall's
    emulator = AlibabaEmulator.builder().accessKey("AKIDnlbcore", "nlb-core-secret").instances(2)
        .clock(new OffsetClock(5)).build().start();
    AlibabaCloudConfig config = AlibabaCloudConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = AlibabaApi.create(config, Map.of(), "ccm4j-test");
    NlbLoadBalancer nlb = new NlbLoadBalancer(api, config, Duration.ofMillis(300), Duration.ofMillis(50),
        Duration.ofMillis(300));
    CloudProvider provider = new CloudProvider() {
      @Override
      public String name() {
        return "alibaba";
      }

      @Override
      public List<ProviderController> controllers() {
        return List.of(nlb.controller());
      }
    };
    server = KubeApiServer.builder().build().start();
    manager = ControllerManager.builder().withoutBuiltInControllers()
        .provider(provider)
        .options(ControllerManagerOptions.builder().leaderElect(false).kubeApiQps(500).kubeApiBurst(1000)
            .clusterName("kubernetes").build())
        .clients(name -> {
          ApiClient c = client();
          c.setUserAgent(name);
          return c;
        })
        .registry(new PrometheusRegistry())
        .identity("nlb-it")
        .build();
    manager.start();
    core = new CoreV1Api(client());
    for (EcsInstance i : emulator.state().ecs().instances()) {
      core.createNode(new V1Node().metadata(new V1ObjectMeta().name(i.instanceName()))
          .spec(new V1NodeSpec().providerID(i.regionId() + "." + i.instanceId()))
          .status(new V1NodeStatus().addConditionsItem(new V1NodeCondition().type("Ready").status("True"))))
          .execute();
    }
  }

  private ApiClient client() {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterEach
  void stop() {
    if (manager != null) {
      manager.close();
    }
    if (server != null) {
      server.close();
    }
    if (api != null) {
      api.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static V1Service service(String name, String loadBalancerClass) {
    return new V1Service().metadata(new V1ObjectMeta().name(name).namespace("default"))
        .spec(new V1ServiceSpec().type("LoadBalancer").loadBalancerClass(loadBalancerClass)
            .addPortsItem(new V1ServicePort().name("http").port(80).protocol("TCP")));
  }

  private Optional<V1Service> find(String name) {
    try {
      return Optional.of(core.readNamespacedService(name, "default").execute());
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  private static List<V1LoadBalancerIngress> ingress(Optional<V1Service> s) {
    return s.map(V1Service::getStatus).map(st -> st.getLoadBalancer()).map(lb -> lb.getIngress())
        .map(List::copyOf).orElse(List.of());
  }

  private static List<String> finalizers(Optional<V1Service> s) {
    return s.map(x -> x.getMetadata().getFinalizers()).map(List::copyOf).orElse(List.of());
  }

  private List<ControlLoadBalancer> nlbs() {
    return emulator.control().loadBalancers().stream().filter(l -> l.id().startsWith("nlb-"))
        .collect(Collectors.toList());
  }

  @Test
  void nlbServiceGetsIngressAndFinalizerClasslessIsUntouchedAndDeletionCleansUp() throws ApiException {
    core.createNamespacedService("default", service("plain", null)).execute();
    core.createNamespacedService("default", service("edge", NlbLoadBalancer.LOAD_BALANCER_CLASS)).execute();

    await().atMost(WAIT).until(() -> !ingress(find("edge")).isEmpty());
    V1Service edge = find("edge").orElseThrow();
    List<ControlLoadBalancer> lbs = nlbs();
    assertThat(lbs).hasSize(1);
    assertThat(ingress(Optional.of(edge)).get(0).getHostname()).isEqualTo(lbs.get(0).addresses().get(0));
    assertThat(lbs.get(0).backends()).hasSize(2)
        .allSatisfy(b -> assertThat(b.port()).isEqualTo(edge.getSpec().getPorts().get(0).getNodePort()));
    assertThat(finalizers(Optional.of(edge))).isNotEmpty();
    assertThat(manager.runningControllers()).contains(NlbLoadBalancer.CONTROLLER_NAME);

    // the classless Service belongs to the CLB controller, which does not run here: nothing touched it
    V1Service plain = find("plain").orElseThrow();
    assertThat(ingress(Optional.of(plain))).isEmpty();
    assertThat(finalizers(Optional.of(plain))).isEmpty();

    core.deleteNamespacedService("edge", "default").execute();
    await().atMost(WAIT).until(() -> find("edge").isEmpty());
    await().atMost(WAIT).until(() -> nlbs().isEmpty());
    assertThat(emulator.control().journal("DeleteLoadBalancer")).isNotEmpty();
  }

  @Test
  void migratedServiceWithTheUpstreamFinalizerIsCleanedUpAndReleased() throws ApiException {
    V1Service migrated = service("migrated", NlbLoadBalancer.LOAD_BALANCER_CLASS);
    migrated.getMetadata().setFinalizers(new ArrayList<>(List.of(NlbLoadBalancer.FINALIZER)));
    core.createNamespacedService("default", migrated).execute();
    await().atMost(WAIT).until(() -> !ingress(find("migrated")).isEmpty());
    assertThat(finalizers(find("migrated"))).contains(NlbLoadBalancer.FINALIZER).hasSize(2);

    core.deleteNamespacedService("migrated", "default").execute();
    await().atMost(WAIT).until(() -> find("migrated").isEmpty());
    await().atMost(WAIT).until(() -> nlbs().isEmpty());
  }
}

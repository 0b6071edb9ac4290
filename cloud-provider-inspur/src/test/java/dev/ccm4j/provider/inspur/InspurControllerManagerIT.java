package dev.ccm4j.provider.inspur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.core.manager.BuiltInControllers;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.provider.inspur.emulator.InspurEmulator;
import dev.ccm4j.provider.inspur.slb.InspurAnnotations;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider in the core's runtime: the service controller of a {@link ControllerManager} against the Kubernetes
 * API server emulator, with every built-in controller registered, calls the {@code incloud} provider, which talks HTTP to the Inspur emulator.
 */
class InspurControllerManagerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private KubeApiServer server;
  private InspurEmulator emulator;
  private InspurCloudProvider provider;
  private ControllerManager manager;
  private CoreV1Api core;

  @BeforeEach
  void start() throws ApiException {
    emulator = InspurEmulator.builder().clientId("cm-client").clientSecret("cm-secret").instances(0).build().start();
    provider = new InspurCloudProviderFactory().create(CloudConfig.of(emulator.cloudConfig()), Clock.systemUTC());
    server = KubeApiServer.builder().build().start();
    manager = BuiltInControllers.registerAll(ControllerManager.builder())
        .provider(provider)
        .options(ControllerManagerOptions.builder().leaderElect(false).kubeApiQps(500).kubeApiBurst(1000)
            .clusterName("kubernetes").build())
        .clients(name -> {
          ApiClient c = client();
          c.setUserAgent(name);
          return c;
        })
        .registry(new PrometheusRegistry())
        .identity("inspur-it")
        .build();
    manager.start();
    core = new CoreV1Api(client());
    for (int i = 1; i <= 2; i++) {
      V1Node node = Nodes.node("node-" + i, "10.1.0." + i, "ins-" + i, null);
      node.getStatus().addConditionsItem(new V1NodeCondition().type("Ready").status("True"));
      core.createNode(node).execute();
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
    if (provider != null) {
      provider.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static V1Service service(String name, Map<String, String> annotations) {
    return new V1Service().metadata(new V1ObjectMeta().name(name).namespace("default").annotations(annotations))
        .spec(new V1ServiceSpec().type("LoadBalancer")
            .addPortsItem(new V1ServicePort().name("http").port(80).protocol("TCP")));
  }

  private Optional<V1Service> find(String name) {
    try {
      return Optional.of(core.readNamespacedService(name, "default").execute());
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  private static List<String> ingress(Optional<V1Service> s) {
    return s.map(V1Service::getStatus).map(st -> st.getLoadBalancer()).map(lb -> lb.getIngress())
        .map(l -> l.stream().map(V1LoadBalancerIngress::getIp).toList()).orElse(List.of());
  }

  private List<CoreV1Event> warnings(String name) throws ApiException {
    return core.listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())).toList();
  }

  private List<String> listenerPorts(String slbId) {
    List<String> out = new ArrayList<>();
    for (JsonElement l : emulator.state().listeners(slbId)) {
      String id = l.getAsJsonObject().get("listenerId").getAsString();
      List<String> members = new ArrayList<>();
      for (JsonElement m : emulator.state().members(slbId, id)) {
        members.add(m.getAsJsonObject().get("serverId").getAsString() + ":" + m.getAsJsonObject().get("port"));
      }
      out.add(l.getAsJsonObject().get("port").getAsInt() + " -> " + members.stream().sorted().toList());
    }
    return out;
  }

  @Test
  void anAnnotatedServiceGetsListenersAndIngressAndABareOneAWarning() throws ApiException {
    String slbId = emulator.createLoadBalancer("front");
    String businessIp = emulator.state().describeLoadBalancer(slbId).get("businessIp").getAsString();
    core.createNamespacedService("default", service("web", Map.of(InspurAnnotations.SLB_ID, slbId))).execute();
    core.createNamespacedService("default", service("bare", Map.of())).execute();

    await().atMost(WAIT).until(() -> !ingress(find("web")).isEmpty());
    assertThat(ingress(find("web"))).containsExactly(businessIp);
    int nodePort = find("web").orElseThrow().getSpec().getPorts().get(0).getNodePort();
    assertThat(listenerPorts(slbId)).containsExactly("80 -> [ins-1:" + nodePort + ", ins-2:" + nodePort + "]");

    await().atMost(WAIT).until(() -> !warnings("bare").isEmpty());
    assertThat(warnings("bare").get(0).getMessage()).contains(InspurAnnotations.SLB_ID);
    assertThat(ingress(find("bare"))).isEmpty();

    // a third node joins the backends
    V1Node third = Nodes.node("node-3", "10.1.0.3", "ins-3", null);
    third.getStatus().addConditionsItem(new V1NodeCondition().type("Ready").status("True"));
    core.createNode(third).execute();
    await().atMost(WAIT).until(() -> listenerPorts(slbId).equals(List.of("80 -> [ins-1:" + nodePort + ", ins-2:"
        + nodePort + ", ins-3:" + nodePort + "]")));

    core.deleteNamespacedService("web", "default").execute();
    await().atMost(WAIT).until(() -> find("web").isEmpty());
    assertThat(listenerPorts(slbId)).isEmpty();
    assertThat(emulator.state().describeLoadBalancer(slbId).get("slbId").getAsString()).isEqualTo(slbId);
  }
}

package dev.ccm4j.core.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.controller.ManagedController;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.serving.SecureServingOptions;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.ClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example of README and {@code docs/operations.md#embedding}, compiled and run: the manager runs the
 * built-in controllers without registering them, next to the application's own controller, and refuses to start
 * when {@code --controllers} names one it does not know.
 */
class EmbeddingExampleIT {
  private static final AtomicInteger EIP_RECONCILES = new AtomicInteger();

  @TempDir
  Path dir;

  /** The documented example; only the serving address (any free port, no delegated auth) differs. */
  static ControllerManager embed(Path cloudConfig, KubernetesClientFactory clients, SecureServingOptions serving,
      boolean delegatedAuth) {
    ControllerManager manager = ControllerManager.builder()
        .provider(CloudProviders.load("fake", cloudConfig))
        .options(ControllerManagerOptions.builder().clusterName("prod")
            .clusterCidrs(List.of("10.244.0.0/16"))       // the pod network, for the route controller
            .build())
        .clients(clients)                                 // a new ApiClient per call, user agent = name
        .serving(serving, delegatedAuth)                  // :10258 with delegated authn/authz in production
        .extraController("mycloud-eip", EmbeddingExampleIT::eipController, true)
        .build();                                         // validates every option, naming each bad flag
    manager.start();                                      // returns at once
    return manager;
  }

  /** An application's controller in the one controller shape: a work queue, its handlers, one reconciler. */
  static Optional<ManagedController> eipController(ControllerContext ctx) {
    Controller<String> controller = Controller.<String>builder()
        .name("mycloud-eip")
        .reconciler(node -> {
          EIP_RECONCILES.incrementAndGet();
          return ReconcileResult.done();
        })
        .clock(ctx.clock())
        .metricsRegistry(ctx.metrics())
        .build();
    ctx.informers().nodes().addEventHandler(new io.kubernetes.client.informer.ResourceEventHandler<>() {
      @Override
      public void onAdd(V1Node node) {
        controller.enqueue(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(V1Node oldNode, V1Node newNode) {
        controller.enqueue(newNode.getMetadata().getName());
      }

      @Override
      public void onDelete(V1Node node, boolean finalStateUnknown) {
        // nothing to release in this example
      }
    });
    return Optional.of(controller);
  }

  @Test
  void theDocumentedManagerRunsTheBuiltInControllersAndTheApplicationsOwn() throws Exception {
    Path config = Files.writeString(dir.resolve("cloud.conf"), "{\"instances\": [{\"name\": \"node-1\","
        + " \"providerId\": \"fake://node-1\", \"instanceType\": \"small\", \"zone\": \"zone-a\","
        + " \"region\": \"region-1\", \"state\": \"RUNNING\"}]}");
    try (KubeApiServer server = KubeApiServer.builder().build().start()) {
      KubernetesClientFactory clients = name -> {
        ApiClient c = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
        c.setUserAgent(name);
        return c;
      };
      ControllerManager manager = embed(config, clients,
          SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build(), false);
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> manager.runningControllers().contains("mycloud-eip"));
        assertThat(manager.runningControllers()).contains(ControllerNames.CLOUD_NODE,
            ControllerNames.CLOUD_NODE_LIFECYCLE, ControllerNames.SERVICE_LB, "mycloud-eip");
        CoreV1Api core = new CoreV1Api(clients.client("test"));
        core.createNode(new V1Node().metadata(new V1ObjectMeta().name("node-1"))
            .spec(new V1NodeSpec().taints(List.of(new V1Taint().key(WellKnown.TAINT_UNINITIALIZED).value("true")
                .effect(WellKnown.TAINT_EFFECT_NO_SCHEDULE))))).execute();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          V1Node node = core.readNode("node-1").execute();
          assertThat(node.getSpec().getProviderID()).as("initialized by the built-in cloud-node controller")
              .isEqualTo("fake://node-1");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> EIP_RECONCILES.get() > 0);
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void aManagerAskedToRunAControllerNobodyRegisteredRefusesToStartNamingIt() {
    assertThatThrownBy(() -> ControllerManager.builder().withoutBuiltInControllers()
        .provider(CloudProviders.load("fake", null))
        .options(ControllerManagerOptions.builder().leaderElect(false)
            .controllers(ControllerSelection.parse(List.of("cloud-node", "service"))).build())
        .clients(name -> new ClientBuilder().setBasePath("http://127.0.0.1:9").build())
        .controller(ControllerNames.CLOUD_NODE, ctx -> Optional.empty())
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--controllers names controller \"" + ControllerNames.SERVICE_LB + "\"")
        .hasMessageNotContaining(ControllerNames.CLOUD_NODE + "\"");
  }
}

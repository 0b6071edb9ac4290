package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.FakeCloudFactory;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's flags turned into a real manager, run in-process against the API emulator. */
class LauncherIT {
  @TempDir Path tmp;

  private KubeApiServer server;
  private Path kubeconfig;
  private final List<ControllerManager> managers = new ArrayList<>();

  @BeforeEach
  void start() {
    FakeCloudFactory.reset();
    server = KubeApiServer.builder().https(true).bearerToken("launcher-it").build().start();
    kubeconfig = server.writeKubeconfig(tmp.resolve("kubeconfig"));
  }

  @AfterEach
  void stop() {
    managers.forEach(ControllerManager::close);
    server.close();
    FakeCloudFactory.reset();
  }

  private ControllerManager launch(String... extra) throws Exception {
    Path cloudConfig = Files.writeString(tmp.resolve("cloud-" + managers.size() + ".json"), """
        {"registryName": "launcher-%d", "localZone": {"zone": "zone-a", "region": "region-1"},
         "instances": [{"name": "node-1", "instanceType": "small", "zone": "zone-a", "region": "region-1",
                        "addresses": [{"type": "InternalIP", "address": "10.0.0.11"}]}]}
        """.formatted(managers.size()));
    String[] args = Stream.concat(Stream.of("--cloud-provider=fake", "--cloud-config=" + cloudConfig,
        "--kubeconfig=" + kubeconfig, "--secure-port=0", "--cluster-name=it", "--cluster-cidr=10.244.0.0/16"),
        Stream.of(extra))
        .toArray(String[]::new);
    picocli.CommandLine cli = Main.commandLine();
    cli.parseArgs(args);
    CloudControllerManagerCommand command = cli.getCommand();
    assertThat(command.validate()).isEmpty();
    ControllerManager manager = command.build();
    managers.add(manager);
    manager.start();
    return manager;
  }

  private CoreV1Api core() throws Exception {
    return new CoreV1Api(Config.fromConfig(kubeconfig.toString()));
  }

  @Test
  void theDemoInitializesNodesAndServesTrafficThroughTheLocalLoadBalancer() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));

    int code = cli.execute("demo", "--duration=1s", "--kubeconfig-out=" + tmp.resolve("demo.kubeconfig"));

    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("3 nodes joined with the node.cloudprovider.kubernetes.io/uninitialized taint")
        .contains("node demo-node-1 initialized: providerID local://demo-node-1")
        .contains("routed (NetworkUnavailable=False)")
        // the demo's addresses are a loopback block picked free at start, so a demo running on the same host (or
        // another test) does not collide with this one
        .containsPattern("load balancer ready: 127\\.\\d+\\.\\d+\\.2\\d\\d:8080")
        .containsPattern("GET http://\\S+ -> 200 pod demo-web-[a-z0-9]+-[a-z0-9]{5} on node demo-node-\\d")
        .contains("data path works: 3 pod(s) answered through the load balancer")
        .contains("kubectl expose deployment web --type=LoadBalancer");
    assertThat(tmp.resolve("demo.kubeconfig")).exists();
  }

  @Test
  void aMissingClusterCidrStopsStartUpBeforeLeaderElection() throws Exception {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setErr(new java.io.PrintWriter(err));

    int code = cli.execute("--cloud-provider=fake", "--kubeconfig=" + kubeconfig, "--secure-port=0");

    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains("--cluster-cidr").contains("--configure-cloud-routes=false");
    assertThat(server.journal().of("get", "leases")).as("never reached leader election").isEmpty();
  }

  @Test
  void aLaunchedManagerInitializesTaintedNodes() throws Exception {
    launch("--leader-elect=false");
    core().createNode(new V1Node().metadata(new V1ObjectMeta().name("node-1"))
        .spec(new V1NodeSpec().taints(List.of(new V1Taint().key(WellKnown.TAINT_UNINITIALIZED).value("true")
            .effect(WellKnown.TAINT_EFFECT_NO_SCHEDULE))))).execute();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      V1Node node = core().readNode("node-1").execute();
      assertThat(node.getSpec().getProviderID()).isEqualTo("fake://node-1");
      assertThat(node.getSpec().getTaints()).isNullOrEmpty();
      assertThat(node.getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-a");
    });
  }

  @Test
  void twoLaunchedInstancesFailOverThroughTheLease() throws Exception {
    String[] timings = {"--leader-elect=true", "--leader-elect-lease-duration=4s",
        "--leader-elect-renew-deadline=3s", "--leader-elect-retry-period=500ms"};
    ControllerManager first = launch(timings);
    await().atMost(Duration.ofSeconds(20)).until(first::isLeader);
    ControllerManager second = launch(timings);

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !second.isLeader());
    assertThat(second.runningControllers()).isEmpty();
    assertThat(first.runningControllers()).contains("cloud-node-controller", "service-lb-controller");

    first.close();

    await().atMost(Duration.ofSeconds(10)).until(second::isLeader);
    await().atMost(Duration.ofSeconds(10)).until(() -> second.runningControllers()
        .contains("service-lb-controller"));
  }
}

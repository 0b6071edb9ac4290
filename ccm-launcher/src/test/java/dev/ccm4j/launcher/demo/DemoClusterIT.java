package dev.ccm4j.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's cluster components against the API emulator with real client-java informers and real sockets:
 * Deployment → ReplicaSet → scheduled, running pods → endpoints → NodePort → the local provider's load balancer.
 */
class DemoClusterIT {
  @TempDir Path tmp;

  private final List<DemoCluster> clusters = new CopyOnWriteArrayList<>();
  private final List<String> notes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    clusters.forEach(DemoCluster::close);
  }

  private DemoCluster start(String name) throws Exception {
    DemoCluster c = DemoCluster.start(3, tmp.resolve(name + ".kubeconfig"), notes::add);
    clusters.add(c);
    return c;
  }

  static V1Deployment deployment(String name, int replicas) {
    Map<String, String> labels = Map.of("app", name);
    return new V1Deployment().metadata(new V1ObjectMeta().name(name).labels(labels))
        .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(labels))
            .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("web").image("anything"))))));
  }

  static V1Service loadBalancer(String name, int port) {
    return new V1Service().metadata(new V1ObjectMeta().name(name))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", name))
            .ports(List.of(new V1ServicePort().port(port).targetPort(new IntOrString(port)))));
  }

  static String ingress(CoreV1Api core, String name) throws Exception {
    V1Service s = core.readNamespacedService(name, "default").execute();
    return s.getStatus() == null || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null || s.getStatus().getLoadBalancer().getIngress()
        .isEmpty() ? null : s.getStatus().getLoadBalancer().getIngress().get(0).getIp();
  }

  static String get(String url) throws Exception {
    // a new client per request is a new connection, so the balancer picks a backend each time
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body().strip();
  }

  /** Serves web on a LoadBalancer and returns its URL once a GET through it is answered. */
  static String serve(DemoCluster c, String name, int replicas) throws Exception {
    CoreV1Api core = new CoreV1Api(c.client());
    new AppsV1Api(c.client()).createNamespacedDeployment("default", deployment(name, replicas)).execute();
    core.createNamespacedService("default", loadBalancer(name, 8080)).execute();
    String[] url = new String[1];
    // until the chain is complete, the load balancer closes connections: that is the wait
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      String ip = ingress(core, name);
      assertThat(ip).isNotNull();
      url[0] = "http://" + ip + ":8080/";
      assertThat(get(url[0])).matches("pod " + name + "-[a-z0-9]+-[a-z0-9]{5} on node demo-node-\\d");
    });
    return url[0];
  }

  @Test
  void aDeploymentBecomesRunningPodsAnsweringThroughTheLoadBalancer() throws Exception {
    DemoCluster c = start("one");
    AppsV1Api apps = new AppsV1Api(c.client());
    CoreV1Api core = new CoreV1Api(c.client());

    String url = serve(c, "web", 2);

    // the deployment controller's ReplicaSet: name and selector carry the pod-template-hash, as upstream's
    List<V1ReplicaSet> sets = apps.listNamespacedReplicaSet("default").execute().getItems();
    assertThat(sets).hasSize(1);
    V1ReplicaSet rs = sets.get(0);
    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
    assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Deployment"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      V1Deployment d = apps.readNamespacedDeployment("web", "default").execute();
      assertThat(d.getStatus().getReplicas()).isEqualTo(2);
      assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
      assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
      assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
      assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    });
    List<V1Pod> pods = core.listNamespacedPod("default").labelSelector("app=web").execute().getItems();
    assertThat(pods).hasSize(2).allSatisfy(p -> {
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
      assertThat(p.getSpec().getNodeName()).startsWith("demo-node-");
      assertThat(p.getStatus().getPodIP()).isNotNull();
      assertThat(p.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo(rs.getMetadata().getName()));
    });
    // the scheduler spreads: two pods, two nodes
    assertThat(pods.stream().map(p -> p.getSpec().getNodeName()).distinct()).hasSize(2);
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      answered.add(get(url));
    }
    assertThat(answered).hasSize(2);

    // scaling down removes a pod, and traffic goes on to the one left
    V1Deployment d = apps.readNamespacedDeployment("web", "default").execute();
    d.getSpec().setReplicas(1);
    apps.replaceNamespacedDeployment("web", "default", d).execute();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(core.listNamespacedPod("default")
        .labelSelector("app=web").execute().getItems()).hasSize(1));
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
      Set<String> after = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        after.add(get(url));
      }
      assertThat(after).hasSize(1);
    });

    // deleting the Deployment takes its ReplicaSet and pods with it (the garbage collector, background policy)
    apps.deleteNamespacedDeployment("web", "default").execute();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(apps.listNamespacedReplicaSet("default").execute().getItems()).isEmpty();
      assertThat(core.listNamespacedPod("default").execute().getItems()).isEmpty();
    });
  }

  @Test
  void aServiceWithoutReadyBackendsSaysWhy() throws Exception {
    DemoCluster c = start("why");
    CoreV1Api core = new CoreV1Api(c.client());
    core.createNamespacedService("default", loadBalancer("lonely", 8080)).execute();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(notes).anyMatch(n -> n.equals(
        "Service default/lonely has no ready backend: no pods match the selector app=lonely in namespace default"
            + " (kubectl get pods -l app=lonely)")));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(core.listNamespacedEvent("default")
        .execute().getItems()).map(CoreV1Event::getReason).contains("NoPodsMatchSelector"));

    // pods that fit no node: the scheduler's reason reaches the user
    V1Deployment d = deployment("lonely", 1);
    d.getSpec().getTemplate().getSpec().nodeSelector(Map.of("disk", "ssd"));
    new AppsV1Api(c.client()).createNamespacedDeployment("default", d).execute();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(notes).anyMatch(n -> n.startsWith(
        "Service default/lonely has no ready backend: 1 pod(s) match app=lonely but none is scheduled to a node:"
            + " 0/3 nodes are available")));
    long printed = notes.stream().filter(n -> n.contains("none is scheduled")).count();

    // fixed: the user hears it works again, and nothing is said twice
    d = new AppsV1Api(c.client()).readNamespacedDeployment("lonely", "default").execute();
    d.getSpec().getTemplate().getSpec().nodeSelector(null);
    new AppsV1Api(c.client()).replaceNamespacedDeployment("lonely", "default", d).execute();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notes).anyMatch(n -> n.startsWith(
        "Service default/lonely has ready backends again: lonely-")));
    assertThat(notes.stream().filter(n -> n.contains("none is scheduled")).count()).isEqualTo(printed);
  }

  @Test
  void twoDemosRunSideBySide() throws Exception {
    DemoCluster a = start("a");
    DemoCluster b = start("b");
    assertThat(a.network().loadBalancerPool()).isNotEqualTo(b.network().loadBalancerPool());

    String urlA = serve(a, "web", 1);
    String urlB = serve(b, "web", 1);

    assertThat(urlA).isNotEqualTo(urlB);
    assertThat(get(urlA)).startsWith("pod web-");
    assertThat(get(urlB)).startsWith("pod web-");
  }
}

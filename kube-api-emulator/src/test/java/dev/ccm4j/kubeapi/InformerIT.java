package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real client-java SharedIndexInformer against the emulator: list, watch, bookmarks, 410, relist. */
class InformerIT {
  private KubeApiServer server;
  private SharedInformerFactory factory;
  private CoreV1Api api;

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().bookmarkInterval(Duration.ofMillis(200)).build().start();
    api = new CoreV1Api(Clients.plain(server));
  }

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.stopAllRegisteredInformers(true);
    }
    server.close();
  }

  private V1Node createNode(String name) throws Exception {
    return api.createNode(new V1Node().metadata(new V1ObjectMeta().name(name))).execute();
  }

  private static void await(String what, BooleanSupplier condition) {
    org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  private Set<String> serverNodes() {
    try {
      return api.listNode().execute().getItems().stream().map(n -> n.getMetadata().getName())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> cachedNodes(SharedIndexInformer<V1Node> informer) {
    return informer.getIndexer().list().stream().map(n -> n.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void listsWatchesReceivesBookmarksSurvives410AndConverges() throws Exception {
    createNode("n1");
    createNode("n2");
    ApiClient informerClient = Clients.forInformers(server);
    CoreV1Api informerApi = new CoreV1Api(informerClient);
    factory = new SharedInformerFactory(informerClient);
    SharedIndexInformer<V1Node> informer = factory.sharedIndexInformerFor(params -> informerApi.listNode()
        .resourceVersion(params.resourceVersion)
        .timeoutSeconds(params.timeoutSeconds)
        .watch(params.watch)
        .allowWatchBookmarks(Boolean.TRUE.equals(params.watch) ? Boolean.TRUE : null)
        .buildCall(null), V1Node.class, V1NodeList.class);
    factory.startAllRegisteredInformers();
    await("initial sync", informer::hasSynced);
    assertThat(cachedNodes(informer)).containsExactly("n1", "n2");

    createNode("n3");
    await("n3 in the cache", () -> cachedNodes(informer).contains("n3"));

    // a write to another resource moves the global resourceVersion; only a bookmark can tell the node informer
    api.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name("bump"))).execute();
    String bumped = Long.toString(server.resourceVersion());
    await("a bookmark carrying " + bumped, () -> bumped.equals(informer.lastSyncResourceVersion()));

    // hold the reflector's next watch so the compaction surely lands before it resumes
    FaultInjector.Hang hang = server.faults().hang(RequestMatcher.of("watch", "nodes"));
    server.faults().dropWatches();
    server.faults().compactHistory();
    api.deleteNode("n1").execute();
    createNode("n4");
    assertThat(hang.awaitWaiting(1, Duration.ofSeconds(30))).isTrue();
    server.journal().clear();
    hang.release();

    await("a relist with an empty resourceVersion after 410", () -> !server.journal().matching(r ->
        r.verb().equals("list") && r.resource().equals("nodes") && r.query().contains("resourceVersion=&")
            || r.verb().equals("list") && r.resource().equals("nodes") && r.query().endsWith("resourceVersion="))
        .isEmpty());
    await("cache equals server", () -> cachedNodes(informer).equals(serverNodes()));
    assertThat(cachedNodes(informer)).containsExactly("n2", "n3", "n4");
    List<RecordedRequest> watches = server.journal().of("watch", "nodes");
    assertThat(watches).isNotEmpty();
    assertThat(watches.get(0).query()).contains("allowWatchBookmarks=true");
  }
}

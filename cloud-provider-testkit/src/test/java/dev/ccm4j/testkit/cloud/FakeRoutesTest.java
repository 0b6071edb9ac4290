package dev.ccm4j.testkit.cloud;

import static dev.ccm4j.testkit.cloud.Fixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.Clusters;
import dev.ccm4j.api.PersistentVolumeLabeler;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeRoutesTest {
  private final FakeCloud cloud = new FakeCloud();
  private final Routes routes = cloud.routes().orElseThrow();

  private static Route route(String node, String cidr) {
    return Route.builder().targetNode(node).destinationCidr(cidr)
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.1"))).build();
  }

  @Test
  void createListDeleteRoundTrip() {
    assertThat(routes.listRoutes(CLUSTER)).isEmpty();
    routes.createRoute(CLUSTER, "uid-1", route("n1", "10.244.1.0/24"));
    List<Route> listed = routes.listRoutes(CLUSTER);
    assertThat(listed).hasSize(1);
    Route r = listed.get(0);
    assertThat(r.name()).isEqualTo("uid-1-10-244-1-0-24").isEqualTo(FakeCloud.routeName("uid-1", "10.244.1.0/24"));
    assertThat(r.targetNode()).isEqualTo("n1");
    assertThat(r.destinationCidr()).isEqualTo("10.244.1.0/24");
    assertThat(r.blackhole()).isFalse();
    assertThat(routes.listRoutes("other")).isEmpty();

    routes.deleteRoute(CLUSTER, r);
    assertThat(routes.listRoutes(CLUSTER)).isEmpty();
    routes.deleteRoute(CLUSTER, r);
    assertThat(cloud.calls()).extracting(c -> c.operation().label()).containsExactly("list-routes",
        "create-route", "list-routes", "list-routes", "delete-route", "list-routes", "delete-route");
  }

  @Test
  void dualStackRoutesGetDistinctNames() {
    routes.createRoute(CLUSTER, "uid-1", route("n1", "10.244.1.0/24"));
    routes.createRoute(CLUSTER, "uid-1", route("n1", "fd00:10:244:1::/64"));
    assertThat(routes.listRoutes(CLUSTER)).extracting(Route::name).doesNotHaveDuplicates().hasSize(2);
    assertThat(routes.listRoutes(CLUSTER)).extracting(Route::destinationCidr)
        .containsExactly("10.244.1.0/24", "fd00:10:244:1::/64");
  }

  @Test
  void creatingTheSameRouteTwiceConverges() {
    routes.createRoute(CLUSTER, "uid-1", route("n1", "10.244.1.0/24"));
    routes.createRoute(CLUSTER, "uid-1", route("n1", "10.244.1.0/24"));
    assertThat(routes.listRoutes(CLUSTER)).hasSize(1);
  }

  @Test
  void nodeAddressesAreKeptOnlyWhenEnabled() {
    routes.createRoute(CLUSTER, "uid-1", route("n1", "10.244.1.0/24"));
    Route without = routes.listRoutes(CLUSTER).get(0);
    assertThat(without.enableNodeAddresses()).isFalse();
    assertThat(without.targetNodeAddresses()).isEmpty();

    cloud.setEnableNodeAddresses(true);
    routes.createRoute(CLUSTER, "uid-2", route("n2", "10.244.2.0/24"));
    Route with = routes.listRoutes(CLUSTER).get(1);
    assertThat(with.enableNodeAddresses()).isTrue();
    assertThat(with.targetNodeAddresses()).extracting(V1NodeAddress::getAddress).containsExactly("10.0.0.1");
  }

  @Test
  void aTestCanMarkARouteBlackholeAndPutRoutes() {
    routes.createRoute(CLUSTER, "uid-1", route("n1", "10.244.1.0/24"));
    String name = FakeCloud.routeName("uid-1", "10.244.1.0/24");
    cloud.markBlackhole(CLUSTER, name);
    assertThat(routes.listRoutes(CLUSTER)).singleElement().extracting(Route::blackhole).isEqualTo(true);
    assertThatThrownBy(() -> cloud.markBlackhole(CLUSTER, "nope")).isInstanceOf(IllegalArgumentException.class);

    cloud.putRoute(CLUSTER, Route.builder().name("stale").destinationCidr("10.244.9.0/24").build());
    assertThat(cloud.routesOf(CLUSTER)).extracting(Route::name).containsExactly(name, "stale");
    assertThatThrownBy(() -> cloud.putRoute(CLUSTER, route("n1", "10.0.0.0/24")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unnamedRouteIsDeletedByDestinationAndTarget() {
    routes.createRoute(CLUSTER, "uid-1", route("n1", "10.244.1.0/24"));
    routes.createRoute(CLUSTER, "uid-2", route("n2", "10.244.2.0/24"));
    routes.deleteRoute(CLUSTER, route("n1", "10.244.1.0/24"));
    assertThat(cloud.routesOf(CLUSTER)).extracting(Route::targetNode).containsExactly("n2");
  }

  @Test
  void clustersAndVolumeLabels() {
    Clusters clusters = cloud.clusters().orElseThrow();
    assertThat(clusters.listClusters()).isEmpty();
    cloud.addCluster("c1", "10.0.0.1");
    cloud.addCluster("c2", "api.c2.example");
    assertThat(clusters.listClusters()).containsExactly("c1", "c2");
    assertThat(clusters.master("c2")).isEqualTo("api.c2.example");
    assertThatThrownBy(() -> clusters.master("c3")).isInstanceOf(CloudProviderException.class);

    PersistentVolumeLabeler labeler = cloud.persistentVolumeLabeler().orElseThrow();
    V1PersistentVolume pv = new V1PersistentVolume().metadata(new V1ObjectMeta().name("pv-1"));
    assertThat(labeler.labelsForVolume(pv)).isEmpty();
    cloud.setVolumeLabels("pv-1", Map.of("topology.kubernetes.io/zone", "zone-a"));
    assertThat(labeler.labelsForVolume(pv)).containsExactly(Map.entry("topology.kubernetes.io/zone", "zone-a"));
    assertThat(pv).isEqualTo(new V1PersistentVolume().metadata(new V1ObjectMeta().name("pv-1")));
    assertThat(cloud.calls(Operation.LABELS_FOR_VOLUME)).extracting(Call::target).containsExactly("pv-1", "pv-1");
  }
}

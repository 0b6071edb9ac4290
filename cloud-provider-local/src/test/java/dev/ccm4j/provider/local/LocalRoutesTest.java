package dev.ccm4j.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalRoutesTest {
  private final Routes routes = new LocalCloud(LocalConfig.defaults(), Optional.empty()).routes().orElseThrow();

  private static Route route(String cidr) {
    return Route.builder().targetNode("node-a").destinationCidr(cidr)
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.5"))).build();
  }

  @Test
  void roundTripWithDistinctDualStackNames() {
    routes.createRoute("c1", "uid-1", route("10.244.1.0/24"));
    routes.createRoute("c1", "uid-1", route("fd00:10:244:1::/64"));
    routes.createRoute("c2", "uid-9", route("10.244.9.0/24"));

    List<Route> listed = routes.listRoutes("c1");
    assertThat(listed).extracting(Route::destinationCidr)
        .containsExactlyInAnyOrder("10.244.1.0/24", "fd00:10:244:1::/64");
    assertThat(listed).extracting(Route::name).doesNotHaveDuplicates()
        .allSatisfy(n -> assertThat(n).startsWith("uid-1-").matches("[A-Za-z0-9-]+"));
    assertThat(listed).allSatisfy(r -> {
      assertThat(r.enableNodeAddresses()).isTrue();
      assertThat(r.targetNode()).isEqualTo("node-a");
      assertThat(r.blackhole()).isFalse();
      assertThat(r.targetNodeAddresses()).extracting(V1NodeAddress::getAddress).containsExactly("10.0.0.5");
    });

    routes.createRoute("c1", "uid-1", route("10.244.1.0/24"));
    assertThat(routes.listRoutes("c1")).hasSize(2);

    routes.deleteRoute("c1", listed.get(0));
    assertThat(routes.listRoutes("c1")).hasSize(1).doesNotContain(listed.get(0));
    routes.deleteRoute("c1", listed.get(0));
    assertThat(routes.listRoutes("c2")).hasSize(1);
    assertThat(routes.listRoutes("unknown")).isEmpty();
  }

  @Test
  void deleteByDestinationWhenTheNameIsUnknown() {
    routes.createRoute("c1", "uid-1", route("10.244.1.0/24"));
    routes.deleteRoute("c1", route("10.244.1.0/24"));
    assertThat(routes.listRoutes("c1")).isEmpty();
  }
}

package dev.ccm4j.provider.inspur.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.provider.inspur.emulator.SlbRoute.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How method and path map onto operations, ids and journal labels. */
class SlbRouteTest {
  @ParameterizedTest
  @CsvSource({
      "GET, /slb/v1/slbs, DESCRIBE_LOAD_BALANCERS, '', ''",
      "GET, /slb/v1/slbs/, DESCRIBE_LOAD_BALANCERS, '', ''",
      "POST, /slb/v1/slbs, METHOD_NOT_ALLOWED, '', ''",
      "GET, /slb/v1/slbs/slb-1, DESCRIBE_LOAD_BALANCER, slb-1, ''",
      "PUT, /slb/v1/slbs/slb-1, MODIFY_LOAD_BALANCER, slb-1, ''",
      "DELETE, /slb/v1/slbs/slb-1, DELETE_LOAD_BALANCER, slb-1, ''",
      "GET, /slb/v1/slbs/slb-1/listeners, DESCRIBE_LISTENERS, slb-1, ''",
      "POST, /slb/v1/slbs/slb-1/listeners/, CREATE_LISTENER, slb-1, ''",
      "POST, /slb/v1/slbs/slb-1/listeners, CREATE_LISTENER_NO_SLASH, slb-1, ''",
      "GET, /slb/v1/slbs/slb-1/listeners/lis-2, DESCRIBE_LISTENER, slb-1, lis-2",
      "PUT, /slb/v1/slbs/slb-1/listeners/lis-2, MODIFY_LISTENER, slb-1, lis-2",
      "DELETE, /slb/v1/slbs/slb-1/listeners/lis-2, DELETE_LISTENER, slb-1, lis-2",
      "POST, /slb/v1/slbs/slb-1/listeners/lis-2, METHOD_NOT_ALLOWED, slb-1, lis-2",
      "POST, /slb/v1/slbs/slb-1/listeners/lis-2/members, CREATE_BACKENDS, slb-1, lis-2",
      "GET, /slb/v1/slbs/slb-1/listeners/lis-2/members/, DESCRIBE_BACKENDS, slb-1, lis-2",
      "DELETE, /slb/v1/slbs/slb-1/listeners/lis-2/members, REMOVE_BACKENDS, slb-1, lis-2",
      "GET, /slb/v1/slbs//listeners, NOT_FOUND, '', ''",
      "GET, /slb/v1/slbs/slb-1/pools, NOT_FOUND, '', ''",
      "GET, /slb/v1/slbs/slb-1/listeners/lis-2/members/bk-3, NOT_FOUND, '', ''",
      "GET, /slb/v1/slbsx, NOT_FOUND, '', ''",
      "GET, /, NOT_FOUND, '', ''",
  })
  void routes(String method, String path, Kind kind, String slbId, String listenerId) {
    SlbRoute route = SlbRoute.parse(method, path);
    assertThat(route.kind()).isEqualTo(kind);
    assertThat(route.slbId()).isEqualTo(slbId);
    assertThat(route.listenerId()).isEqualTo(listenerId);
  }

  @ParameterizedTest
  @CsvSource({
      "/auth/realms/picp/protocol/openid-connect/token, picp",
      "/realms/picp/protocol/openid-connect/token, picp",
      "/auth/realms/master/protocol/openid-connect/token/, master",
  })
  void tokenPaths(String path, String realm) {
    SlbRoute route = SlbRoute.parse("POST", path);
    assertThat(route.kind()).isEqualTo(Kind.TOKEN);
    assertThat(route.operation()).isEqualTo("Token");
    assertThat(route.realm()).isEqualTo(realm);
    assertThat(route.slb()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      "DESCRIBE_LOAD_BALANCERS, DescribeLoadBalancer", "DESCRIBE_LOAD_BALANCER, DescribeLoadBalancer",
      "MODIFY_LOAD_BALANCER, ModifyLoadBalancer", "DELETE_LOAD_BALANCER, DeleteLoadBalancer",
      "DESCRIBE_LISTENERS, DescribeListeners", "DESCRIBE_LISTENER, DescribeListener",
      "CREATE_LISTENER, CreateListener", "MODIFY_LISTENER, ModifyListener", "DELETE_LISTENER, DeleteListener",
      "CREATE_BACKENDS, CreateBackends", "DESCRIBE_BACKENDS, DescribeBackends", "REMOVE_BACKENDS, RemoveBackends",
      "NOT_FOUND, unknown",
  })
  void journalLabels(Kind kind, String label) {
    assertThat(new SlbRoute(kind, "", "", "").operation()).isEqualTo(label);
  }
}

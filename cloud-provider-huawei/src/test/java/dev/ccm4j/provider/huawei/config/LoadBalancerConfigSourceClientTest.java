package dev.ccm4j.provider.huawei.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.testkit.time.MutableClock;
import io.kubernetes.client.openapi.ApiClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ConfigMap search through the real Kubernetes client against an HTTP server answering as the API server does:
 * what a 403 in the original's older namespace (no RBAC there) and an unreachable API server before the first read
 * do.
 */
class LoadBalancerConfigSourceClientTest {
  private static final String OLDER = "/api/v1/namespaces/huawei-cloud-provider/configmaps/loadbalancer-config";
  private static final String KUBE_SYSTEM = "/api/v1/namespaces/kube-system/configmaps/loadbalancer-config";

  private final MutableClock clock = new MutableClock();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private volatile int kubeSystemStatus = 200;
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        paths.add(path);
        if (path.equals(OLDER)) {
          return status(403, "Forbidden");
        }
        if (path.equals(KUBE_SYSTEM) && kubeSystemStatus == 200) {
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
              .body("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"loadbalancer-config\","
                  + "\"namespace\":\"kube-system\"},\"data\":{\"loadBalancerOption\":"
                  + "\"{\\\"lb-algorithm\\\":\\\"SOURCE_IP\\\"}\"}}")
              .build();
        }
        return status(kubeSystemStatus == 200 ? 404 : kubeSystemStatus, "nope");
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse status(int code, String reason) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
            + "\",\"code\":" + code + "}")
        .build();
  }

  private LoadBalancerConfigSource source() {
    LoadBalancerConfigSource source = new LoadBalancerConfigSource(clock);
    String base = server.url("/").toString().replaceAll("/$", "");
    source.initialize(name -> new ApiClient().setBasePath(base));
    return source;
  }

  @Test
  void aForbiddenOlderNamespaceFallsThroughToKubeSystem() {
    assertThat(source().current().lbAlgorithm()).isEqualTo("SOURCE_IP");
    assertThat(paths).containsExactly(OLDER, KUBE_SYSTEM);
  }

  @Test
  void anUnreadableApiServerHoldsLoadBalancersBackUntilTheFirstRead() {
    kubeSystemStatus = 503;
    LoadBalancerConfigSource source = source();
    // the defaults might say another algorithm than the ConfigMap: guessing them could rewrite live listeners
    assertThatThrownBy(source::current).isInstanceOf(RetryAfterException.class)
        .hasMessageContaining("kube-system/loadbalancer-config could not be read");

    kubeSystemStatus = 200;
    clock.advance(LoadBalancerConfigSource.RETRY_UNREADABLE);
    assertThat(source.current().lbAlgorithm()).isEqualTo("SOURCE_IP");

    // once read, an outage keeps the last good copy
    kubeSystemStatus = 503;
    clock.advance(LoadBalancerConfigSource.TTL);
    assertThat(source.current().lbAlgorithm()).isEqualTo("SOURCE_IP");
  }
}

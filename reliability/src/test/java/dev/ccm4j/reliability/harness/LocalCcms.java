package dev.ccm4j.reliability.harness;

import dev.ccm4j.launcher.e2e.ChildProcess;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1Taint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CCM processes of the {@code local} provider (its cloud lives inside the CCM: load balancers are real proxies on
 * 127.0.0.0/8) against an {@link InJvmApi}, and the Kubernetes objects the scenarios check them with.
 */
public final class LocalCcms {
  private static final Pattern SERVING = Pattern.compile(".*serving healthz, metrics and configz on.*");
  private static final Pattern LEADING = Pattern.compile(".*(became leader).*");

  private LocalCcms() {}

  /** A started CCM: its process and serving port. */
  public record Process(ChildProcess process, int port) implements AutoCloseable {
    @Override
    public void close() {
      process.stop(Duration.ofSeconds(10));
    }
  }

  /**
   * Starts a local-provider CCM with every controller but routes, leader election with upstream's default timings,
   * and a serving port whose health endpoints need no credentials; waits until it leads.
   *
   * @param scenario the scenario's log folder
   * @param name the process's name
   * @param api the API
   * @param extra more flags, after the defaults
   * @return the process, leading
   * @throws IOException if it cannot start
   * @throws InterruptedException if interrupted
   */
  public static Process start(String scenario, String name, InJvmApi api, String... extra)
      throws IOException, InterruptedException {
    int port = Launcher.freePort();
    List<String> args = new ArrayList<>(List.of("--cloud-provider=local", "--kubeconfig=" + api.kubeconfig(),
        "--cluster-name=" + scenario, "--controllers=*", "--configure-cloud-routes=false", "--leader-elect=true",
        "--leader-elect-resource-namespace=kube-system", "--leader-elect-resource-name=ccm-" + scenario,
        "--secure-port=" + port, "--bind-address=127.0.0.1",
        "--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics,/configz",
        "--node-monitor-period=1s", "--node-status-update-frequency=5s"));
    args.addAll(List.of(extra));
    ChildProcess p = Launcher.start(scenario, name, args);
    p.awaitLine(SERVING, Duration.ofSeconds(60), "its serving port");
    p.awaitLine(LEADING, Duration.ofSeconds(60), "that it leads");
    return new Process(p, port);
  }

  /**
   * Creates a TCP LoadBalancer Service (port 80 to 8080) in {@code default}.
   *
   * @param core the API
   * @param name its name
   * @param annotations its annotations
   * @return the Service as created
   * @throws ApiException if refused
   */
  public static V1Service service(CoreV1Api core, String name, Map<String, String> annotations)
      throws ApiException {
    return core.createNamespacedService("default", new V1Service()
        .metadata(new V1ObjectMeta().name(name).annotations(annotations))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", "reliability"))
            .ports(List.of(new V1ServicePort().name("http").protocol("TCP").port(80)
                .targetPort(new IntOrString(8080)))))).execute();
  }

  /**
   * The address a Service's status names, read now.
   *
   * @param core the API
   * @param name the Service's name in {@code default}
   * @return the address, empty while unserved
   */
  public static Optional<String> address(CoreV1Api core, String name) {
    try {
      return Services.address(core.readNamespacedService(name, "default").execute());
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a Node has been initialized by the cloud node controller (its uninitialized taint removed).
   *
   * @param core the API
   * @param name the Node's name
   * @return true once initialized
   */
  public static boolean initialized(CoreV1Api core, String name) {
    try {
      V1Node n = core.readNode(name).execute();
      List<V1Taint> taints = n.getSpec() == null ? null : n.getSpec().getTaints();
      return taints == null || taints.stream()
          .noneMatch(t -> "node.cloudprovider.kubernetes.io/uninitialized".equals(t.getKey()));
    } catch (ApiException e) {
      return false;
    }
  }
}

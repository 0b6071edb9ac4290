package dev.ccm4j.reliability.harness;

import dev.ccm4j.conformance.inprocess.KubeconfigClients;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;

/**
 * The Kubernetes API emulator in the test JVM, so a scenario can script its faults
 * ({@link KubeApiServer#faults()}), behind an {@link ApiFront} that serves HTTPS with a stable CA. The kubeconfig
 * (owner-only, in a private folder) names the front, its CA and a bearer token. {@link #restart} stops both and
 * starts them again on the same ports, with the same objects (the store survives, as etcd does) and a new serving
 * certificate.
 */
public final class InJvmApi implements AutoCloseable {
  private final KubeApiServer server;
  private final ApiFront front;
  private final Path kubeconfig;
  private final KubeconfigClients clients;

  private InJvmApi(KubeApiServer server, ApiFront front, Path kubeconfig) {
    this.server = server;
    this.front = front;
    this.kubeconfig = kubeconfig;
    this.clients = new KubeconfigClients(kubeconfig);
  }

  /**
   * Starts the emulator and its front.
   *
   * @param directory a private folder for the kubeconfig
   * @param token the bearer token the emulator requires
   * @return the running API
   * @throws IOException if a port cannot be bound or the kubeconfig written
   */
  public static InJvmApi start(Path directory, String token) throws IOException {
    KubeApiServer server = KubeApiServer.builder().port(Launcher.freePort()).bearerToken(token).build().start();
    ApiFront front = ApiFront.start(server.port());
    Path kubeconfig = directory.resolve("kubeconfig");
    String yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: reliability\n  cluster:\n    server: "
        + front.url() + "\n    certificate-authority-data: "
        + Base64.getEncoder().encodeToString(front.caPem().getBytes(StandardCharsets.US_ASCII))
        + "\ncontexts:\n- name: reliability\n  context:\n    cluster: reliability\n    user: reliability\n"
        + "current-context: reliability\nusers:\n- name: reliability\n  user:\n    token: \"" + token + "\"\n";
    Files.writeString(kubeconfig, yaml, StandardCharsets.UTF_8);
    if (kubeconfig.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
    }
    return new InJvmApi(server, front, kubeconfig);
  }

  /**
   * The emulator, for its faults and journal.
   *
   * @return the server
   */
  public KubeApiServer server() {
    return server;
  }

  /**
   * The front.
   *
   * @return the TLS front
   */
  public ApiFront front() {
    return front;
  }

  /**
   * The kubeconfig the CCMs get.
   *
   * @return its path
   */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * A client through the front, as the CCM connects.
   *
   * @param name the client's user agent suffix
   * @return the client
   */
  public ApiClient client(String name) {
    return clients.client(name);
  }

  /**
   * The core/v1 API on the scenario's own client.
   *
   * @return the API
   */
  public CoreV1Api core() {
    return new CoreV1Api(client("reliability-scenario"));
  }

  /**
   * Stops the emulator and the front (every connection and watch ends), waits, and starts both again on the same
   * ports with the same objects and a new serving certificate from the same CA.
   *
   * @param down how long the API is unreachable
   * @throws IOException if a port cannot be bound again
   * @throws InterruptedException if interrupted
   */
  public void restart(Duration down) throws IOException, InterruptedException {
    front.stop();
    server.close();
    Thread.sleep(down.toMillis());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        server.start();
        break;
      } catch (java.io.UncheckedIOException e) {
        if (System.nanoTime() > deadline) {
          throw e.getCause();
        }
        Thread.sleep(100);
      }
    }
    front.listen();
  }

  @Override
  public void close() {
    front.close();
    server.close();
    clients.close();
  }
}

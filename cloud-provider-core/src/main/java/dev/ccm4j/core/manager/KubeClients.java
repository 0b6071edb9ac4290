package dev.ccm4j.core.manager;

import dev.ccm4j.api.KubernetesClientFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Kubernetes clients from {@code --kubeconfig} and {@code --master}, as upstream's {@code BuildConfigFromFlags}:
 * a kubeconfig file when given ({@code --master} then overrides its server), only {@code --master} (no
 * credentials), or the in-cluster service account when neither is given. Each client is new, so each gets its own
 * rate-limit budget and user agent.
 */
public final class KubeClients {
  private KubeClients() {}

  /**
   * A factory for the given flags. The kubeconfig is read now, so a bad path fails start-up.
   *
   * @param kubeconfig {@code --kubeconfig}, or null
   * @param master {@code --master}, or null or empty
   * @return the factory
   * @throws IllegalArgumentException naming the flag, if the kubeconfig cannot be read or no configuration exists
   */
  public static KubernetesClientFactory fromFlags(Path kubeconfig, String master) {
    String server = master == null || master.isBlank() ? null : master.strip();
    if (kubeconfig != null) {
      String text;
      try {
        text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("--kubeconfig: cannot read " + kubeconfig + ": "
            + e.getClass().getSimpleName(), e);
      }
      Path dir = kubeconfig.toAbsolutePath().getParent();
      // fail now on a malformed file rather than at the first controller
      named(load(text, dir, kubeconfig), server, "ccm4j-config-check");
      return name -> named(load(text, dir, kubeconfig), server, name);
    }
    if (server != null) {
      return name -> {
        ApiClient c = new ClientBuilder().setBasePath(server).build();
        c.setUserAgent(name);
        return c;
      };
    }
    String host = System.getenv("KUBERNETES_SERVICE_HOST");
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("no --kubeconfig or --master given and not running in a cluster"
          + " (KUBERNETES_SERVICE_HOST is not set)");
    }
    return name -> {
      try {
        ApiClient c = ClientBuilder.cluster().build();
        c.setUserAgent(name);
        return c;
      } catch (IOException e) {
        throw new IllegalStateException("cannot build the in-cluster client: " + e.getMessage(), e);
      }
    };
  }

  private static KubeConfig load(String text, Path dir, Path file) {
    try (Reader r = new java.io.StringReader(text)) {
      KubeConfig config = KubeConfig.loadKubeConfig(r);
      config.setFile(dir == null ? file.toFile() : dir.resolve(file.getFileName()).toFile());
      return config;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--kubeconfig: " + file + " is not a valid kubeconfig: " + describe(e), e);
    }
  }

  /**
   * What went wrong, without the parser's excerpt of the file: a kubeconfig holds tokens and keys, and the excerpt
   * would put them in logs. The cause chain keeps the full detail for a debugger.
   */
  private static String describe(Exception e) {
    if (e instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      return yaml.getProblem() + " at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
          + (yaml.getProblemMark().getColumn() + 1);
    }
    return e.getClass().getSimpleName();
  }

  private static ApiClient named(KubeConfig config, String server, String name) {
    Objects.requireNonNull(name, "name");
    ApiClient c;
    try {
      c = ClientBuilder.kubeconfig(config).build();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--kubeconfig: cannot build a client: " + describe(e), e);
    }
    if (server != null) {
      c.setBasePath(server);
    }
    c.setUserAgent(name);
    return c;
  }
}

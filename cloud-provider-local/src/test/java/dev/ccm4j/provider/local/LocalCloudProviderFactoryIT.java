package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.ProviderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory through ServiceLoader, and the cloud-config file being edited while the provider runs. */
class LocalCloudProviderFactoryIT {
  @TempDir
  Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
    // an atomic replace, as editors and ConfigMap updates do
    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return p;
  }

  private static ProviderContext context() {
    return context(new CompletableFuture<>());
  }

  private static ProviderContext context(CompletableFuture<Void> shutdown) {
    KubernetesClientFactory clients = name -> {
      throw new UnsupportedOperationException("the local provider needs no Kubernetes client");
    };
    return ProviderContext.builder("kubernetes", clients).shutdown(shutdown).build();
  }

  private static boolean watcherRunning() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("local-cloud-config-watcher") && t.isAlive());
  }

  @Test
  void theWatcherStopsOnTheShutdownSignal() throws IOException {
    Path file = write("cloud.yaml", "zone: a\n");
    CompletableFuture<Void> shutdown = new CompletableFuture<>();
    try (LocalCloud p = (LocalCloud) CloudProviders.load("local", file)) {
      p.initialize(context(shutdown));
      assertThat(watcherRunning()).isTrue();
      shutdown.complete(null);
      await().atMost(Duration.ofSeconds(30)).until(() -> !watcherRunning());
    }
  }

  @Test
  void loadsByNameWithAndWithoutConfig() throws IOException {
    assertThat(CloudProviders.available()).contains("local");
    try (CloudProvider p = CloudProviders.load("local", null)) {
      assertThat(p).isInstanceOf(LocalCloud.class);
      assertThat(p.name()).isEqualTo("local");
      assertThat(p.hasClusterId()).isTrue();
      assertThat(p.instancesV2()).isPresent();
      assertThat(p.loadBalancer()).isPresent();
      assertThat(p.routes()).isPresent();
      assertThat(p.zones()).isEmpty();
    }
    Path file = write("cloud.yaml", "zone: lab-1\nnodes: {w1: {state: shutdown}}\n");
    try (CloudProvider p = CloudProviders.load("local", file)) {
      InstancesV2 i = p.instancesV2().orElseThrow();
      assertThat(i.instanceShutdown(node("w1", null))).isTrue();
      assertThat(i.instanceMetadata(node("w2", null)).orElseThrow().zone()).isEqualTo("lab-1");
    }
  }

  @Test
  void badConfigNamesTheFileAndField() throws IOException {
    Path file = write("bad.yaml", "nodes: {w1: {state: asleep}}\n");
    assertThatThrownBy(() -> CloudProviders.load("local", file))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("nodes.w1.state");
  }

  @Test
  void editingTheFileMarksInstancesAndInvalidEditsAreIgnored() throws IOException {
    Path file = write("cloud.yaml", "nodes: {w1: {state: running}}\n");
    try (LocalCloud p = (LocalCloud) CloudProviders.load("local", file)) {
      p.initialize(context());
      InstancesV2 i = p.instancesV2().orElseThrow();
      assertThat(i.instanceExists(node("w1", null))).isTrue();

      write("cloud.yaml", "nodes: {w1: {state: terminated}, w2: {state: shutdown}}\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> !i.instanceExists(node("w1", null)));
      assertThat(i.instanceShutdown(node("w2", null))).isTrue();

      write("cloud.yaml", "nodes: {w1: {state: bogus}}\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> p.configFileError().isPresent());
      assertThat(p.configFileError().orElseThrow()).contains("nodes.w1.state");
      assertThat(i.instanceExists(node("w1", null))).isFalse();

      write("cloud.yaml", "nodes: {w1: {state: running}}\nzone: after-bad-edit\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> i.instanceExists(node("w1", null)));
      assertThat(p.config().zone()).contains("after-bad-edit");
      assertThat(p.configFileError()).isEmpty();
    }
  }
}

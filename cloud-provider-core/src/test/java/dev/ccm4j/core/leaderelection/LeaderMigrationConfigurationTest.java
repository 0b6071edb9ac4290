package dev.ccm4j.core.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.core.controller.ControllerNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderMigrationConfigurationTest {
  @TempDir Path tmp;

  @Test
  void defaultMigratesRouteServiceAndLifecycleThoughUpstreamNamesThemDifferently() {
    LeaderMigrationConfiguration c = LeaderMigrationConfiguration.defaultConfiguration();

    assertThat(c.leaderName()).isEqualTo("cloud-provider-extraction-migration");
    assertThat(c.resourceLock()).isEqualTo("leases");
    assertThat(c.migratedControllers()).containsExactly(
        ControllerNames.NODE_ROUTE, ControllerNames.SERVICE_LB, ControllerNames.CLOUD_NODE_LIFECYCLE);
  }

  @Test
  void v1FileWithCanonicalNamesAndAliases() throws IOException {
    Path file = Files.writeString(tmp.resolve("lm.yaml"), """
        apiVersion: controllermanager.config.k8s.io/v1
        kind: LeaderMigrationConfiguration
        leaderName: cloud-provider-extraction-migration
        controllerLeaders:
          - name: route
            component: cloud-controller-manager
          - name: service-lb-controller
            component: "*"
          - name: cloud-node-lifecycle
            component: kube-controller-manager
          - name: attachdetach
            component: kube-controller-manager
        """);

    LeaderMigrationConfiguration c = LeaderMigrationConfiguration.read(file);

    assertThat(c.resourceLock()).isEqualTo("leases");
    assertThat(c.migratedControllers()).containsExactly(ControllerNames.NODE_ROUTE, ControllerNames.SERVICE_LB);
    assertThat(c.controllersOwnedElsewhere()).containsExactly(ControllerNames.CLOUD_NODE_LIFECYCLE);
  }

  @Test
  void olderVersionsCarryTheLockField() {
    for (String v : new String[] {"v1beta1", "v1alpha1"}) {
      LeaderMigrationConfiguration c = LeaderMigrationConfiguration.parse("""
          apiVersion: controllermanager.config.k8s.io/%s
          kind: LeaderMigrationConfiguration
          leaderName: m
          resourceLock: leases
          controllerLeaders: [{name: service, component: "*"}]
          """.formatted(v), "lm.yaml");
      assertThat(c.migratedControllers()).containsExactly(ControllerNames.SERVICE_LB);
    }
  }

  @Test
  void invalidFilesGetEveryErrorWithTheField() {
    assertThatThrownBy(() -> LeaderMigrationConfiguration.parse("""
        apiVersion: controllermanager.config.k8s.io/v1
        kind: LeaderMigrationConfiguration
        resourceLock: leases
        controllerLeaders:
          - name: servce
            component: cloud-controller-manager
          - component: "*"
          - name: route
            component: "*"
          - name: route-controller
            component: "*"
        """, "lm.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--leader-migration-config lm.yaml: ")
        .hasMessageContaining("unknown field \"resourceLock\" (v1 always uses leases)")
        .hasMessageContaining("leaderName: Required value")
        .hasMessageContaining("controllerLeaders[0].name: \"servce\" is not a controller of the"
            + " cloud-controller-manager")
        .hasMessageContaining("controllerLeaders[1].name: Required value")
        .hasMessageContaining("controllerLeaders[3].name: \"route-controller\" is listed more than once");
  }

  @Test
  void aLeaderNameTheApiServerWouldRefuseIsAnError() {
    assertThatThrownBy(() -> LeaderMigrationConfiguration.parse("""
        apiVersion: controllermanager.config.k8s.io/v1
        kind: LeaderMigrationConfiguration
        leaderName: Not_A_Name
        controllerLeaders: []
        """, "lm.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--leader-migration-config lm.yaml: ")
        .hasMessageContaining("leaderName: Invalid value: must be a DNS-1123 subdomain")
        .hasMessageNotContaining("Not_A_Name");
  }

  @Test
  void wrongVersionKindAndLockAreRefused() {
    assertThatThrownBy(() -> LeaderMigrationConfiguration.parse("""
        apiVersion: controllermanager.config.k8s.io/v2
        kind: Something
        leaderName: m
        controllerLeaders: []
        """, "f"))
        .hasMessageContaining("apiVersion: unsupported value \"controllermanager.config.k8s.io/v2\"")
        .hasMessageContaining("kind: unsupported value \"Something\"");
    assertThatThrownBy(() -> LeaderMigrationConfiguration.parse("""
        apiVersion: controllermanager.config.k8s.io/v1beta1
        kind: LeaderMigrationConfiguration
        leaderName: m
        resourceLock: endpoints
        controllerLeaders: []
        """, "f"))
        .hasMessageContaining("resourceLock: \"endpoints\" locks are no longer supported by Kubernetes");
    assertThatThrownBy(() -> LeaderMigrationConfiguration.parse("- a\n", "f"))
        .hasMessage("--leader-migration-config f: expected a LeaderMigrationConfiguration object");
    assertThatThrownBy(() -> LeaderMigrationConfiguration.parse("a: [\n", "f"))
        .hasMessageStartingWith("--leader-migration-config f: malformed YAML");
  }

  @Test
  void unreadableFileIsNamed() {
    Path missing = tmp.resolve("nope.yaml");
    assertThatThrownBy(() -> LeaderMigrationConfiguration.read(missing))
        .hasMessage("--leader-migration-config: cannot read " + missing + ": NoSuchFileException");
  }
}

package dev.ccm4j.cloud.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ServiceLoader discovery, with {@link TestFactory} registered in the test resources. */
class CloudEmulatorsTest {
  /** A factory serving {@link TestCloud}. */
  public static final class TestFactory implements CloudEmulatorFactory {
    @Override
    public String name() {
      return "testcloud";
    }

    @Override
    public Set<String> aliases() {
      return Set.of("tc");
    }

    @Override
    public String defaultRegion() {
      return "region-1";
    }

    @Override
    public RunningEmulator start(EmulatorSettings settings) throws IOException {
      TestCloud.Plane plane = new TestCloud.Plane(settings.instances());
      EmulatorServer server = EmulatorServer.builder().bindAddress(settings.bindAddress()).port(settings.port())
          .dialect(new TestCloud.Dialect()).handler(new TestCloud.Api()).control(plane).build().start();
      return new RunningEmulator() {
        @Override
        public URI endpoint() {
          return server.endpoint();
        }

        @Override
        public String cloudConfig() {
          return "{\"endpoint\":\"" + server.endpoint() + "\"}";
        }

        @Override
        public String providerName() {
          return "test";
        }

        @Override
        public ControlPlane control() {
          return plane;
        }

        @Override
        public void close() {
          server.close();
        }
      };
    }
  }

  @Test
  void findsFactoriesByNameOrAliasIgnoringCase() throws Exception {
    assertThat(CloudEmulators.names()).containsExactly("testcloud");
    assertThat(CloudEmulators.find("TestCloud")).isInstanceOf(TestFactory.class);
    assertThat(CloudEmulators.find("tc")).isInstanceOf(TestFactory.class);
    try (RunningEmulator e = CloudEmulators.find("testcloud").start(EmulatorSettings.builder().instances(2).build())) {
      assertThat(new ControlClient(e.endpoint()).instances()).hasSize(2);
      assertThat(e.control().instances()).hasSize(2);
    }
  }

  @Test
  void anUnknownNameListsTheAvailableOnes() {
    assertThatThrownBy(() -> CloudEmulators.find("nimbus")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nimbus").hasMessageContaining("available: testcloud");
  }
}

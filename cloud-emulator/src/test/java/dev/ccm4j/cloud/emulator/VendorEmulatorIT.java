package dev.ccm4j.cloud.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.cloud.emulator.testing.SelfSignedTls;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared vendor-emulator base and the fixture helpers of the control client, against a real server. */
class VendorEmulatorIT {

  /** The smallest vendor emulator: the test cloud's dialect, handler and control plane. */
  static final class Tiny extends VendorEmulator<Tiny> {
    Tiny(Builder b) {
      super(b);
      serve("tiny", EmulatorServer.builder().dialect(new TestCloud.Dialect()).handler(new TestCloud.Api()),
          new TestCloud.Plane(b.instances()));
    }

    void serveAgain() {
      serve("tiny", EmulatorServer.builder().dialect(new TestCloud.Dialect()).handler(new TestCloud.Api()),
          new TestCloud.Plane(0));
    }

    @Override
    protected Tiny self() {
      return this;
    }

    @Override
    public String cloudConfig() {
      return "endpoint=" + endpoint();
    }

    static final class Builder extends VendorEmulator.Options<Builder> {
      Builder() {
        super(7L);
      }

      @Override
      protected Builder self() {
        return this;
      }
    }
  }

  @Test
  void servesTheVendorAndTheControlApiOnTheConfiguredAddressAndStops() throws IOException {
    Tiny.Builder options = new Tiny.Builder().instances(2).bindAddress("127.0.0.1").port(0);
    assertThat(options.seed()).isEqualTo(7L);
    assertThat(options.seed(9L).seed()).isEqualTo(9L);
    Tiny tiny = new Tiny(options).start();
    URI endpoint;
    try {
      endpoint = tiny.endpoint();
      assertThat(endpoint.getScheme()).isEqualTo("http");
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
      assertThat(tiny.control()).isSameAs(tiny.control());
      assertThat(tiny.control().instances()).hasSize(2);
      assertThatThrownBy(tiny::serveAgain).isInstanceOf(IllegalStateException.class).hasMessageContaining("serve()");
    } finally {
      tiny.close();
    }
    assertThatThrownBy(() -> new ControlClient(endpoint).instances()).as("closed").isInstanceOf(RuntimeException.class);
  }

  @Test
  void theRunningViewCarriesTheProviderConfigAndControlPlaneAndABusyPortIsAnIoException() throws IOException {
    try (RunningEmulator running = new Tiny(new Tiny.Builder().instances(1)).startRunning("tiny-provider")) {
      assertThat(running.providerName()).isEqualTo("tiny-provider");
      assertThat(running.cloudConfig()).isEqualTo("endpoint=" + running.endpoint());
      assertThat(running.control().instances()).hasSize(1);
    }
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Tiny onBusyPort = new Tiny(new Tiny.Builder().port(busy.getLocalPort()));
      assertThatThrownBy(() -> onBusyPort.startRunning("tiny")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void servesHttpsAndTheControlClientReusesTheContext(@TempDir Path dir) throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate(dir);
    try (Tiny tiny = new Tiny(new Tiny.Builder().sslContext(tls.serverAndClientContext())).start()) {
      assertThat(tiny.endpoint().getScheme()).isEqualTo("https");
      assertThat(tiny.control().instances()).hasSize(3);
      assertThat(tiny.control(tls.clientContext()).instances()).hasSize(3);
    }
  }

  @Test
  void optionsRejectBadValuesNamingTheSetting() {
    assertThatThrownBy(() -> new Tiny.Builder().port(65536)).hasMessageContaining("port");
    assertThatThrownBy(() -> new Tiny.Builder().instances(-1)).hasMessageContaining("instances");
    assertThatThrownBy(() -> new Tiny.Builder().bindAddress(" ")).hasMessageContaining("bindAddress");
  }

  @Test
  void fixtureHelpersFindTheControlApiWaitForStatesAndTerminateQuietly() {
    assertThat(ControlClient.baseOf(URI.create("https://127.0.0.1:8443/slb/v1/slbs?x=1")))
        .isEqualTo(URI.create("https://127.0.0.1:8443"));
    assertThatThrownBy(() -> ControlClient.baseOf(URI.create("/relative"))).hasMessageContaining("scheme");
    assertThat(ControlClient.configuredEndpoint("ccm4j.test.unset.property", "CCM4J_TEST_UNSET_ENV")).isEmpty();
    System.setProperty("ccm4j.test.emulator", "http://127.0.0.1:4000/ecs");
    try {
      assertThat(ControlClient.configuredEndpoint("ccm4j.test.emulator", "CCM4J_TEST_UNSET_ENV"))
          .contains(URI.create("http://127.0.0.1:4000"));
      System.setProperty("ccm4j.test.emulator", "no-scheme");
      assertThatThrownBy(() -> ControlClient.configuredEndpoint("ccm4j.test.emulator", "CCM4J_TEST_UNSET_ENV"))
          .hasMessageContaining("ccm4j.test.emulator").hasMessageContaining("not a URL");
    } finally {
      System.clearProperty("ccm4j.test.emulator");
    }

    try (Tiny tiny = new Tiny(new Tiny.Builder().instances(1)).start()) {
      ControlClient control = tiny.control();
      ControlInstance vm = control.instances().get(0);
      assertThat(control.awaitInstance(vm, ControlInstance.RUNNING, "", Duration.ofSeconds(5)).state())
          .isEqualTo(ControlInstance.RUNNING);
      assertThatThrownBy(() -> control.awaitInstance(vm, ControlInstance.STOPPED, "", Duration.ofMillis(300)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining(vm.id()).hasMessageContaining("stopped");
      control.terminateAll(List.of(vm.id(), "i-missing"));
      assertThat(control.instances()).noneMatch(i -> i.id().equals(vm.id()) && !"terminated".equals(i.state()));
    }
  }
}

package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void findsSignalsAnywhereInTheCauseChain() {
    RetryAfterException retry = new RetryAfterException("still provisioning", Duration.ofSeconds(30));
    RuntimeException wrapped = new RuntimeException("ensure failed", new IllegalStateException("sdk", retry));

    assertThat(CloudProviderException.findInChain(wrapped, RetryAfterException.class)).containsSame(retry);
    assertThat(CloudProviderException.findInChain(wrapped, CloudProviderException.class)).containsSame(retry);
    assertThat(CloudProviderException.findInChain(wrapped, InstanceNotFoundException.class)).isEmpty();
    assertThat(CloudProviderException.findInChain(null, RetryAfterException.class)).isEmpty();
  }

  @Test
  void toleratesCausalCycles() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(CloudProviderException.findInChain(a, UncheckedIOException.class)).isEmpty();
  }

  @Test
  void retryAfterMustBePositive() {
    assertThat(new RetryAfterException("x", Duration.ofMillis(1)).retryAfter()).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> new RetryAfterException("x", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retryAfter must be positive, got PT0S");
    assertThatThrownBy(() -> new RetryAfterException("x", Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void throttledCarriesOptionalAdvice() {
    assertThat(new ThrottledException("429").retryAfter()).isEmpty();
    assertThat(new ThrottledException("429", Duration.ofSeconds(2), null).retryAfter()).contains(Duration.ofSeconds(2));
    assertThatThrownBy(() -> new ThrottledException("429", Duration.ZERO, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signalsAreCloudProviderExceptions() {
    assertThat(new NotImplementedException("instanceShutdownByProviderId"))
        .isInstanceOf(CloudProviderException.class).hasMessage("unimplemented: instanceShutdownByProviderId");
    assertThat(new InstanceNotFoundException("local://n1")).isInstanceOf(CloudProviderException.class);
    assertThat(new ImplementedElsewhereException("internal LBs")).isInstanceOf(CloudProviderException.class);
    assertThat(new CloudConfigException("x")).isInstanceOf(ProviderLoadException.class);
  }
}

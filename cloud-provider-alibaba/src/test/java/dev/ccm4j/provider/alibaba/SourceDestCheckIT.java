package dev.ccm4j.provider.alibaba;

import static dev.ccm4j.provider.alibaba.ProviderTestSupport.instance;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code alibaba-source-dest-check} node controller against the emulator's ENIs. */
class SourceDestCheckIT {
  private AlibabaEmulator emulator;
  private AlibabaCloudProvider provider;
  private NodeReconciler reconciler;

  @BeforeEach
  void start() {
    emulator = AlibabaEmulator.builder().accessKey("it-key", "it-secret-value").instances(0)
        .instanceTransition(Duration.ZERO).build().start();
    provider = ProviderTestSupport.provider(emulator, Duration.ofSeconds(1));
    NodeController controller = provider.controllers().stream().filter(NodeController.class::isInstance)
        .map(NodeController.class::cast).filter(c -> c.name().equals(SourceDestCheck.CONTROLLER_NAME))
        .findFirst().orElseThrow();
    assertThat(controller.enabledByDefault()).as("on by default, as upstream").isTrue();
    reconciler = controller.reconciler();
  }

  @AfterEach
  void stop() {
    provider.close();
    emulator.close();
  }

  @Test
  void theProvidersControllersAreTheNlbOneAndThisOne() {
    assertThat(provider.controllers()).extracting(ProviderController::name).hasSize(2)
        .contains(SourceDestCheck.CONTROLLER_NAME);
  }

  @Test
  void disablesThePrimaryEnisCheckOnceAndThenLeavesTheNodeAlone() {
    ControlInstance vm = instance(emulator, "sdc-node");
    assertThat(emulator.state().ecs().instance(vm.id()).orElseThrow().sourceDestCheck()).isTrue();

    reconciler.reconcile(vm.name(), Optional.of(node(vm, true)));

    assertThat(emulator.state().ecs().instance(vm.id()).orElseThrow().sourceDestCheck()).isFalse();
    assertThat(emulator.control().journal("ModifyNetworkInterfaceAttribute")).singleElement()
        .satisfies(e -> assertThat(e.params()).containsEntry("SourceDestCheck", "false"));
    emulator.control().clearJournal();
    reconciler.reconcile(vm.name(), Optional.of(node(vm, true)));
    assertThat(emulator.control().journal()).as("calls on a resync of a done node").isEmpty();
  }

  @Test
  void aNodeWithoutProviderIdOrDeletedIsLeftAlone() {
    ControlInstance vm = instance(emulator, "sdc-new");
    reconciler.reconcile(vm.name(), Optional.of(node(vm, false)));
    reconciler.reconcile(vm.name(), Optional.empty());
    reconciler.reconcile(vm.name(), Optional.of(node(vm.name(), "ack-hybrid://abc", vm.privateIp())));
    assertThat(emulator.control().journal()).isEmpty();
    assertThat(emulator.state().ecs().instance(vm.id()).orElseThrow().sourceDestCheck()).isTrue();
  }

  @Test
  void aBusyEniIsRetriedAfterADelay() {
    ControlInstance vm = instance(emulator, "sdc-busy");
    emulator.control().addFault(FaultRule.builder().operation("ModifyNetworkInterfaceAttribute")
        .failTimes(1, 400, "InvalidOperation.Conflict", "The operation conflicts with another.").build());
    assertThatThrownBy(() -> reconciler.reconcile(vm.name(), Optional.of(node(vm, true))))
        .isInstanceOfSatisfying(RetryAfterException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(SourceDestCheck.CONFLICT_RETRY));
    reconciler.reconcile(vm.name(), Optional.of(node(vm, true)));
    assertThat(emulator.state().ecs().instance(vm.id()).orElseThrow().sourceDestCheck()).isFalse();
  }
}

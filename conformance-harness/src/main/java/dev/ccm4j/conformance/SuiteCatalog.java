package dev.ccm4j.conformance;

import java.util.List;

/** The suite classes a harness run launches, by name, so the runner does not depend on the suites' code. */
public final class SuiteCatalog {
  /** The TCK, configured from the run's session: every contract of {@code dev.ccm4j.conformance.tck}. */
  public static final String TCK = "dev.ccm4j.conformance.tck.ConfiguredProviderTck";

  /** The end-to-end scenarios, in the order they run. */
  public static final List<String> E2E = List.of(
      "dev.ccm4j.conformance.e2e.NodeInitializationE2e",
      "dev.ccm4j.conformance.e2e.LoadBalancerLifecycleE2e",
      "dev.ccm4j.conformance.e2e.LoadBalancerClassE2e",
      "dev.ccm4j.conformance.e2e.ExcludeFromLoadBalancersE2e",
      "dev.ccm4j.conformance.e2e.RoutesE2e",
      "dev.ccm4j.conformance.e2e.NodeDeletionE2e");

  private SuiteCatalog() {}
}

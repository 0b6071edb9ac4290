package dev.ccm4j.conformance.tck;

import dev.ccm4j.conformance.ConformanceSessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TCK as the harness runner launches it ({@link dev.ccm4j.conformance.SuiteCatalog#TCK}): every contract,
 * against the provider and fixture of the run's conformance session ({@link ConformanceSessions}).
 */
@DisplayName("[sig-cloud-provider] [ccm4j] Provider TCK")
@ExtendWith(TckExtension.class)
public class ConfiguredProviderTck implements ProviderContracts {
  /** For the JUnit engine. */
  public ConfiguredProviderTck() {}
}

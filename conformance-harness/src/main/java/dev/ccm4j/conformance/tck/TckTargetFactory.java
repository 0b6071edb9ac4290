package dev.ccm4j.conformance.tck;

/** Opens a fresh {@link TckTarget} for each contract, so no contract sees another's leftovers in the provider. */
@FunctionalInterface
public interface TckTargetFactory {
  /**
   * Opens a provider and its fixture.
   *
   * @return the target; the caller closes it
   * @throws Exception if the provider or fixture cannot be created
   */
  TckTarget open() throws Exception;
}

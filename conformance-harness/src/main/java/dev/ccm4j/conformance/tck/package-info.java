/**
 * The provider TCK: JUnit 5 contract suites that check a {@link dev.ccm4j.api.CloudProvider} against the SPI's
 * documented contracts, reading the cloud back through a {@link dev.ccm4j.api.fixture.CloudFixture}.
 *
 * <p>A provider author implements {@link dev.ccm4j.conformance.tck.ProviderContracts} (or single contracts such as
 * {@link dev.ccm4j.conformance.tck.LoadBalancerContract}) in a test class and registers a
 * {@link dev.ccm4j.conformance.tck.TckExtension}; the harness runner launches
 * {@link dev.ccm4j.conformance.tck.ConfiguredProviderTck} instead. Contracts for a capability the provider lacks, or
 * that need a fixture operation its cloud cannot offer, are skipped with the reason.
 *
 * <p>The TCK reads the cloud right after a fixture call returns, so a fixture waits until the cloud reflects its
 * change before it returns.
 */
package dev.ccm4j.conformance.tck;

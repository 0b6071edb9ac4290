/**
 * Shared machinery for HTTP-level vendor cloud emulators.
 *
 * <p>{@link dev.ccm4j.cloud.emulator.EmulatorServer} serves one vendor's API on the JDK HTTP server: every vendor
 * request is labelled by a {@link dev.ccm4j.cloud.emulator.VendorDialect}, passed through the
 * {@link dev.ccm4j.cloud.emulator.Faults} rules, answered by the vendor's
 * {@link dev.ccm4j.cloud.emulator.EmulatorHandler} and recorded in the {@link dev.ccm4j.cloud.emulator.Journal}.
 * Under {@code /_ccm4j/} the same server exposes the vendor-neutral control API (instances, journal, faults, load
 * balancers, routes), which {@link dev.ccm4j.cloud.emulator.ControlClient} drives from tests and fixtures. Vendor
 * emulators are discovered by the launcher through {@link dev.ccm4j.cloud.emulator.CloudEmulatorFactory}.
 */
package dev.ccm4j.cloud.emulator;

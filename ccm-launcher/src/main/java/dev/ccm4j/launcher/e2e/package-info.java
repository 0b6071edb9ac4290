/**
 * {@code ccm4j conformance --cloud-emulator}: the conformance suites against a vendor's cloud emulator and the real
 * CCM, each a separate launcher process, with the Kubernetes API emulator and simulated kubelets in the launcher
 * ({@link dev.ccm4j.launcher.e2e.CloudEmulatorCluster}).
 */
package dev.ccm4j.launcher.e2e;

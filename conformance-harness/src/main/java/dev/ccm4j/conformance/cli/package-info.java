/**
 * The {@code conformance} command line ({@link dev.ccm4j.conformance.cli.ConformanceMain}): {@code conformance run}
 * loads the provider under test and its fixture, connects to the cluster through a kubeconfig and runs the suites.
 */
package dev.ccm4j.conformance.cli;

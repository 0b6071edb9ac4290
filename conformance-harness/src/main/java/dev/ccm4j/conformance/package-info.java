/**
 * The ccm4j conformance harness: a provider TCK ({@code tck}), an end-to-end suite against any cluster
 * ({@code e2e}), the in-process cluster our own CI runs it on, the runner ({@code run}), the TestGrid and
 * k8s-conformance reports ({@code report}) and the {@code conformance} command line ({@code cli}).
 */
package dev.ccm4j.conformance;

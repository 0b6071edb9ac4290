/**
 * The conformance runner: launches the TCK and the end-to-end suite on the JUnit Platform with Ginkgo's focus and
 * skip semantics and turns the outcome into reports ({@link dev.ccm4j.conformance.run.ConformanceRun}).
 */
package dev.ccm4j.conformance.run;

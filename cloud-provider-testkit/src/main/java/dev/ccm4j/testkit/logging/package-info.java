/**
 * {@link dev.ccm4j.testkit.logging.LogCapture}: what a logger tree logged, for asserting that no secret is logged.
 * Needs logback-classic on the test class path (an optional dependency of the testkit).
 */
package dev.ccm4j.testkit.logging;

/**
 * The fault campaign's scenarios, one class each, all on the {@link dev.ccm4j.reliability.harness} toolkit. Each is
 * an {@code *IT} whose size comes from system properties (small in CI; docs/reliability.md gives the full-size
 * commands) and prints its figures as one table row.
 */
package dev.ccm4j.reliability.scenarios;

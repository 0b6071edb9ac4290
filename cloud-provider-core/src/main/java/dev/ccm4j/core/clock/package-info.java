/**
 * Time sources for the runtime: a monotonic and wall clock abstraction, the system clock and a manually advanced
 * clock for tests and simulations. Every time-based component of the runtime takes a {@link dev.ccm4j.core.clock.Clock}
 * so that delays and backoffs can be exercised without real sleeping.
 */
package dev.ccm4j.core.clock;

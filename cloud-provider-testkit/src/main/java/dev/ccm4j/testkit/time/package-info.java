/** Clocks tests move by hand: {@link dev.ccm4j.testkit.time.MutableClock} and {@link dev.ccm4j.testkit.time.OffsetClock}. */
package dev.ccm4j.testkit.time;

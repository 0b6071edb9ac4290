/**
 * Controller scale benchmarks: main classes that run the real controllers against the API server emulator and a
 * delayed {@link dev.ccm4j.testkit.cloud.FakeCloud}, and print each scenario's time next to the physical limit
 * measured in the same run. Not tests; nothing here runs during the build.
 */
package dev.ccm4j.benchmarks;

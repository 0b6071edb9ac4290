/**
 * The fault campaign's process-orchestration toolkit, shared by every scenario: {@link
 * dev.ccm4j.reliability.harness.Campaign} starts the Kubernetes API emulator, a vendor cloud emulator and CCMs as
 * separate launcher processes; {@link dev.ccm4j.reliability.harness.Ccm} is one CCM process with its metrics and
 * lease identity; {@link dev.ccm4j.reliability.harness.CloudCensus} counts the cloud's load balancers per Service
 * through the emulator's control API; {@link dev.ccm4j.reliability.harness.Figures} prints a scenario's figures as
 * one table row. Scenarios live in {@code dev.ccm4j.reliability.scenarios}, one class each.
 */
package dev.ccm4j.reliability.harness;

/**
 * The single choke point for calls into the cloud provider: rate limiting, timeouts, adaptive slow-down on
 * throttling, and per-call metrics.
 */
package dev.ccm4j.core.cloud;

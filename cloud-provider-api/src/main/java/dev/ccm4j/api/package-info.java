/**
 * The ccm4j provider SPI: what a cloud implements to get a Kubernetes cloud-controller-manager.
 *
 * <p>A provider implements {@link dev.ccm4j.api.CloudProvider} and registers a
 * {@link dev.ccm4j.api.CloudProviderFactory} with {@link java.util.ServiceLoader}.
 */
package dev.ccm4j.api;

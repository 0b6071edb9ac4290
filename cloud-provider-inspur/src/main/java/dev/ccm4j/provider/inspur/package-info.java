/**
 * The Inspur Cloud provider ({@code --cloud-provider=incloud}, alias {@code inspur}): listeners and backend members
 * on an SLB created in front by the user, authenticated by Keycloak token exchange, and node metadata from the
 * nodes' own annotations and labels.
 *
 * <p>{@link dev.ccm4j.provider.inspur.InspurCloudProviderFactory} is the entry point; see
 * {@code docs/providers/inspur.md}.
 */
package dev.ccm4j.provider.inspur;

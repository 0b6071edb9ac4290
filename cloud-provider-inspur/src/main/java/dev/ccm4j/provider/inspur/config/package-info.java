/**
 * The Inspur cloud-config: the original CCM's {@code key=value} file ({@code slbUrl-pre}, {@code keycloakUrl},
 * {@code client-secret}, {@code token-client-id}, {@code requested-subject}) plus ccm4j's optional keys, validated
 * once at start-up so that a bad file stops the process with the offending key named.
 */
package dev.ccm4j.provider.inspur.config;

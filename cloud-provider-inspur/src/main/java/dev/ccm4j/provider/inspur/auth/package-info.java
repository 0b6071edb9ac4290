/**
 * Authentication to the Inspur SLB API: Keycloak's OAuth2 token-exchange grant, properly form-encoded, with the
 * bearer token cached until shortly before it expires and refreshed once when the API rejects it.
 */
package dev.ccm4j.provider.inspur.auth;

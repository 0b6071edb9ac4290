/**
 * The secure serving port: {@code /healthz}, {@code /livez}, {@code /readyz}, {@code /metrics} and
 * {@code /configz} over HTTPS, with delegated authentication and authorization against the API server.
 */
package dev.ccm4j.core.serving;

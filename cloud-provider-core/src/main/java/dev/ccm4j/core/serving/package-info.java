/**
 * The secure serving port: {@code /healthz}, {@code /livez}, {@code /readyz}, {@code /metrics} and
 * {@code /configz} over HTTPS, with delegated authentication and authorization against the API server. The
 * HTTP/1.1 server underneath is this package's own, built so that slow or hostile clients cannot keep probes from
 * being answered: per-phase deadlines, size caps and connection bounds (see {@link dev.ccm4j.core.serving.SecureServer}).
 */
package dev.ccm4j.core.serving;

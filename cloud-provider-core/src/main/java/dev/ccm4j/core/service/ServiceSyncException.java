package dev.ccm4j.core.service;

/** A failed sync step, with upstream's wording; the cause keeps a provider's retry signal findable. */
final class ServiceSyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ServiceSyncException(String message, Throwable cause) {
    super(message, cause);
  }
}

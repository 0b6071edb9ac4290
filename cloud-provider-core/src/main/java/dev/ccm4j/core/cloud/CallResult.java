package dev.ccm4j.core.cloud;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ImplementedElsewhereException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ThrottledException;
import java.util.Locale;

/** The bounded set of {@code result} label values of {@code cloudprovider_api_requests_total}. */
enum CallResult {
  SUCCESS,
  ERROR,
  TIMEOUT,
  THROTTLED,
  NOT_IMPLEMENTED,
  NOT_FOUND,
  RETRY_AFTER,
  IMPLEMENTED_ELSEWHERE,
  INTERRUPTED;

  private final String label = name().toLowerCase(Locale.ROOT);

  String label() {
    return label;
  }

  /** Classifies a failure by the most specific SPI signal in its cause chain; throttling wins over the rest. */
  static CallResult of(Throwable error) {
    if (error instanceof CloudCallTimeoutException) {
      return TIMEOUT;
    }
    if (error instanceof CloudCallInterruptedException) {
      return INTERRUPTED;
    }
    if (CloudProviderException.findInChain(error, ThrottledException.class).isPresent()) {
      return THROTTLED;
    }
    if (CloudProviderException.findInChain(error, NotImplementedException.class).isPresent()) {
      return NOT_IMPLEMENTED;
    }
    if (CloudProviderException.findInChain(error, InstanceNotFoundException.class).isPresent()) {
      return NOT_FOUND;
    }
    if (CloudProviderException.findInChain(error, RetryAfterException.class).isPresent()) {
      return RETRY_AFTER;
    }
    if (CloudProviderException.findInChain(error, ImplementedElsewhereException.class).isPresent()) {
      return IMPLEMENTED_ELSEWHERE;
    }
    return ERROR;
  }
}

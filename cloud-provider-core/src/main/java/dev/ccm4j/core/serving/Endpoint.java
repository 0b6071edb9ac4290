package dev.ccm4j.core.serving;

import java.io.IOException;

/** One endpoint of the secure port: answers a request whose headers (and body, discarded) were read. */
@FunctionalInterface
interface Endpoint {
  /**
   * Answers the request.
   *
   * @param exchange the request and its response
   * @throws IOException if the response cannot be written
   */
  void handle(Exchange exchange) throws IOException;
}

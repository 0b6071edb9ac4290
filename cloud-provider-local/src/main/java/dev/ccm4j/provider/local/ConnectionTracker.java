package dev.ccm4j.provider.local;

/** Knows a load balancer's open connections, so that deletion can drain them. */
interface ConnectionTracker {
  void opened(TcpRelay relay);

  void closed(TcpRelay relay);
}

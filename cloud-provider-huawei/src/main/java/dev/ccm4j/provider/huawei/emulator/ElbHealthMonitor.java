package dev.ccm4j.provider.huawei.emulator;

/**
 * One emulated health monitor; a pool has at most one. Mutable; changed only by {@link ElbStore} under the state's
 * lock.
 */
final class ElbHealthMonitor {
  final String id;
  final String poolId;
  final String createdAt;
  String name = "";
  String type;
  int delay;
  int timeout;
  int maxRetries;
  int maxRetriesDown = 3;
  String urlPath = "/";
  String httpMethod = "GET";
  String expectedCodes = "200";
  String domainName;
  Integer monitorPort;
  boolean adminStateUp = true;
  String updatedAt;

  ElbHealthMonitor(String id, String poolId, String createdAt) {
    this.id = id;
    this.poolId = poolId;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}

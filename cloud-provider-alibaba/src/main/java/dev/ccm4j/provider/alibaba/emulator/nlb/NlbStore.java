package dev.ccm4j.provider.alibaba.emulator.nlb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The NLB emulator's resources. Not thread-safe on its own: {@link NlbProductApi} holds the store's monitor around
 * every request, so one request sees and changes a consistent state.
 *
 * <p>Asynchronous behaviour is derived from the clock instead of background threads: a job is {@code Processing}
 * until its due time and {@code Succeeded} after it, a new load balancer is {@code Provisioning} until its active
 * time, and deferred effects (a deleted load balancer disappearing) are applied by {@link #settle()} at the start
 * of each request. A test that drives the clock therefore sees every transition deterministically.
 */
final class NlbStore {
  /** How long a finished job can still be asked about ({@code GetJobStatus}, {@code ListAsynJobs}). */
  static final Duration JOB_RETENTION = Duration.ofHours(1);
  final Map<String, Lb> loadBalancers = new LinkedHashMap<>();
  final Map<String, ServerGroup> serverGroups = new LinkedHashMap<>();
  final Map<String, Listener> listeners = new LinkedHashMap<>();
  final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Clock clock;
  private Duration jobDuration = Duration.ofSeconds(1);
  private Duration provisioningDuration = Duration.ofSeconds(2);

  NlbStore(Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  void jobDuration(Duration d) {
    this.jobDuration = d;
  }

  void provisioningDuration(Duration d) {
    this.provisioningDuration = d;
  }

  Duration provisioningDuration() {
    return provisioningDuration;
  }

  /**
   * Applies the effects of jobs that finished since the last request, and forgets jobs finished longer than
   * {@link #JOB_RETENTION} ago: a long-running emulator would otherwise keep every job of its life and scan them
   * all on every request.
   */
  void settle() {
    Instant now = now();
    Instant horizon = now.minus(JOB_RETENTION);
    for (Iterator<Job> it = jobs.values().iterator(); it.hasNext();) {
      Job j = it.next();
      if (!j.applied && !now.isBefore(j.dueAt)) {
        j.applied = true;
        if (j.onDone != null) {
          j.onDone.run();
        }
      }
      if (j.applied && j.dueAt.isBefore(horizon)) {
        it.remove();
      }
    }
  }

  /** The job holding {@code resourceId}'s lock, if one is still running. */
  Optional<Job> runningJobOn(String resourceId) {
    Instant now = now();
    return jobs.values().stream()
        .filter(j -> now.isBefore(j.dueAt) && j.locks.contains(resourceId))
        .findFirst();
  }

  Job submit(String id, String apiName, String resourceType, String resourceId, List<String> locks,
      Runnable onDone) {
    Job j = new Job(id, apiName, resourceType, resourceId, now(), now().plus(jobDuration), List.copyOf(locks),
        onDone);
    jobs.put(id, j);
    return j;
  }

  /** One NLB. */
  static final class Lb {
    final String id;
    final String regionId;
    final String vpcId;
    final Instant createdAt;
    final Instant activeAt;
    final String dnsName;
    final String ipVersion;
    final String resourceGroupId;
    final String clientToken;
    String name;
    String addressType;
    String ipv6AddressType;
    List<Zone> zones = new ArrayList<>();
    String bandwidthPackageId;
    /** The billing order of the create call, numeric as Alibaba answers it. */
    long orderId;
    boolean crossZone = true;
    List<String> securityGroups = new ArrayList<>();
    boolean deletionProtection;
    String deletionProtectionReason;
    String modificationProtection = "NonProtection";
    String modificationProtectionReason;
    final Map<String, String> tags = new LinkedHashMap<>();
    boolean deleting;

    Lb(String id, String regionId, String vpcId, Instant createdAt, Instant activeAt, String ipVersion,
        String resourceGroupId, String clientToken) {
      this.id = id;
      this.regionId = regionId;
      this.vpcId = vpcId;
      this.createdAt = createdAt;
      this.activeAt = activeAt;
      this.dnsName = id + "." + regionId + ".nlb.aliyuncsslb.com";
      this.ipVersion = ipVersion;
      this.resourceGroupId = resourceGroupId;
      this.clientToken = clientToken;
    }
  }

  /** One zone mapping with its addresses. */
  static final class Zone {
    final String zoneId;
    final String vSwitchId;
    final String privateIp;
    final String allocationId;
    String publicIp;

    Zone(String zoneId, String vSwitchId, String privateIp, String allocationId) {
      this.zoneId = zoneId;
      this.vSwitchId = vSwitchId;
      this.privateIp = privateIp;
      this.allocationId = allocationId;
    }
  }

  /** One server group. */
  static final class ServerGroup {
    final String id;
    final String type;
    final String protocol;
    final String vpcId;
    final String resourceGroupId;
    final String regionId;
    String name;
    String scheduler = "Wrr";
    boolean preserveClientIp;
    boolean connectionDrain;
    int connectionDrainTimeout;
    boolean anyPort;
    final Map<String, Object> healthCheck = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<Server> servers = new ArrayList<>();

    ServerGroup(String id, String type, String protocol, String vpcId, String resourceGroupId, String regionId) {
      this.id = id;
      this.type = type;
      this.protocol = protocol;
      this.vpcId = vpcId;
      this.resourceGroupId = resourceGroupId;
      this.regionId = regionId;
    }
  }

  /** One server of a server group. */
  static final class Server {
    final String serverId;
    final String serverType;
    final String serverIp;
    int port;
    int weight;
    String description;
    String zoneId;

    Server(String serverId, String serverType, String serverIp, int port, int weight, String description) {
      this.serverId = serverId;
      this.serverType = serverType;
      this.serverIp = serverIp;
      this.port = port;
      this.weight = weight;
      this.description = description;
    }
  }

  /** One listener. */
  static final class Listener {
    final String id;
    final String loadBalancerId;
    final String protocol;
    final int port;
    final String regionId;
    String serverGroupId;
    String description;
    String status = "Running";
    Integer idleTimeout;
    Integer cps;
    boolean proxyProtocol;
    final Map<String, Boolean> ppv2 = new LinkedHashMap<>();
    List<String> certificateIds = new ArrayList<>();
    List<String> additionalCertificateIds = new ArrayList<>();
    List<String> caCertificateIds = new ArrayList<>();
    boolean caEnabled;
    String securityPolicyId;
    boolean alpnEnabled;
    String alpnPolicy;
    final Map<String, String> tags = new LinkedHashMap<>();

    Listener(String id, String loadBalancerId, String protocol, int port, String regionId) {
      this.id = id;
      this.loadBalancerId = loadBalancerId;
      this.protocol = protocol;
      this.port = port;
      this.regionId = regionId;
    }
  }

  /** One asynchronous job. */
  static final class Job {
    final String id;
    final String apiName;
    final String resourceType;
    final String resourceId;
    final Instant createdAt;
    final Instant dueAt;
    final List<String> locks;
    final Runnable onDone;
    boolean applied;

    Job(String id, String apiName, String resourceType, String resourceId, Instant createdAt, Instant dueAt,
        List<String> locks, Runnable onDone) {
      this.id = id;
      this.apiName = apiName;
      this.resourceType = resourceType;
      this.resourceId = resourceId;
      this.createdAt = createdAt;
      this.dueAt = dueAt;
      this.locks = locks;
      this.onDone = onDone;
    }

    String status(Instant now) {
      return now.isBefore(dueAt) ? "Processing" : "Succeeded";
    }
  }
}

package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ECS metadata service under {@code /latest/}, as seen from one instance (the first seeded one): plain-text
 * {@code meta-data/*} values, the IMDSv2 session token ({@code PUT /latest/api/token}) and the RAM role's STS
 * credentials. A token that is sent must be valid; when tokens are required (hardened mode) a read without one is
 * refused.
 */
final class MetadataService {
  static final String TOKEN_HEADER = "x-aliyun-ecs-metadata-token";
  static final String TTL_HEADER = "x-aliyun-ecs-metadata-token-ttl-seconds";
  private static final String PREFIX = "/latest/meta-data/";
  private static final int MAX_TTL_SECONDS = 21600;

  private final AlibabaCloudState state;
  private final CredentialStore credentials;
  private final Clock clock;
  private final Supplier<Optional<String>> hostInstance;
  private final String ramRole;
  private final boolean tokenRequired;
  private final String ownerAccountId;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> tokens = new LinkedHashMap<>();

  MetadataService(AlibabaCloudState state, CredentialStore credentials, Supplier<Optional<String>> hostInstance,
      String ramRole, boolean tokenRequired, String ownerAccountId) {
    this.state = state;
    this.credentials = credentials;
    this.clock = state.clock();
    this.hostInstance = hostInstance;
    this.ramRole = ramRole;
    this.tokenRequired = tokenRequired;
    this.ownerAccountId = ownerAccountId;
  }

  static boolean handles(String path) {
    return path.startsWith("/latest/") || path.equals("/latest");
  }

  EmulatorResponse handle(EmulatorRequest request) {
    String path = request.path();
    if (path.equals("/latest/api/token")) {
      return request.method().equals("PUT") ? issueToken(request) : status(405, "Method Not Allowed");
    }
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return status(405, "Method Not Allowed");
    }
    Optional<String> token = request.header(TOKEN_HEADER);
    if (token.isPresent() ? !validToken(token.get()) : tokenRequired) {
      return status(401, "Unauthorized");
    }
    if (path.equals("/latest/meta-data") || path.equals(PREFIX)) {
      return text(String.join("\n", listing()));
    }
    if (!path.startsWith(PREFIX)) {
      return status(404, "Not Found");
    }
    String resource = path.substring(PREFIX.length());
    if (resource.equals("ram/security-credentials") || resource.equals("ram/security-credentials/")) {
      return ramRole.isEmpty() ? status(404, "Not Found") : text(ramRole);
    }
    if (resource.startsWith("ram/security-credentials/")) {
      String role = resource.substring("ram/security-credentials/".length());
      return !ramRole.isEmpty() && role.equals(ramRole) ? roleCredentials() : status(404, "Not Found");
    }
    return value(resource).map(MetadataService::text).orElseGet(() -> status(404, "Not Found"));
  }

  private List<String> listing() {
    return List.of("dns-conf/", "eipv4", "hostname", "image-id", "instance/", "instance-id", "mac", "network-type",
        "ntp-conf/", "owner-account-id", "private-ipv4", "ram/", "region-id", "serial-number", "source-address",
        "vpc-cidr-block", "vpc-id", "vswitch-cidr-block", "vswitch-id", "zone-id");
  }

  private Optional<String> value(String resource) {
    Optional<EcsInstance> host = hostInstance.get().flatMap(id -> state.ecs().instance(id));
    VSwitch vsw = host.flatMap(h -> state.vpc().vSwitch(h.vSwitchId()))
        .orElseGet(() -> state.vpc().vSwitch(state.vswitchId()).orElseThrow());
    switch (resource) {
      case "region-id":
        return Optional.of(state.region());
      case "zone-id":
        return Optional.of(vsw.zoneId());
      case "vpc-id":
        return Optional.of(state.vpcId());
      case "vpc-cidr-block":
        return Optional.of(state.vpc().cidrBlock());
      case "vswitch-id":
        return Optional.of(vsw.vSwitchId());
      case "vswitch-cidr-block":
        return Optional.of(vsw.cidrBlock());
      case "network-type":
        return Optional.of("vpc");
      case "owner-account-id":
        return Optional.of(ownerAccountId);
      case "source-address":
        return Optional.of("http://mirrors.cloud.aliyuncs.com");
      case "dns-conf/nameservers":
        return Optional.of("100.100.2.136\n100.100.2.138");
      case "ntp-conf/ntp-servers":
        return Optional.of("ntp.cloud.aliyuncs.com");
      case "image-id":
        return host.map(h -> "aliyun_3_x64_20G_alibase_20240819.vhd");
      case "instance-id":
        return host.map(EcsInstance::instanceId);
      case "private-ipv4":
        return host.map(EcsInstance::privateIp);
      case "hostname":
        return host.map(EcsInstance::hostName);
      case "mac":
        return host.map(EcsInstance::macAddress);
      case "serial-number":
        return host.map(h -> h.instanceId().substring(2));
      case "instance/instance-type":
        return host.map(EcsInstance::instanceType);
      case "eipv4":
        return host.flatMap(h -> state.vpc().eipsOf(h.instanceId()).stream().findFirst()
            .map(EipAddress::ipAddress).or(h::publicIp));
      default:
        return Optional.empty();
    }
  }

  private EmulatorResponse roleCredentials() {
    CredentialStore.StsCredentials sts = credentials.roleCredentials();
    JsonObject o = new JsonObject();
    o.addProperty("AccessKeyId", sts.accessKeyId());
    o.addProperty("AccessKeySecret", sts.secret());
    o.addProperty("Expiration", Js.seconds(sts.expiration()));
    o.addProperty("SecurityToken", sts.securityToken());
    o.addProperty("LastUpdated", Js.seconds(sts.issuedAt()));
    o.addProperty("Code", "Success");
    // the real service answers this JSON as text/plain
    return EmulatorResponse.text(200, "text/plain", o.toString());
  }

  private EmulatorResponse issueToken(EmulatorRequest request) {
    Optional<String> ttl = request.header(TTL_HEADER);
    int seconds;
    try {
      seconds = Integer.parseInt(ttl.orElse("").trim());
    } catch (NumberFormatException e) {
      return status(400, "Bad Request: header X-aliyun-ecs-metadata-token-ttl-seconds must be an integer from 1 to "
          + MAX_TTL_SECONDS);
    }
    if (seconds < 1 || seconds > MAX_TTL_SECONDS) {
      return status(400, "Bad Request: header X-aliyun-ecs-metadata-token-ttl-seconds must be from 1 to "
          + MAX_TTL_SECONDS);
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    synchronized (tokens) {
      tokens.values().removeIf(expiry -> !now.isBefore(expiry));
      tokens.put(token, now.plus(Duration.ofSeconds(seconds)));
    }
    return text(token);
  }

  private boolean validToken(String token) {
    Instant now = clock.instant();
    synchronized (tokens) {
      for (Iterator<Instant> it = tokens.values().iterator(); it.hasNext();) {
        if (!now.isBefore(it.next())) {
          it.remove();
        }
      }
      return tokens.containsKey(token);
    }
  }

  private static EmulatorResponse text(String body) {
    return EmulatorResponse.text(200, "text/plain", body);
  }

  private static EmulatorResponse status(int status, String text) {
    return EmulatorResponse.text(status, "text/plain", status + " - " + text);
  }
}

package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The OpenStack-style metadata service ECS instances reach at {@code http://169.254.169.254}, here on the emulator's
 * port: {@code /openstack/latest/meta_data.json} (the instance's id, name, AZ, region, project) and
 * {@code /openstack/latest/securitykey} (the temporary AK/SK and security token of the instance's agency, which
 * the signature check accepts until they expire on the emulator's clock). No signature is needed, as on an instance.
 * It answers for one instance: the first one seeded, else the first one existing.
 */
final class MetadataService {
  static final String META_DATA = "/openstack/latest/meta_data.json";
  static final String SECURITY_KEY = "/openstack/latest/securitykey";
  // Huawei writes microseconds; Go's layout without fraction still parses it
  private static final DateTimeFormatter EXPIRES_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final HuaweiState state;
  private final AccessKeys keys;
  private final Supplier<Optional<String>> hostInstance;

  MetadataService(HuaweiState state, AccessKeys keys, Supplier<Optional<String>> hostInstance) {
    this.state = Objects.requireNonNull(state, "state");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.hostInstance = Objects.requireNonNull(hostInstance, "hostInstance");
  }

  /**
   * The operation label of a metadata request.
   *
   * @param request the request
   * @return {@code GetMetaData}, {@code GetSecurityKey} or {@code GetMetadata} for other {@code /openstack/} paths;
   *     empty when it is not a metadata path
   */
  static Optional<String> operation(EmulatorRequest request) {
    String path = request.path();
    if (path.equals(META_DATA)) {
      return Optional.of("GetMetaData");
    }
    if (path.equals(SECURITY_KEY)) {
      return Optional.of("GetSecurityKey");
    }
    return path.startsWith("/openstack/") || path.equals("/openstack") ? Optional.of("GetMetadata")
        : Optional.empty();
  }

  /**
   * Answers a metadata request.
   *
   * @param request a request whose {@link #operation} is present
   * @return the answer; 404 in plain text for anything else under {@code /openstack/}, as the real service
   */
  EmulatorResponse handle(EmulatorRequest request) {
    if (!request.method().equals("GET")) {
      return EmulatorResponse.text(405, "text/plain;charset=utf-8", "405 Method Not Allowed");
    }
    if (request.path().equals(META_DATA)) {
      Optional<Server> server = hostInstance.get().flatMap(state::server)
          .or(() -> state.servers().stream().findFirst());
      if (server.isEmpty()) {
        return EmulatorResponse.text(404, "text/plain;charset=utf-8", "404 Not Found");
      }
      return EmulatorResponse.json(200, metaData(server.get()));
    }
    if (request.path().equals(SECURITY_KEY)) {
      AccessKeys.Key key = keys.currentTemporary();
      JsonObject credential = new JsonObject();
      credential.addProperty("access", key.access());
      credential.addProperty("secret", key.secret());
      credential.addProperty("securitytoken", key.securityToken());
      credential.addProperty("expires_at", EXPIRES_AT.format(key.expiresAt()));
      JsonObject o = new JsonObject();
      o.add("credential", credential);
      return EmulatorResponse.json(200, o);
    }
    return EmulatorResponse.text(404, "text/plain;charset=utf-8", "404 Not Found");
  }

  private JsonObject metaData(Server s) {
    JsonObject o = new JsonObject();
    o.addProperty("uuid", s.id());
    o.addProperty("name", s.name());
    o.addProperty("hostname", s.name() + ".novalocal");
    o.addProperty("availability_zone", s.availabilityZone());
    o.addProperty("region_id", state.region());
    o.addProperty("project_id", state.projectId());
    o.addProperty("launch_index", 0);
    JsonObject meta = new JsonObject();
    meta.addProperty("vpc_id", state.vpcId());
    meta.addProperty("charging_mode", "0");
    meta.addProperty("os_type", "Linux");
    o.add("meta", meta);
    o.add("devices", new JsonArray());
    o.add("public_keys", new JsonObject());
    return o;
  }
}

package dev.ccm4j.provider.alibaba.config;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alibaba provider's configuration: upstream's cloud-config file ({@code {"Global":{...}}}, JSON or YAML) merged
 * with upstream's environment variables. Immutable; every value is validated by {@link #parse}.
 *
 * <p>Keys are matched case-insensitively, as Go's {@code encoding/json} matches them, so files written for the
 * upstream CCM (which spell {@code vpcid}, {@code KubernetesClusterTag} or {@code routeTableIDs} in various ways) load
 * unchanged. Errors name the key ({@code Global.<key>}) or the environment variable and never quote the value, which
 * may be a credential. Unknown keys are logged once, by name only.
 *
 * <p><b>Endpoints.</b> Each product (ECS, SLB, VPC, NLB) and the metadata service can be given an explicit endpoint
 * by a cloud-config key ({@code ecsEndpoint}, ...) or by upstream's environment variable ({@code ECS_ENDPOINT}, ...).
 * The cloud-config key wins over the environment variable, because the file is the per-cluster, reviewed source
 * while the variables are a deployment-wide fallback kept for compatibility. An explicit endpoint is {@code host},
 * {@code host:port} or a {@code http://} / {@code https://} URL; one without a scheme uses https, or http when
 * {@code ALICLOUD_CLIENT_SCHEME=HTTP}. Products without an explicit endpoint use
 * {@code https://<product>-vpc.<region>.aliyuncs.com} ({@code network: public}:
 * {@code https://<product>.<region>.aliyuncs.com}), always https: plain http is allowed only for an endpoint named
 * explicitly, so {@code ALICLOUD_CLIENT_SCHEME=HTTP} with a default endpoint is a configuration error.
 */
public final class AlibabaCloudConfig {
  private static final Logger LOG = LoggerFactory.getLogger(AlibabaCloudConfig.class);
  /** Unknown keys (and notices) already logged in this JVM, so that repeated parses stay quiet. */
  private static final Set<String> UNKNOWN_LOGGED = ConcurrentHashMap.newKeySet();

  /** Upstream's default tag key for finding ECS instances by IP. */
  public static final String DEFAULT_KUBERNETES_CLUSTER_TAG = "ack.aliyun.com";
  /** The ECS metadata service, as upstream reaches it. */
  public static final URI DEFAULT_METADATA_ENDPOINT = URI.create("http://100.100.100.200");
  /** The largest (and default) batch of backends per CLB call. */
  public static final int MAX_SG_BATCH_SIZE = 40;

  /** Plain (not base64) access key id, the fallback after cloud-config. */
  public static final String ENV_ACCESS_KEY_ID = "ACCESS_KEY_ID";
  /** Plain (not base64) access key secret, the fallback after cloud-config. */
  public static final String ENV_ACCESS_KEY_SECRET = "ACCESS_KEY_SECRET";
  /** Explicit ECS endpoint. */
  public static final String ENV_ECS_ENDPOINT = "ECS_ENDPOINT";
  /** Explicit SLB endpoint. */
  public static final String ENV_SLB_ENDPOINT = "SLB_ENDPOINT";
  /** Explicit VPC endpoint. */
  public static final String ENV_VPC_ENDPOINT = "VPC_ENDPOINT";
  /** Explicit NLB endpoint. */
  public static final String ENV_NLB_ENDPOINT = "NLB_ENDPOINT";
  /** Explicit metadata service endpoint. */
  public static final String ENV_METADATA_ENDPOINT = "METADATA_ENDPOINT";
  /** {@code HTTP} or {@code HTTPS}: the scheme of explicit endpoints given without one. */
  public static final String ENV_CLIENT_SCHEME = "ALICLOUD_CLIENT_SCHEME";

  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");
  private static final List<String> PRODUCTS = List.of("ecs", "slb", "vpc", "nlb");

  /** Every key of the {@code Global} section, spelled as upstream documents it. */
  private static final List<String> KNOWN_KEYS = List.of(
      "uid", "accessKeyID", "accessKeySecret", "clusterID", "kubernetesClusterTag", "region", "vpcid", "zoneid",
      "vswitchid", "resourceGroupID", "serviceMaxConcurrentReconciles", "serviceBackendType", "disablePublicSLB",
      "nodeMaxConcurrentReconciles", "nodeMonitorPeriod", "nodeAddrSyncPeriod", "routeMaxConcurrentReconciles",
      "routeTableIDs", "privateZoneId", "privateZoneRecordTTL", "featureGates",
      "ecsEndpoint", "slbEndpoint", "vpcEndpoint", "nlbEndpoint", "metadataEndpoint", "signatureAlgorithm",
      "network", "sgBatchSize");

  private final String source;
  private final String uid;
  private final String accessKeyId;
  private final String accessKeySecret;
  private final String clusterId;
  private final String kubernetesClusterTag;
  private final String region;
  private final String vpcId;
  private final String zoneId;
  private final String vswitchId;
  private final Map<String, String> vswitchIds;
  private final String resourceGroupId;
  private final int serviceMaxConcurrentReconciles;
  private final String serviceBackendType;
  private final boolean disablePublicSlb;
  private final int nodeMaxConcurrentReconciles;
  private final Duration nodeMonitorPeriod;
  private final Duration nodeAddrSyncPeriod;
  private final int routeMaxConcurrentReconciles;
  private final List<String> routeTableIds;
  private final String privateZoneId;
  private final Long privateZoneRecordTtl;
  private final Map<String, Boolean> featureGates;
  private final Map<String, URI> explicitEndpoints;
  private final URI metadataEndpoint;
  private final SignatureAlgorithm signatureAlgorithm;
  private final Network network;
  private final int sgBatchSize;

  private AlibabaCloudConfig(GlobalReader g, Map<String, String> env) {
    this.source = g.source;
    this.uid = g.string("uid").orElse(null);
    Optional<String> id = g.base64("accessKeyID");
    Optional<String> secret = g.base64("accessKeySecret");
    if (id.isPresent() != secret.isPresent()) {
      throw g.error(id.isPresent() ? "accessKeySecret" : "accessKeyID",
          "is required when Global." + (id.isPresent() ? "accessKeyID" : "accessKeySecret") + " is set");
    }
    this.accessKeyId = id.orElse(null);
    this.accessKeySecret = secret.orElse(null);
    this.clusterId = g.string("clusterID").orElse(null);
    this.kubernetesClusterTag = g.string("kubernetesClusterTag").orElse(DEFAULT_KUBERNETES_CLUSTER_TAG);
    this.region = g.string("region").map(r -> {
      if (!REGION.matcher(r).matches()) {
        throw g.error("region", "must be a region id such as cn-hangzhou");
      }
      return r;
    }).orElse(null);
    this.vpcId = g.string("vpcid").orElse(null);
    this.zoneId = g.string("zoneid").orElse(null);
    this.vswitchId = g.string("vswitchid").orElse(null);
    this.vswitchIds = parseVswitches(vswitchId);
    this.resourceGroupId = g.string("resourceGroupID").orElse(null);
    this.serviceMaxConcurrentReconciles = g.integer("serviceMaxConcurrentReconciles", 1, 1000).orElse(3L).intValue();
    this.serviceBackendType = g.string("serviceBackendType").map(t -> {
      String lower = t.toLowerCase(Locale.ROOT);
      if (!lower.equals("ecs") && !lower.equals("eni")) {
        throw g.error("serviceBackendType", "must be one of: ecs, eni");
      }
      return lower;
    }).orElse(null);
    this.disablePublicSlb = g.bool("disablePublicSLB").orElse(false);
    this.nodeMaxConcurrentReconciles = g.integer("nodeMaxConcurrentReconciles", 1, 1000).orElse(1L).intValue();
    this.nodeMonitorPeriod = g.integer("nodeMonitorPeriod", 1, Integer.MAX_VALUE).map(Duration::ofSeconds)
        .orElse(null);
    this.nodeAddrSyncPeriod = g.integer("nodeAddrSyncPeriod", 1, Integer.MAX_VALUE).map(Duration::ofSeconds)
        .orElse(null);
    this.routeMaxConcurrentReconciles = g.integer("routeMaxConcurrentReconciles", 1, 1000).orElse(1L).intValue();
    this.routeTableIds = g.string("routeTableIDs").map(AlibabaCloudConfig::commaList).orElse(List.of());
    this.privateZoneId = g.string("privateZoneId").orElse(null);
    this.privateZoneRecordTtl = g.integer("privateZoneRecordTTL", 1, Integer.MAX_VALUE).orElse(null);
    this.featureGates = g.string("featureGates").map(f -> parseFeatureGates(g, f)).orElse(Map.of());
    this.signatureAlgorithm = g.string("signatureAlgorithm").map(s -> SignatureAlgorithm.fromWireName(s)
        .orElseThrow(() -> g.error("signatureAlgorithm", "must be one of: ACS3-HMAC-SHA256, HMAC-SHA1")))
        .orElse(SignatureAlgorithm.ACS3_HMAC_SHA256);
    this.network = g.string("network").map(n -> switch (n.toLowerCase(Locale.ROOT)) {
      case "vpc" -> Network.VPC;
      case "public" -> Network.PUBLIC;
      default -> throw g.error("network", "must be one of: vpc, public");
    }).orElse(Network.VPC);
    this.sgBatchSize = g.integer("sgBatchSize", 1, MAX_SG_BATCH_SIZE).orElse((long) MAX_SG_BATCH_SIZE).intValue();

    String scheme = clientScheme(g, env);
    Map<String, URI> endpoints = new LinkedHashMap<>();
    List<String> withoutEndpoint = new ArrayList<>();
    for (String product : PRODUCTS) {
      String key = product + "Endpoint";
      String envName = product.toUpperCase(Locale.ROOT) + "_ENDPOINT";
      Optional<URI> explicit = g.string(key).map(v -> endpoint(g.label(key), v, scheme, g.source))
          .or(() -> envValue(env, envName).map(v -> endpoint(envLabel(envName), v, scheme, g.source)));
      explicit.ifPresentOrElse(u -> endpoints.put(product, u), () -> withoutEndpoint.add(product));
    }
    if (scheme.equals("http") && !withoutEndpoint.isEmpty()) {
      StringJoiner fix = new StringJoiner(", ");
      for (String p : withoutEndpoint) {
        fix.add("Global." + p + "Endpoint or " + p.toUpperCase(Locale.ROOT) + "_ENDPOINT");
      }
      throw new CloudConfigException(g.source + ": environment variable " + ENV_CLIENT_SCHEME
          + "=HTTP applies only to explicit endpoints, and default endpoints are always https; set " + fix);
    }
    this.explicitEndpoints = Collections.unmodifiableMap(endpoints);
    this.metadataEndpoint = g.string("metadataEndpoint")
        .map(v -> endpoint(g.label("metadataEndpoint"), v, "http", g.source))
        .or(() -> envValue(env, ENV_METADATA_ENDPOINT)
            .map(v -> endpoint(envLabel(ENV_METADATA_ENDPOINT), v, "http", g.source)))
        .orElse(DEFAULT_METADATA_ENDPOINT);
    g.logUnknown();
    if (uid != null && UNKNOWN_LOGGED.add("\0uid")) {
      LOG.warn("cloud-config {}: Global.uid is set, but ccm4j does not run upstream's servicetoken helper; the "
          + "configured access key is used directly", source);
    }
  }

  /**
   * Parses and validates a cloud-config.
   *
   * @param config the {@code --cloud-config} contents; an empty config means "everything from the environment and
   *     the metadata service"
   * @param env the process environment (passed in so that tests need no real environment)
   * @return the configuration
   * @throws CloudConfigException naming the source and the key or variable at fault, never its value
   */
  public static AlibabaCloudConfig parse(CloudConfig config, Map<String, String> env) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(env, "env");
    return new AlibabaCloudConfig(GlobalReader.read(config), env);
  }

  private static Optional<String> envValue(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  private static String envLabel(String name) {
    return "environment variable " + name;
  }

  private static String clientScheme(GlobalReader g, Map<String, String> env) {
    Optional<String> v = envValue(env, ENV_CLIENT_SCHEME);
    if (v.isEmpty()) {
      return "https";
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "http" -> "http";
      case "https" -> "https";
      default -> throw new CloudConfigException(
          g.source + ": environment variable " + ENV_CLIENT_SCHEME + " must be HTTP or HTTPS");
    };
  }

  private static URI endpoint(String label, String value, String defaultScheme, String source) {
    String text = value.contains("://") ? value : defaultScheme + "://" + value;
    URI uri;
    try {
      uri = new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new CloudConfigException(source + ": " + label + " is not a valid host, host:port or URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new CloudConfigException(source + ": " + label + " must use http or https");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
            && !uri.getRawPath().equals("/"))) {
      throw new CloudConfigException(source + ": " + label
          + " must be a host, host:port or scheme://host[:port] without user info, path or query");
    }
    String host = uri.getHost();
    return URI.create(scheme + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
  }

  private static List<String> commaList(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return List.copyOf(out);
  }

  private static Map<String, String> parseVswitches(String raw) {
    if (raw == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : raw.split(",")) {
      int colon = part.indexOf(':');
      // upstream skips entries without a zone
      if (colon > 0 && colon < part.length() - 1) {
        out.put(part.substring(0, colon).strip(), part.substring(colon + 1).strip());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Boolean> parseFeatureGates(GlobalReader g, String value) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    int n = 0;
    for (String part : value.split(",")) {
      n++;
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? "" : part.substring(0, eq).strip();
      String v = eq < 0 ? "" : part.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty() || !(v.equals("true") || v.equals("false"))) {
        throw g.error("featureGates", "entry " + n + " must be Name=true or Name=false");
      }
      out.put(name, Boolean.parseBoolean(v));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Where this configuration was read from, for messages.
   *
   * @return the file path or {@code <inline>}
   */
  public String source() {
    return source;
  }

  /**
   * {@code Global.uid}: upstream's switch to its assume-role helper; ccm4j accepts it and uses the access key
   * directly.
   *
   * @return the account uid, or empty
   */
  public Optional<String> uid() {
    return Optional.ofNullable(uid);
  }

  /**
   * {@code Global.accessKeyID}, decoded from base64.
   *
   * @return the access key id, or empty
   */
  public Optional<String> accessKeyId() {
    return Optional.ofNullable(accessKeyId);
  }

  /**
   * {@code Global.accessKeySecret}, decoded from base64. A credential: never log it.
   *
   * @return the access key secret, or empty
   */
  public Optional<String> accessKeySecret() {
    return Optional.ofNullable(accessKeySecret);
  }

  /**
   * {@code Global.clusterID} as configured.
   *
   * @return the cluster id, or empty
   */
  public Optional<String> clusterId() {
    return Optional.ofNullable(clusterId);
  }

  /**
   * The cluster id written into ownership tags: {@code Global.clusterID} when configured, otherwise the
   * {@code --cluster-name}.
   *
   * @param clusterName the core's cluster name
   * @return the id to tag with
   */
  public String ownershipClusterId(String clusterName) {
    Objects.requireNonNull(clusterName, "clusterName");
    return clusterId != null ? clusterId : clusterName;
  }

  /**
   * {@code Global.kubernetesClusterTag}: the tag key instances of this cluster carry, used when looking an
   * instance up by IP.
   *
   * @return the tag key; {@value #DEFAULT_KUBERNETES_CLUSTER_TAG} when unset or empty
   */
  public String kubernetesClusterTag() {
    return kubernetesClusterTag;
  }

  /**
   * {@code Global.region}.
   *
   * @return the region id, or empty (then it comes from the metadata service)
   */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /**
   * {@code Global.vpcid}.
   *
   * @return the VPC id, or empty
   */
  public Optional<String> vpcId() {
    return Optional.ofNullable(vpcId);
  }

  /**
   * {@code Global.zoneid}.
   *
   * @return the zone id, or empty
   */
  public Optional<String> zoneId() {
    return Optional.ofNullable(zoneId);
  }

  /**
   * {@code Global.vswitchid} exactly as configured (a single id, or {@code zone:vsw,zone:vsw}).
   *
   * @return the raw value, or empty
   */
  public Optional<String> vswitchId() {
    return Optional.ofNullable(vswitchId);
  }

  /**
   * The {@code zone:vsw} pairs of {@code Global.vswitchid}; entries without a zone are skipped, as upstream does.
   *
   * @return zone id to vSwitch id, in file order; empty when the value holds no pair
   */
  public Map<String, String> vswitchIds() {
    return vswitchIds;
  }

  /**
   * The vSwitch for a zone: the pair for that zone when {@code Global.vswitchid} lists pairs, otherwise the raw
   * value (upstream's fallback when none parse).
   *
   * @param zone the zone id
   * @return the vSwitch id, or empty
   */
  public Optional<String> vswitchIdFor(String zone) {
    if (!vswitchIds.isEmpty()) {
      return Optional.ofNullable(vswitchIds.get(zone));
    }
    return Optional.ofNullable(vswitchId);
  }

  /**
   * Whether the static metadata of upstream applies: both {@code vpcid} and {@code vswitchid} are configured, so
   * region, zone and VPC come from the config rather than the metadata service.
   *
   * @return true when both are set
   */
  public boolean staticMetadata() {
    return vpcId != null && vswitchId != null;
  }

  /**
   * {@code Global.resourceGroupID}, trimmed.
   *
   * @return the default resource group for new load balancers, or empty
   */
  public Optional<String> resourceGroupId() {
    return Optional.ofNullable(resourceGroupId);
  }

  /**
   * {@code Global.serviceMaxConcurrentReconciles}.
   *
   * @return 1..1000, default 3
   */
  public int serviceMaxConcurrentReconciles() {
    return serviceMaxConcurrentReconciles;
  }

  /**
   * {@code Global.serviceBackendType}, lower-cased.
   *
   * @return {@code ecs} or {@code eni}, or empty when unset
   */
  public Optional<String> serviceBackendType() {
    return Optional.ofNullable(serviceBackendType);
  }

  /**
   * {@code Global.disablePublicSLB}: refuse internet-facing load balancers.
   *
   * @return default false
   */
  public boolean disablePublicSlb() {
    return disablePublicSlb;
  }

  /**
   * {@code Global.nodeMaxConcurrentReconciles}.
   *
   * @return 1..1000, default 1
   */
  public int nodeMaxConcurrentReconciles() {
    return nodeMaxConcurrentReconciles;
  }

  /**
   * {@code Global.nodeMonitorPeriod}, in seconds in the file.
   *
   * @return the period, or empty when unset
   */
  public Optional<Duration> nodeMonitorPeriod() {
    return Optional.ofNullable(nodeMonitorPeriod);
  }

  /**
   * {@code Global.nodeAddrSyncPeriod}, in seconds in the file.
   *
   * @return the period, or empty when unset
   */
  public Optional<Duration> nodeAddrSyncPeriod() {
    return Optional.ofNullable(nodeAddrSyncPeriod);
  }

  /**
   * {@code Global.routeMaxConcurrentReconciles}.
   *
   * @return 1..1000, default 1
   */
  public int routeMaxConcurrentReconciles() {
    return routeMaxConcurrentReconciles;
  }

  /**
   * {@code Global.routeTableIDs}, split on commas.
   *
   * @return the route table ids, empty to discover them from the VPC
   */
  public List<String> routeTableIds() {
    return routeTableIds;
  }

  /**
   * {@code Global.privateZoneId}.
   *
   * @return the PrivateZone id, or empty
   */
  public Optional<String> privateZoneId() {
    return Optional.ofNullable(privateZoneId);
  }

  /**
   * {@code Global.privateZoneRecordTTL}.
   *
   * @return the record TTL in seconds, or empty
   */
  public Optional<Long> privateZoneRecordTtl() {
    return Optional.ofNullable(privateZoneRecordTtl);
  }

  /**
   * {@code Global.featureGates}, parsed from {@code Name=true,Name=false}.
   *
   * @return gate name to value, in file order
   */
  public Map<String, Boolean> featureGates() {
    return featureGates;
  }

  /**
   * One feature gate.
   *
   * @param name the gate, e.g. {@code IPv6DualStack}
   * @param defaultValue its value when not configured
   * @return the configured or default value
   */
  public boolean featureGate(String name, boolean defaultValue) {
    return featureGates.getOrDefault(name, defaultValue);
  }

  /**
   * The explicit ECS endpoint ({@code Global.ecsEndpoint}, else {@code ECS_ENDPOINT}).
   *
   * @return {@code scheme://host[:port]}, or empty for the default endpoint
   */
  public Optional<URI> ecsEndpoint() {
    return Optional.ofNullable(explicitEndpoints.get("ecs"));
  }

  /**
   * The explicit SLB endpoint ({@code Global.slbEndpoint}, else {@code SLB_ENDPOINT}).
   *
   * @return {@code scheme://host[:port]}, or empty for the default endpoint
   */
  public Optional<URI> slbEndpoint() {
    return Optional.ofNullable(explicitEndpoints.get("slb"));
  }

  /**
   * The explicit VPC endpoint ({@code Global.vpcEndpoint}, else {@code VPC_ENDPOINT}).
   *
   * @return {@code scheme://host[:port]}, or empty for the default endpoint
   */
  public Optional<URI> vpcEndpoint() {
    return Optional.ofNullable(explicitEndpoints.get("vpc"));
  }

  /**
   * The explicit NLB endpoint ({@code Global.nlbEndpoint}, else {@code NLB_ENDPOINT}).
   *
   * @return {@code scheme://host[:port]}, or empty for the default endpoint
   */
  public Optional<URI> nlbEndpoint() {
    return Optional.ofNullable(explicitEndpoints.get("nlb"));
  }

  /**
   * The endpoint of a product: the explicit one when configured, otherwise the default for the region and
   * {@link #network()}.
   *
   * @param product the lower-case product code: {@code ecs}, {@code slb}, {@code vpc} or {@code nlb}
   * @param region the region id, used only for a default endpoint
   * @return {@code scheme://host[:port]}
   * @throws IllegalArgumentException for an unknown product or an invalid region
   */
  public URI endpoint(String product, String region) {
    String code = product.toLowerCase(Locale.ROOT);
    if (!PRODUCTS.contains(code)) {
      throw new IllegalArgumentException("unknown Alibaba product " + product + "; known: " + PRODUCTS);
    }
    URI explicit = explicitEndpoints.get(code);
    return explicit != null ? explicit : defaultEndpoint(code, region, network);
  }

  /**
   * The default endpoint of a product: {@code https://<product>-vpc.<region>.aliyuncs.com}, or without
   * {@code -vpc} on the public network.
   *
   * @param product the lower-case product code
   * @param region the region id
   * @param network which network's endpoints
   * @return the https endpoint
   * @throws IllegalArgumentException if the region is not a valid region id
   */
  public static URI defaultEndpoint(String product, String region, Network network) {
    Objects.requireNonNull(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("not a valid Alibaba region id (lower-case letters, digits and '-', such as"
          + " cn-hangzhou)");
    }
    String host = product.toLowerCase(Locale.ROOT) + (network == Network.VPC ? "-vpc" : "") + "." + region
        + ".aliyuncs.com";
    return URI.create("https://" + host);
  }

  /**
   * The metadata service ({@code Global.metadataEndpoint}, else {@code METADATA_ENDPOINT}, else
   * {@code http://100.100.100.200}); plain http by default, as the service is link-local.
   *
   * @return {@code scheme://host[:port]}
   */
  public URI metadataEndpoint() {
    return metadataEndpoint;
  }

  /**
   * {@code Global.signatureAlgorithm}.
   *
   * @return default {@link SignatureAlgorithm#ACS3_HMAC_SHA256}
   */
  public SignatureAlgorithm signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /**
   * {@code Global.network}.
   *
   * @return default {@link Network#VPC}
   */
  public Network network() {
    return network;
  }

  /**
   * {@code Global.sgBatchSize}: backends per CLB backend call.
   *
   * @return 1..40, default 40
   */
  public int sgBatchSize() {
    return sgBatchSize;
  }

  /**
   * Describes the configuration without credentials.
   *
   * @return the non-secret settings
   */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "AlibabaCloudConfig{", "}");
    out.add("source=" + source);
    out.add("accessKey=" + (accessKeyId != null ? "configured" : "absent"));
    addIf(out, "region", region);
    addIf(out, "vpcId", vpcId);
    addIf(out, "zoneId", zoneId);
    addIf(out, "vswitchId", vswitchId);
    addIf(out, "clusterId", clusterId);
    out.add("kubernetesClusterTag=" + kubernetesClusterTag);
    addIf(out, "resourceGroupId", resourceGroupId);
    addIf(out, "serviceBackendType", serviceBackendType);
    out.add("disablePublicSlb=" + disablePublicSlb);
    if (!routeTableIds.isEmpty()) {
      out.add("routeTableIds=" + routeTableIds);
    }
    if (!featureGates.isEmpty()) {
      out.add("featureGates=" + featureGates);
    }
    out.add("endpoints=" + explicitEndpoints);
    out.add("metadataEndpoint=" + metadataEndpoint);
    out.add("network=" + network.name().toLowerCase(Locale.ROOT));
    out.add("signatureAlgorithm=" + signatureAlgorithm.wireName());
    out.add("sgBatchSize=" + sgBatchSize);
    return out.toString();
  }

  private static void addIf(StringJoiner out, String name, Object value) {
    if (value != null) {
      out.add(name + "=" + value);
    }
  }

  /** The {@code Global} section read into plain values, with Go's case-insensitive key matching. */
  private static final class GlobalReader {
    private final String source;
    /** lower-case key to the value last given for it (Go: a later key overrides an earlier one). */
    private final Map<String, Object> values;
    private final List<String> unknown;

    private GlobalReader(String source, Map<String, Object> values, List<String> unknown) {
      this.source = source;
      this.values = values;
      this.unknown = unknown;
    }

    static GlobalReader read(CloudConfig config) {
      String source = config.source();
      Object root = ConfigDocument.parse(config);
      List<String> unknown = new ArrayList<>();
      Map<String, Object> global = new LinkedHashMap<>();
      if (root == null) {
        return new GlobalReader(source, global, unknown);
      }
      if (!(root instanceof Map<?, ?> top)) {
        throw new CloudConfigException(source + ": cloud-config must be an object with a Global section");
      }
      Set<String> known = ConcurrentHashMap.newKeySet();
      KNOWN_KEYS.forEach(k -> known.add(k.toLowerCase(Locale.ROOT)));
      for (Map.Entry<?, ?> e : top.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (!key.equalsIgnoreCase("Global")) {
          unknown.add(key);
          continue;
        }
        Object section = e.getValue();
        if (section == null) {
          continue;
        }
        if (!(section instanceof Map<?, ?> g)) {
          throw new CloudConfigException(source + ": Global must be an object");
        }
        // a second Global (spelled differently) merges into the first, as Go decodes both into one struct
        for (Map.Entry<?, ?> ge : g.entrySet()) {
          String name = String.valueOf(ge.getKey());
          String lower = name.toLowerCase(Locale.ROOT);
          if (known.contains(lower)) {
            global.put(lower, ge.getValue());
          } else {
            unknown.add("Global." + name);
          }
        }
      }
      return new GlobalReader(source, global, unknown);
    }

    String label(String key) {
      return "Global." + key;
    }

    CloudConfigException error(String key, String problem) {
      return new CloudConfigException(source + ": " + label(key) + " " + problem);
    }

    Optional<String> string(String key) {
      Object v = values.get(key.toLowerCase(Locale.ROOT));
      if (v == null) {
        return Optional.empty();
      }
      String s;
      if (v instanceof String str) {
        s = str;
      } else if (v instanceof Number || v instanceof Boolean) {
        // YAML turns unquoted ids such as 12345 into numbers; the value is still meant as text
        s = v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
      } else {
        throw error(key, "must be a string");
      }
      s = s.strip();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    Optional<String> base64(String key) {
      Optional<String> raw = string(key);
      if (raw.isEmpty()) {
        return raw;
      }
      byte[] decoded;
      try {
        decoded = Base64.getMimeDecoder().decode(strictBase64(key, raw.get()));
      } catch (IllegalArgumentException e) {
        throw error(key, "is not valid base64 (upstream's cloud-config holds the base64 of the key)");
      }
      String text = new String(decoded, java.nio.charset.StandardCharsets.US_ASCII).strip();
      if (!PRINTABLE.matcher(text).matches()) {
        throw error(key, "does not decode to a printable key; it must be the base64 of the key, not the key itself");
      }
      return Optional.of(text);
    }

    private String strictBase64(String key, String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
            || c == '/' || c == '=' || c == '\n' || c == '\r';
        if (!ok) {
          // the MIME decoder would silently skip such characters
          throw error(key, "is not valid base64 (upstream's cloud-config holds the base64 of the key)");
        }
      }
      return value;
    }

    Optional<Boolean> bool(String key) {
      Object v = values.get(key.toLowerCase(Locale.ROOT));
      if (v == null) {
        return Optional.empty();
      }
      if (v instanceof Boolean b) {
        return Optional.of(b);
      }
      if (v instanceof String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
          return Optional.empty();
        }
        if (t.equals("true") || t.equals("false")) {
          return Optional.of(Boolean.parseBoolean(t));
        }
      }
      throw error(key, "must be true or false");
    }

    Optional<Long> integer(String key, long min, long max) {
      Object v = values.get(key.toLowerCase(Locale.ROOT));
      if (v == null) {
        return Optional.empty();
      }
      Long n = null;
      try {
        if (v instanceof java.math.BigDecimal d) {
          n = d.longValueExact();
        } else if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
          n = new java.math.BigDecimal(v.toString()).longValueExact();
        } else if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
          n = d.longValue();
        } else if (v instanceof String s) {
          if (s.isBlank()) {
            return Optional.empty();
          }
          n = Long.parseLong(s.strip());
        }
      } catch (ArithmeticException | NumberFormatException e) {
        n = null;
      }
      if (n == null || n < min || n > max) {
        throw error(key, "must be an integer between " + min + " and " + max);
      }
      return Optional.of(n);
    }

    void logUnknown() {
      for (String key : unknown) {
        if (UNKNOWN_LOGGED.add(key)) {
          LOG.warn("cloud-config {}: ignoring unknown key {}", source, key);
        }
      }
    }
  }
}

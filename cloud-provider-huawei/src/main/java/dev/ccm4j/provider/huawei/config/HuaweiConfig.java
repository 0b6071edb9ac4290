package dev.ccm4j.provider.huawei.config;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.IniConfig;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Huawei cloud-config: the original CCM's INI file ({@code [Global]} and {@code [Vpc]}), plus ccm4j's
 * endpoint, TLS and timeout keys.
 *
 * <p>{@code [Global]}: {@code region} (required), {@code access-key} and {@code secret-key} (both, or neither for
 * the temporary credentials of the ECS metadata service), {@code project-id} (discovered through IAM when empty),
 * {@code cloud} (endpoint domain, default {@value #DEFAULT_CLOUD}), {@code auth-url} (the IAM endpoint; default
 * {@code https://iam.<cloud>:443/v3/}; the original stored but never used it, ccm4j honours it). ccm4j keys:
 * {@code endpoint} (one URL for every service, for private clouds and the emulator), {@code ecs-endpoint},
 * {@code elb-endpoint}, {@code vpc-endpoint}, {@code nat-endpoint}, {@code iam-endpoint} (one service each),
 * {@code metadata-endpoint} (default {@value #DEFAULT_METADATA_ENDPOINT}), {@code ca-file} (PEM CA certificates
 * trusted in addition to the system's) and {@code request-timeout} (a Go duration such as {@code 30s}, default 30s).
 * {@code [Vpc]}: {@code id}, {@code subnet-id}, {@code security-group-id}.
 *
 * <p>Endpoint precedence for a service: its own {@code <catalog>-endpoint}, then (IAM only) the environment
 * variable {@code HUAWEICLOUD_SDK_IAM_ENDPOINT} as the official SDK reads it, then (IAM only) {@code auth-url},
 * then {@code endpoint}, then {@code https://<catalog>.<region>.<cloud>} ({@code https://iam.<cloud>} for IAM).
 *
 * <p>Every problem is a {@link CloudConfigException} naming the section and key, never the value. Unknown keys are
 * logged by name at WARN. Immutable; {@link #toString()} never shows the secret key.
 */
public final class HuaweiConfig {
  private static final Logger LOG = LoggerFactory.getLogger(HuaweiConfig.class);

  /** The {@code [Global]} section. */
  public static final String GLOBAL = "Global";
  /** The {@code [Vpc]} section. */
  public static final String VPC = "Vpc";
  /** The default endpoint domain. */
  public static final String DEFAULT_CLOUD = "myhuaweicloud.com";
  /** The default metadata service. */
  public static final String DEFAULT_METADATA_ENDPOINT = "http://169.254.169.254";
  /** The default whole-call timeout of one API call. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The environment variable the official SDK reads for the IAM endpoint. */
  public static final String IAM_ENDPOINT_ENV = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

  private static final Set<String> GLOBAL_KEYS = Set.of("region", "access-key", "secret-key", "project-id",
      "cloud", "auth-url", "endpoint", "ecs-endpoint", "elb-endpoint", "vpc-endpoint", "nat-endpoint",
      "iam-endpoint", "metadata-endpoint", "ca-file", "request-timeout");
  private static final Set<String> VPC_KEYS = Set.of("id", "subnet-id", "security-group-id");
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
      + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private final String source;
  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final String projectId;
  private final String cloud;
  private final Map<HuaweiService, URI> endpoints;
  private final URI metadataEndpoint;
  private final Path caFile;
  private final Duration requestTimeout;
  private final String vpcId;
  private final String subnetId;
  private final String securityGroupId;

  private HuaweiConfig(IniConfig ini, String source, Map<String, String> env) {
    this.source = source;
    this.region = ini.require(GLOBAL, "region").strip();
    check(REGION, GLOBAL, "region", region, "a region name such as cn-north-4");
    this.accessKey = value(ini, GLOBAL, "access-key");
    this.secretKey = value(ini, GLOBAL, "secret-key");
    if (accessKey.isEmpty() != secretKey.isEmpty()) {
      String missing = accessKey.isEmpty() ? "access-key" : "secret-key";
      throw new CloudConfigException(source + ": key \"" + missing + "\" in section [" + GLOBAL + "] is empty"
          + " while its pair is set; give both access-key and secret-key, or neither to use the temporary"
          + " credentials of the ECS metadata service");
    }
    this.projectId = value(ini, GLOBAL, "project-id");
    if (!projectId.isEmpty()) {
      check(ID, GLOBAL, "project-id", projectId, "a project id (letters, digits, '-' and '_')");
    }
    String c = value(ini, GLOBAL, "cloud");
    this.cloud = c.isEmpty() ? DEFAULT_CLOUD : c;
    check(DOMAIN, GLOBAL, "cloud", cloud, "a domain name such as " + DEFAULT_CLOUD);

    String all = value(ini, GLOBAL, "endpoint");
    URI common = all.isEmpty() ? null : url(GLOBAL, "endpoint", all);
    Map<HuaweiService, URI> ep = new EnumMap<>(HuaweiService.class);
    for (HuaweiService s : HuaweiService.values()) {
      String key = s.catalog() + "-endpoint";
      String own = value(ini, GLOBAL, key);
      URI uri;
      if (!own.isEmpty()) {
        uri = url(GLOBAL, key, own);
      } else if (s == HuaweiService.IAM) {
        uri = iamEndpoint(ini, env, common);
      } else if (common != null) {
        uri = common;
      } else {
        uri = URI.create("https://" + s.catalog() + "." + region + "." + cloud);
      }
      ep.put(s, uri);
    }
    this.endpoints = Map.copyOf(ep);
    String md = value(ini, GLOBAL, "metadata-endpoint");
    this.metadataEndpoint = url(GLOBAL, "metadata-endpoint", md.isEmpty() ? DEFAULT_METADATA_ENDPOINT : md);
    this.caFile = caFile(value(ini, GLOBAL, "ca-file"));
    this.requestTimeout = timeout(value(ini, GLOBAL, "request-timeout"));
    this.vpcId = id(ini, VPC, "id");
    this.subnetId = id(ini, VPC, "subnet-id");
    this.securityGroupId = id(ini, VPC, "security-group-id");
  }

  private URI iamEndpoint(IniConfig ini, Map<String, String> env, URI common) {
    String fromEnv = env.getOrDefault(IAM_ENDPOINT_ENV, "").strip();
    if (!fromEnv.isEmpty()) {
      try {
        return stripV3(checkedUrl(fromEnv));
      } catch (IllegalArgumentException e) {
        throw new CloudConfigException("environment variable " + IAM_ENDPOINT_ENV + " " + e.getMessage());
      }
    }
    String authUrl = value(ini, GLOBAL, "auth-url");
    if (!authUrl.isEmpty()) {
      return stripV3(url(GLOBAL, "auth-url", authUrl));
    }
    if (common != null) {
      return common;
    }
    return URI.create("https://iam." + cloud);
  }

  /** The original's auth-url ends in the API version, which the request paths carry themselves. */
  private static URI stripV3(URI uri) {
    String s = uri.toString();
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("/v3")) {
      s = s.substring(0, s.length() - 3);
    }
    return URI.create(s);
  }

  /**
   * Parses and validates a cloud-config; {@code HUAWEICLOUD_SDK_IAM_ENDPOINT} is read from the process
   * environment.
   *
   * @param config the {@code --cloud-config} contents
   * @return the configuration
   * @throws CloudConfigException naming the section and key at fault
   */
  public static HuaweiConfig parse(CloudConfig config) {
    return parse(config, System.getenv());
  }

  /**
   * Parses and validates a cloud-config with a given environment, for tests.
   *
   * @param config the {@code --cloud-config} contents
   * @param env the environment variables
   * @return the configuration
   * @throws CloudConfigException naming the section and key at fault
   */
  public static HuaweiConfig parse(CloudConfig config, Map<String, String> env) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(env, "env");
    String source = config.source();
    IniConfig ini = config.ini();
    for (String section : ini.sections()) {
      Set<String> known = section.equals("global") ? GLOBAL_KEYS : section.equals("vpc") ? VPC_KEYS : null;
      if (known == null) {
        LOG.warn("cloud-config {}: unknown section [{}] is ignored", source, section);
        continue;
      }
      for (String key : ini.keys(section, null)) {
        if (!known.contains(key)) {
          LOG.warn("cloud-config {}: unknown key {} in section [{}] is ignored", source, key, section);
        }
      }
    }
    return new HuaweiConfig(ini, source, env);
  }

  private static String value(IniConfig ini, String section, String key) {
    return ini.get(section, key).map(String::strip).orElse("");
  }

  private String id(IniConfig ini, String section, String key) {
    String v = value(ini, section, key);
    if (!v.isEmpty()) {
      check(ID, section, key, v, "an id (letters, digits, '-' and '_')");
    }
    return v;
  }

  private void check(Pattern p, String section, String key, String value, String expected) {
    if (!p.matcher(value).matches()) {
      throw new CloudConfigException(where(section, key) + " must be " + expected);
    }
  }

  private String where(String section, String key) {
    return source + ": key \"" + key + "\" in section [" + section + "]";
  }

  private URI url(String section, String key, String value) {
    try {
      return checkedUrl(value);
    } catch (IllegalArgumentException e) {
      throw new CloudConfigException(where(section, key) + " " + e.getMessage());
    }
  }

  private static URI checkedUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("must be an https:// or http:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("is a URL without a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not carry user information in the URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("must not have a ?query or #fragment");
    }
    String s = uri.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  private Path caFile(String value) {
    if (value.isEmpty()) {
      return null;
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new CloudConfigException(where(GLOBAL, "ca-file") + " is not a valid path");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new CloudConfigException(where(GLOBAL, "ca-file") + " does not name a readable file");
    }
    return path;
  }

  private Duration timeout(String value) {
    if (value.isEmpty()) {
      return DEFAULT_REQUEST_TIMEOUT;
    }
    Optional<Duration> d = parseGoDuration(value);
    if (d.isEmpty() || d.get().compareTo(Duration.ofSeconds(1)) < 0 || d.get().compareTo(Duration.ofMinutes(10)) > 0) {
      throw new CloudConfigException(where(GLOBAL, "request-timeout")
          + " must be a duration such as 30s or 1m30s (a bare number is seconds), from 1s to 10m");
    }
    return d.get();
  }

  /** Go's {@code time.ParseDuration} syntax without sign, plus a bare number meaning seconds. */
  static Optional<Duration> parseGoDuration(String text) {
    String s = text.strip();
    if (s.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
    }
    Matcher m = GO_DURATION_PART.matcher(s);
    int pos = 0;
    double nanos = 0;
    while (pos < s.length() && m.find(pos) && m.start() == pos) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ns" -> 1d;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      pos = m.end();
    }
    if (pos == 0 || pos != s.length() || nanos > 1e15) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos((long) nanos));
  }

  /**
   * The region ({@code [Global] region}), also written to the nodes' topology labels.
   *
   * @return the region
   */
  public String region() {
    return region;
  }

  /**
   * The configured project id.
   *
   * @return the id, or empty to discover it through IAM
   */
  public Optional<String> projectId() {
    return opt(projectId);
  }

  /**
   * The endpoint domain ({@code [Global] cloud}).
   *
   * @return the domain, {@value #DEFAULT_CLOUD} by default
   */
  public String cloud() {
    return cloud;
  }

  /**
   * The VPC of the cluster ({@code [Vpc] id}).
   *
   * @return the id, or empty
   */
  public Optional<String> vpcId() {
    return opt(vpcId);
  }

  /**
   * The default VIP subnet ({@code [Vpc] subnet-id}), a Neutron IPv4 subnet id.
   *
   * @return the id, or empty
   */
  public Optional<String> subnetId() {
    return opt(subnetId);
  }

  /**
   * The security group to associate with every node ({@code [Vpc] security-group-id}).
   *
   * @return the id, or empty when nodes are left alone
   */
  public Optional<String> securityGroupId() {
    return opt(securityGroupId);
  }

  /**
   * The base URL of a service, without a trailing slash.
   *
   * @param service the service
   * @return the endpoint, after the precedence described on the class
   */
  public URI endpoint(HuaweiService service) {
    return endpoints.get(Objects.requireNonNull(service, "service"));
  }

  /**
   * The metadata service base URL.
   *
   * @return the URL, {@value #DEFAULT_METADATA_ENDPOINT} by default
   */
  public URI metadataEndpoint() {
    return metadataEndpoint;
  }

  /**
   * The extra CA certificates to trust.
   *
   * @return the PEM file, or empty for the system trust store only
   */
  public Optional<Path> caFile() {
    return Optional.ofNullable(caFile);
  }

  /**
   * The whole-call timeout of one API call.
   *
   * @return the timeout, 30s by default
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * The configured access key.
   *
   * @return the key, or empty when the metadata service's temporary credentials are used
   */
  public Optional<String> accessKey() {
    return opt(accessKey);
  }

  /**
   * The configured secret key. Register it with the redactor before any call.
   *
   * @return the key, or empty when the metadata service's temporary credentials are used
   */
  public Optional<String> secretKey() {
    return opt(secretKey);
  }

  /**
   * Where this configuration was read from.
   *
   * @return the file name, or {@code <inline>}
   */
  public String source() {
    return source;
  }

  private static Optional<String> opt(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  @Override
  public String toString() {
    List<String> eps = endpoints.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey().catalog() + "=" + e.getValue()).toList();
    return "HuaweiConfig{source=" + source + ", region=" + region + ", credentials="
        + (accessKey.isEmpty() ? "metadata" : "ak/sk") + ", projectId=" + (projectId.isEmpty() ? "<discover>" : projectId)
        + ", endpoints=" + eps + "}";
  }
}

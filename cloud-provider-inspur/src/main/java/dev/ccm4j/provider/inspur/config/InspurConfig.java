package dev.ccm4j.provider.inspur.config;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Inspur cloud-config: the original CCM's line-based {@code key=value} file, plus a few ccm4j keys.
 *
 * <p>Syntax, as the original reads it: one {@code key=value} per line, the key is everything before the first
 * {@code =}; lines starting with {@code #} and lines without {@code =} are skipped. Unlike the original, keys and
 * values are trimmed (a stray {@code \r} or blank no longer ends up in a URL or a secret).
 *
 * <p>Keys of the original: {@code slbUrl-pre} (also the documented lower-case {@code slburl-pre}), {@code keycloakUrl},
 * {@code client-secret}, {@code token-client-id}, {@code requested-subject}, all required; {@code kktoken} is
 * accepted and ignored (the original never used it either). ccm4j keys, all optional: {@code region} and
 * {@code zone} (topology labels of the nodes), {@code ca-file} (a PEM file of CA certificates trusted in addition to
 * the system's; TLS verification is always on), {@code audience} (default {@code console}) and
 * {@code request-token-type} (default {@code urn:ietf:params:oauth:token-type:refresh_token}), the token-exchange
 * parameters the original hard-coded, and {@code request-timeout} (whole-call timeout of one API call in seconds,
 * default 30). Unknown keys are reported at WARN by name only; text before an {@code =} that is not a key name
 * (it may hold a value typed without its {@code =}) is reported by line number.
 *
 * <p>Every problem is a {@link CloudConfigException} that names the key, never its value. Immutable;
 * {@link #toString()} never shows the client secret.
 */
public final class InspurConfig {
  private static final Logger LOG = LoggerFactory.getLogger(InspurConfig.class);
  private static final AtomicBoolean KKTOKEN_NOTICE = new AtomicBoolean();

  /** Key of the SLB collection URL, as the original parser spells it. */
  public static final String SLB_URL = "slbUrl-pre";
  /** The lower-case spelling of {@link #SLB_URL} that the original's getting-started guide uses. */
  public static final String SLB_URL_LOWER = "slburl-pre";
  /** Key of the Keycloak token endpoint. */
  public static final String KEYCLOAK_URL = "keycloakUrl";
  /** Key of the Keycloak client secret. */
  public static final String CLIENT_SECRET = "client-secret";
  /** Key of the Keycloak client id. */
  public static final String CLIENT_ID = "token-client-id";
  /** Key of the user the token exchange impersonates. */
  public static final String REQUESTED_SUBJECT = "requested-subject";
  /** The original's unused static token; accepted and ignored. */
  public static final String KKTOKEN = "kktoken";
  /** ccm4j: the region written to the nodes' topology labels. */
  public static final String REGION = "region";
  /** ccm4j: the zone written to the nodes' topology labels. */
  public static final String ZONE = "zone";
  /** ccm4j: a PEM file with CA certificates to trust in addition to the system's. */
  public static final String CA_FILE = "ca-file";
  /** ccm4j: the token exchange's {@code audience}. */
  public static final String AUDIENCE = "audience";
  /** ccm4j: the token exchange's {@code request_token_type}. */
  public static final String REQUEST_TOKEN_TYPE = "request-token-type";
  /** ccm4j: the timeout of one whole API call, in seconds. */
  public static final String REQUEST_TIMEOUT = "request-timeout";

  /** The original's hard-coded audience. */
  public static final String DEFAULT_AUDIENCE = "console";
  /** The original's hard-coded requested token type. */
  public static final String DEFAULT_REQUEST_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";
  /** Default of {@link #REQUEST_TIMEOUT}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** What an unknown key must look like to be named in a warning. */
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final List<String> REQUIRED = List.of(SLB_URL, KEYCLOAK_URL, CLIENT_SECRET, CLIENT_ID,
      REQUESTED_SUBJECT);
  private static final Set<String> KNOWN = Set.of(SLB_URL, SLB_URL_LOWER, KEYCLOAK_URL, CLIENT_SECRET, CLIENT_ID,
      REQUESTED_SUBJECT, KKTOKEN, REGION, ZONE, CA_FILE, AUDIENCE, REQUEST_TOKEN_TYPE, REQUEST_TIMEOUT,
      // declared by the original's Config struct and its docs' example, unused there and here
      "subnet-id", "slbId");

  private final URI slbUrl;
  private final URI keycloakUrl;
  private final String clientId;
  private final String clientSecret;
  private final String requestedSubject;
  private final String region;
  private final String zone;
  private final Path caFile;
  private final String audience;
  private final String requestTokenType;
  private final Duration requestTimeout;

  private InspurConfig(Map<String, String> v, String source) {
    this.slbUrl = url(source, v.containsKey(SLB_URL) ? SLB_URL : SLB_URL_LOWER, slbValue(v, source));
    this.keycloakUrl = url(source, KEYCLOAK_URL, v.get(KEYCLOAK_URL));
    this.clientId = v.get(CLIENT_ID);
    this.clientSecret = v.get(CLIENT_SECRET);
    this.requestedSubject = v.get(REQUESTED_SUBJECT);
    this.region = v.getOrDefault(REGION, "");
    this.zone = v.getOrDefault(ZONE, "");
    this.caFile = caFile(source, v.get(CA_FILE));
    this.audience = nonBlank(source, AUDIENCE, v.getOrDefault(AUDIENCE, DEFAULT_AUDIENCE));
    this.requestTokenType = nonBlank(source, REQUEST_TOKEN_TYPE,
        v.getOrDefault(REQUEST_TOKEN_TYPE, DEFAULT_REQUEST_TOKEN_TYPE));
    this.requestTimeout = timeout(source, v.get(REQUEST_TIMEOUT));
  }

  /**
   * Parses and validates a cloud-config.
   *
   * @param config the {@code --cloud-config} contents
   * @return the configuration
   * @throws CloudConfigException naming the file and every missing key, or the first invalid key
   */
  public static InspurConfig parse(CloudConfig config) {
    Objects.requireNonNull(config, "config");
    String source = config.source();
    Map<String, String> values = lines(config.text());
    List<String> missing = new ArrayList<>();
    for (String key : REQUIRED) {
      boolean present = key.equals(SLB_URL)
          ? !values.getOrDefault(SLB_URL, values.getOrDefault(SLB_URL_LOWER, "")).isEmpty()
          : !values.getOrDefault(key, "").isEmpty();
      if (!present) {
        missing.add(key.equals(SLB_URL) ? SLB_URL + " (or " + SLB_URL_LOWER + ")" : key);
      }
    }
    if (!missing.isEmpty()) {
      throw new CloudConfigException(source + ": the incloud cloud-config is missing "
          + (missing.size() == 1 ? "the key " : "the keys ") + String.join(", ", missing)
          + (missing.size() == 1 ? " or leaves it empty" : " or leaves them empty") + " (key=value lines, as the original Inspur CCM's /etc/kubernetes/cloud-config)");
    }
    if (values.containsKey(KKTOKEN) && KKTOKEN_NOTICE.compareAndSet(false, true)) {
      LOG.info("cloud-config key {} is ignored: tokens are always obtained by Keycloak token exchange", KKTOKEN);
    }
    for (String key : values.keySet()) {
      if (KNOWN.contains(key)) {
        continue;
      }
      if (KEY_NAME.matcher(key).matches()) {
        LOG.warn("cloud-config {}: unknown key {} is ignored", source, key);
      } else {
        // "client-secret s3cr=t" makes the key "client-secret s3cr": such a key may hold a value, so it is not named
        LOG.warn("cloud-config {}: line {} is ignored: the text before its first '=' is not a key name (letters,"
            + " digits, '.', '_' and '-')", source, lineOf(config.text(), key));
      }
    }
    return new InspurConfig(values, source);
  }

  /** The 1-based number of the last line whose key is {@code key}, as {@link #lines} reads keys. */
  private static int lineOf(String text, String key) {
    String[] lines = text.split("\r?\n", -1);
    int found = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq >= 0 && line.substring(0, eq).strip().equals(key)) {
        found = i + 1;
      }
    }
    return found;
  }

  /** The original's line syntax, with keys and values trimmed; a later key overrides an earlier one. */
  private static Map<String, String> lines(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\r?\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (!key.isEmpty()) {
        out.put(key, line.substring(eq + 1).strip());
      }
    }
    return out;
  }

  private static String slbValue(Map<String, String> v, String source) {
    String upper = v.get(SLB_URL);
    String lower = v.get(SLB_URL_LOWER);
    if (upper != null && lower != null && !upper.equals(lower)) {
      throw new CloudConfigException(source + ": keys " + SLB_URL + " and " + SLB_URL_LOWER
          + " both given with different values; keep one");
    }
    return upper != null ? upper : lower;
  }

  private static URI url(String source, String key, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new CloudConfigException(source + ": key " + key + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new CloudConfigException(source + ": key " + key + " must be an https:// URL (http:// only when"
          + " written explicitly)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new CloudConfigException(source + ": key " + key + " is a URL without a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new CloudConfigException(source + ": key " + key + " must not carry user information in the URL");
    }
    if (uri.getRawQuery() != null) {
      throw new CloudConfigException(source + ": key " + key + " must not have a ?query");
    }
    if (uri.getRawFragment() != null) {
      throw new CloudConfigException(source + ": key " + key + " must not have a #fragment");
    }
    if (scheme.equals("http")) {
      LOG.warn("cloud-config {}: key {} uses plain http; credentials and tokens travel unencrypted", source, key);
    }
    return uri;
  }

  private static Path caFile(String source, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new CloudConfigException(source + ": key " + CA_FILE + " is not a valid path");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new CloudConfigException(source + ": key " + CA_FILE + " does not name a readable file");
    }
    return path;
  }

  private static String nonBlank(String source, String key, String value) {
    if (value.isBlank()) {
      throw new CloudConfigException(source + ": key " + key + " must not be empty");
    }
    return value;
  }

  private static Duration timeout(String source, String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_REQUEST_TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 1 && seconds <= 600) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CloudConfigException(source + ": key " + REQUEST_TIMEOUT + " must be a whole number of seconds,"
        + " 1 to 600");
  }

  /**
   * The SLB collection URL ({@code .../slb/v1/slbs}), from {@code slbUrl-pre} or {@code slburl-pre}.
   *
   * @return the URL, without a trailing slash
   */
  public URI slbUrl() {
    String s = slbUrl.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : slbUrl;
  }

  /**
   * The Keycloak token endpoint.
   *
   * @return the URL
   */
  public URI keycloakUrl() {
    return keycloakUrl;
  }

  /**
   * The Keycloak client id ({@code token-client-id}).
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * The Keycloak client secret ({@code client-secret}). Register it with the redactor before any call.
   *
   * @return the secret
   */
  public String clientSecret() {
    return clientSecret;
  }

  /**
   * The subject the token exchange impersonates ({@code requested-subject}).
   *
   * @return the subject
   */
  public String requestedSubject() {
    return requestedSubject;
  }

  /**
   * The region written to nodes' topology labels.
   *
   * @return the region, or empty when not configured
   */
  public Optional<String> region() {
    return region.isEmpty() ? Optional.empty() : Optional.of(region);
  }

  /**
   * The zone written to nodes' topology labels when the node carries none.
   *
   * @return the zone, or empty when not configured
   */
  public Optional<String> zone() {
    return zone.isEmpty() ? Optional.empty() : Optional.of(zone);
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
   * The token exchange's {@code audience}.
   *
   * @return the audience; {@value #DEFAULT_AUDIENCE} by default
   */
  public String audience() {
    return audience;
  }

  /**
   * The token exchange's {@code request_token_type}.
   *
   * @return the token type; {@value #DEFAULT_REQUEST_TOKEN_TYPE} by default
   */
  public String requestTokenType() {
    return requestTokenType;
  }

  /**
   * The timeout of one whole API call.
   *
   * @return the timeout; 30 s by default
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Describes the configuration without the client secret. */
  @Override
  public String toString() {
    return "InspurConfig{slbUrl=" + slbUrl() + ", keycloakUrl=" + keycloakUrl + ", clientId=" + clientId
        + ", requestedSubject=" + requestedSubject + ", region=" + region + ", zone=" + zone + ", caFile="
        + caFile + "}";
  }
}

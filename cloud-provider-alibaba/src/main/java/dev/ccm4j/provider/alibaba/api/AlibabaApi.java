package dev.ccm4j.provider.alibaba.api;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.alibaba.auth.AlibabaCredentials;
import dev.ccm4j.provider.alibaba.auth.CredentialsChain;
import dev.ccm4j.provider.alibaba.auth.CredentialsProvider;
import dev.ccm4j.provider.alibaba.auth.MetadataClient;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.config.SignatureAlgorithm;
import dev.ccm4j.provider.alibaba.sign.Acs3Signature;
import dev.ccm4j.provider.alibaba.sign.Percent;
import dev.ccm4j.provider.alibaba.sign.RpcV1Signature;
import dev.ccm4j.vendor.client.Redactor;
import dev.ccm4j.vendor.client.VendorHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed RPC calls to Alibaba Cloud (ECS, SLB, VPC, NLB) over one pooled {@link VendorHttpClient}.
 *
 * <p>By default a call is sent as Alibaba's current SDKs send it: {@code POST /?<params>} with an empty body, the
 * action and version in {@code x-acs-action} / {@code x-acs-version}, and an {@code ACS3-HMAC-SHA256}
 * {@code Authorization} header. With {@code signatureAlgorithm: HMAC-SHA1} it is the classic RPC form instead:
 * every parameter, the common ones and {@code Signature} included, in the query string of a {@code POST}. STS
 * credentials add {@code x-acs-security-token} (V3) or {@code SecurityToken} (classic).
 *
 * <p>Errors are the vendor-client family: {@code Throttling*} codes a
 * {@link dev.ccm4j.vendor.client.CloudApiThrottledException}, {@code *NotFound} codes (never credential codes) a
 * {@link dev.ccm4j.vendor.client.CloudResourceNotFoundException}, everything else a
 * {@link dev.ccm4j.vendor.client.CloudApiException} keeping Alibaba's code, message and request id
 * ({@link AlibabaErrorDecoder}). Their operation label is the action. No secret (access key secret, security token,
 * signature) reaches a log line or an exception: each is registered with the client's {@link Redactor} before use.
 *
 * <p>Thread-safe.
 */
public final class AlibabaApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlibabaApi.class);
  /** The vendor name of the HTTP client: its request log is {@code dev.ccm4j.vendor.client.requests.alibaba}. */
  public static final String VENDOR = "alibaba";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AlibabaCloudConfig config;
  private final VendorHttpClient http;
  private final MetadataClient metadata;
  private final CredentialsProvider credentials;
  private final Clock clock;
  private final String region;
  private final Map<Product, HttpUrl> endpoints = new EnumMap<>(Product.class);
  private final boolean ownsHttp;
  /** The credentials whose secrets were last registered with the redactor; compared by identity. */
  private volatile AlibabaCredentials registered;

  private AlibabaApi(Builder b) {
    this.config = b.config;
    this.clock = b.clock;
    Redactor redactor = Redactor.create()
        .sensitiveQueryParameters("Signature", "SecurityToken", "AccessKeySecret")
        .sensitiveHeaders("Authorization", "x-acs-security-token");
    if (b.http != null) {
      this.http = b.http;
      this.ownsHttp = false;
    } else {
      VendorHttpClient.Builder hb = VendorHttpClient.builder(VENDOR)
          // upstream's SDKs use 20 s; the call timeout bounds a server that trickles
          .connectTimeout(b.connectTimeout)
          .readTimeout(b.readTimeout)
          .callTimeout(b.readTimeout.plus(b.connectTimeout))
          .userAgent(b.userAgent != null ? b.userAgent : defaultUserAgent())
          .redactor(redactor)
          .errorDecoder(AlibabaErrorDecoder.INSTANCE)
          .clock(clock);
      this.http = hb.build();
      this.ownsHttp = true;
    }
    try {
      this.metadata = new MetadataClient(http.okHttp(), config.metadataEndpoint(), clock);
      this.credentials = b.credentials != null ? b.credentials
          : CredentialsChain.create(config, b.env, metadata, http.redactor(), clock);
      this.region = b.region != null ? b.region : config.region().orElseGet(this::regionFromMetadata);
      for (Product p : Product.values()) {
        URI uri;
        try {
          uri = p.endpoint(config, region);
        } catch (IllegalArgumentException e) {
          // only a region from the metadata service or the builder gets here; cloud-config's is validated
          throw new CloudProviderException("the Alibaba region " + region + " is not a valid region id", e);
        }
        endpoints.put(p, HttpUrl.get(uri.toString()));
      }
    } catch (RuntimeException e) {
      if (ownsHttp) {
        http.close();
      }
      throw e;
    }
    LOG.info("Alibaba API client: region={} signature={} credentials={} endpoints={}", region,
        config.signatureAlgorithm().wireName(), credentials.source(), endpoints.values());
  }

  /**
   * Creates a client from the configuration, with the credentials chain, the region from cloud-config or else
   * the metadata service, and the endpoints of {@link AlibabaCloudConfig}.
   *
   * @param config the parsed cloud-config
   * @param env the process environment (credentials)
   * @param userAgent the User-Agent, e.g. {@code ccm4j/0.1.0 (alibaba)}; null for {@link #defaultUserAgent()}
   * @return the client; close it
   * @throws CloudProviderException when the region is not configured and the metadata service cannot tell it
   */
  public static AlibabaApi create(AlibabaCloudConfig config, Map<String, String> env, String userAgent) {
    return builder(config).env(env).userAgent(userAgent).build();
  }

  /**
   * Starts a client with more control (clock, credentials, region, timeouts), for tests and embedding.
   *
   * @param config the parsed cloud-config
   * @return the builder
   */
  public static Builder builder(AlibabaCloudConfig config) {
    return new Builder(config);
  }

  /**
   * {@code ccm4j/<version> (alibaba)}, the version read from this jar's Maven metadata.
   *
   * @return the default User-Agent
   */
  public static String defaultUserAgent() {
    return "ccm4j/" + version() + " (alibaba)";
  }

  private static String version() {
    try (InputStream in = AlibabaApi.class.getResourceAsStream(
        "/META-INF/maven/dev.ccm4j/cloud-provider-alibaba/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v.strip();
        }
      }
    } catch (IOException e) {
      // fall through: the version only decorates the User-Agent
    }
    String v = AlibabaApi.class.getPackage().getImplementationVersion();
    return v != null ? v : "unknown";
  }

  private String regionFromMetadata() {
    try {
      return metadata.get("region-id");
    } catch (CloudProviderException e) {
      throw new CloudProviderException("the Alibaba region is not configured (Global.region) and the metadata "
          + "service cannot tell it: " + http.redactor().redact(e.getMessage()), e);
    }
  }

  /**
   * Calls an RPC action.
   *
   * @param product the product, which selects the endpoint and the API version
   * @param action the action, e.g. {@code DescribeInstances}; also the operation label of logs and errors
   * @param params the action's parameters; {@code RegionId} is added when absent
   * @return the response body
   * @throws dev.ccm4j.vendor.client.CloudApiException (or its not-found subclass) for an Alibaba error
   * @throws dev.ccm4j.vendor.client.CloudApiThrottledException when throttled
   * @throws CloudProviderException for an I/O failure or a non-JSON answer
   */
  public JsonObject call(Product product, String action, RpcParams params) {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(params, "params");
    AlibabaCredentials creds = registered(credentials.current());
    Request request = config.signatureAlgorithm() == SignatureAlgorithm.HMAC_SHA1
        ? rpcV1Request(product, action, params, creds)
        : acs3Request(product, action, params, creds);
    return http.execute(action, request).json();
  }

  /**
   * Registers the secrets of credentials not seen before, whatever their provider, so that a custom
   * {@link CredentialsProvider} cannot leak them either. Providers hand out the same object until they refresh,
   * so this costs an identity comparison per call.
   */
  private AlibabaCredentials registered(AlibabaCredentials creds) {
    if (creds != registered) {
      http.redactor().secret(creds.accessKeySecret());
      creds.securityToken().ifPresent(http.redactor()::secret);
      registered = creds;
    }
    return creds;
  }

  private Map<String, String> withRegion(RpcParams params) {
    Map<String, String> query = new LinkedHashMap<>(params.asMap());
    query.putIfAbsent("RegionId", region);
    return query;
  }

  private Request acs3Request(Product product, String action, RpcParams params, AlibabaCredentials creds) {
    HttpUrl base = endpoints.get(product);
    Map<String, String> query = withRegion(params);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", hostHeader(base));
    headers.put("x-acs-action", action);
    headers.put("x-acs-version", product.version());
    headers.put("x-acs-date", TIMESTAMP.format(clock.instant()));
    headers.put("x-acs-signature-nonce", nonce());
    headers.put("x-acs-content-sha256", Acs3Signature.EMPTY_PAYLOAD_SHA256);
    creds.securityToken().ifPresent(t -> headers.put("x-acs-security-token", t));
    List<String> signed = Acs3Signature.signedHeaders(headers);
    String canonical = Acs3Signature.canonicalRequest(
        "POST", "/", query, headers, Acs3Signature.EMPTY_PAYLOAD_SHA256, signed);
    String signature = Acs3Signature.signature(creds.accessKeySecret(), canonical);
    String canonicalQuery = Acs3Signature.canonicalQuery(query);
    HttpUrl.Builder url = base.newBuilder().encodedPath("/");
    if (!canonicalQuery.isEmpty()) {
      url.encodedQuery(canonicalQuery);
    }
    Request.Builder r = new Request.Builder().url(url.build())
        .post(RequestBody.create(new byte[0], null))
        .header("Accept", "application/json");
    headers.forEach(r::header);
    r.header("Authorization", Acs3Signature.authorization(creds.accessKeyId(), signed, signature));
    return r.build();
  }

  private Request rpcV1Request(Product product, String action, RpcParams params, AlibabaCredentials creds) {
    HttpUrl base = endpoints.get(product);
    Map<String, String> query = withRegion(params);
    query.put("Format", "JSON");
    query.put("Version", product.version());
    query.put("Action", action);
    query.put("Timestamp", TIMESTAMP.format(clock.instant()));
    query.put("SignatureMethod", RpcV1Signature.METHOD);
    query.put("SignatureVersion", RpcV1Signature.VERSION);
    query.put("SignatureNonce", nonce());
    query.put("AccessKeyId", creds.accessKeyId());
    creds.securityToken().ifPresent(t -> query.put("SecurityToken", t));
    String signature = RpcV1Signature.sign("POST", query, creds.accessKeySecret());
    String encoded = RpcV1Signature.canonicalQuery(query) + "&" + RpcV1Signature.SIGNATURE_PARAM + "="
        + Percent.encode(signature);
    HttpUrl url = base.newBuilder().encodedPath("/").encodedQuery(encoded).build();
    return new Request.Builder().url(url)
        .post(RequestBody.create(new byte[0], null))
        .header("Host", hostHeader(base))
        .header("Accept", "application/json")
        .header("x-acs-action", action)
        .header("x-acs-version", product.version())
        .build();
  }

  /** The Host header OkHttp would send; set explicitly because it is signed. */
  static String hostHeader(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  private static String nonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * The region calls default to.
   *
   * @return from cloud-config, else the metadata service
   */
  public String region() {
    return region;
  }

  /**
   * The endpoint a product is called at.
   *
   * @param product the product
   * @return {@code scheme://host[:port]/}
   */
  public URI endpoint(Product product) {
    return endpoints.get(product).uri();
  }

  /**
   * The metadata service client (instance id, VPC id, zone, ...), sharing this client's connection pool.
   *
   * @return the metadata client
   */
  public MetadataClient metadata() {
    return metadata;
  }

  /**
   * The credentials source in use.
   *
   * @return the provider
   */
  public CredentialsProvider credentials() {
    return credentials;
  }

  /**
   * The configuration this client was built from.
   *
   * @return the configuration
   */
  public AlibabaCloudConfig config() {
    return config;
  }

  /**
   * The HTTP client, for its redactor and request log.
   *
   * @return the shared client
   */
  public VendorHttpClient http() {
    return http;
  }

  /** Closes the HTTP client (unless it was supplied to the builder) and its connection pool. */
  @Override
  public void close() {
    if (ownsHttp) {
      http.close();
    }
  }

  @Override
  public String toString() {
    return "AlibabaApi{region=" + region + ", signature=" + config.signatureAlgorithm().wireName() + ", credentials="
        + credentials.source() + "}";
  }

  /** Builds an {@link AlibabaApi}. Not thread-safe. */
  public static final class Builder {
    private final AlibabaCloudConfig config;
    private Map<String, String> env = Map.of();
    private String userAgent;
    private Clock clock = Clock.systemUTC();
    private CredentialsProvider credentials;
    private String region;
    private VendorHttpClient http;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(20);

    private Builder(AlibabaCloudConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The process environment, for the credentials chain.
     *
     * @param env the variables; default none
     * @return this
     */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
      return this;
    }

    /**
     * The User-Agent.
     *
     * @param userAgent e.g. {@code ccm4j/0.1.0 (alibaba)}; null for {@link AlibabaApi#defaultUserAgent()}
     * @return this
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * The clock request timestamps and credential expiry are taken from.
     *
     * @param clock default the system UTC clock
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Replaces the credentials chain; the secrets it hands out are registered with the client's redactor before
     * they are used.
     *
     * @param credentials the credentials source
     * @return this
     */
    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Overrides the region (otherwise cloud-config, else the metadata service).
     *
     * @param region the region id
     * @return this
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Uses an existing HTTP client (its redactor, decoder and timeouts), which {@link AlibabaApi#close()} then
     * leaves open. It must decode errors with {@link AlibabaErrorDecoder}.
     *
     * @param http the client
     * @return this
     */
    public Builder http(VendorHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * Connect and read timeouts of the HTTP client this builder creates.
     *
     * @param connect default 10 s
     * @param read default 20 s, as upstream's SDKs
     * @return this
     */
    public Builder timeouts(Duration connect, Duration read) {
      this.connectTimeout = Objects.requireNonNull(connect, "connect");
      this.readTimeout = Objects.requireNonNull(read, "read");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client; close it
     * @throws CloudProviderException when the region is not configured and the metadata service cannot tell it
     */
    public AlibabaApi build() {
      return new AlibabaApi(this);
    }
  }
}

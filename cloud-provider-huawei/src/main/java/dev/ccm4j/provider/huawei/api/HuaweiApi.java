package dev.ccm4j.provider.huawei.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.huawei.auth.CredentialsSource;
import dev.ccm4j.provider.huawei.auth.HuaweiCredentials;
import dev.ccm4j.provider.huawei.auth.MetadataSecurityKey;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.sign.SdkHmacSha256;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.ErrorKind;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.Redactor;
import dev.ccm4j.vendor.client.VendorHttpClient;
import dev.ccm4j.vendor.client.VendorResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's one Huawei Cloud REST client: every ECS, ELB, VPC, NAT and IAM call goes through it and its
 * single pooled {@link VendorHttpClient}.
 *
 * <p>Each request is signed with {@code SDK-HMAC-SHA256} over the header set the official Java SDK signs,
 * {@code host;user-agent;x-project-id;x-sdk-date}, plus {@code x-security-token} with temporary credentials;
 * {@code Content-Type} is sent but never signed. Calls to regional services send {@code X-Project-Id} and have
 * {@code {project_id}} in their path replaced. The project id comes from the cloud-config or, when that is empty,
 * from one signed IAM {@code GET /v3/projects?name=<region>} on first need (exactly one project must match); a
 * failed discovery is retried by the next call.
 *
 * <p>Errors are decoded by {@link HuaweiErrorDecoder}: 404 is {@code CloudResourceNotFoundException}, throttling
 * {@code CloudApiThrottledException}, the rest {@code CloudApiException} with Huawei's code, message and request id.
 * An empty or 204 answer is an empty object. When temporary credentials are refused (401/403, the gateway's
 * credential codes), they are dropped so the next call fetches new ones from the metadata service. Thread-safe.
 */
public final class HuaweiApi implements AutoCloseable {
  /** The vendor name of the HTTP client, its request logger and its exception messages. */
  public static final String VENDOR = "huaweicloud";

  private static final Logger LOG = LoggerFactory.getLogger(HuaweiApi.class);
  private static final MediaType JSON = MediaType.get("application/json;charset=UTF-8");
  private static final String PROJECT_PLACEHOLDER = "{project_id}";
  private static final String EMPTY_SHA256 = SdkHmacSha256.sha256Hex(new byte[0]);

  private final HuaweiConfig config;
  private final VendorHttpClient http;
  private final CredentialsSource credentials;
  private final String userAgent;
  private final Clock clock;
  private final Object projectLock = new Object();
  private volatile String projectId;

  /**
   * Creates the client on an existing HTTP client.
   *
   * @param config the cloud-config (endpoints, region, project id)
   * @param http the HTTP client, built with {@link HuaweiErrorDecoder}; closed by {@link #close()}
   * @param credentials where each request's credentials come from
   * @param userAgent the {@code User-Agent} sent and signed
   * @param clock the clock of {@code X-Sdk-Date}
   */
  public HuaweiApi(HuaweiConfig config, VendorHttpClient http, CredentialsSource credentials, String userAgent,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = Objects.requireNonNull(http, "http");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.projectId = config.projectId().orElse(null);
  }

  /**
   * Builds the client a provider uses: one pooled HTTP client with the cloud-config's timeout and CA file, the
   * secret key registered with its redactor, and the configured AK/SK, or the metadata service's temporary
   * credentials when both are empty. Makes no call.
   *
   * @param config the cloud-config
   * @param clock the clock of request dates and credential expiry
   * @param userAgent the {@code User-Agent}, for example {@code ccm4j-huaweicloud/0.1.0}
   * @return the client
   * @throws CloudConfigException when the CA file holds no certificate or a proxy variable is unusable
   */
  public static HuaweiApi create(HuaweiConfig config, Clock clock, String userAgent) {
    Objects.requireNonNull(config, "config");
    VendorHttpClient.Builder b = VendorHttpClient.builder(VENDOR)
        .userAgent(userAgent)
        .errorDecoder(new HuaweiErrorDecoder())
        .callTimeout(config.requestTimeout())
        .readTimeout(min(config.requestTimeout(), Duration.ofSeconds(20)))
        .clock(clock);
    try {
      b.proxyFromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CloudConfigException("huaweicloud: " + e.getMessage(), e);
    }
    config.caFile().ifPresent(b::trustedCertificates);
    VendorHttpClient http;
    try {
      http = b.build();
    } catch (IllegalArgumentException e) {
      // only the CA file is read by build()
      throw new CloudConfigException(config.source() + ": key \"ca-file\" in section [" + HuaweiConfig.GLOBAL
          + "] does not hold a usable PEM certificate", e);
    }
    CredentialsSource source;
    if (config.accessKey().isPresent() && config.secretKey().isPresent()) {
      http.redactor().secret(config.secretKey().get());
      source = CredentialsSource.fixed(HuaweiCredentials.permanent(config.accessKey().get(),
          config.secretKey().get()));
    } else {
      source = new MetadataSecurityKey(http, config.metadataEndpoint(), clock);
    }
    return new HuaweiApi(config, http, source, userAgent, clock);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  /**
   * A GET with query parameters.
   *
   * @param operation the API name, for logs and errors (for example {@code ListServersDetails})
   * @param service the service whose endpoint is called
   * @param path the path, {@code {project_id}} replaced
   * @param query decoded query parameters; a name may repeat through several values
   * @return the answer, an empty object for an empty body
   */
  public JsonObject get(String operation, HuaweiService service, String path,
      Map<String, ? extends Collection<String>> query) {
    return object(call(operation, "GET", service, path, query, null));
  }

  /**
   * A GET without query parameters.
   *
   * @param operation the API name
   * @param service the service
   * @param path the path
   * @return the answer
   */
  public JsonObject get(String operation, HuaweiService service, String path) {
    return object(call(operation, "GET", service, path, Map.of(), null));
  }

  /**
   * A POST of a JSON body.
   *
   * @param operation the API name
   * @param service the service
   * @param path the path
   * @param body the body, or null for none
   * @return the answer
   */
  public JsonObject post(String operation, HuaweiService service, String path, JsonObject body) {
    return object(call(operation, "POST", service, path, Map.of(), body == null ? new JsonObject() : body));
  }

  /**
   * A PUT of a JSON body.
   *
   * @param operation the API name
   * @param service the service
   * @param path the path
   * @param body the body
   * @return the answer
   */
  public JsonObject put(String operation, HuaweiService service, String path, JsonObject body) {
    return object(call(operation, "PUT", service, path, Map.of(), body == null ? new JsonObject() : body));
  }

  /**
   * A DELETE.
   *
   * @param operation the API name
   * @param service the service
   * @param path the path
   * @throws dev.ccm4j.vendor.client.CloudResourceNotFoundException when it is already gone (callers deleting
   *     may treat that as done)
   */
  public void delete(String operation, HuaweiService service, String path) {
    call(operation, "DELETE", service, path, Map.of(), null);
  }

  /**
   * A GET whose answer may be any JSON value, for the classic ELB v1.0 API, which lists as bare arrays.
   *
   * @param operation the API name
   * @param service the service
   * @param path the path, {@code {project_id}} replaced
   * @param query decoded query parameters
   * @return the parsed answer, {@link JsonNull} for an empty body
   */
  public JsonElement getElement(String operation, HuaweiService service, String path,
      Map<String, ? extends Collection<String>> query) {
    return element(operation, call(operation, "GET", service, path, query, null));
  }

  /**
   * A POST of any JSON value, for the classic ELB v1.0 API, which adds members with a bare array.
   *
   * @param operation the API name
   * @param service the service
   * @param path the path, {@code {project_id}} replaced
   * @param body the body, or null for none
   * @return the parsed answer, {@link JsonNull} for an empty body
   */
  public JsonElement postElement(String operation, HuaweiService service, String path, JsonElement body) {
    return element(operation, call(operation, "POST", service, path, Map.of(),
        body == null ? new JsonObject() : body));
  }

  private static JsonObject object(VendorResponse response) {
    return response.body().isBlank() ? new JsonObject() : response.json();
  }

  private static JsonElement element(String operation, VendorResponse response) {
    if (response.body().isBlank()) {
      return JsonNull.INSTANCE;
    }
    try {
      return JsonParser.parseString(response.body());
    } catch (RuntimeException e) {
      // the parser's message may quote the body
      throw new CloudProviderException(VENDOR + " " + operation + ": the answer (HTTP " + response.status()
          + ") is not valid JSON, " + response.body().length() + " chars");
    }
  }

  /**
   * The project id, discovered through IAM on first need when the cloud-config has none.
   *
   * @return the project id
   * @throws CloudProviderException when IAM does not list exactly one project named after the region
   */
  public String projectId() {
    String p = projectId;
    if (p != null) {
      return p;
    }
    synchronized (projectLock) {
      if (projectId == null) {
        projectId = discoverProjectId();
      }
      return projectId;
    }
  }

  private String discoverProjectId() {
    String region = config.region();
    JsonObject answer = object(send("KeystoneListProjects", "GET", HuaweiService.IAM, "/v3/projects",
        Map.of("name", List.of(region)), null, null));
    List<String> ids = new ArrayList<>();
    for (JsonObject p : Json.objects(answer, "projects")) {
      Optional<String> name = Json.string(p, "name");
      if (name.isEmpty() || name.get().equals(region)) {
        Json.string(p, "id").ifPresent(ids::add);
      }
    }
    if (ids.size() != 1) {
      throw new CloudProviderException(VENDOR + " KeystoneListProjects: IAM lists " + ids.size()
          + " projects named " + region + ", expected exactly one; set [Global] project-id in the cloud-config");
    }
    LOG.info("discovered project id {} of region {} through IAM", ids.get(0), region);
    return ids.get(0);
  }

  /**
   * The redactor of the HTTP client: it knows the secret key and every security token fetched.
   *
   * @return the redactor
   */
  public Redactor redactor() {
    return http.redactor();
  }

  /**
   * The cloud-config this client was built from.
   *
   * @return the config
   */
  public HuaweiConfig config() {
    return config;
  }

  /**
   * The clock of request dates, for callers that wait on the cloud.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  private VendorResponse call(String operation, String method, HuaweiService service, String path,
      Map<String, ? extends Collection<String>> query, JsonElement body) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    String project = service == HuaweiService.IAM && !path.contains(PROJECT_PLACEHOLDER) ? null : projectId();
    String resolved = project == null ? path : path.replace(PROJECT_PLACEHOLDER, SdkHmacSha256.escape(project));
    return send(operation, method, service, resolved, query, body, project);
  }

  private VendorResponse send(String operation, String method, HuaweiService service, String path,
      Map<String, ? extends Collection<String>> query, JsonElement body, String project) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
    HttpUrl base = HttpUrl.get(config.endpoint(service).toString() + path);
    HttpUrl.Builder ub = base.newBuilder();
    query.forEach((name, values) -> {
      for (String v : values) {
        ub.addQueryParameter(name, v == null ? "" : v);
      }
    });
    HttpUrl url = ub.build();

    Map<String, List<String>> signedQuery = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      List<String> values = new ArrayList<>();
      for (String v : url.queryParameterValues(name)) {
        values.add(v == null ? "" : v);
      }
      signedQuery.put(name, values);
    }

    byte[] payload = body == null ? null : Json.toJson(body).getBytes(StandardCharsets.UTF_8);
    HuaweiCredentials creds = credentials.current();
    String date = SdkHmacSha256.DATE.format(clock.instant());
    SortedMap<String, String> signed = new TreeMap<>();
    signed.put("host", hostHeader(url));
    signed.put("user-agent", userAgent);
    if (project != null) {
      signed.put("x-project-id", project);
    }
    signed.put("x-sdk-date", date);
    creds.securityToken().ifPresent(t -> signed.put("x-security-token", t));
    String canonical = SdkHmacSha256.canonicalRequest(method, url.encodedPath(), signedQuery, signed,
        payload == null ? EMPTY_SHA256 : SdkHmacSha256.sha256Hex(payload));
    String signature = SdkHmacSha256.signature(creds.secretKey(), SdkHmacSha256.stringToSign(date, canonical));

    Request.Builder rb = new Request.Builder().url(url)
        .header("Host", signed.get("host"))
        .header("User-Agent", userAgent)
        .header("X-Sdk-Date", date)
        .header("Authorization", SdkHmacSha256.authorization(creds.accessKey(), signed.keySet(), signature));
    if (project != null) {
      rb.header("X-Project-Id", project);
    }
    creds.securityToken().ifPresent(t -> rb.header("X-Security-Token", t));
    rb.method(method, payload == null ? null : RequestBody.create(payload, JSON));
    try {
      return http.execute(operation, rb.build());
    } catch (CloudApiException e) {
      if (e.kind() == ErrorKind.AUTH && creds.securityToken().isPresent()) {
        credentials.invalidate(creds);
      }
      throw e;
    }
  }

  /** The Host header OkHttp sends: the port only when it is not the scheme's default. */
  static String hostHeader(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }

  /** Closes the HTTP client and its connection pool. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "HuaweiApi{region=" + config.region() + ", " + http + "}";
  }
}

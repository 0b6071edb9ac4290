package dev.ccm4j.vendor.client;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Headers;

/**
 * A cloud's HTTP response, body fully read. Immutable.
 *
 * <p>{@link #toString()} shows the operation, status and body size, never the body or headers.
 */
public final class VendorResponse {
  private final String operation;
  private final int status;
  private final Headers headers;
  private final String body;
  private final Duration elapsed;

  private VendorResponse(Builder b) {
    this.operation = b.operation;
    this.status = b.status;
    this.headers = b.headers.build();
    this.body = b.body;
    this.elapsed = b.elapsed;
  }

  /**
   * Starts a builder, for {@link VendorHttpClient} and for testing a vendor's {@link ErrorDecoder}.
   *
   * @param status the HTTP status
   * @return a builder with no headers, an empty body, operation {@code call} and zero elapsed time
   */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /**
   * The operation label the call was made with.
   *
   * @return the operation, for example {@code DescribeInstances}
   */
  public String operation() {
    return operation;
  }

  /**
   * The HTTP status.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * Whether the status is 2xx.
   *
   * @return true for 200..299
   */
  public boolean successful() {
    return status >= 200 && status < 300;
  }

  /**
   * A response header.
   *
   * @param name the header name, any case
   * @return the last value of that header, or empty
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /**
   * All response headers.
   *
   * @return lower-case names to their values, in order; unmodifiable
   */
  public Map<String, List<String>> headers() {
    return headers.toMultimap();
  }

  /**
   * The body as text (the charset of the {@code Content-Type}, UTF-8 by default).
   *
   * @return the body, the empty string when there was none
   */
  public String body() {
    return body;
  }

  /**
   * The body parsed as a JSON object. Parses on every call; keep the result.
   *
   * @return the JSON object
   * @throws dev.ccm4j.api.CloudProviderException when the body is not a JSON object; the message names the operation,
   *     status and position but never quotes the body
   */
  public JsonObject json() {
    return Json.parseResponse(body, operation, status);
  }

  /**
   * How long the call took, from sending the request to reading the last byte of the body.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    return "VendorResponse{operation=" + operation + ", status=" + status + ", bodyChars=" + body.length()
        + ", elapsedMs=" + elapsed.toMillis() + "}";
  }

  /** Builds a {@link VendorResponse}. Not thread-safe. */
  public static final class Builder {
    private final int status;
    private String operation = "call";
    private Headers.Builder headers = new Headers.Builder();
    private String body = "";
    private Duration elapsed = Duration.ZERO;

    private Builder(int status) {
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("HTTP status must be 100..999, got " + status);
      }
      this.status = status;
    }

    /**
     * Sets the operation label.
     *
     * @param operation the operation
     * @return this builder
     */
    public Builder operation(String operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
      return this;
    }

    /**
     * Adds a header.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.addUnsafeNonAscii(name, value);
      return this;
    }

    /**
     * Replaces all headers.
     *
     * @param headers the headers
     * @return this builder
     */
    public Builder headers(Headers headers) {
      this.headers = new Headers.Builder().addAll(headers);
      return this;
    }

    /**
     * Sets the body text.
     *
     * @param body the body; null is the empty string
     * @return this builder
     */
    public Builder body(String body) {
      this.body = body == null ? "" : body;
      return this;
    }

    /**
     * Sets the elapsed time.
     *
     * @param elapsed the time the call took
     * @return this builder
     */
    public Builder elapsed(Duration elapsed) {
      this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
      return this;
    }

    /**
     * Builds the response.
     *
     * @return a new immutable response
     */
    public VendorResponse build() {
      return new VendorResponse(this);
    }
  }
}

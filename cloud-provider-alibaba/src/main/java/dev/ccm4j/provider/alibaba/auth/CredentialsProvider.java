package dev.ccm4j.provider.alibaba.auth;

/** Supplies the credentials for the next request; implementations are thread-safe. */
@FunctionalInterface
public interface CredentialsProvider {
  /**
   * The credentials to sign the next request with, refreshed first if they are about to expire.
   *
   * @return valid credentials
   * @throws dev.ccm4j.api.CloudProviderException when no valid credentials can be obtained; the message names the
   *     source and never a secret
   */
  AlibabaCredentials current();

  /**
   * Where the credentials come from, for logs.
   *
   * @return e.g. {@code cloud-config}, {@code environment}, {@code ram-role}
   */
  default String source() {
    return getClass().getSimpleName();
  }

  /**
   * Fixed credentials.
   *
   * @param credentials the credentials
   * @param source where they came from, for logs
   * @return a provider that always returns them
   */
  static CredentialsProvider fixed(AlibabaCredentials credentials, String source) {
    java.util.Objects.requireNonNull(credentials, "credentials");
    java.util.Objects.requireNonNull(source, "source");
    return new CredentialsProvider() {
      @Override
      public AlibabaCredentials current() {
        return credentials;
      }

      @Override
      public String source() {
        return source;
      }

      @Override
      public String toString() {
        return "CredentialsProvider{" + source + ", " + credentials + "}";
      }
    };
  }
}

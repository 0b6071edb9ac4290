package dev.ccm4j.provider.huawei.auth;

import java.util.Objects;

/**
 * Where the credentials of each request come from. Implementations are thread-safe and cheap to call once per
 * request; a temporary source refreshes its credentials before they expire.
 */
@FunctionalInterface
public interface CredentialsSource {

  /**
   * The credentials to sign the next request with.
   *
   * @return valid credentials
   * @throws dev.ccm4j.api.CloudProviderException when they cannot be obtained
   */
  HuaweiCredentials current();

  /**
   * Forgets the given credentials because the cloud refused them, so that the next {@link #current()} fetches new
   * ones. Permanent credentials are kept (nothing else could be fetched).
   *
   * @param refused the credentials a call was refused with
   */
  default void invalidate(HuaweiCredentials refused) {}

  /**
   * A source that always answers the same permanent credentials.
   *
   * @param credentials the credentials
   * @return the source
   */
  static CredentialsSource fixed(HuaweiCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return new CredentialsSource() {
      @Override
      public HuaweiCredentials current() {
        return credentials;
      }

      @Override
      public String toString() {
        return "CredentialsSource{fixed " + credentials + "}";
      }
    };
  }
}

package dev.ccm4j.kubeapi;

import java.util.Objects;

/**
 * Selects requests for fault injection by verb, resource and optionally object name.
 *
 * @param verb a Kubernetes verb ({@code get}, {@code list}, {@code watch}, {@code create}, {@code update},
 *     {@code patch}, {@code delete}, {@code deletecollection}) or {@code *}
 * @param resource a plural such as {@code leases}, a subresource such as {@code nodes/status}, or {@code *}
 * @param name an object name, or null for any
 */
public record RequestMatcher(String verb, String resource, String name) {
  public RequestMatcher {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(resource, "resource");
  }

  /** Matches every request with this verb on this resource. */
  public static RequestMatcher of(String verb, String resource) {
    return new RequestMatcher(verb, resource, null);
  }

  /** Matches every API request. */
  public static RequestMatcher any() {
    return new RequestMatcher("*", "*", null);
  }

  /** The same matcher restricted to one object name. */
  public RequestMatcher named(String objectName) {
    return new RequestMatcher(verb, resource, objectName);
  }

  boolean matches(String requestVerb, String requestResource, String requestName) {
    return (verb.equals("*") || verb.equals(requestVerb))
        && (resource.equals("*") || resource.equals(requestResource))
        && (name == null || name.equals(requestName));
  }
}

package dev.ccm4j.kubeapi;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may do what, as the emulator answers {@code SubjectAccessReview}s, {@code SelfSubjectAccessReview}s and
 * {@code SelfSubjectRulesReview}s: a small RBAC of allow rules per user or group and per (verb, resource) or (verb,
 * non-resource path). Anything no rule allows is denied, except that members of {@code system:masters} may do
 * everything, as on a real API server. Immutable and thread-safe.
 *
 * <pre>{@code
 * AccessPolicy.builder()
 *     .allowAll(AccessReviews.DEFAULT_USER.username())
 *     .allowPath("prometheus", "get", "/metrics")
 *     .allowResource("viewer", "list", "", "nodes")
 *     .build();
 * }</pre>
 */
public final class AccessPolicy {
  private static final String MASTERS = "system:masters";
  private static final AccessPolicy KNOWN_USERS = new AccessPolicy(List.of(), true);

  private final List<Rule> rules;
  private final boolean knownUsersAllowed;

  private AccessPolicy(List<Rule> rules, boolean knownUsersAllowed) {
    this.rules = List.copyOf(rules);
    this.knownUsersAllowed = knownUsersAllowed;
  }

  /**
   * The default policy: every user the emulator authenticates (the identity of its bearer token and every extra user
   * it was built with) may do everything; any other user may do nothing. An emulator without a bearer token serves
   * anonymous requests everything, so there {@code system:anonymous} may do everything too.
   */
  public static AccessPolicy knownUsers() {
    return KNOWN_USERS;
  }

  /** A policy that denies everything (but to {@code system:masters}) until rules allow it. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides a review.
   *
   * @param spec the {@code spec} of a validated SubjectAccessReview
   * @param knownUsers the user names the emulator authenticates
   */
  boolean allows(JsonObject spec, Set<String> knownUsers) {
    String user = text(spec, "user");
    List<String> groups = strings(spec.get("groups"));
    if (groups.contains(MASTERS)) {
      return true;
    }
    if (knownUsersAllowed) {
      return knownUsers.contains(user);
    }
    Request request = Request.of(spec);
    for (Rule rule : rules) {
      if (rule.subjectMatches(user, groups) && rule.permits(request)) {
        return true;
      }
    }
    return false;
  }

  /** A resource rule of a rules review: one verb on one resource (maybe {@code x/sub}) of one API group. */
  record ResourceRule(String verb, String apiGroup, String resource) {}

  /** A non-resource rule of a rules review: one verb on a path, a {@code /prefix/*} or {@code *}. */
  record PathRule(String verb, String path) {}

  /** What a user may do, as a SelfSubjectRulesReview lists it. */
  record Rules(List<ResourceRule> resourceRules, List<PathRule> pathRules) {}

  private static final Rules EVERYTHING =
      new Rules(List.of(new ResourceRule("*", "*", "*")), List.of(new PathRule("*", "*")));

  /**
   * The rules that apply to a user, for a SelfSubjectRulesReview; they allow exactly what {@link #allows} allows.
   *
   * @param knownUsers the user names the emulator authenticates
   */
  Rules rulesFor(String user, List<String> groups, Set<String> knownUsers) {
    if (groups.contains(MASTERS) || (knownUsersAllowed && knownUsers.contains(user))) {
      return EVERYTHING;
    }
    List<ResourceRule> resources = new ArrayList<>();
    List<PathRule> paths = new ArrayList<>();
    for (Rule rule : rules) {
      if (!rule.subjectMatches(user, groups)) {
        continue;
      }
      if (rule.path() == null && rule.resource() == null) {
        resources.add(new ResourceRule("*", "*", "*"));
        paths.add(new PathRule("*", "*"));
      } else if (rule.path() != null) {
        // "*" is kept as "/*", which matches the same paths
        paths.add(new PathRule(rule.verb(), rule.path().equals("/*") ? "*" : rule.path()));
      } else {
        resources.add(new ResourceRule(rule.verb(), rule.apiGroup(), rule.resource()));
      }
    }
    return new Rules(List.copyOf(resources), List.copyOf(paths));
  }

  @Override
  public String toString() {
    return knownUsersAllowed ? "AccessPolicy[known users may do everything]" : "AccessPolicy" + rules;
  }

  private static String text(JsonObject o, String field) {
    JsonElement v = o == null ? null : o.get(field);
    return v != null && v.isJsonPrimitive() ? v.getAsString() : "";
  }

  private static List<String> strings(JsonElement v) {
    List<String> out = new ArrayList<>();
    if (v != null && v.isJsonArray()) {
      for (JsonElement e : v.getAsJsonArray()) {
        if (e.isJsonPrimitive()) {
          out.add(e.getAsString());
        }
      }
    }
    return out;
  }

  /** What a review asks about: a verb on a non-resource path, or a verb on a resource of an API group. */
  private record Request(String verb, String path, String apiGroup, String resource) {
    static Request of(JsonObject spec) {
      JsonElement nonResource = spec.get("nonResourceAttributes");
      if (nonResource != null && nonResource.isJsonObject()) {
        JsonObject a = nonResource.getAsJsonObject();
        return new Request(text(a, "verb"), text(a, "path"), null, null);
      }
      JsonElement resource = spec.get("resourceAttributes");
      JsonObject a = resource != null && resource.isJsonObject() ? resource.getAsJsonObject() : new JsonObject();
      String sub = text(a, "subresource");
      String plural = text(a, "resource");
      return new Request(text(a, "verb"), null, text(a, "group"), sub.isEmpty() ? plural : plural + "/" + sub);
    }
  }

  /** One allow rule; a null path means a resource rule, a null resource a path rule, both null everything. */
  private record Rule(boolean group, String subject, String verb, String path, String apiGroup, String resource) {
    boolean subjectMatches(String user, Collection<String> groups) {
      return group ? groups.contains(subject) : subject.equals(user);
    }

    boolean permits(Request r) {
      if (!verb.equals("*") && !verb.equals(r.verb())) {
        return false;
      }
      if (path == null && resource == null) {
        return true;
      }
      if (r.path() != null) {
        return path != null && (path.endsWith("*") ? r.path().startsWith(path.substring(0, path.length() - 1))
            : path.equals(r.path()));
      }
      return resource != null && (apiGroup.equals("*") || apiGroup.equals(r.apiGroup()))
          && (resource.equals("*") || resource.equals(r.resource()));
    }

    @Override
    public String toString() {
      String who = (group ? "group " : "user ") + subject;
      if (path == null && resource == null) {
        return who + ": everything";
      }
      return who + ": " + verb + " " + (path != null ? path : (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource);
    }
  }

  /** Collects allow rules. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /** The user may do everything. */
    public Builder allowAll(String user) {
      rules.add(new Rule(false, subject(user, "user"), "*", null, null, null));
      return this;
    }

    /**
     * The user may use a non-resource URL, as an RBAC {@code nonResourceURLs} rule.
     *
     * @param verb {@code get}, {@code post}, ... or {@code *}
     * @param path an exact path such as {@code /metrics}, or a prefix ending in {@code *} such as {@code /debug/*};
     *     {@code *} alone matches every path
     */
    public Builder allowPath(String user, String verb, String path) {
      rules.add(pathRule(false, subject(user, "user"), verb, path));
      return this;
    }

    /**
     * The user may use a resource in any namespace, by any name.
     *
     * @param verb {@code get}, {@code list}, {@code watch}, {@code create}, ... or {@code *}
     * @param apiGroup the API group, {@code ""} for the core group, {@code *} for any
     * @param resource the plural, optionally with a subresource ({@code nodes}, {@code nodes/status}), or {@code *}
     */
    public Builder allowResource(String user, String verb, String apiGroup, String resource) {
      rules.add(resourceRule(false, subject(user, "user"), verb, apiGroup, resource));
      return this;
    }

    /** Members of the group may do everything. */
    public Builder allowGroupAll(String group) {
      rules.add(new Rule(true, subject(group, "group"), "*", null, null, null));
      return this;
    }

    /** Members of the group may use a non-resource URL; see {@link #allowPath}. */
    public Builder allowGroupPath(String group, String verb, String path) {
      rules.add(pathRule(true, subject(group, "group"), verb, path));
      return this;
    }

    /** Members of the group may use a resource; see {@link #allowResource}. */
    public Builder allowGroupResource(String group, String verb, String apiGroup, String resource) {
      rules.add(resourceRule(true, subject(group, "group"), verb, apiGroup, resource));
      return this;
    }

    /** The policy with the rules so far. */
    public AccessPolicy build() {
      return new AccessPolicy(rules, false);
    }

    private static Rule pathRule(boolean group, String subject, String verb, String path) {
      Objects.requireNonNull(path, "path");
      if (!path.equals("*") && !path.startsWith("/")) {
        throw new IllegalArgumentException("a non-resource path must start with '/' or be '*': " + path);
      }
      return new Rule(group, subject, verb(verb), path.equals("*") ? "/*" : path, null, null);
    }

    private static Rule resourceRule(boolean group, String subject, String verb, String apiGroup, String resource) {
      Objects.requireNonNull(apiGroup, "apiGroup");
      if (resource == null || resource.isEmpty() || resource.startsWith("/")) {
        throw new IllegalArgumentException("a resource must be a plural such as \"nodes\" or \"*\": " + resource);
      }
      return new Rule(group, subject, verb(verb), null, apiGroup, resource);
    }

    private static String subject(String name, String what) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("the " + what + " name must not be empty");
      }
      return name;
    }

    private static String verb(String verb) {
      if (verb == null || verb.isEmpty()) {
        throw new IllegalArgumentException("the verb must not be empty (use \"*\" for any)");
      }
      return verb;
    }
  }
}

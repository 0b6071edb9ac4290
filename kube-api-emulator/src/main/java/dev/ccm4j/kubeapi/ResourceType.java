package dev.ccm4j.kubeapi;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One REST resource the emulator serves.
 *
 * @param group API group, empty for the core group
 * @param version API version, for example {@code v1}
 * @param plural resource name in URLs, for example {@code nodes}
 * @param singular singular name, for example {@code node}
 * @param kind object kind, for example {@code Node}
 * @param namespaced whether objects live in a namespace
 * @param shortNames kubectl short names, for example {@code no}
 * @param subresources subresource names, for example {@code status}
 * @param createOnly whether the resource only supports create (reviews)
 * @param fieldLabels field selector labels beyond {@code metadata.name} and {@code metadata.namespace}
 * @param categories the categories discovery lists the resource in, for example {@code all} (what
 *     {@code kubectl get all} expands to)
 * @param collectionDelete whether the resource serves {@code deletecollection} (DELETE on the collection); every
 *     resource of the real server's generic registry does, but namespaces do not
 */
public record ResourceType(String group, String version, String plural, String singular, String kind,
    boolean namespaced, List<String> shortNames, Set<String> subresources, boolean createOnly,
    Set<String> fieldLabels, List<String> categories, boolean collectionDelete) {

  // discovery lists verbs sorted, as the real server does
  private static final List<String> CRUD_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> CRUD_VERBS_WITHOUT_COLLECTION_DELETE =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");

  public ResourceType {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    Objects.requireNonNull(singular, "singular");
    Objects.requireNonNull(kind, "kind");
    shortNames = List.copyOf(shortNames);
    subresources = Set.copyOf(subresources);
    fieldLabels = Set.copyOf(fieldLabels);
    categories = List.copyOf(categories);
    if (createOnly && collectionDelete) {
      throw new IllegalArgumentException(plural + ": a create-only resource cannot serve deletecollection");
    }
  }

  /**
   * A resource in no category that serves {@code deletecollection} unless it is create-only.
   *
   * @see #ResourceType(String, String, String, String, String, boolean, List, Set, boolean, Set, List, boolean)
   */
  public ResourceType(String group, String version, String plural, String singular, String kind,
      boolean namespaced, List<String> shortNames, Set<String> subresources, boolean createOnly,
      Set<String> fieldLabels) {
    this(group, version, plural, singular, kind, namespaced, shortNames, subresources, createOnly, fieldLabels,
        List.of(), !createOnly);
  }

  /** {@code v1} or {@code group/version}, as written in objects. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The plural qualified with the group as the API server names it in messages, for example {@code leases.coordination.k8s.io}. */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The list kind, for example {@code NodeList}. */
  public String listKind() {
    return kind + "List";
  }

  /** Whether the resource has a {@code status} subresource. */
  public boolean hasStatus() {
    return subresources.contains("status");
  }

  /** The verbs advertised in discovery. */
  public List<String> verbs() {
    if (createOnly) {
      return List.of("create");
    }
    return collectionDelete ? CRUD_VERBS : CRUD_VERBS_WITHOUT_COLLECTION_DELETE;
  }

  /** Whether a field selector may use this label. */
  public boolean supportsField(String label) {
    return label.equals("metadata.name") || (namespaced && label.equals("metadata.namespace"))
        || fieldLabels.contains(label);
  }

  /**
   * Checks that a body names this resource's kind and API version, or none, as the real server refuses a body of
   * another type, then sets both so the stored object always carries them.
   */
  void stampKind(com.google.gson.JsonObject obj) {
    String kind = Json.path(obj, "kind");
    String version = Json.path(obj, "apiVersion");
    if ((kind != null && !kind.isEmpty() && !kind.equals(kind()))
        || (version != null && !version.isEmpty() && !version.equals(apiVersion()))) {
      throw ApiError.badRequest("the API version in the data (" + version + ") and kind (" + kind
          + ") do not match the resource " + qualifiedName() + " (" + apiVersion() + ", " + kind() + ")");
    }
    obj.addProperty("kind", kind());
    obj.addProperty("apiVersion", apiVersion());
  }
}

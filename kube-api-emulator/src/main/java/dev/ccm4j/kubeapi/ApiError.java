package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A request the emulator refuses, carrying the HTTP code and the {@code Status} body the real API server
 * would send. Thrown anywhere inside request handling; the HTTP layer turns it into a response.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String reason;
  private final transient JsonObject details;

  private ApiError(int code, String reason, String message, JsonObject details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** HTTP status code, for example 404. */
  public int code() {
    return code;
  }

  /** The Status {@code reason}, for example {@code NotFound}; may be empty for 500s. */
  public String reason() {
    return reason;
  }

  /** The {@code Status} object the API server sends for this error. */
  public JsonObject toStatus() {
    JsonObject status = new JsonObject();
    status.addProperty("kind", "Status");
    status.addProperty("apiVersion", "v1");
    status.add("metadata", new JsonObject());
    status.addProperty("status", "Failure");
    status.addProperty("message", getMessage());
    if (!reason.isEmpty()) {
      status.addProperty("reason", reason);
    }
    if (details != null) {
      status.add("details", details.deepCopy());
    }
    status.addProperty("code", code);
    return status;
  }

  private static JsonObject details(String kind, String name) {
    JsonObject d = new JsonObject();
    if (name != null && !name.isEmpty()) {
      d.addProperty("name", name);
    }
    if (kind != null) {
      d.addProperty("kind", kind);
    }
    return d;
  }

  /** 404: {@code nodes "n1" not found}. {@code resource} is the plural, optionally with the group. */
  public static ApiError notFound(String resource, String name) {
    return new ApiError(404, "NotFound", resource + " \"" + name + "\" not found", details(resource, name));
  }

  private static JsonObject resourceDetails(ResourceType type, String name) {
    JsonObject d = new JsonObject();
    if (name != null && !name.isEmpty()) {
      d.addProperty("name", name);
    }
    if (!type.group().isEmpty()) {
      d.addProperty("group", type.group());
    }
    d.addProperty("kind", type.plural());
    return d;
  }

  /** 404 for an object of a served resource, with the group in the details as the API server sends it. */
  public static ApiError notFound(ResourceType type, String name) {
    return new ApiError(404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found", resourceDetails(type, name));
  }

  /** 409 AlreadyExists for an object of a served resource. */
  public static ApiError alreadyExists(ResourceType type, String name) {
    return new ApiError(409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists",
        resourceDetails(type, name));
  }

  /** 409 Conflict for an object of a served resource: a stale resourceVersion or a failed precondition. */
  public static ApiError conflict(ResourceType type, String name, String why) {
    return new ApiError(409, "Conflict",
        "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name + "\": " + why, resourceDetails(type, name));
  }

  /** 409 Conflict with the API server's wording for a stale resourceVersion of a served resource. */
  public static ApiError staleResourceVersion(ResourceType type, String name) {
    return conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** 422 Invalid with a single cause. */
  public static ApiError invalid(String kind, String name, StatusCause cause) {
    return invalid(kind, name, List.of(cause));
  }

  /** 404 for a path that names no resource at all. */
  public static ApiError notFoundPath() {
    return new ApiError(404, "NotFound", "the server could not find the requested resource", details(null, null));
  }

  /** 409 AlreadyExists on create. */
  public static ApiError alreadyExists(String resource, String name) {
    return new ApiError(409, "AlreadyExists", resource + " \"" + name + "\" already exists", details(resource, name));
  }

  /** 409 Conflict on a stale resourceVersion or a failed precondition. */
  public static ApiError conflict(String resource, String name, String why) {
    return new ApiError(
        409, "Conflict", "Operation cannot be fulfilled on " + resource + " \"" + name + "\": " + why,
        details(resource, name));
  }

  /** 409 Conflict with the API server's wording for a stale resourceVersion. */
  public static ApiError staleResourceVersion(String resource, String name) {
    return conflict(resource, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /**
   * 422 Invalid: {@code Service "web" is invalid: spec.ports[0].port: Invalid value: 0: ...}.
   *
   * @param kind the object kind, for example {@code Service}
   */
  public static ApiError invalid(String kind, String name, List<StatusCause> causes) {
    return invalid("", kind, name, causes);
  }

  /**
   * 422 Invalid for a kind of an API group, named as the real server names it: {@code Lease.coordination.k8s.io "x"
   * is invalid: ...}. As there, the name is quoted even when empty, and several causes are listed in brackets.
   *
   * @param group the API group, empty for the core group
   * @param kind the object kind, for example {@code Lease}
   */
  public static ApiError invalid(String group, String kind, String name, List<StatusCause> causes) {
    Objects.requireNonNull(causes, "causes");
    List<String> texts = causes.stream().map(StatusCause::describe).distinct().collect(Collectors.toList());
    String text = texts.size() == 1 ? texts.get(0) : String.join(", ", texts);
    if (texts.size() > 1) {
      text = "[" + text + "]";
    }
    JsonObject d = details(kind, name);
    if (!group.isEmpty()) {
      // omitted for the core group, as the real server's omitempty does
      d.addProperty("group", group);
    }
    d.add("causes", causes(causes));
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    return new ApiError(422, "Invalid", qualified + " \"" + (name == null ? "" : name) + "\" is invalid: " + text, d);
  }

  /**
   * 409 Conflict for a server-side apply that changes fields other managers own: the real server's message
   * ({@code Apply failed with 1 conflict: ...}) and one {@code FieldManagerConflict} cause per field and manager, with
   * no name or kind in the details.
   */
  public static ApiError applyConflict(String message, List<StatusCause> causes) {
    JsonObject d = new JsonObject();
    d.add("causes", causes(causes));
    return new ApiError(409, "Conflict", message, d);
  }

  private static JsonArray causes(List<StatusCause> causes) {
    JsonArray list = new JsonArray();
    for (StatusCause c : causes) {
      JsonObject o = new JsonObject();
      o.addProperty("reason", c.reason());
      o.addProperty("message", c.message());
      o.addProperty("field", c.field());
      list.add(o);
    }
    return list;
  }

  /** 400 BadRequest, for malformed bodies and parameters. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message, null);
  }

  /** 405 MethodNotAllowed. */
  public static ApiError methodNotAllowed(String method) {
    return new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource ("
        + method + ")", null);
  }

  /** 415 UnsupportedMediaType for a PATCH whose Content-Type is no patch type the real server knows. */
  public static ApiError unsupportedMediaType(String contentType) {
    return new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media"
        + " types include: application/json-patch+json, application/merge-patch+json,"
        + " application/strategic-merge-patch+json, application/apply-patch+yaml", null);
  }

  /** 415 UnsupportedMediaType for a create or update body in a format the server does not decode. */
  public static ApiError unsupportedBodyType(String contentType) {
    return new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media"
        + " types include: application/json, application/yaml, application/vnd.kubernetes.protobuf", null);
  }

  /** 410 Expired: {@code too old resource version: 5 (120)} or an expired continue token. */
  public static ApiError expired(String message) {
    return new ApiError(410, "Expired", message, null);
  }

  /** 401 Unauthorized. */
  public static ApiError unauthorized() {
    return new ApiError(401, "Unauthorized", "Unauthorized", null);
  }

  /**
   * 403 for a create into a namespace that is being deleted, worded as the real server's NamespaceLifecycle
   * admission: {@code configmaps "x" is forbidden: unable to create new content in namespace ns because it is being
   * terminated}, with the {@code NamespaceTerminating} cause.
   */
  public static ApiError namespaceTerminating(ResourceType type, String name, String namespace) {
    JsonObject d = resourceDetails(type, name);
    d.add("causes", causes(List.of(new StatusCause("NamespaceTerminating",
        "namespace " + namespace + " is being terminated", "metadata.namespace"))));
    return new ApiError(403, "Forbidden", type.qualifiedName() + " \"" + (name == null ? "" : name)
        + "\" is forbidden: unable to create new content in namespace " + namespace + " because it is being terminated",
        d);
  }

  /**
   * 422 for request options the real server refuses ({@code CreateOptions.meta.k8s.io "" is invalid: dryRun:
   * Unsupported value: ...}).
   *
   * @param optionsKind {@code CreateOptions}, {@code UpdateOptions}, {@code PatchOptions} or {@code DeleteOptions}
   */
  public static ApiError invalidOptions(String optionsKind, List<StatusCause> causes) {
    return invalid("meta.k8s.io", optionsKind, "", causes);
  }

  /** 403 Forbidden. */
  public static ApiError forbidden(String message) {
    return new ApiError(403, "Forbidden", message, null);
  }

  /** 429 or 5xx injected by a test, with the given reason and message. */
  public static ApiError injected(int code, String reason, String message) {
    return new ApiError(code, reason == null ? "" : reason, message, null);
  }

  /** 500 InternalError, for bugs in the emulator itself. */
  public static ApiError internal(String message) {
    return new ApiError(500, "InternalError", "Internal error occurred: " + message, null);
  }
}

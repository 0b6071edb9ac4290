package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) and the {@code managedFields} bookkeeping of every write,
 * following structured-merge-diff as kube-apiserver uses it.
 */
public final class ServerSideApply {

  /** An applier with the built-in types' list semantics. */
  public ServerSideApply() {}

  /**
   * Parses an apply body, YAML or JSON (JSON is YAML), into a JSON object.
   *
   * @throws ApiError 400 when the body is not a YAML or JSON object, worded as the real server words it
   */
  public static JsonObject parse(byte[] body) {
    throw ApiError.badRequest("server-side apply is not implemented yet");
  }

  /**
   * Applies {@code applied} as {@code manager}'s configuration to {@code live}.
   *
   * @param live the stored object, or null when the object does not exist (apply creates it)
   * @param applied the parsed apply body
   * @param manager the {@code fieldManager} parameter; required
   * @param force the {@code force} parameter: take ownership of conflicting fields instead of failing
   * @param now the write time as RFC 3339 at second precision, for {@code managedFields[].time}
   * @return a new object: the merged object with {@code metadata.managedFields} updated
   * @throws ApplyConflictException when the applied configuration changes fields another manager owns
   * @throws ApiError 400 when the manager is missing or the body is not an object of the right kind
   */
  public JsonObject apply(JsonObject live, JsonObject applied, String manager, boolean force, String now) {
    throw ApiError.badRequest("server-side apply is not implemented yet");
  }

  /**
   * Records a non-apply write (create, update, patch, status write) in {@code after}'s {@code managedFields}: the
   * fields the write changed join {@code manager}'s entry for this operation and subresource and leave every other
   * manager's set.
   *
   * @param before the object before the write, or null on create
   * @param after the object the write stores; its {@code managedFields} as sent are ignored unless they changed
   * @param manager the {@code fieldManager} parameter, else the User-Agent's program name
   * @param operation {@code Update} (create, update and patch record as Update on the real server)
   * @param subresource empty for the main resource, {@code status} for status writes
   * @param now the write time as RFC 3339 at second precision
   * @return {@code after}, with {@code metadata.managedFields} updated in place
   */
  public static JsonObject recordUpdate(JsonObject before, JsonObject after, String manager, String operation,
      String subresource, String now) {
    return after;
  }
}

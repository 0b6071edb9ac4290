package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;
import dev.ccm4j.kubeapi.StatusCause;
import java.util.List;

/**
 * A server-side apply refused because the applied configuration changes fields another manager owns: the real server
 * answers 409 Conflict with one {@code FieldManagerConflict} cause per field and manager. The HTTP layer sends
 * {@link #toApiError()} as it is.
 */
public final class ApplyConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<StatusCause> causes;

  ApplyConflictException(String message, List<StatusCause> causes) {
    super(message);
    this.causes = List.copyOf(causes);
  }

  /** Always 409. */
  public int code() {
    return 409;
  }

  /** Always {@code Conflict}. */
  public String reason() {
    return "Conflict";
  }

  /** One {@code FieldManagerConflict} cause per conflicting field and manager, in the real server's order. */
  public List<StatusCause> causes() {
    return causes;
  }

  /** The error the HTTP layer sends for this conflict. */
  public ApiError toApiError() {
    return ApiError.applyConflict(getMessage(), causes);
  }

  /** The {@code Status} body the real server sends for this conflict. */
  public JsonObject toStatus() {
    return toApiError().toStatus();
  }
}

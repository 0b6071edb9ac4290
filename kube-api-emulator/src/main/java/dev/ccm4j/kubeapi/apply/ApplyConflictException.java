package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.StatusCause;
import java.util.List;

/**
 * A server-side apply refused because the applied configuration changes fields another manager owns: the real server
 * answers 409 Conflict with one {@code FieldManagerConflict} cause per field and manager. The HTTP layer sends
 * {@link #toStatus()} as it is.
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

  /** The {@code Status} body the real server sends for this conflict. */
  public JsonObject toStatus() {
    JsonObject status = new JsonObject();
    status.addProperty("kind", "Status");
    status.addProperty("apiVersion", "v1");
    status.add("metadata", new JsonObject());
    status.addProperty("status", "Failure");
    status.addProperty("message", getMessage());
    status.addProperty("reason", reason());
    JsonObject details = new JsonObject();
    JsonArray list = new JsonArray();
    for (StatusCause c : causes) {
      JsonObject o = new JsonObject();
      o.addProperty("reason", c.reason());
      o.addProperty("message", c.message());
      o.addProperty("field", c.field());
      list.add(o);
    }
    details.add("causes", list);
    status.add("details", details);
    status.addProperty("code", code());
    return status;
  }
}

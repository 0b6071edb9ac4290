package dev.ccm4j.kubeapi.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.ApiError;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Builders and readers for Service JSON in the admission tests. */
final class AdmissionFixtures {
  private AdmissionFixtures() {}

  static JsonObject svc(String name, String singleQuotedSpec) {
    return JsonParser.parseString(("{'apiVersion':'v1','kind':'Service','metadata':{'name':'" + name
        + "','namespace':'default'},'spec':" + singleQuotedSpec + "}").replace('\'', '"')).getAsJsonObject();
  }

  static JsonObject spec(JsonObject service) {
    return service.getAsJsonObject("spec");
  }

  static String str(JsonObject service, String field) {
    JsonElement e = spec(service).get(field);
    return e == null ? null : e.getAsString();
  }

  static List<String> list(JsonObject service, String field) {
    List<String> out = new ArrayList<>();
    JsonElement e = spec(service).get(field);
    if (e != null) {
      e.getAsJsonArray().forEach(v -> out.add(v.getAsString()));
    }
    return out;
  }

  static JsonObject port(JsonObject service, int index) {
    return spec(service).getAsJsonArray("ports").get(index).getAsJsonObject();
  }

  static int nodePort(JsonObject service, int index) {
    JsonElement e = port(service, index).get("nodePort");
    return e == null ? 0 : e.getAsInt();
  }

  static int healthCheckNodePort(JsonObject service) {
    JsonElement e = spec(service).get("healthCheckNodePort");
    return e == null ? 0 : e.getAsInt();
  }

  /** Runs the call, expects an ApiError, and returns it. */
  static ApiError error(ThrowingCallable call) {
    ApiError e = catchThrowableOfType(ApiError.class, call);
    assertThat(e).as("expected an ApiError").isNotNull();
    return e;
  }

  /** The {@code field: message} pairs of a 422's causes. */
  static List<String> causes(ApiError e) {
    assertThat(e.code()).isEqualTo(422);
    List<String> out = new ArrayList<>();
    JsonArray causes = e.toStatus().getAsJsonObject("details").getAsJsonArray("causes");
    causes.forEach(c -> out.add(c.getAsJsonObject().get("field").getAsString() + ": "
        + c.getAsJsonObject().get("message").getAsString()));
    return out;
  }
}

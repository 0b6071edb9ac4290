package dev.ccm4j.kubeapi.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.ApiError;

/** Helpers shared by the patch tests: JSON built from single-quoted text, and error capture. */
final class PatchAssertions {
  private PatchAssertions() {}

  static JsonObject obj(String singleQuoted) {
    return JsonParser.parseString(singleQuoted.replace('\'', '"')).getAsJsonObject();
  }

  static String body(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static JsonObject patch(PatchType type, String kind, JsonObject current, String singleQuotedBody) {
    JsonObject before = current.deepCopy();
    JsonObject result = Patcher.apply(type, kind, current, body(singleQuotedBody));
    assertThat(current).as("the input object must not be mutated").isEqualTo(before);
    return result;
  }

  static ApiError failure(PatchType type, String kind, JsonObject current, String singleQuotedBody) {
    JsonObject before = current.deepCopy();
    ApiError error = catchThrowableOfType(ApiError.class,
        () -> Patcher.apply(type, kind, current, body(singleQuotedBody)));
    assertThat(error).as("expected an ApiError").isNotNull();
    assertThat(current).isEqualTo(before);
    return error;
  }
}

package dev.ccm4j.kubeapi.typed;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden round trips: each expected file is what kube-apiserver returns for the input (see golden/README.md). */
class TypedObjectsGoldenTest {
  @ParameterizedTest
  @CsvSource({
    "node-empty, v1, Node",
    "service-unknown, v1, Service",
    "secret-stringdata, v1, Secret",
    "event-times, v1, Event",
    "lease-microtime, coordination.k8s.io/v1, Lease",
    "deployment-defaults, apps/v1, Deployment",
    "subjectaccessreview, authorization.k8s.io/v1, SubjectAccessReview"
  })
  void matchesTheRealServer(String name, String apiVersion, String kind) throws IOException {
    JsonObject input = read(name + ".input.json");
    JsonObject expected = read(name + ".expected.json");
    JsonObject before = input.deepCopy();

    JsonObject actual = TypedObjects.standard().normalize(apiVersion, kind, input).object();

    assertThat(actual).isEqualTo(expected);
    assertThat(input).as("the input is not changed").isEqualTo(before);
    // a stored object read back and written again is stable
    assertThat(TypedObjects.standard().normalize(apiVersion, kind, actual).object()).isEqualTo(expected);
  }

  private static JsonObject read(String file) throws IOException {
    try (InputStream in = TypedObjectsGoldenTest.class.getResourceAsStream("/golden/" + file)) {
      assertThat(in).as(file).isNotNull();
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }
}

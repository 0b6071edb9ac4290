package dev.ccm4j.cloud.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmulatorRequestTest {
  @Test
  void decodesQueryHeadersFormAndJson() {
    EmulatorRequest r = EmulatorRequest.of("post", "/", "A=1&A=2&B=%E4%B8%AD&C&D=x%2By", Map.of(
        "Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"), "X-Acs-Action", List.of("Go"),
        "Host", List.of("ecs.example:80")), "A=9&E=%20".getBytes(StandardCharsets.UTF_8));
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.query().get("A")).containsExactly("1", "2");
    assertThat(r.queryParam("B")).hasValue("中");
    assertThat(r.queryParam("C")).hasValue("");
    assertThat(r.queryParam("D")).hasValue("x+y");
    assertThat(r.header("x-acs-action")).hasValue("Go");
    assertThat(r.headers()).containsKey("x-acs-action");
    assertThat(r.host()).isEqualTo("ecs.example:80");
    assertThat(r.form()).containsEntry("A", "9").containsEntry("E", " ");
    assertThat(r.params()).containsEntry("A", "1").containsEntry("E", " ");
    assertThat(r.toString()).isEqualTo("POST /");

    EmulatorRequest j = EmulatorRequest.of("POST", "/v1", null, Map.of(), "{\"a\":1}".getBytes(
        StandardCharsets.UTF_8));
    assertThat(j.json().get("a").getAsInt()).isEqualTo(1);
    assertThat(j.form()).as("not a form content type").isEmpty();
    assertThat(EmulatorRequest.of("GET", "/", null, Map.of(), null).json().size()).isZero();
    assertThatThrownBy(() -> EmulatorRequest.of("POST", "/", null, Map.of(), "[1]".getBytes(StandardCharsets.UTF_8))
        .json()).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> EmulatorRequest.of("GET", "/", "a=%G1", Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    assertThatThrownBy(() -> EmulatorRequest.of("POST", "/", null, Map.of("content-type",
        List.of("application/x-www-form-urlencoded")), "a=%".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("form body");
    assertThat(r.rawPath()).as("defaults to the path").isEqualTo("/");
  }

  @Test
  void responsesAreImmutableCopies() {
    EmulatorResponse base = EmulatorResponse.text(200, "text/plain", "hi");
    EmulatorResponse withHeader = base.header("Retry-After", "1").header("retry-after", "2");
    assertThat(base.headers()).isEmpty();
    assertThat(withHeader.headers()).containsExactly(Map.entry("retry-after", "2"));
    assertThat(base.errorCode("X").errorCode()).isEqualTo("X");
    assertThat(base.errorCode()).isEmpty();
    assertThat(EmulatorResponse.json(200, Map.of("k", "v")).bodyText()).isEqualTo("{\"k\":\"v\"}");
    assertThat(EmulatorResponse.empty(204).contentType()).isEmpty();
    assertThatThrownBy(() -> EmulatorResponse.empty(99)).hasMessageContaining("status");
  }

  @Test
  void settingsGenerateCredentialsAndNeverPrintTheSecret() {
    EmulatorSettings a = EmulatorSettings.builder().build();
    EmulatorSettings b = EmulatorSettings.builder().build();
    assertThat(a.accessKeyId()).isNotEqualTo(b.accessKeyId());
    assertThat(a.accessKeySecret()).hasSize(30).isNotEqualTo(b.accessKeySecret());
    assertThat(a.toString()).contains(a.accessKeyId()).doesNotContain(a.accessKeySecret());
    assertThat(a.instances()).isEqualTo(3);
    assertThat(a.port()).isZero();
    assertThat(a.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(a.region()).isEmpty();
    EmulatorSettings c = EmulatorSettings.builder().accessKeyId("id").accessKeySecret("s3cr3t").region("r")
        .instances(0).port(1234).build();
    assertThat(c.toString()).doesNotContain("s3cr3t");
    assertThat(c.region()).hasValue("r");
    assertThatThrownBy(() -> EmulatorSettings.builder().instances(-1)).hasMessageContaining("instances");
    assertThatThrownBy(() -> EmulatorSettings.builder().accessKeySecret(" ")).hasMessageContaining("accessKeySecret");
  }
}

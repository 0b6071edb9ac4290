package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class SelectorTest {
  private static final ResourceType PODS = ResourceRegistry.standard().find("v1", "pods").orElseThrow();
  private static final JsonObject POD = JsonParser.parseString("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\","
      + "\"labels\":{\"app\":\"web\",\"tier\":\"front\",\"example.com/role\":\"x\"}},\"spec\":{\"nodeName\":\"n1\"}}")
      .getAsJsonObject();

  @Test
  void labelOperators() {
    assertThat(Selector.labels("app=web").matches(POD)).isTrue();
    assertThat(Selector.labels("app==web").matches(POD)).isTrue();
    assertThat(Selector.labels("app!=web").matches(POD)).isFalse();
    assertThat(Selector.labels("missing!=x").matches(POD)).isTrue();
    assertThat(Selector.labels("tier in (back, front)").matches(POD)).isTrue();
    assertThat(Selector.labels("tier notin (back,front)").matches(POD)).isFalse();
    assertThat(Selector.labels("missing notin (a)").matches(POD)).isTrue();
    assertThat(Selector.labels("example.com/role").matches(POD)).isTrue();
    assertThat(Selector.labels("!example.com/role").matches(POD)).isFalse();
    assertThat(Selector.labels("app=web,tier in (front),!gone").matches(POD)).isTrue();
    assertThat(Selector.labels("").isEmpty()).isTrue();
  }

  @Test
  void fieldSelectors() {
    assertThat(Selector.fields("spec.nodeName=n1", PODS).matches(POD)).isTrue();
    assertThat(Selector.fields("spec.nodeName==n2", PODS).matches(POD)).isFalse();
    assertThat(Selector.fields("metadata.namespace=ns,metadata.name!=q", PODS).matches(POD)).isTrue();
    assertThat(Selector.fields("status.phase=", PODS).matches(POD)).isTrue();
  }

  @Test
  void rejectsMalformedSelectors() {
    assertThatThrownBy(() -> Selector.fields("spec.unknown=x", PODS)).isInstanceOfSatisfying(ApiError.class,
        e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> Selector.fields("novalue", PODS)).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Selector.labels("a in b")).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Selector.labels("bad key=x")).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Selector.labels("a=b,,c")).isInstanceOf(ApiError.class);
  }
}

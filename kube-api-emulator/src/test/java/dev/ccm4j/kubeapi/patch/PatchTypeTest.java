package dev.ccm4j.kubeapi.patch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatchTypeTest {
  @Test
  void mapsTheThreeMediaTypesIgnoringParametersAndCase() {
    assertThat(PatchType.fromContentType("application/json-patch+json")).contains(PatchType.JSON);
    assertThat(PatchType.fromContentType("application/merge-patch+json; charset=utf-8")).contains(PatchType.MERGE);
    assertThat(PatchType.fromContentType("Application/Strategic-Merge-Patch+JSON")).contains(PatchType.STRATEGIC);
  }

  @Test
  void anythingElseIsEmpty() {
    assertThat(PatchType.fromContentType("application/json")).isEmpty();
    assertThat(PatchType.fromContentType("application/apply-patch+yaml")).isEmpty();
    assertThat(PatchType.fromContentType("")).isEmpty();
    assertThat(PatchType.fromContentType(null)).isEmpty();
  }
}

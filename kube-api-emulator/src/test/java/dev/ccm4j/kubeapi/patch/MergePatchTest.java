package dev.ccm4j.kubeapi.patch;

import static dev.ccm4j.kubeapi.patch.PatchAssertions.failure;
import static dev.ccm4j.kubeapi.patch.PatchAssertions.obj;
import static dev.ccm4j.kubeapi.patch.PatchAssertions.patch;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MergePatchTest {
  /** The examples of RFC 7386 appendix A whose target and patch are objects, wrapped in a field. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'a':'b'}                    | {'a':'c'}             | {'a':'c'}",
      "{'a':'b'}                    | {'b':'c'}             | {'a':'b','b':'c'}",
      "{'a':'b'}                    | {'a':null}            | {}",
      "{'a':'b','b':'c'}            | {'a':null}            | {'b':'c'}",
      "{'a':['b']}                  | {'a':'c'}             | {'a':'c'}",
      "{'a':'c'}                    | {'a':['b']}           | {'a':['b']}",
      "{'a':{'b':'c'}}              | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
      "{'a':[{'b':'c'}]}            | {'a':[1]}             | {'a':[1]}",
      "{'e':null}                   | {'a':1}               | {'e':null,'a':1}",
      "{}                           | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
  })
  void rfc7386Examples(String target, String patch, String expected) {
    assertThat(patch(PatchType.MERGE, "Thing", obj(target), patch)).isEqualTo(obj(expected));
  }

  @Test
  void arraysReplaceWholesaleEvenForMergeListsOfStrategicPatch() {
    var node = obj("{'status':{'conditions':[{'type':'Ready'},{'type':'DiskPressure'}]},'x':1}");
    var r = patch(PatchType.MERGE, "Node", node, "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}");
    assertThat(r).isEqualTo(obj("{'status':{'conditions':[{'type':'Ready','status':'True'}]},'x':1}"));
  }

  @Test
  void nonObjectBodyIs400() {
    assertThat(failure(PatchType.MERGE, "Node", obj("{}"), "[1]").code()).isEqualTo(400);
    assertThat(failure(PatchType.MERGE, "Node", obj("{}"), "{'a':").code()).isEqualTo(400);
  }
}

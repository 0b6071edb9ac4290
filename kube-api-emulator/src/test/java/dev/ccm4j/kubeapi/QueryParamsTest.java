package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParamsTest {
  @Test
  void booleansAreTrueForAnythingButFalseOrZero() {
    // apimachinery's Convert_Slice_string_To_bool reads the first value
    assertThat(QueryParams.parse("watch=True").bool("watch")).isTrue();
    assertThat(QueryParams.parse("watch").bool("watch")).isTrue();
    assertThat(QueryParams.parse("watch=yes").bool("watch")).isTrue();
    assertThat(QueryParams.parse("watch=FaLsE").bool("watch")).isFalse();
    assertThat(QueryParams.parse("watch=0&watch=1").bool("watch")).isFalse();
    assertThat(QueryParams.parse("").bool("watch")).isFalse();
  }

  @Test
  void repeatedParametersAreKeptAndDecoded() {
    QueryParams q = QueryParams.parse("dryRun=All&dryRun=x&labelSelector=a%20in%20(b)");
    assertThat(q.all("dryRun")).containsExactly("All", "x");
    assertThat(q.first("labelSelector")).isEqualTo("a in (b)");
    assertThat(q.has("limit")).isFalse();
  }

  @Test
  void integersAreParsedOrRefusedAsStrconvWordsIt() {
    assertThat(QueryParams.parse("limit=5").int64("limit")).isEqualTo(5);
    assertThatThrownBy(() -> QueryParams.parse("limit=five").int64("limit"))
        .hasMessage("strconv.ParseInt: parsing \"five\": invalid syntax");
  }

  @Test
  void labelSelectorGrammar() {
    assertThat(Selector.labels("x in (foo,,baz),y,z notin ()").isEmpty()).isFalse();
    assertThatThrownBy(() -> Selector.labels("a=b=c"))
        .hasMessage("found '=', expected: ',' or 'end of string'");
    assertThatThrownBy(() -> Selector.labels("a>x"))
        .hasMessage("unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value"
            + " must be an integer");
  }
}

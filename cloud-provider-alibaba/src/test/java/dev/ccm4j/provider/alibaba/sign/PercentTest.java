package dev.ccm4j.provider.alibaba.sign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentTest {

  @Test
  void keepsOnlyUnreservedCharactersLiteral() {
    assertThat(Percent.encode("AZaz09-_.~")).isEqualTo("AZaz09-_.~");
    assertThat(Percent.encode(" ")).isEqualTo("%20");
    assertThat(Percent.encode("*")).isEqualTo("%2A");
    assertThat(Percent.encode("+")).isEqualTo("%2B");
    assertThat(Percent.encode("\"")).isEqualTo("%22");
    assertThat(Percent.encode("/:=&")).isEqualTo("%2F%3A%3D%26");
    assertThat(Percent.encode("%")).isEqualTo("%25");
  }

  @Test
  void encodesUtf8BytesWithUpperCaseHex() {
    assertThat(Percent.encode("é中")).isEqualTo("%C3%A9%E4%B8%AD");
    assertThat(Percent.encode("\u00ff")).isEqualTo("%C3%BF");
  }

  @Test
  void nullAndEmptyAreEmpty() {
    assertThat(Percent.encode(null)).isEmpty();
    assertThat(Percent.encode("")).isEmpty();
  }
}

package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagingTest {

  @Test
  void followsTokensUntilTheLastPage() {
    List<Optional<String>> asked = new ArrayList<>();
    List<String> all = Paging.byToken(token -> {
      asked.add(token);
      return switch (token.orElse("")) {
        case "" -> Page.of(List.of("a", "b"), Optional.of("t2"));
        case "t2" -> Page.of(List.of("c"), Optional.of("t3"));
        default -> Page.of(List.of("d"), Optional.of(" "));
      };
    });
    assertThat(all).containsExactly("a", "b", "c", "d");
    assertThat(asked).containsExactly(Optional.empty(), Optional.of("t2"), Optional.of("t3"));
  }

  @Test
  void aRepeatedTokenStopsTheLoop() {
    // empty -> x, x -> y, y -> x again
    assertThatThrownBy(() -> Paging.byToken(token -> Page.of(List.of(1),
        Optional.of(token.equals(Optional.of("x")) ? "y" : "x"))))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("already returned");
  }

  @Test
  void tooManyPagesStopTheLoop() {
    int[] calls = {0};
    assertThatThrownBy(() -> Paging.byToken(token -> {
      calls[0]++;
      return Page.of(List.of(calls[0]), Optional.of("t" + calls[0]));
    }, 5)).isInstanceOf(CloudProviderException.class).hasMessageContaining("more than 5 pages");
    assertThat(calls[0]).isEqualTo(5);
    assertThatThrownBy(() -> Paging.byNumber(n -> Page.more(List.of(n)), 3))
        .hasMessageContaining("more than 3 pages");
  }

  @Test
  void numberedPagesFromOneUsingTheTotal() {
    List<Integer> data = IntStream.range(0, 23).boxed().toList();
    List<Integer> asked = new ArrayList<>();
    List<Integer> all = Paging.byNumber(n -> {
      asked.add(n);
      List<Integer> slice = data.subList(Math.min(data.size(), (n - 1) * 10), Math.min(data.size(), n * 10));
      return Page.numbered(slice, n, 10, data.size());
    });
    assertThat(all).isEqualTo(data);
    assertThat(asked).containsExactly(1, 2, 3);
    assertThat(Paging.byNumber(n -> Page.numbered(List.of(), n, 10, 0))).isEmpty();
    assertThat(Paging.byNumber(n -> n < 2 ? Page.more(List.of("p1")) : Page.last(List.of("p2"))))
        .containsExactly("p1", "p2");
  }

  @Test
  void anEmptyPageClaimingMoreStopsTheLoop() {
    // A total count that the pages never reach (the cloud's count and list disagree).
    assertThatThrownBy(() -> Paging.byNumber(n -> Page.numbered(n == 1 ? List.of("a") : List.of(), n, 1, 99)))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("empty page 2");
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Paging.byNumber(n -> Page.last(List.of()), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Page.numbered(List.of(), 0, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Page.of(List.of(), Optional.of("")).hasMore()).isFalse();
  }
}

package dev.ccm4j.vendor.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a paged cloud listing, as returned by the fetch function given to {@link Paging}.
 *
 * <p>Token-paged APIs use {@link #of(List, Optional)}; number-paged APIs use {@link #more(List)} /
 * {@link #last(List)}, or {@link #numbered(List, int, int, long)} to derive "more" from a total count.
 *
 * @param <T> the item type
 */
public final class Page<T> {
  private final List<T> items;
  private final Optional<String> nextToken;
  private final boolean more;

  private Page(List<T> items, Optional<String> nextToken, boolean more) {
    this.items = List.copyOf(Objects.requireNonNull(items, "items"));
    this.nextToken = Objects.requireNonNull(nextToken, "nextToken");
    this.more = more;
  }

  /**
   * A page of a token-paged listing.
   *
   * @param items the page's items, not null
   * @param nextToken the token of the next page; empty or blank on the last page
   * @param <T> the item type
   * @return the page
   */
  public static <T> Page<T> of(List<T> items, Optional<String> nextToken) {
    Optional<String> token = nextToken.filter(t -> !t.isBlank());
    return new Page<>(items, token, token.isPresent());
  }

  /**
   * The last page of a number-paged listing.
   *
   * @param items the page's items
   * @param <T> the item type
   * @return the page
   */
  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty(), false);
  }

  /**
   * A page of a number-paged listing after which more pages follow.
   *
   * @param items the page's items
   * @param <T> the item type
   * @return the page
   */
  public static <T> Page<T> more(List<T> items) {
    return new Page<>(items, Optional.empty(), true);
  }

  /**
   * A page of a number-paged listing that reports its total (Alibaba's {@code PageNumber}, {@code PageSize},
   * {@code TotalCount}): more pages follow while {@code pageNumber * pageSize < totalCount}.
   *
   * @param items the page's items
   * @param pageNumber this page's number, from 1
   * @param pageSize the page size asked for
   * @param totalCount the total the cloud reported
   * @param <T> the item type
   * @return the page
   */
  public static <T> Page<T> numbered(List<T> items, int pageNumber, int pageSize, long totalCount) {
    if (pageNumber < 1 || pageSize < 1) {
      throw new IllegalArgumentException("pageNumber and pageSize must be positive, got " + pageNumber + " and "
          + pageSize);
    }
    return new Page<>(items, Optional.empty(), (long) pageNumber * pageSize < totalCount);
  }

  /**
   * The page's items.
   *
   * @return an unmodifiable list
   */
  public List<T> items() {
    return items;
  }

  /**
   * The next page's token, for token paging.
   *
   * @return the token, or empty on the last page and for number paging
   */
  public Optional<String> nextToken() {
    return nextToken;
  }

  /**
   * Whether more pages follow.
   *
   * @return true unless this is the last page
   */
  public boolean hasMore() {
    return more;
  }

  @Override
  public String toString() {
    return "Page{items=" + items.size() + ", more=" + more + "}";
  }
}

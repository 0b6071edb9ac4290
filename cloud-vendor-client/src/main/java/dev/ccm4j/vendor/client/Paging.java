package dev.ccm4j.vendor.client;

import dev.ccm4j.api.CloudProviderException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Collects every page of a paged cloud listing, with protection against a cloud (or an emulator, or a bug in the
 * fetch function) that never stops: a repeated token, an empty page that claims more, or more than a bound of pages
 * fails with a {@link CloudProviderException} instead of looping forever.
 */
public final class Paging {
  /** The default bound on pages: 1000 pages of 100 is a hundred thousand resources. */
  public static final int DEFAULT_MAX_PAGES = 1000;

  private Paging() {}

  /**
   * Collects a token-paged listing with at most {@link #DEFAULT_MAX_PAGES} pages.
   *
   * @param fetch fetches one page given the previous page's token (empty for the first page)
   * @param <T> the item type
   * @return the items of every page, in order
   * @throws CloudProviderException on a repeated token or too many pages; whatever {@code fetch} throws
   */
  public static <T> List<T> byToken(Function<Optional<String>, Page<T>> fetch) {
    return byToken(fetch, DEFAULT_MAX_PAGES);
  }

  /**
   * Collects a token-paged listing.
   *
   * @param fetch fetches one page given the previous page's token (empty for the first page)
   * @param maxPages the most pages to fetch, positive
   * @param <T> the item type
   * @return the items of every page, in order
   * @throws CloudProviderException on a repeated token or more than {@code maxPages} pages
   */
  public static <T> List<T> byToken(Function<Optional<String>, Page<T>> fetch, int maxPages) {
    Objects.requireNonNull(fetch, "fetch");
    requirePositive(maxPages);
    List<T> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Optional<String> token = Optional.empty();
    for (int page = 1; ; page++) {
      if (page > maxPages) {
        throw new CloudProviderException("paged listing has more than " + maxPages + " pages; giving up");
      }
      Page<T> p = Objects.requireNonNull(fetch.apply(token), "fetch returned null");
      out.addAll(p.items());
      if (p.nextToken().isEmpty()) {
        return out;
      }
      String next = p.nextToken().get();
      if (!seen.add(next)) {
        // The token is not quoted: some clouds' tokens are opaque encodings of the request.
        throw new CloudProviderException("paged listing returned a next-page token it had already returned (page "
            + page + "); stopping instead of looping");
      }
      token = Optional.of(next);
    }
  }

  /**
   * Collects a number-paged listing with at most {@link #DEFAULT_MAX_PAGES} pages.
   *
   * @param fetch fetches one page by number, from 1
   * @param <T> the item type
   * @return the items of every page, in order
   * @throws CloudProviderException on an empty page that claims more, or too many pages
   */
  public static <T> List<T> byNumber(IntFunction<Page<T>> fetch) {
    return byNumber(fetch, DEFAULT_MAX_PAGES);
  }

  /**
   * Collects a number-paged listing.
   *
   * @param fetch fetches one page by number, from 1
   * @param maxPages the most pages to fetch, positive
   * @param <T> the item type
   * @return the items of every page, in order
   * @throws CloudProviderException on an empty page that claims more, or more than {@code maxPages} pages
   */
  public static <T> List<T> byNumber(IntFunction<Page<T>> fetch, int maxPages) {
    Objects.requireNonNull(fetch, "fetch");
    requirePositive(maxPages);
    List<T> out = new ArrayList<>();
    for (int page = 1; ; page++) {
      if (page > maxPages) {
        throw new CloudProviderException("paged listing has more than " + maxPages + " pages; giving up");
      }
      Page<T> p = Objects.requireNonNull(fetch.apply(page), "fetch returned null");
      out.addAll(p.items());
      if (!p.hasMore()) {
        return out;
      }
      if (p.items().isEmpty()) {
        throw new CloudProviderException("paged listing returned an empty page " + page
            + " that claims more pages follow; stopping instead of looping");
      }
    }
  }

  private static void requirePositive(int maxPages) {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
    }
  }
}

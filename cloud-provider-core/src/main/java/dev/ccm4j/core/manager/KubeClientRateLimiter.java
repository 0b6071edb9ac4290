package dev.ccm4j.core.manager;

import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.cloud.Sleeper;
import dev.ccm4j.core.workqueue.BucketRateLimiter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The client-side rate limit of one Kubernetes client ({@code --kube-api-qps}, {@code --kube-api-burst}), as
 * client-go applies per clientset. client-java has none of its own.
 *
 * <p>Watch requests take a token when they open, like any other request; their streams are not limited.
 */
final class KubeClientRateLimiter implements Interceptor {
  private final BucketRateLimiter<Object> bucket;
  private final Sleeper sleeper;

  KubeClientRateLimiter(double qps, int burst, Clock clock, Sleeper sleeper) {
    this.bucket = new BucketRateLimiter<>(qps, burst, clock);
    this.sleeper = sleeper;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Duration wait = bucket.when(this);
    if (!wait.isZero()) {
      try {
        sleeper.sleepNanos(wait.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the Kubernetes client rate limiter");
      }
    }
    return chain.proceed(chain.request());
  }
}

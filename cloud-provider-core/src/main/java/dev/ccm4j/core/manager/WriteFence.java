package dev.ccm4j.core.manager;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Refuses Kubernetes writes once closed; reads stay allowed (they change nothing). Closed by the first lost lease,
 * whose lock it keeps for {@code /readyz}.
 */
final class WriteFence implements Interceptor {
  /** The leader election's own client, which must still release the lease after a loss. */
  static final String LEADER_ELECTION_CLIENT = "leader-election";
  /** The clients that keep working: the election's, and delegated auth's reviews, which write nothing. */
  static final Set<String> EXEMPT = Set.of(LEADER_ELECTION_CLIENT, "delegated-auth");
  private final AtomicReference<String> lostLease = new AtomicReference<>();

  /** Closes the fence; true only for the first caller, so two locks lost at once stop the manager once. */
  boolean close(String lock) {
    return lostLease.compareAndSet(null, lock);
  }

  boolean closed() {
    return lostLease.get() != null;
  }

  /** The lock whose loss closed the fence, or null while open. */
  String lostLease() {
    return lostLease.get();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    String method = chain.request().method();
    if (closed() && !method.equals("GET") && !method.equals("HEAD")) {
      throw new IOException("leader election lost: this process no longer writes to the API");
    }
    return chain.proceed(chain.request());
  }
}

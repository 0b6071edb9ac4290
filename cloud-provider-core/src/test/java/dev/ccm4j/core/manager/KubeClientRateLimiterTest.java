package dev.ccm4j.core.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.core.clock.ManualClock;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeClientRateLimiterTest {
  private final MockWebServer server = new MockWebServer();
  private final ManualClock clock = new ManualClock();
  private final List<Long> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private OkHttpClient client(double qps, int burst) {
    return new OkHttpClient.Builder().addInterceptor(new KubeClientRateLimiter(qps, burst, clock, nanos -> {
      sleeps.add(nanos);
      clock.advance(Duration.ofNanos(nanos));
    })).build();
  }

  private void call(OkHttpClient c) throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    try (Response r = c.newCall(new Request.Builder().url(server.url("/api/v1/nodes")).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void aBurstPassesThenRequestsArePacedAtQps() throws Exception {
    OkHttpClient c = client(20, 3);
    for (int i = 0; i < 5; i++) {
      call(c);
    }

    assertThat(sleeps).as("3 free, then 1/20 s apart").containsExactly(50_000_000L, 50_000_000L);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void interruptionWhileWaitingFailsTheCallWithTheFlagKept() throws Exception {
    OkHttpClient c = new OkHttpClient.Builder().addInterceptor(new KubeClientRateLimiter(1, 1, clock, nanos -> {
      throw new InterruptedException();
    })).build();
    call(c);

    assertThatThrownBy(() -> call(c)).isInstanceOf(InterruptedIOException.class);
    assertThat(Thread.interrupted()).isTrue();
  }
}

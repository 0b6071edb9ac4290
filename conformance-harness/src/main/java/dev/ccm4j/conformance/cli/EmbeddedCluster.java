package dev.ccm4j.conformance.cli;

import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.e2e.E2eTimeouts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What an embedding command line runs the suites against instead of an in-process cluster, given to {@link
 * ConformanceMain#runEmbedded(String, PrintStream, PrintStream, EmbeddedCluster, String...)}. The launcher's
 * {@code ccm4j conformance --cloud-emulator} is one: it starts a vendor's cloud emulator and the real CCM as
 * processes. The run calls {@link #start} once its flags are valid and neither {@code --kubeconfig} nor
 * {@code --in-process} is given, runs the suites and closes what was started, also when a suite fails.
 */
@FunctionalInterface
public interface EmbeddedCluster {
  /**
   * Starts the cloud (and, when the e2e suite runs, the cluster) the run needs.
   *
   * @param request what the run asks for
   * @return what was started; the run closes it
   * @throws Exception if a part cannot start; whatever did start must be stopped again before throwing
   */
  Started start(Request request) throws Exception;

  /**
   * What a run asks an {@link EmbeddedCluster} for.
   *
   * @param provider the provider under test, as given to {@code --provider}
   * @param clusterName the CCM's {@code --cluster-name}
   * @param nodes how many nodes join before the e2e suite starts
   * @param e2e whether the e2e suite runs (else only the TCK needs the cloud)
   * @param fixtures the fixture factory of {@code --fixture}, else the one registered for the provider, if any
   * @param timeouts how long the e2e scenarios wait
   * @param reportDir the run's {@code --report-dir}, where logs of started processes may go
   * @param progress where progress lines go
   */
  record Request(String provider, String clusterName, int nodes, boolean e2e,
      Optional<CloudFixtureFactory> fixtures, E2eTimeouts timeouts, Path reportDir, PrintStream progress) {
    /** Rejects nulls and a negative node count. */
    public Request {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(clusterName, "clusterName");
      Objects.requireNonNull(fixtures, "fixtures");
      Objects.requireNonNull(timeouts, "timeouts");
      Objects.requireNonNull(reportDir, "reportDir");
      Objects.requireNonNull(progress, "progress");
      if (nodes < 0) {
        throw new IllegalArgumentException("nodes must not be negative, got " + nodes);
      }
    }
  }

  /** A started cloud and cluster; closing it stops everything that was started. */
  interface Started extends AutoCloseable {
    /**
     * The provider's cloud-config, for the TCK's provider instances.
     *
     * @return the file, or empty when the provider needs none
     */
    Optional<Path> cloudConfig();

    /**
     * The cluster the e2e suite runs against.
     *
     * @return the environment; present whenever the request asked for the e2e suite
     */
    Optional<E2eEnvironment> e2e();

    /** Stops everything that was started; must not throw. */
    @Override
    void close();
  }
}

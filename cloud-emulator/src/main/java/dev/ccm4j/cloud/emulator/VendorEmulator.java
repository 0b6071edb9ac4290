package dev.ccm4j.cloud.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The part every vendor emulator shares: one {@link EmulatorServer} on the bind address, port, clock and TLS context
 * of its {@link Options}, serving the vendor's handler and the {@code /_ccm4j/} control API over its
 * {@link ControlPlane}; start, endpoint, a cached {@link ControlClient}, close, and the {@link RunningEmulator} view
 * a {@link CloudEmulatorFactory} hands to the launcher. A vendor emulator builds its state and handler, then calls
 * {@link #serve} once from its constructor; everything else it writes is the vendor's own.
 *
 * @param <E> the vendor emulator itself, so {@link #start()} returns it
 */
public abstract class VendorEmulator<E extends VendorEmulator<E>> implements AutoCloseable {
  private final Options<?> options;
  // set once by serve() during construction, before the emulator is shared
  private EmulatorServer server;
  private ControlPlane controlPlane;
  private volatile ControlClient control;

  /**
   * Creates the emulator's shared part; the subclass then calls {@link #serve}.
   *
   * @param options where and how to serve
   */
  protected VendorEmulator(Options<?> options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Builds the server with this emulator's bind address, port, clock and TLS context around the vendor's parts.
   * Call it exactly once, at the end of the subclass constructor.
   *
   * @param name names the emulator in thread names and log lines, e.g. {@code alibaba}
   * @param server the builder with the vendor's dialect, handler and any vendor control routes set
   * @param controlPlane the vendor-neutral state the control API serves
   * @throws IllegalStateException when called twice
   */
  protected final void serve(String name, EmulatorServer.Builder server, ControlPlane controlPlane) {
    if (this.server != null) {
      throw new IllegalStateException("serve() was already called");
    }
    if (options.sslContext != null) {
      server.sslContext(options.sslContext);
    }
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    this.server = server.name(name)
        .bindAddress(options.bindAddress)
        .port(options.port)
        .clock(options.clock)
        .control(controlPlane)
        .build();
  }

  /** This emulator, as its own type. */
  protected abstract E self();

  /**
   * The provider cloud-config that points the vendor's provider at this emulator with its credentials. It contains
   * a secret: never log it.
   */
  public abstract String cloudConfig();

  /**
   * Binds the port and starts serving.
   *
   * @return this emulator
   * @throws UncheckedIOException when the address cannot be bound
   */
  public E start() {
    server().start();
    return self();
  }

  /**
   * Starts serving and returns the launcher's view of this emulator, which closes it.
   *
   * @param providerName the provider this emulator stands in for, e.g. {@code alibaba}
   * @return the running emulator
   * @throws IOException when the address cannot be bound
   */
  public final RunningEmulator startRunning(String providerName) throws IOException {
    Objects.requireNonNull(providerName, "providerName");
    try {
      start();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Running(providerName);
  }

  /** The base URI everything is served on, e.g. {@code http://127.0.0.1:40123} ({@code https} with TLS). */
  public URI endpoint() {
    return server().endpoint();
  }

  /** The underlying server: its journal and fault rules. */
  public EmulatorServer server() {
    if (server == null) {
      throw new IllegalStateException("the emulator's constructor did not call serve()");
    }
    return server;
  }

  /**
   * A client of this emulator's control API. With HTTPS it uses the {@link Options#sslContext} as its client context,
   * so that context must also trust the server certificate; otherwise use {@link #control(SSLContext)}.
   */
  public ControlClient control() {
    ControlClient c = control;
    if (c == null) {
      c = options.sslContext != null ? new ControlClient(endpoint(), options.sslContext)
          : new ControlClient(endpoint());
      control = c;
    }
    return c;
  }

  /**
   * A client of this emulator's control API over HTTPS with the given client context.
   *
   * @param clientContext trusts the emulator's certificate
   * @return a new client
   */
  public ControlClient control(SSLContext clientContext) {
    return new ControlClient(endpoint(), Objects.requireNonNull(clientContext, "clientContext"));
  }

  /** Stops serving. */
  @Override
  public void close() {
    server().close();
  }

  /** The started emulator as the launcher sees it. */
  private final class Running implements RunningEmulator {
    private final String providerName;

    Running(String providerName) {
      this.providerName = providerName;
    }

    @Override
    public URI endpoint() {
      return VendorEmulator.this.endpoint();
    }

    @Override
    public String cloudConfig() {
      return VendorEmulator.this.cloudConfig();
    }

    @Override
    public String providerName() {
      return providerName;
    }

    @Override
    public ControlPlane control() {
      return controlPlane;
    }

    @Override
    public void close() {
      VendorEmulator.this.close();
    }
  }

  /**
   * What every vendor emulator's builder sets: seeded instances, bind address, port, clock, id seed and TLS. A
   * vendor builder extends it and adds its own settings.
   *
   * @param <B> the vendor builder itself, so every setter returns it
   */
  public abstract static class Options<B extends Options<B>> {
    private int instances = 3;
    private String bindAddress = "127.0.0.1";
    private int port;
    private Clock clock = Clock.systemUTC();
    private long seed;
    private SSLContext sslContext;

    /**
     * Creates options: 3 instances, loopback on a free port, the system UTC clock, plain HTTP.
     *
     * @param defaultSeed the vendor's id seed when {@link #seed} is not called, so ids repeat from run to run
     */
    protected Options(long defaultSeed) {
      this.seed = defaultSeed;
    }

    /** This builder, as its own type. */
    protected abstract B self();

    /**
     * How many running instances to seed; default 3.
     *
     * @param instances 0 or more
     * @return this builder
     */
    public B instances(int instances) {
      this.instances = EmulatorSettings.requireInstances(instances);
      return self();
    }

    /**
     * The address to listen on; default {@code 127.0.0.1}.
     *
     * @param bindAddress an IP literal or host name
     * @return this builder
     */
    public B bindAddress(String bindAddress) {
      this.bindAddress = ControlInstance.requireText(bindAddress, "bindAddress");
      return self();
    }

    /**
     * The port; default 0, a free one.
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public B port(int port) {
      this.port = EmulatorServer.requirePort(port);
      return self();
    }

    /**
     * The clock of every time-driven behaviour (journal stamps, expiry, transitions); tests inject one they can
     * advance.
     *
     * @param clock the clock; default system UTC
     * @return this builder
     */
    public B clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return self();
    }

    /**
     * The seed of the id generator, so resource ids repeat from run to run.
     *
     * @param seed the seed
     * @return this builder
     */
    public B seed(long seed) {
      this.seed = seed;
      return self();
    }

    /**
     * Serves HTTPS with this server context instead of plain HTTP; the endpoint and the cloud-config then say
     * {@code https}.
     *
     * @param sslContext the server's TLS context, holding its certificate and key
     * @return this builder
     */
    public B sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return self();
    }

    /** How many running instances to seed. */
    public final int instances() {
      return instances;
    }

    /** The clock of the emulator. */
    public final Clock clock() {
      return clock;
    }

    /** The seed of the id generator. */
    public final long seed() {
      return seed;
    }
  }
}

package dev.ccm4j.launcher;

import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.CloudEmulators;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import dev.ccm4j.core.clock.GoDuration;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cloud-emulator <vendor>}: serves a vendor cloud's HTTP-level emulator (found through {@link
 * CloudEmulatorFactory}) on one port, optionally writing a cloud-config that points the vendor's provider at it, and
 * runs until stopped or for {@code --duration}.
 */
@Command(name = "cloud-emulator", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve a vendor cloud's HTTP-level emulator (every product on one port) and its /_ccm4j/ control"
        + " API.")
final class CloudEmulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "VENDOR", description = "The cloud to emulate, e.g. alibaba.")
  String vendor;

  @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind-address", description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bindAddress = "127.0.0.1";

  @Option(names = "--access-key-id", description = "The access key id the emulator accepts (default: a random one).")
  String accessKeyId;

  @Option(names = "--access-key-secret", description = "The access key secret the emulator verifies signatures with"
      + " (default: a random one; it is never printed, only written to --cloud-config-out).")
  String accessKeySecret;

  @Option(names = "--region", description = "The region to emulate (default: the vendor's usual one).")
  String region;

  @Option(names = "--instances", paramLabel = "N", description = "Running instances to seed (default"
      + " ${DEFAULT-VALUE}).")
  int instances = 3;

  @Option(names = "--cloud-config-out", paramLabel = "FILE", description = "Write a cloud-config pointing every"
      + " product at this emulator with these credentials (file mode 0600).")
  Path cloudConfigOut;

  @Option(names = "--duration", defaultValue = "0s", description = "Exit after this long (Go duration, e.g. 30s);"
      + " 0 runs until SIGTERM or Ctrl-C (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = {"-v", "--v"}, description = "Log verbosity (default ${DEFAULT-VALUE}).")
  int verbosity;

  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    validate();
    CloudEmulatorFactory factory;
    try {
      factory = CloudEmulators.find(vendor);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Logging.configure(verbosity, "text");
    EmulatorSettings settings;
    try {
      EmulatorSettings.Builder b = EmulatorSettings.builder().bindAddress(bindAddress).port(port)
          .instances(instances);
      if (accessKeyId != null) {
        b.accessKeyId(accessKeyId);
      }
      if (accessKeySecret != null) {
        b.accessKeySecret(accessKeySecret);
      }
      if (region != null) {
        b.region(region);
      }
      settings = b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunningEmulator emulator;
    try {
      emulator = factory.start(settings);
    } catch (IOException | UncheckedIOException e) {
      err.println("cloud-emulator " + factory.name() + ": cannot start on " + bindAddress + ":" + port + ": "
          + rootMessage(e));
      err.flush();
      return 1;
    }
    CountDownLatch closed = new CountDownLatch(1);
    // on SIGTERM / Ctrl-C the hook wakes the command and waits briefly for it to close the emulator
    Thread hook = new Thread(() -> {
      stop.countDown();
      awaitQuietly(closed, Duration.ofSeconds(5));
    }, "cloud-emulator-shutdown");
    try (emulator) {
      Runtime.getRuntime().addShutdownHook(hook);
      // written before anything is printed: a script that waits for the endpoint line can read the file at once
      Path written = null;
      if (cloudConfigOut != null) {
        try {
          written = writePrivately(cloudConfigOut.toAbsolutePath(), emulator.cloudConfig());
        } catch (IOException e) {
          err.println("cloud-emulator: cannot write --cloud-config-out " + cloudConfigOut + ": " + rootMessage(e));
          err.flush();
          return 1;
        }
      }
      out.println("cloud emulator '" + factory.name() + "' for provider " + emulator.providerName() + ", region "
          + settings.region().orElse(factory.defaultRegion()) + ", " + instances + " instance(s)");
      out.println("endpoint: " + emulator.endpoint());
      out.println("control API: " + emulator.endpoint() + "/_ccm4j/instances");
      out.println("access key id: " + settings.accessKeyId());
      if (written != null) {
        out.println("cloud-config written to " + written + " (use --cloud-provider=" + emulator.providerName()
            + " --cloud-config=" + written + ")");
      } else if (accessKeySecret == null) {
        out.println("the access key secret is random and never printed: pass --cloud-config-out FILE to get a"
            + " usable cloud-config, or choose it with --access-key-secret");
      }
      out.println(duration.isZero() ? "Press Ctrl-C to stop." : "Stopping in " + GoDuration.format(duration) + ".");
      out.flush();
      if (duration.isZero()) {
        stop.await();
      } else {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
      return 0;
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running: the JVM is exiting anyway
      }
    }
  }

  /** Stops a running command as SIGTERM would; for in-process callers and tests. */
  void stop() {
    stop.countDown();
  }

  private void validate() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
    }
    if (instances < 0 || instances > 10_000) {
      throw new ParameterException(spec.commandLine(), "--instances must be between 0 and 10000, got " + instances);
    }
    if (duration.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--duration must not be negative, got "
          + GoDuration.format(duration));
    }
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--bind-address must not be empty");
    }
    if (accessKeyId != null && accessKeyId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--access-key-id must not be empty");
    }
    if (accessKeySecret != null && accessKeySecret.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--access-key-secret must not be empty");
    }
    if (region != null && region.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--region must not be empty");
    }
    // every vendor's region ids look like cn-hangzhou or cn-north-3; anything else would only be refused later, by
    // the provider reading the cloud-config this emulator writes
    if (region != null && !region.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new ParameterException(spec.commandLine(), "--region must be a region id such as cn-hangzhou (lower-case"
          + " letters, digits and '-'), not \"" + region + "\"");
    }
    if (cloudConfigOut != null && Files.isDirectory(cloudConfigOut)) {
      throw new ParameterException(spec.commandLine(), "--cloud-config-out is a directory: " + cloudConfigOut);
    }
  }

  /** Writes through an owner-only temporary file in the same directory, so the secret is never world-readable. */
  private Path writePrivately(Path target, String content) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path tmp = posix
        ? Files.createTempFile(dir, ".ccm4j-cloud-config-", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".ccm4j-cloud-config-", ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static void awaitQuietly(CountDownLatch latch, Duration d) {
    try {
      latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

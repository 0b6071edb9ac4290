package dev.ccm4j.provider.local;

import dev.ccm4j.api.CloudConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the cloud-config file when its modification time or size changes, polling on one daemon thread. An
 * invalid edit is reported and ignored: the previous config stays in force.
 */
final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path path;
  private final Consumer<LocalConfig> onChange;
  private final ScheduledExecutorService poller;
  private FileStamp last;
  private volatile Optional<String> error = Optional.empty();

  ConfigWatcher(Path path, Consumer<LocalConfig> onChange, Duration interval) {
    this.path = Objects.requireNonNull(path, "path");
    this.onChange = Objects.requireNonNull(onChange, "onChange");
    this.last = stamp();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "local-cloud-config-watcher");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    FileStamp now = stamp();
    if (now == null || now.equals(last)) {
      return;
    }
    last = now;
    try {
      LocalConfig parsed = LocalConfig.parse(CloudConfig.read(path));
      onChange.accept(parsed);
      error = Optional.empty();
      LOG.info("reloaded the local cloud-config {}", path);
    } catch (RuntimeException e) {
      error = Optional.of(String.valueOf(e.getMessage()));
      LOG.warn("ignoring the changed cloud-config {}, keeping the previous one: {}", path, e.getMessage());
    }
  }

  private FileStamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new FileStamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot stat the cloud-config {}: {}", path, e.getMessage());
      return null;
    }
  }

  /** Why the file's latest version was rejected; empty when it is in force. */
  Optional<String> error() {
    return error;
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }

  /** What identifies one version of the file; the file key changes when an editor replaces it atomically. */
  private record FileStamp(long modifiedMillis, long size, Object fileKey) {}
}

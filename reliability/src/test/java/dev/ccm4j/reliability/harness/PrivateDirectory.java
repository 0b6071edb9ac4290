package dev.ccm4j.reliability.harness;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Owner-only temporary folders for what carries credentials (kubeconfigs, cloud-configs), deleted with everything in
 * them when a scenario ends.
 */
public final class PrivateDirectory {
  private PrivateDirectory() {}

  /**
   * Creates a temporary folder only its owner may read (where the file system has POSIX permissions).
   *
   * @param prefix the folder name's prefix
   * @return the folder
   * @throws IOException if it cannot be created
   */
  public static Path create(String prefix) throws IOException {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? Files.createTempDirectory(prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
        : Files.createTempDirectory(prefix);
  }

  /**
   * Deletes a folder and everything in it.
   *
   * @param directory the folder
   * @throws IOException if something in it cannot be deleted
   */
  public static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package dev.ccm4j.kubeapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of one write request, as the real server reads them from {@code CreateOptions}, {@code UpdateOptions},
 * {@code PatchOptions} and {@code DeleteOptions}, plus the warnings the write produces for the response.
 */
final class WriteOptions {
  /** How unknown fields in a body are treated ({@code fieldValidation}); absent means Warn, as on the real server. */
  enum FieldValidation { IGNORE, WARN, STRICT }

  /** A plain write: stored, no field manager beyond the default, unknown fields warned about. */
  static WriteOptions plain() {
    return new WriteOptions(false, "", FieldValidation.WARN, false);
  }

  private final boolean dryRun;
  private final String fieldManager;
  private final FieldValidation fieldValidation;
  private final boolean force;
  private final Set<String> warnings = new LinkedHashSet<>();

  WriteOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation, boolean force) {
    this.dryRun = dryRun;
    this.fieldManager = fieldManager;
    this.fieldValidation = fieldValidation;
    this.force = force;
  }

  /** {@code dryRun=All}: validated, admitted and answered, never stored. */
  boolean dryRun() {
    return dryRun;
  }

  /** The manager recorded in managedFields: the fieldManager parameter, else the User-Agent's program name. */
  String fieldManager() {
    return fieldManager;
  }

  FieldValidation fieldValidation() {
    return fieldValidation;
  }

  /** Apply's {@code force}: take over conflicting fields. */
  boolean force() {
    return force;
  }

  /** Adds a warning for the response's {@code Warning} headers (each text once). */
  synchronized void warn(String text) {
    warnings.add(text);
  }

  synchronized List<String> warnings() {
    return new ArrayList<>(warnings);
  }
}

package dev.ccm4j.cloud.emulator;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/** Copies an exception chain with given secret values masked in every message, keeping the stack traces. */
final class SecretMasking {
  private SecretMasking() {
  }

  static Throwable mask(Throwable failure, Collection<String> secrets) {
    if (secrets.isEmpty()) {
      return failure;
    }
    return copy(failure, secrets, new IdentityHashMap<>());
  }

  private static Throwable copy(Throwable t, Collection<String> secrets, Map<Throwable, Throwable> seen) {
    Throwable done = seen.get(t);
    if (done != null) {
      return done;
    }
    String message = t.getMessage();
    Masked copy = new Masked(t.getClass().getName() + (message == null ? "" : ": " + redact(message, secrets)));
    seen.put(t, copy);
    copy.setStackTrace(t.getStackTrace());
    if (t.getCause() != null && t.getCause() != t) {
      copy.initCause(copy(t.getCause(), secrets, seen));
    }
    for (Throwable s : t.getSuppressed()) {
      copy.addSuppressed(copy(s, secrets, seen));
    }
    return copy;
  }

  private static String redact(String text, Collection<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, JournalEntry.MASK);
    }
    return out;
  }

  /** Stands in for the original exception; its message starts with the original class name. */
  static final class Masked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Masked(String message) {
      super(message, null, true, true);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      // the original's stack trace is copied in; capturing this one would only cost time
      return this;
    }

    @Override
    public String toString() {
      return getLocalizedMessage();
    }
  }
}

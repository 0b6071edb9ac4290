package dev.ccm4j.conformance.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The specs of a discovered test plan, by unique id, with their full texts: every test, and every test template
 * (parameterized or factory method) that has not produced its tests yet.
 */
final class SpecPlan {
  private final Map<String, String> fullTexts;

  private SpecPlan(Map<String, String> fullTexts) {
    this.fullTexts = Collections.unmodifiableMap(fullTexts);
  }

  static SpecPlan of(TestPlan plan) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (TestIdentifier root : plan.getRoots()) {
      collect(plan, root, texts);
    }
    return new SpecPlan(texts);
  }

  private static void collect(TestPlan plan, TestIdentifier id, Map<String, String> texts) {
    if (isSpec(plan, id)) {
      texts.put(id.getUniqueId(), fullText(plan, id));
    }
    for (TestIdentifier child : plan.getChildren(id)) {
      collect(plan, child, texts);
    }
  }

  /** Spec unique ids mapped to full texts, in discovery order. */
  Map<String, String> fullTexts() {
    return fullTexts;
  }

  /**
   * Whether an identifier is a spec: a test, or a test template with no tests of its own (yet).
   */
  static boolean isSpec(TestPlan plan, TestIdentifier id) {
    if (id.isTest()) {
      return true;
    }
    return id.isContainer() && plan.getParent(id).isPresent() && plan.getChildren(id).isEmpty()
        && id.getSource().filter(MethodSource.class::isInstance).isPresent();
  }

  /**
   * The display names of the containers below the engine, then of the identifier itself, joined by spaces; an
   * engine's own display name for the engine.
   */
  static String fullText(TestPlan plan, TestIdentifier id) {
    List<String> names = new ArrayList<>();
    Optional<TestIdentifier> current = Optional.of(id);
    while (current.isPresent()) {
      TestIdentifier node = current.get();
      Optional<TestIdentifier> parent = plan.getParent(node);
      if (parent.isEmpty() && !names.isEmpty()) {
        break;
      }
      names.add(0, node.getDisplayName());
      current = parent;
    }
    return String.join(" ", names);
  }
}

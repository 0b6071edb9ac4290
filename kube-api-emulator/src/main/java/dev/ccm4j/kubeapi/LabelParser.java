package dev.ccm4j.kubeapi;

import dev.ccm4j.kubeapi.admission.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A label selector parser with the grammar, tokens and error messages of apimachinery's {@code labels.Parse}: set
 * based ({@code in}, {@code notin}), equality ({@code =}, {@code ==}, {@code !=}), existence ({@code key},
 * {@code !key}) and integer comparisons ({@code >}, {@code <}). Errors are {@link IllegalArgumentException}s whose
 * message is the text the real server puts in its 400.
 */
final class LabelParser {
  private enum Tok { ERROR, END, CLOSE, COMMA, NOT, DOUBLE_EQ, EQ, GT, ID, IN, LT, NEQ, NOTIN, OPEN }

  private record Item(Tok tok, String literal) {}

  private final String text;
  private final List<Item> items = new ArrayList<>();
  private int pos;
  private int at;

  LabelParser(String text) {
    this.text = text;
  }

  List<Selector.Requirement> parse() {
    scan();
    List<Selector.Requirement> out = new ArrayList<>();
    while (true) {
      Item next = lookahead(true);
      switch (next.tok()) {
        case ID, NOT -> {
          try {
            out.add(requirement());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unable to parse requirement: " + e.getMessage());
          }
          Item after = consume(true);
          if (after.tok() == Tok.END) {
            return out;
          }
          if (after.tok() != Tok.COMMA) {
            throw new IllegalArgumentException("found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
          Item then = lookahead(true);
          if (then.tok() != Tok.ID && then.tok() != Tok.NOT) {
            throw new IllegalArgumentException("found '" + then.literal() + "', expected: identifier after ','");
          }
        }
        case END -> {
          return out;
        }
        default -> throw new IllegalArgumentException("found '" + next.literal()
            + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private Selector.Requirement requirement() {
    Selector.Op op = null;
    Item key = consume(true);
    if (key.tok() == Tok.NOT) {
      op = Selector.Op.NOT_EXISTS;
      key = consume(true);
    }
    if (key.tok() != Tok.ID) {
      throw new IllegalArgumentException("found '" + key.literal() + "', expected: identifier");
    }
    checkKey(key.literal());
    Tok ahead = lookahead(true).tok();
    if ((ahead == Tok.END || ahead == Tok.COMMA) && op == null) {
      op = Selector.Op.EXISTS;
    }
    if (op != null) {
      return new Selector.Requirement(false, key.literal(), op, Set.of());
    }
    Item operator = consume(false);
    Set<String> values;
    switch (operator.tok()) {
      case IN -> {
        op = Selector.Op.IN;
        values = setValues();
      }
      case NOTIN -> {
        op = Selector.Op.NOT_IN;
        values = setValues();
      }
      case EQ, DOUBLE_EQ -> {
        op = Selector.Op.EQUALS;
        values = exactValue();
      }
      case NEQ -> {
        op = Selector.Op.NOT_EQUALS;
        values = exactValue();
      }
      case GT -> {
        op = Selector.Op.GREATER_THAN;
        values = exactValue();
      }
      case LT -> {
        op = Selector.Op.LESS_THAN;
        values = exactValue();
      }
      default -> throw new IllegalArgumentException("found '" + operator.literal()
          + "', expected: in, notin, =, ==, !=, gt, lt");
    }
    validate(key.literal(), op, values);
    return new Selector.Requirement(false, key.literal(), op, Set.copyOf(values));
  }

  /** {@code NewRequirement}'s checks of the values, aggregated as the real server aggregates field errors. */
  private static void validate(String key, Selector.Op op, Set<String> values) {
    List<String> errors = new ArrayList<>();
    if ((op == Selector.Op.GREATER_THAN || op == Selector.Op.LESS_THAN)) {
      int i = 0;
      for (String v : values) {
        try {
          Long.parseLong(v);
        } catch (NumberFormatException e) {
          errors.add("values[" + i + "]: Invalid value: " + GoQuote.quote(v)
              + ": for 'Gt', 'Lt' operators, the value must be an integer");
        }
        i++;
      }
    }
    int i = 0;
    for (String v : values) {
      List<String> problems = NameRules.labelValue(v);
      if (!problems.isEmpty()) {
        errors.add("values[" + i + "][" + key + "]: Invalid value: " + GoQuote.quote(v) + ": "
            + String.join("; ", problems));
      }
      i++;
    }
    if (errors.size() == 1) {
      throw new IllegalArgumentException(errors.get(0));
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("[" + String.join(", ", errors) + "]");
    }
  }

  private static void checkKey(String key) {
    List<String> problems = NameRules.qualifiedName(key);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("<nil>: Invalid value: " + GoQuote.quote(key) + ": "
          + String.join("; ", problems));
    }
  }

  /** {@code (a,b,c)}, possibly with empty members; values come back sorted, as a Go string set lists them. */
  private Set<String> setValues() {
    Item open = consume(true);
    if (open.tok() != Tok.OPEN) {
      throw new IllegalArgumentException("found '" + open.literal() + "' expected: '('");
    }
    Item first = lookahead(true);
    switch (first.tok()) {
      case ID, COMMA -> {
        Set<String> values = identifiers();
        if (consume(true).tok() != Tok.CLOSE) {
          throw new IllegalArgumentException("found '" + first.literal() + "', expected: ')'");
        }
        return values;
      }
      case CLOSE -> {
        consume(true);
        return new TreeSet<>(Set.of(""));
      }
      default -> throw new IllegalArgumentException("found '" + first.literal()
          + "', expected: ',', ')' or identifier");
    }
  }

  private Set<String> identifiers() {
    Set<String> values = new TreeSet<>();
    while (true) {
      Item item = consume(true);
      switch (item.tok()) {
        case ID -> {
          values.add(item.literal());
          Item next = lookahead(true);
          if (next.tok() == Tok.CLOSE) {
            return values;
          }
          if (next.tok() != Tok.COMMA) {
            throw new IllegalArgumentException("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) {
            values.add("");
          }
          Tok next = lookahead(true).tok();
          if (next == Tok.CLOSE) {
            values.add("");
            return values;
          }
          if (next == Tok.COMMA) {
            values.add("");
          }
        }
        default -> throw new IllegalArgumentException("found '" + item.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private Set<String> exactValue() {
    Tok ahead = lookahead(true).tok();
    if (ahead == Tok.END || ahead == Tok.COMMA) {
      return new TreeSet<>(Set.of(""));
    }
    Item value = consume(true);
    if (value.tok() == Tok.ID) {
      return new TreeSet<>(Set.of(value.literal()));
    }
    throw new IllegalArgumentException("found '" + value.literal() + "', expected: identifier");
  }

  /** In value position the keywords {@code in} and {@code notin} are plain identifiers. */
  private static Item asValue(Item item, boolean value) {
    return value && (item.tok() == Tok.IN || item.tok() == Tok.NOTIN) ? new Item(Tok.ID, item.literal()) : item;
  }

  private Item lookahead(boolean value) {
    return asValue(items.get(at), value);
  }

  private Item consume(boolean value) {
    return asValue(items.get(at++), value);
  }

  private void scan() {
    while (true) {
      Item item = lex();
      items.add(item);
      if (item.tok() == Tok.END) {
        return;
      }
    }
  }

  private static boolean whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean special(char c) {
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
  }

  private static Tok keyword(String s) {
    return switch (s) {
      case ")" -> Tok.CLOSE;
      case "," -> Tok.COMMA;
      case "!" -> Tok.NOT;
      case "==" -> Tok.DOUBLE_EQ;
      case "=" -> Tok.EQ;
      case ">" -> Tok.GT;
      case "in" -> Tok.IN;
      case "<" -> Tok.LT;
      case "!=" -> Tok.NEQ;
      case "notin" -> Tok.NOTIN;
      case "(" -> Tok.OPEN;
      default -> null;
    };
  }

  private Item lex() {
    while (pos < text.length() && whitespace(text.charAt(pos))) {
      pos++;
    }
    if (pos >= text.length()) {
      return new Item(Tok.END, "");
    }
    if (special(text.charAt(pos))) {
      // the longest run of symbols that still names an operator, as the upstream lexer reads it
      StringBuilder buffer = new StringBuilder();
      Item last = null;
      while (pos < text.length() && special(text.charAt(pos))) {
        buffer.append(text.charAt(pos));
        Tok t = keyword(buffer.toString());
        if (t != null) {
          last = new Item(t, buffer.toString());
          pos++;
        } else if (last != null) {
          break;
        } else {
          pos++;
        }
      }
      return last != null ? last : new Item(Tok.ERROR, "error expected: keyword found '" + buffer + "'");
    }
    int start = pos;
    while (pos < text.length() && !special(text.charAt(pos)) && !whitespace(text.charAt(pos))) {
      pos++;
    }
    String literal = text.substring(start, pos);
    Tok t = keyword(literal);
    return new Item(t == null ? Tok.ID : t, literal);
  }
}

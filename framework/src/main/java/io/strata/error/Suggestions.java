package io.strata.error;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Closest names to a misspelt one, by edit distance. */
public final class Suggestions {
  private static final int MAX_SUGGESTIONS = 3;

  private Suggestions() {}

  /** Up to three candidates within a third of the name's length in edits, closest first. */
  public static List<String> closest(String name, Collection<String> candidates) {
    String needle = name.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, needle.length() / 3);
    return candidates.stream()
        .map(c -> new Scored(c, distance(needle, c.toLowerCase(Locale.ROOT))))
        .filter(s -> s.distance <= limit || s.candidate.toLowerCase(Locale.ROOT).contains(needle))
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
        .limit(MAX_SUGGESTIONS)
        .map(Scored::candidate)
        .toList();
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private record Scored(String candidate, int distance) {}
}

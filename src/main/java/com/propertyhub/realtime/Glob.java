package com.propertyhub.realtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ?events=} item such as {@code customer:*} or {@code *:updated}: {@code *} matches any run of
 * characters, everything else itself.
 *
 * <p>It runs on the delivery thread for every event a filtered stream is offered, so its cost must not depend on
 * how the client wrote the pattern beyond its length. A regular expression does: {@code .*.*.*…Z} backtracks
 * exponentially (fifteen stars cost seconds per event and stalled every stream of the node). Here consecutive
 * stars collapse into one, and the pattern is a prefix, a suffix and literal pieces between the stars that must
 * occur in order. Taking the leftmost occurrence of each piece is always right for {@code *}-only globs, and
 * each piece is searched with Knuth–Morris–Pratt, so one match reads every character of the name at most twice
 * per piece: time linear in name plus pattern, no backtracking.
 */
final class Glob {
    /** Stars a pattern may hold after collapsing; more is refused when the stream opens. */
    static final int MAX_WILDCARDS = 4;

    private final String prefix;
    private final String suffix;
    private final Piece[] middle;
    private final boolean wildcard;
    private final int minLength;

    private Glob(String prefix, String suffix, Piece[] middle, boolean wildcard) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.middle = middle;
        this.wildcard = wildcard;
        int length = prefix.length() + suffix.length();
        for (Piece piece : middle) {
            length += piece.text.length();
        }
        this.minLength = length;
    }

    /** @throws IllegalArgumentException when the pattern has more than {@link #MAX_WILDCARDS} stars */
    static Glob compile(String pattern) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '*') {
                piece.append(c);
            } else if (i == 0 || pattern.charAt(i - 1) != '*') {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
        }
        pieces.add(piece.toString());
        int stars = pieces.size() - 1;
        if (stars > MAX_WILDCARDS) {
            throw new IllegalArgumentException("a pattern may hold at most " + MAX_WILDCARDS + " *");
        }
        if (stars == 0) {
            return new Glob(pattern, "", new Piece[0], false);
        }
        Piece[] middle = pieces.subList(1, pieces.size() - 1).stream()
                .filter(p -> !p.isEmpty()).map(Piece::new).toArray(Piece[]::new);
        return new Glob(pieces.get(0), pieces.get(pieces.size() - 1), middle, true);
    }

    /** True for {@code *} alone: it matches every name. */
    boolean matchesEverything() {
        return wildcard && minLength == 0;
    }

    boolean matches(String name) {
        if (!wildcard) {
            return prefix.equals(name);
        }
        if (name.length() < minLength || !name.startsWith(prefix) || !name.endsWith(suffix)) {
            return false;
        }
        int from = prefix.length();
        int end = name.length() - suffix.length();
        for (Piece piece : middle) {
            int at = piece.indexIn(name, from, end);
            if (at < 0) {
                return false;
            }
            from = at + piece.text.length();
        }
        return true;
    }

    /** A literal piece between two stars, with its Knuth–Morris–Pratt failure table. */
    private static final class Piece {
        final String text;
        final int[] failure;

        Piece(String text) {
            this.text = text;
            this.failure = new int[text.length()];
            for (int i = 1, k = 0; i < text.length(); i++) {
                while (k > 0 && text.charAt(i) != text.charAt(k)) {
                    k = failure[k - 1];
                }
                if (text.charAt(i) == text.charAt(k)) {
                    k++;
                }
                failure[i] = k;
            }
        }

        /** The first index of this piece inside {@code s[from, end)}, or -1. */
        int indexIn(String s, int from, int end) {
            for (int i = from, k = 0; i < end; i++) {
                while (k > 0 && s.charAt(i) != text.charAt(k)) {
                    k = failure[k - 1];
                }
                if (s.charAt(i) == text.charAt(k)) {
                    k++;
                }
                if (k == text.length()) {
                    return i - k + 1;
                }
            }
            return -1;
        }
    }
}

package io.gatehouse.platform.conversation;

/** A conversation's title, made from its first prompt: its first words on one line, cut at a word, "…" if cut. */
final class Titles {
    static final int MAX_WORDS = 8;
    static final int MAX_LENGTH = 80;

    private Titles() {
    }

    static String of(String prompt) {
        String[] words = prompt.strip().split("\\s+");
        StringBuilder title = new StringBuilder();
        int used = 0;
        while (used < words.length && used < MAX_WORDS
                && title.length() + 1 + words[used].length() <= MAX_LENGTH) {
            title.append(title.isEmpty() ? "" : " ").append(words[used++]);
        }
        if (used == 0) {
            // A first word longer than a title: its start.
            return words[0].substring(0, MAX_LENGTH) + "…";
        }
        return used < words.length ? title + "…" : title.toString();
    }
}

package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The console's texts: each key defined once per language (a second definition silently replaced
 * the first: the host page's "Memory" column read "A block counts as a strike for"), and the same
 * keys in French and English.
 */
class ConsoleMessagesTest {
    static List<String> keys(String language) throws IOException {
        try (InputStream in =
                ConsoleMessagesTest.class.getResourceAsStream(
                        "/console/messages_" + language + ".properties")) {
            List<String> keys = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                    keys.add(l.substring(0, l.indexOf('=')).strip());
                }
            }
            return keys;
        }
    }

    @Test
    void everyKeyOnceAndTheSameKeysInBothLanguages() throws IOException {
        List<String> en = keys("en");
        List<String> fr = keys("fr");
        assertThat(en).doesNotHaveDuplicates().isNotEmpty();
        assertThat(fr).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(fr)).isEqualTo(new TreeSet<>(en));
    }
}

package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the input, the parser returns an event or throws {@link ConntrackParseException}. */
class ConntrackEventParserPropertyTest {
    private static final List<String> LINES = Fixtures.allLines();

    @Property(tries = 2000)
    void randomStringsGiveAnEventOrTheDocumentedException(@ForAll String line) {
        assertParsesOrRejects(line);
    }

    @Property(tries = 2000)
    void truncatedCapturedLinesGiveAnEventOrTheDocumentedException(
            @ForAll("capturedLine") String line, @ForAll("fraction") double cut) {
        assertParsesOrRejects(line.substring(0, (int) (line.length() * cut)));
    }

    @Property(tries = 2000)
    void capturedLinesWithOneCharacterChangedGiveAnEventOrTheDocumentedException(
            @ForAll("capturedLine") String line,
            @ForAll("fraction") double where,
            @ForAll char replacement) {
        int at = Math.min(line.length() - 1, (int) (line.length() * where));
        assertParsesOrRejects(line.substring(0, at) + replacement + line.substring(at + 1));
    }

    @Property(tries = 500)
    void capturedLinesWithoutTheirIdAreRejected(@ForAll("capturedLine") String line) {
        String withoutId = line.substring(0, line.lastIndexOf(" id="));
        assertThat(rejects(withoutId)).isTrue();
    }

    @Provide
    Arbitrary<String> capturedLine() {
        return Arbitraries.of(LINES);
    }

    @Provide
    Arbitrary<Double> fraction() {
        return Arbitraries.doubles().between(0, 1);
    }

    private static boolean rejects(String line) {
        try {
            ConntrackEventParser.parse(line);
            return false;
        } catch (ConntrackParseException e) {
            return true;
        }
    }

    private static void assertParsesOrRejects(String line) {
        try {
            assertThat(ConntrackEventParser.parse(line)).isNotNull();
        } catch (ConntrackParseException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        // Any other throwable fails the property.
    }
}

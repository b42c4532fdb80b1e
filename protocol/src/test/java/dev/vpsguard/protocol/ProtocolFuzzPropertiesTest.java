package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input: whatever bytes arrive, reading gives a message or an {@link
 * InvalidMessageException} — never any other exception.
 */
class ProtocolFuzzPropertiesTest {
    private static final byte[] VALID = ProtocolJson.write(Samples.report(3));

    @Property(tries = 2000)
    void arbitraryBytesGiveAMessageOrANamedError(@ForAll @Size(max = 512) byte[] bytes) {
        assertReadsOrRejects(bytes);
    }

    @Property(tries = 1000)
    void truncatedReportsAreRejectedCleanly(@ForAll @IntRange(min = 0, max = 10_000) int cut) {
        int at = cut % VALID.length;
        assertReadsOrRejects(Arrays.copyOf(VALID, at));
    }

    @Property(tries = 2000)
    void reportsWithOneByteChangedGiveAMessageOrANamedError(
            @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll byte replacement) {
        byte[] copy = VALID.clone();
        copy[position % copy.length] = replacement;
        assertReadsOrRejects(copy);
    }

    private static void assertReadsOrRejects(byte[] bytes) {
        try {
            Report report = ProtocolJson.read(bytes, Report.class);
            assertThat(report.hostId()).isNotNull();
        } catch (InvalidMessageException e) {
            assertThat(e.reason()).isNotBlank();
        }
    }
}

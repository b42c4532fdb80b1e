package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "198.51.100.7",
                "255.255.255.255",
                "::",
                "::1",
                "1::",
                "2001:db8::7",
                "2001:DB8::7",
                "fe80::bc24:11ff:feaa:bbcc",
                "2001:db8:0:0:0:0:0:1",
                "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8",
                "::ffff:198.51.100.7",
                "64:ff9b::192.0.2.33",
                "1:2:3:4:5:6:1.2.3.4"
            })
    void acceptsAddressLiterals(String literal) {
        assertThat(IpLiteral.isValid(literal)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "localhost",
                "mail.example.com",
                "example",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1.2.3.-4",
                "010.0.0.1",
                "1.2.3.4 ",
                "1..2.3",
                "1.2.3.4x",
                "\u0661.\u0662.\u0663.\u0664",
                ":",
                ":::",
                "1:::2",
                "1::2::3",
                ":1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8::",
                "12345::1",
                "g::1",
                "fe80::1%eth0",
                "[::1]",
                "::1/128",
                "1.2.3.4::",
                "::1.2.3.4:5",
                "1:2:3:4:5:6:7:1.2.3.4",
                ".:1",
                "::ffff:256.1.1.1"
            })
    void refusesEverythingElse(String text) {
        assertThat(IpLiteral.isValid(text)).isFalse();
    }

    /** The JDK's own text form of any address (built from bytes, so no lookup) is accepted. */
    @Property(tries = 500)
    void acceptsTheJdkTextOfAnyAddress(
            @ForAll @Size(min = 4, max = 4) byte[] v4, @ForAll @Size(min = 16, max = 16) byte[] v6)
            throws UnknownHostException {
        assertThat(IpLiteral.isValid(InetAddress.getByAddress(v4).getHostAddress())).isTrue();
        assertThat(IpLiteral.isValid(InetAddress.getByAddress(v6).getHostAddress())).isTrue();
    }

    /** RFC 5952 compression of a run of zero groups is accepted wherever the run sits. */
    @Property(tries = 500)
    void acceptsAnyZeroRunCompressed(
            @ForAll @Size(min = 8, max = 8) int[] groups,
            @ForAll @IntRange(min = 0, max = 7) int from,
            @ForAll @IntRange(min = 1, max = 8) int length) {
        int to = Math.min(8, from + length);
        StringBuilder head = new StringBuilder();
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String g = Integer.toHexString(groups[i] & 0xffff);
            if (i < from) {
                head.append(head.length() == 0 ? "" : ":").append(g);
            } else if (i >= to) {
                tail.append(tail.length() == 0 ? "" : ":").append(g);
            }
        }
        assertThat(IpLiteral.isValid(head + "::" + tail)).isTrue();
    }

    /** Never throws, whatever the text; anything it accepts has only address characters. */
    @Property(tries = 2000)
    void arbitraryTextGivesAnAnswerNeverAnException(
            @ForAll
                    @StringLength(max = 50)
                    @Chars({':', '.', '%', '/', ' '})
                    @CharRange(from = '0', to = 'g')
                    String text) {
        if (IpLiteral.isValid(text)) {
            assertThat(text).matches("[0-9A-Fa-f:.]+");
        }
    }
}

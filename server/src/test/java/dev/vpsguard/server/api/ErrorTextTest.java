package dev.vpsguard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ErrorBody;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** An error body can be built from any text, and shows no control character or class name. */
class ErrorTextTest {
    @Property(tries = 2000)
    void anyTextMakesABody(@ForAll String field, @ForAll String message) {
        ErrorBody body = ErrorText.body("invalid_field", field, message);
        assertThat(body.message()).isNotBlank();
        assertThat(body.message().chars().filter(c -> c < 0x20 && c != '\n' && c != '\t'))
                .isEmpty();
        if (body.field() != null) {
            assertThat(body.field().chars().filter(Character::isISOControl)).isEmpty();
        }
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(ErrorText.message("no host \u0000\r\u007f"))
                .isEqualTo("no host \\u0000\\u000d\\u007f");
        assertThat(ErrorText.message("two\nlines")).isEqualTo("two\nlines");
    }

    @Test
    void javaClassNamesAreRemoved() {
        assertThat(
                        ErrorText.message(
                                "Unrecognized field \"foo\" (class"
                                        + " dev.vpsguard.server.decision.smtp.UnblockController$RequestBody),"
                                        + " not marked as ignorable"))
                .isEqualTo("Unrecognized field \"foo\", not marked as ignorable");
        assertThat(ErrorText.message("Failed to convert argument to java.lang.Integer"))
                .isEqualTo("Failed to convert argument to a value");
        assertThat(ErrorText.message("no host pve1.example.net"))
                .isEqualTo("no host pve1.example.net");
    }

    @Test
    void fieldsAreJsonPaths() {
        assertThat(ErrorText.field("/limit")).isEqualTo("limit");
        assertThat(ErrorText.field("/a/b")).isEqualTo("a.b");
        assertThat(ErrorText.field("guests[2].vmid")).isEqualTo("guests[2].vmid");
        assertThat(ErrorText.field(" ")).isNull();
    }

    @Test
    void longTextIsCut() {
        assertThat(ErrorText.message("x".repeat(10_000))).hasSize(ErrorText.MAX_MESSAGE);
    }
}

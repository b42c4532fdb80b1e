package dev.vpsguard.server.notify.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Language;
import org.junit.jupiter.api.Test;

class UnblockPagesTest {
    @Test
    void pageLanguageWithoutATenantIsTheBrowsersPreferenceBetweenFrenchAndEnglish() {
        assertThat(UnblockPages.preferred(null)).isEqualTo(Language.FR);
        assertThat(UnblockPages.preferred("")).isEqualTo(Language.FR);
        assertThat(UnblockPages.preferred("de-DE,de;q=0.9")).isEqualTo(Language.FR);
        assertThat(UnblockPages.preferred("en-US,en;q=0.9")).isEqualTo(Language.EN);
        assertThat(UnblockPages.preferred("de,en;q=0.8,fr;q=0.9")).isEqualTo(Language.FR);
        assertThat(UnblockPages.preferred("fr;q=0.5, EN-gb;q=0.7")).isEqualTo(Language.EN);
        assertThat(UnblockPages.preferred("en;q=0, fr;q=0")).isEqualTo(Language.FR);
        assertThat(UnblockPages.preferred("en;q=bad")).isEqualTo(Language.FR);
        assertThat(UnblockPages.preferred("english")).isEqualTo(Language.FR);
    }
}

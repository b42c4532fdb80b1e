package dev.vpsguard.server.availability.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerCsvTest {
    @Test
    void quotesWhatNeedsItAndDisarmsFormulas() {
        assertThat(LedgerCsv.quote("plain")).isEqualTo("plain");
        assertThat(LedgerCsv.quote("a, b")).isEqualTo("\"a, b\"");
        assertThat(LedgerCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(LedgerCsv.quote("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(LedgerCsv.quote("-12.50")).isEqualTo("-12.50");
        assertThat(LedgerCsv.render(java.util.List.of())).isEqualTo(LedgerCsv.HEADER + "\r\n");
    }
}

package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqStoreTest {
    @TempDir Path dir;

    @Test
    void seqStartsAtOneAndSurvivesReopening() throws Exception {
        SeqStore s = new SeqStore(dir);
        assertThat(s.next()).isEqualTo(1);
        assertThat(s.next()).isEqualTo(2);
        assertThat(new SeqStore(dir).next()).isEqualTo(3);
        assertThat(dir.resolve(".seq.tmp")).doesNotExist();
    }

    @Test
    void advanceNeverGoesBack() throws Exception {
        SeqStore s = new SeqStore(dir);
        s.advanceTo(41);
        s.advanceTo(7);
        assertThat(s.next()).isEqualTo(42);
    }

    @Test
    void garbledSeqFileStopsStartupInsteadOfRestartingAtOne() throws Exception {
        Files.writeString(dir.resolve("seq"), "forty-two");
        assertThatThrownBy(() -> new SeqStore(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("forty-two");
    }
}

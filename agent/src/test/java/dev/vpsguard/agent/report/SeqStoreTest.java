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

    @Test
    void theInstanceIdIsMadeOnceWithTheStateAndKept() throws Exception {
        SeqStore first = new SeqStore(dir);
        assertThat(first.instance())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(Files.readString(dir.resolve("instance")).trim()).isEqualTo(first.instance());
        first.next();
        assertThat(new SeqStore(dir).instance()).isEqualTo(first.instance());
    }

    @Test
    void aLostStateDirectoryGivesANewInstanceNumberedFromOne() throws Exception {
        SeqStore before = new SeqStore(dir);
        before.next();
        before.next();
        Files.delete(dir.resolve("seq"));
        Files.delete(dir.resolve("instance"));

        SeqStore after = new SeqStore(dir);
        assertThat(after.instance()).isNotEqualTo(before.instance());
        assertThat(after.next()).isEqualTo(1);
    }

    @Test
    void anUpgradedAgentKeepsItsSeqAndGetsAnInstance() throws Exception {
        Files.writeString(dir.resolve("seq"), "500\n");
        SeqStore s = new SeqStore(dir);
        assertThat(s.instance()).isNotBlank();
        assertThat(s.next()).isEqualTo(501);
    }

    @Test
    void garbledInstanceFileStopsStartup() throws Exception {
        Files.writeString(dir.resolve("instance"), "not-a-uuid");
        assertThatThrownBy(() -> new SeqStore(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not-a-uuid");
    }
}

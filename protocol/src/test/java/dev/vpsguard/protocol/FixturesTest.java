package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fixture documents and the README's examples are valid, and stay in step with the code. */
class FixturesTest {
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void fixtureDocumentsAreTheSamplesTheTestsBuild() throws Exception {
        assertThat(ProtocolJson.read(Fixtures.load(Fixtures.REPORT), Report.class))
                .isEqualTo(Samples.report(2));
        assertThat(ProtocolJson.read(Fixtures.load(Fixtures.REPLY), ReportReply.class))
                .isEqualTo(Samples.reply());
        assertThat(ProtocolJson.read(Fixtures.load(Fixtures.ENROLL_REQUEST), EnrollRequest.class))
                .isEqualTo(new EnrollRequest("enrol-7f3a9c", "pve1.example.net", "0.1.0"));
    }

    @Test
    void everyJsonExampleInTheReadmeReadsAsTheMessageItShows() throws Exception {
        // Surefire runs in the module directory, where the README lives.
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        for (String block : blocks) {
            byte[] json = block.getBytes(StandardCharsets.UTF_8);
            JsonNode tree = ProtocolJson.mapper().readTree(json);
            Class<?> type = typeOf(tree);
            Object message = ProtocolJson.read(json, type);
            // Written back, it is the same document: no field the example shows is dropped.
            assertThat(ProtocolJson.mapper().readTree(ProtocolJson.write(message)))
                    .as(block)
                    .isEqualTo(tree);
        }
    }

    private static Class<?> typeOf(JsonNode tree) {
        if (tree.has("baseSeq")) {
            return ReportDelta.class;
        }
        if (tree.has("protocolVersion")) {
            return Report.class;
        }
        if (tree.has("desiredState")) {
            return ReportReply.class;
        }
        if (tree.has("error")) {
            return ErrorBody.class;
        }
        throw new AssertionError("README example of unknown type: " + tree);
    }
}

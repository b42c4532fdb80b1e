package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Hostile input: whatever bytes arrive, reading gives a message or an {@link
 * InvalidMessageException} — never any other exception.
 */
class ProtocolFuzzPropertiesTest {
    private static final byte[] VALID = Fixtures.load(Fixtures.REPORT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 2000)
    void arbitraryBytesGiveAMessageOrANamedError(@ForAll @Size(max = 512) byte[] bytes) {
        assertReadsOrRejects(bytes);
    }

    @Property(tries = 2000)
    void jsonLookingTextGivesAMessageOrANamedError(
            @ForAll
                    @StringLength(max = 200)
                    @Chars({'{', '}', '[', ']', '"', ':', ',', '.', '-', 'e', 'a', ' ', '\\'})
                    @NumericChars
                    String text) {
        assertReadsOrRejects(text.getBytes(StandardCharsets.UTF_8));
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

    /** Cuts a span out, or repeats it in place: unbalanced brackets, doubled keys, lost quotes. */
    @Property(tries = 2000)
    void reportsWithASpanCutOrRepeatedGiveAMessageOrANamedError(
            @ForAll @IntRange(min = 0, max = 100_000) int from,
            @ForAll @IntRange(min = 1, max = 200) int length,
            @ForAll boolean repeat) {
        int start = from % VALID.length;
        int end = Math.min(VALID.length, start + length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VALID, 0, end);
        if (repeat) {
            out.write(VALID, start, end - start);
        }
        out.write(VALID, end, VALID.length - end);
        if (!repeat) {
            out.reset();
            out.write(VALID, 0, start);
            out.write(VALID, end, VALID.length - end);
        }
        assertReadsOrRejects(out.toByteArray());
    }

    /**
     * Replaces one node anywhere in a valid report with a value of any JSON type. Well-formed
     * documents reach every record constructor and Jackson's type checks; an error must name the
     * part of the document that was changed, since everything else is still valid.
     */
    @Property(tries = 3000)
    void reportsWithOneValueReplacedNameTheChangedPart(
            @ForAll @IntRange(min = 0, max = 100_000) int which,
            @ForAll("anyJson") JsonNode replacement) {
        JsonNode root = tree(VALID);
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        String path = paths.get(which % paths.size());
        replace(root, path, replacement);
        byte[] json = write(root);
        try {
            Report report = ProtocolJson.read(json, Report.class);
            assertThat(report.hostId()).isNotNull();
        } catch (InvalidMessageException e) {
            assertThat(e.reason()).isNotBlank();
            assertThat(e.field()).as(e.getMessage()).isNotNull();
            assertThat(topSegment(e.field())).as(e.getMessage()).isEqualTo(topSegment(path));
        }
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.longs().between(-2, 1_000).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.strings().ofMaxLength(80).map(NODES::textNode),
                Arbitraries.of(
                                "2026-11-22T10:00:01Z",
                                "198.51.100.9",
                                "qemu",
                                "lxc",
                                "stopped",
                                "failed",
                                "net1",
                                "")
                        .map(NODES::textNode),
                Arbitraries.just(NODES.objectNode()),
                Arbitraries.just(NODES.arrayNode()),
                Arbitraries.just(NODES.arrayNode().add(NODES.nullNode())),
                Arbitraries.just(NODES.objectNode().put("x", 1)));
    }

    private static void assertReadsOrRejects(byte[] bytes) {
        try {
            Report report = ProtocolJson.read(bytes, Report.class);
            assertThat(report.hostId()).isNotNull();
        } catch (InvalidMessageException e) {
            assertThat(e.reason()).isNotBlank();
            if (e.field() != null) {
                assertThat(e.field()).isNotBlank();
            }
        }
    }

    private static String topSegment(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    private static void collect(JsonNode node, String path, List<String> into) {
        if (!path.isEmpty()) {
            into.add(path);
        }
        if (node.isObject()) {
            node.fieldNames()
                    .forEachRemaining(
                            name ->
                                    collect(
                                            node.get(name),
                                            path.isEmpty() ? name : path + "." + name,
                                            into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", into);
            }
        }
    }

    /** Replaces the node at a path made by {@link #collect}. */
    private static void replace(JsonNode root, String path, JsonNode value) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        JsonNode parent = cut < 0 ? root : find(root, path.substring(0, cut));
        if (cut >= 0 && path.charAt(cut) == '[') {
            int index = Integer.parseInt(path.substring(cut + 1, path.length() - 1));
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set(path.substring(cut + 1), value);
        }
    }

    private static JsonNode find(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.replace("[", ".[").split("\\.")) {
            if (step.isEmpty()) {
                continue;
            }
            node =
                    step.startsWith("[")
                            ? node.get(Integer.parseInt(step.substring(1, step.length() - 1)))
                            : node.get(step);
        }
        return node;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return ProtocolJson.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

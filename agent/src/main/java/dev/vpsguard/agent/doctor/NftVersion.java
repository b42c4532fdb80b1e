package dev.vpsguard.agent.doctor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code nft --version} output ({@code nftables v1.0.6 (Lester Gooch #5)}). Pure. */
public final class NftVersion {
    private static final Pattern VERSION = Pattern.compile("\\bv?(\\d{1,4})\\.(\\d{1,4})");

    private NftVersion() {}

    /**
     * The major and minor version in {@code output}.
     *
     * @return {major, minor}, or empty when the text holds no version
     */
    public static Optional<int[]> parse(String output) {
        if (output == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
    }

    /** Whether {@code output} names a version at least {@code major.minor}. */
    public static boolean atLeast(String output, int major, int minor) {
        return parse(output).map(v -> v[0] > major || v[0] == major && v[1] >= minor).orElse(false);
    }
}

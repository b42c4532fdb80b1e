package dev.vpsguard.server.notify;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mustache templates by language and file name, e.g. {@code fr/block_created.html}. A file in the
 * operator's directory wins over the built-in one under {@code <classpathRoot>/<lang>/}. HTML
 * templates ({@code .html}) escape every {@code {{value}}}; text templates don't. Partials ({@code
 * {{> name}}}) resolve in the same language. Compiled templates are cached.
 */
public final class TemplateSet {
    private final String classpathRoot;
    private final Optional<Path> overrideDir;
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    /**
     * @param classpathRoot e.g. {@code templates/mail} or {@code templates/unblock}
     * @param overrideDir the operator's directory, if any
     */
    public TemplateSet(String classpathRoot, Optional<Path> overrideDir) {
        this.classpathRoot = classpathRoot;
        this.overrideDir = overrideDir;
    }

    /**
     * Renders {@code <lang>/<file>} with {@code model}.
     *
     * @throws IllegalStateException when the template is missing or refers to an unknown value
     */
    public String render(Language lang, String file, Object model) {
        Template t = cache.computeIfAbsent(lang.code() + "/" + file, k -> compile(lang, file));
        try {
            return t.execute(model);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "template " + lang.code() + "/" + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a template exists for this language and file. */
    public boolean exists(Language lang, String file) {
        return read(lang, file).isPresent();
    }

    private Template compile(Language lang, String file) {
        String text =
                read(lang, file)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no template "
                                                        + lang.code()
                                                        + "/"
                                                        + file
                                                        + " in "
                                                        + overrideDir
                                                                .map(Path::toString)
                                                                .orElse("(no template-dir)")
                                                        + " or classpath:"
                                                        + classpathRoot));
        Mustache.Compiler compiler =
                Mustache.compiler()
                        .escapeHTML(file.endsWith(".html"))
                        .nullValue("")
                        .withLoader(name -> partial(lang, name));
        return compiler.compile(text);
    }

    private Reader partial(Language lang, String name) {
        return new StringReader(
                read(lang, name)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no partial " + lang.code() + "/" + name)));
    }

    private Optional<String> read(Language lang, String file) {
        if (file.contains("..") || file.contains("/")) {
            throw new IllegalArgumentException("template name must be a plain file name: " + file);
        }
        if (overrideDir.isPresent()) {
            Path p = overrideDir.get().resolve(lang.code()).resolve(file);
            if (Files.isRegularFile(p)) {
                try {
                    return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read template " + p, e);
                }
            }
        }
        String resource = classpathRoot + "/" + lang.code() + "/" + file;
        try (InputStream in = TemplateSet.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null
                    ? Optional.empty()
                    : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template classpath:" + resource, e);
        }
    }
}

package dev.vpsguard.lab;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving a test class one {@link Lab}, built before all tests and torn down after
 * them (also when a test or a later callback fails: the lab sits in the class's extension store,
 * which JUnit closes, and has its own JVM shutdown hook). Tests receive it as a {@code Lab}
 * parameter. When the machine cannot run the lab (not root, no {@code ip netns}, {@code nft} or
 * {@code conntrack}) the class is skipped with the reason.
 *
 * <p>{@code @ExtendWith(LabExtension.class)} builds the default lab: guest 101 in the host's subnet
 * (198.51.100.101) and guest 102 outside it (203.0.113.102). For another shape:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LabExtension LAB =
 *         new LabExtension(() -> Lab.builder().guestInSubnet(101).mx(10, 0, 0));
 * }</pre>
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(LabExtension.class);

    private final Supplier<Lab.Builder> builder;

    /** The default lab: guest 101 in-subnet, guest 102 out-of-subnet, MX 30/5/5. */
    public LabExtension() {
        this(() -> Lab.builder().guestInSubnet(101).guestOutOfSubnet(102));
    }

    public LabExtension(Supplier<Lab.Builder> builder) {
        this.builder = builder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> missing = Lab.missingPrerequisite();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "lab test skipped: " + missing.orElse(""));
        Lab lab = builder.get().build();
        // JUnit 5.13+ closes AutoCloseable store values when the class's context ends.
        context.getStore(NS).put(Lab.class, lab);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Lab lab = context.getStore(NS).remove(Lab.class, Lab.class);
        if (lab != null) {
            lab.close();
        }
    }

    /** The lab of the running test class. */
    public Lab lab(ExtensionContext context) {
        Lab lab = context.getStore(NS).get(Lab.class, Lab.class);
        if (lab == null) {
            throw new IllegalStateException("no lab: LabExtension.beforeAll did not run");
        }
        return lab;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return lab(e);
    }
}

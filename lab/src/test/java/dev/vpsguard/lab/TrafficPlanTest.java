package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {
    @Test
    void renderedPlanParsesBackToTheSameSteps() {
        TrafficPlan plan =
                new TrafficPlan(
                        List.of(
                                new TrafficPlan.Connect("198.51.100.201", 25),
                                new TrafficPlan.Pause(500),
                                new TrafficPlan.Connect("203.0.113.1", 80),
                                new TrafficPlan.Connect("2001:db8:100::221", 25)));

        assertThat(TrafficPlan.parse(plan.render().lines().toList())).isEqualTo(plan);
    }

    @Test
    void badLinesAreRejectedNamingTheLine() {
        assertThatThrownBy(() -> TrafficPlan.parse(List.of("198.51.100.201:25", "example.test:25")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plan line 2")
                .hasMessageContaining("IPv4");
        assertThatThrownBy(() -> TrafficPlan.parse(List.of("198.51.100.201:70000")))
                .hasMessageContaining("port out of range");
        assertThatThrownBy(() -> TrafficPlan.parse(List.of("pause -1")))
                .hasMessageContaining("pause");
    }

    @Test
    void planIsBoundedToFiftyThousandConnections() {
        List<String> lines =
                new ArrayList<>(
                        Collections.nCopies(TrafficPlan.MAX_CONNECTIONS, "198.51.100.201:25"));
        assertThat(TrafficPlan.parse(lines).connects()).hasSize(TrafficPlan.MAX_CONNECTIONS);
        lines.add("198.51.100.201:25");
        assertThatThrownBy(() -> TrafficPlan.parse(lines)).hasMessageContaining("more than 50000");
    }

    @Property(tries = 300)
    void arbitraryTextParsesOrFailsWithIllegalArgument(@ForAll List<String> lines) {
        try {
            TrafficPlan plan = TrafficPlan.parse(lines);
            assertThat(plan.steps().size()).isLessThanOrEqualTo(lines.size());
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).startsWith("plan line ");
        }
    }
}

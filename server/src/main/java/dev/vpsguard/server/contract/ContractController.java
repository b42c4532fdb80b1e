package dev.vpsguard.server.contract;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicySet;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.util.Comparator;
import java.util.List;

/**
 * The loaded contract policies, read-only (any role). Contracts are YAML files validated at startup
 * ({@code vpsguard.policies.dir}); they change by editing the file and restarting, so that what is
 * enforced is always what is in the reviewed file (docs/decisions.md). Tenants name their contract
 * through {@code /api/v1/tenants}.
 */
@Controller("/api/v1/contracts")
public class ContractController {
    private final PolicySet policies;

    public ContractController(PolicySet policies) {
        this.policies = policies;
    }

    /** One line per contract. */
    public record ContractSummary(
            String contract, String title, String source, int refusalRung, int rungs) {}

    @Get
    public List<ContractSummary> list() {
        return policies.all().values().stream()
                .sorted(Comparator.comparing(ContractPolicy::contract))
                .map(
                        p ->
                                new ContractSummary(
                                        p.contract(),
                                        p.title(),
                                        p.source(),
                                        p.ladder().refusalRung(),
                                        p.ladder().rungs().size()))
                .toList();
    }

    /** The whole policy: thresholds, ladder, declared senders, resource quotas, with clauses. */
    @Get("/{id}")
    public ContractPolicy get(@PathVariable String id) {
        return policies.contract(id)
                .orElseThrow(() -> ApiException.notFound("no contract '" + id + "'"));
    }
}

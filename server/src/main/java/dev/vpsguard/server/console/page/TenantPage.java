package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.tenant.TenantRow;
import dev.vpsguard.server.tenant.TenantService;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What the tenants and contracts pages show. */
@Singleton
public class TenantPage {
    /** A contract as its page shows it. */
    public record Contract(
            ContractPolicy policy, List<ContractClauses.Line> clauses, String declaredSenders) {}

    /** A guest of the tenant page, and whether it is a declared mail sender. */
    public record GuestLine(Guest guest, String label, boolean declared) {}

    /**
     * The tenant page.
     *
     * @param assignable guests an admin may give this tenant (the first {@link BlockQueue#LIMIT} of
     *     the others)
     * @param declared whether the contract declares every guest of this tenant a mail sender
     */
    public record View(
            TenantRow tenant,
            Contract contract,
            List<GuestLine> guests,
            List<GuestLine> assignable,
            boolean declared) {}

    private final TenantService tenants;
    private final GuestRepository guests;
    private final PolicySet policies;

    public TenantPage(TenantService tenants, GuestRepository guests, PolicySet policies) {
        this.tenants = tenants;
        this.guests = guests;
        this.policies = policies;
    }

    public List<TenantRow> list() {
        return tenants.list(new Paging(BlockQueue.LIMIT, 0));
    }

    public List<ContractPolicy> contracts() {
        return policies.all().values().stream()
                .sorted(Comparator.comparing(ContractPolicy::contract))
                .toList();
    }

    /** A loaded contract, clause by clause; null when unknown. */
    public Contract contract(String id) {
        return policies.contract(id)
                .map(
                        p ->
                                new Contract(
                                        p,
                                        ContractClauses.of(p),
                                        ContractClauses.declared(p.declaredSenders())))
                .orElse(null);
    }

    /**
     * @throws dev.vpsguard.server.api.ApiException 404 for an unknown tenant
     */
    public View of(String id, boolean withAssignable) {
        TenantRow t = tenants.get(id);
        ContractPolicy policy = policies.forTenant(tenants.find(id));
        var senders = policy.declaredSenders();
        List<GuestLine> own =
                guests.page("", id, "", BlockQueue.LIMIT, 0).stream()
                        .map(
                                g ->
                                        new GuestLine(
                                                g,
                                                GuestLabels.label(g),
                                                senders.declares(g.vmid(), id)))
                        .toList();
        List<GuestLine> others = List.of();
        if (withAssignable) {
            Set<String> mine = own.stream().map(g -> g.guest().id()).collect(Collectors.toSet());
            others =
                    guests.page("", "", "", BlockQueue.LIMIT, 0).stream()
                            .filter(g -> !mine.contains(g.id()))
                            .map(g -> new GuestLine(g, GuestLabels.label(g), false))
                            .toList();
        }
        return new View(
                t, contract(policy.contract()), own, others, senders.tenants().contains(id));
    }
}

package dev.vpsguard.server.audit;

import dev.vpsguard.server.api.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** {@code GET /api/v1/audit}: newest first, or the entries about one target, oldest first. */
@Controller("/api/v1/audit")
public class AuditController {
    private final AuditRepository audit;

    public AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    @Get
    public List<AuditView> list(
            @Nullable @QueryValue String target,
            @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue Long offset) {
        Paging p = Paging.of(limit, offset);
        List<AuditRecord> rows =
                target != null
                        ? audit.pageByTarget(target, p.limit(), p.offset())
                        : audit.page(p.limit(), p.offset());
        return rows.stream().map(AuditView::of).toList();
    }
}

package dev.vpsguard.server.audit;

import dev.vpsguard.server.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** {@code GET /api/v1/audit}: newest first, or every entry about one target, oldest first. */
@Controller("/api/v1/audit")
public class AuditController {
    private final AuditRepository audit;

    public AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    @Get
    public List<AuditRecord> list(
            @Nullable @QueryValue String target, @Nullable @QueryValue Integer limit) {
        if (target != null) {
            return audit.findByTargetOrderByAt(target);
        }
        int n = limit == null ? 200 : limit;
        if (n < 1 || n > 5000) {
            throw ApiException.invalidField("limit", "must be 1 to 5000");
        }
        return audit.newest(n);
    }
}

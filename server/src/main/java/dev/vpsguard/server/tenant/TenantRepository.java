package dev.vpsguard.server.tenant;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Tenants, and the tenant column of guests. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface TenantRepository extends CrudRepository<TenantRow, String> {
    List<TenantRow> findAllOrderById();

    /** One page of the tenants, by id. */
    @Query("SELECT * FROM tenants ORDER BY id LIMIT :limit OFFSET :offset")
    List<TenantRow> page(int limit, long offset);

    /** Gives the guest to tenant {@code tenantId}, or to none when it is null. */
    @Query("UPDATE guests SET tenant_id = :tenantId WHERE id = :guestId")
    int assignGuest(String guestId, @Nullable String tenantId);

    /** The guest's tenant id; empty when the guest has none (or does not exist). */
    @Query("SELECT tenant_id FROM guests WHERE id = :guestId AND tenant_id IS NOT NULL")
    Optional<String> tenantOfGuest(String guestId);

    /** The tenant of every guest of the host (null for none): one query for a report's guests. */
    @Query("SELECT id AS guest_id, tenant_id FROM guests WHERE host_id = :hostId")
    List<GuestTenant> tenantsOfHostGuests(String hostId);
}

package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.availability.service.AvailabilityAdmin;
import dev.vpsguard.server.backup.BackupPolicy;
import dev.vpsguard.server.backup.GuestBackupStatus;
import dev.vpsguard.server.backup.service.BackupWatch;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.tenant.TenantRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;

/**
 * A tenant's availability (current month, ledger, CSV export with the session), the fleet's backup
 * compliance, and declared maintenance windows (declared by operators and admins, as through the
 * API).
 */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH)
public class AvailabilityController {
    /**
     * One row of the backups page: the guest's status and the restore points its contract promises.
     */
    public record BackupLine(
            Guest guest, TenantRow tenant, GuestBackupStatus status, int promised) {
        static BackupLine of(BackupWatch.Row r) {
            return new BackupLine(
                    r.guest(),
                    r.tenant(),
                    r.status(),
                    BackupPolicy.forContract(r.tenant().contract())
                            .map(BackupPolicy::restorePoints)
                            .orElse(0));
        }
    }

    private final AvailabilityPage pages;
    private final AvailabilityAdmin admin;
    private final BackupWatch backups;
    private final HostRepository hosts;
    private final PageRenderer renderer;
    private final FormPosts forms;

    public AvailabilityController(
            AvailabilityPage pages,
            AvailabilityAdmin admin,
            BackupWatch backups,
            HostRepository hosts,
            PageRenderer renderer,
            FormPosts forms) {
        this.pages = pages;
        this.admin = admin;
        this.backups = backups;
        this.hosts = hosts;
        this.renderer = renderer;
        this.forms = forms;
    }

    @Get(value = "/tenants/{id}/availability", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> tenant(HttpRequest<?> request, @PathVariable String id) {
        Map<String, Object> model = Pages.model(request);
        try {
            model.put("v", pages.tenant(id));
        } catch (ApiException e) {
            model.put("error", "tenant.notFound");
            return renderer.page(request, HttpStatus.NOT_FOUND, "error", model);
        }
        return renderer.ok(request, "availability", model);
    }

    @Get("/tenants/{id}/availability/ledger.csv")
    @Produces("text/csv")
    public HttpResponse<String> csv(@PathVariable String id) {
        try {
            return HttpResponse.ok(pages.csv(id))
                    .contentType(MediaType.of("text/csv; charset=utf-8"))
                    .header(
                            "Content-Disposition",
                            "attachment; filename=\"ledger-" + id + ".csv\"");
        } catch (ApiException e) {
            return HttpResponse.<String>status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.TEXT_PLAIN_TYPE)
                    .body("No such tenant.");
        }
    }

    /** Every guest under a backup promise, non-compliant first, then by tenant and guest. */
    @Get(value = "/backups", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> backups(HttpRequest<?> request) {
        Map<String, Object> model = Pages.model(request);
        model.put(
                "rows",
                backups.fleet().stream()
                        .sorted(
                                Comparator.comparing((BackupWatch.Row r) -> r.status().compliant())
                                        .thenComparing(r -> r.tenant().id())
                                        .thenComparing(r -> r.guest().hostId())
                                        .thenComparingInt(r -> r.guest().vmid()))
                        .map(BackupLine::of)
                        .toList());
        return renderer.ok(request, "backups", model);
    }

    @Get(value = "/maintenance", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> maintenance(HttpRequest<?> request) {
        return renderer.ok(request, "maintenance", maintenanceModel(request, null, null));
    }

    /**
     * Declares a window; times are entered in UTC. The service refuses a window in the past, an end
     * not after its start, more than 7 days, or no reason, naming the field.
     */
    @Secured("operator")
    @Post(
            value = "/maintenance",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> declare(HttpRequest<?> request, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "maintenance",
                form -> {
                    String host = Pages.field(form, "hostId");
                    admin.declare(
                            new AvailabilityAdmin.WindowBody(
                                    host.isBlank() ? null : host,
                                    utc(form, "startsAt"),
                                    utc(form, "endsAt"),
                                    Pages.field(form, "reason")),
                            Pages.staff(request).id());
                    return "maintenance.declared";
                },
                (error, done) -> maintenanceModel(request, error, done));
    }

    private static Instant utc(Map<String, String> form, String name) {
        String v = Pages.field(form, name);
        if (v.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, "must be a date and time, e.g. 2026-12-24T22:00");
        }
    }

    private Map<String, Object> maintenanceModel(
            HttpRequest<?> request, ApiException error, String done) {
        Map<String, Object> model = Pages.refused(Pages.model(request), error);
        model.put("windows", admin.windows(Paging.of(100, 0L)));
        model.put("hosts", hosts.listOrderByName());
        model.put("done", done);
        return model;
    }
}

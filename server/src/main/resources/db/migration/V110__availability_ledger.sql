-- The availability ledger (docs/contracts.md A1-A3). What a tenant's ledger needs beyond its
-- contract: the monthly fee a service credit is a share of, and the time zone its months follow.
CREATE TABLE tenant_sla_terms (
    tenant_id    VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    monthly_fee  NUMERIC(12, 2) NOT NULL,
    currency     VARCHAR(3)    NOT NULL,
    time_zone    VARCHAR(64)   NOT NULL,
    first_month  VARCHAR(7)    NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Closed months, append-only: seq 1 is the close, higher seqs are corrections with their reason.
-- Nothing updates or deletes a row; the unique key makes a second close of a month fail even
-- between two server instances.
CREATE TABLE availability_ledger (
    id                     VARCHAR(36)    NOT NULL PRIMARY KEY,
    tenant_id              VARCHAR(64)    NOT NULL REFERENCES tenants (id),
    ledger_month           VARCHAR(7)     NOT NULL,
    seq                    INTEGER        NOT NULL,
    kind                   VARCHAR(12)    NOT NULL,
    contract               VARCHAR(64)    NOT NULL,
    time_zone              VARCHAR(64)    NOT NULL,
    period_seconds         BIGINT         NOT NULL,
    downtime_seconds       BIGINT         NOT NULL,
    availability_percent   NUMERIC(8, 4)  NOT NULL,
    year_period_seconds    BIGINT         NOT NULL,
    year_downtime_seconds  BIGINT         NOT NULL,
    longest_outage_seconds BIGINT         NOT NULL,
    long_outages           INTEGER        NOT NULL,
    long_outages_year      INTEGER        NOT NULL,
    missed                 BOOLEAN        NOT NULL,
    penalty_due            BOOLEAN        NOT NULL,
    credit_percent         INTEGER        NOT NULL,
    monthly_fee            NUMERIC(12, 2) NOT NULL,
    credit                 NUMERIC(12, 2) NOT NULL,
    claim_deadline         TIMESTAMP WITH TIME ZONE,
    termination_right      BOOLEAN        NOT NULL,
    reason                 VARCHAR(500)   NOT NULL,
    recorded_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT availability_ledger_month_seq UNIQUE (tenant_id, ledger_month, seq)
);
CREATE INDEX availability_ledger_tenant ON availability_ledger (tenant_id, ledger_month);

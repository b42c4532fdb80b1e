/** The database schema's life: what Flyway needs beyond the migration files. */
package dev.vpsguard.server.schema;

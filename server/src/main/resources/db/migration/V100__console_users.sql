-- Operator console: its users and their server-side sessions (see docs/decisions.md, "Console").
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.

-- One row per console user. password_hash is a BCrypt hash; role is viewer, operator or admin;
-- language (fr, en) is null until the user picks one (the browser's language applies).
CREATE TABLE console_users (
    id                   VARCHAR(36)  NOT NULL PRIMARY KEY,
    username             VARCHAR(64)  NOT NULL,
    password_hash        VARCHAR(100) NOT NULL,
    role                 VARCHAR(16)  NOT NULL,
    language             VARCHAR(2),
    must_change_password BOOLEAN      NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT console_users_username_uq UNIQUE (username)
);

-- One row per open session. Only the SHA-256 of the session cookie is stored, so a copy of the
-- database opens no session. csrf_token is the session's synchronizer token for forms.
CREATE TABLE console_sessions (
    id_hash      VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id      VARCHAR(36) NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    csrf_token   VARCHAR(200) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);

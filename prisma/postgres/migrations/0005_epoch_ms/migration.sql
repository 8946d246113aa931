-- SQLite only (times as epoch milliseconds there); PostgreSQL keeps TIMESTAMP(3). Kept so both directories list the
-- same migrations.
SELECT 1;

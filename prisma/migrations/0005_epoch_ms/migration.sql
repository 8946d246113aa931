-- SQLite: DateTime values as epoch milliseconds (the adapter's timestampFormat 'unixepoch-ms') instead of ISO 8601
-- text, which took 29 bytes in every row and every index holding a time. Converts what earlier versions wrote;
-- julianday() reads both the adapter's ISO text and CURRENT_TIMESTAMP's 'YYYY-MM-DD HH:MM:SS' (UTC).

UPDATE "LinkSample" SET "ts" = CAST(ROUND((julianday("ts") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("ts") = 'text';
UPDATE "NodeSample" SET "ts" = CAST(ROUND((julianday("ts") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("ts") = 'text';
UPDATE "Event" SET "startedAt" = CAST(ROUND((julianday("startedAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("startedAt") = 'text';
UPDATE "Event" SET "endedAt" = CAST(ROUND((julianday("endedAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("endedAt") = 'text';
UPDATE "LinkRollup1m" SET "bucket" = CAST(ROUND((julianday("bucket") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("bucket") = 'text';
UPDATE "LinkRollup1h" SET "bucket" = CAST(ROUND((julianday("bucket") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("bucket") = 'text';
UPDATE "RollupWatermark" SET "until" = CAST(ROUND((julianday("until") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("until") = 'text';
UPDATE "RollupWatermark" SET "updatedAt" = CAST(ROUND((julianday("updatedAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("updatedAt") = 'text';
UPDATE "User" SET "createdAt" = CAST(ROUND((julianday("createdAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("createdAt") = 'text';
UPDATE "Session" SET "createdAt" = CAST(ROUND((julianday("createdAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("createdAt") = 'text';
UPDATE "Session" SET "expiresAt" = CAST(ROUND((julianday("expiresAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("expiresAt") = 'text';
UPDATE "Session" SET "lastSeenAt" = CAST(ROUND((julianday("lastSeenAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("lastSeenAt") = 'text';
UPDATE "ViewerToken" SET "createdAt" = CAST(ROUND((julianday("createdAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("createdAt") = 'text';
UPDATE "ViewerToken" SET "lastUsedAt" = CAST(ROUND((julianday("lastUsedAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("lastUsedAt") = 'text';
UPDATE "ViewerToken" SET "revokedAt" = CAST(ROUND((julianday("revokedAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("revokedAt") = 'text';
UPDATE "ManagedCluster" SET "createdAt" = CAST(ROUND((julianday("createdAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("createdAt") = 'text';
UPDATE "ManagedCluster" SET "updatedAt" = CAST(ROUND((julianday("updatedAt") - 2440587.5) * 86400000.0) AS INTEGER) WHERE typeof("updatedAt") = 'text';

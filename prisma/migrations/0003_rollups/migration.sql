-- CreateTable
-- WITHOUT ROWID: the primary key is the unique key rollups upsert on, stored once (SQLite-only clause)
CREATE TABLE "LinkRollup1m" (
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "peer" TEXT NOT NULL,
    "link" INTEGER NOT NULL,
    "bucket" DATETIME NOT NULL,
    "samples" INTEGER NOT NULL,
    "downSamples" INTEGER NOT NULL,
    "rttCount" INTEGER NOT NULL,
    "rttLost" INTEGER NOT NULL,
    "rttMinUs" INTEGER,
    "rttMeanUs" REAL,
    "rttMaxUs" INTEGER,
    "rttP95Us" INTEGER,
    "knetN" INTEGER NOT NULL,
    "knetMinUs" INTEGER,
    "knetMeanUs" REAL,
    "knetMaxUs" INTEGER,
    "knetP95Us" INTEGER,
    "winN" INTEGER NOT NULL,
    "winMinUs" INTEGER,
    "winMeanUs" REAL,
    "winMaxUs" INTEGER,
    "winP95Us" INTEGER,
    PRIMARY KEY ("cluster", "node", "peer", "link", "bucket")
) WITHOUT ROWID;

-- CreateIndex
CREATE INDEX "LinkRollup1m_bucket_idx" ON "LinkRollup1m"("bucket");

-- CreateTable
-- WITHOUT ROWID: the primary key is the unique key rollups upsert on, stored once (SQLite-only clause)
CREATE TABLE "LinkRollup1h" (
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "peer" TEXT NOT NULL,
    "link" INTEGER NOT NULL,
    "bucket" DATETIME NOT NULL,
    "samples" INTEGER NOT NULL,
    "downSamples" INTEGER NOT NULL,
    "rttCount" INTEGER NOT NULL,
    "rttLost" INTEGER NOT NULL,
    "rttMinUs" INTEGER,
    "rttMeanUs" REAL,
    "rttMaxUs" INTEGER,
    "rttP95Us" INTEGER,
    "knetN" INTEGER NOT NULL,
    "knetMinUs" INTEGER,
    "knetMeanUs" REAL,
    "knetMaxUs" INTEGER,
    "knetP95Us" INTEGER,
    "winN" INTEGER NOT NULL,
    "winMinUs" INTEGER,
    "winMeanUs" REAL,
    "winMaxUs" INTEGER,
    "winP95Us" INTEGER,
    PRIMARY KEY ("cluster", "node", "peer", "link", "bucket")
) WITHOUT ROWID;

-- CreateIndex
CREATE INDEX "LinkRollup1h_bucket_idx" ON "LinkRollup1h"("bucket");

-- CreateIndex
CREATE INDEX "LinkRollup1h_cluster_bucket_idx" ON "LinkRollup1h"("cluster", "bucket");

-- CreateTable
CREATE TABLE "RollupWatermark" (
    "resolution" TEXT NOT NULL PRIMARY KEY,
    "until" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

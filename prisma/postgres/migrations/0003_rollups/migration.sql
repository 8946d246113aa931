-- CreateTable
CREATE TABLE "LinkRollup1m" (
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "peer" TEXT NOT NULL,
    "link" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "downSamples" INTEGER NOT NULL,
    "rttCount" INTEGER NOT NULL,
    "rttLost" INTEGER NOT NULL,
    "rttMinUs" INTEGER,
    "rttMeanUs" DOUBLE PRECISION,
    "rttMaxUs" INTEGER,
    "rttP95Us" INTEGER,
    "knetN" INTEGER NOT NULL,
    "knetMinUs" INTEGER,
    "knetMeanUs" DOUBLE PRECISION,
    "knetMaxUs" INTEGER,
    "knetP95Us" INTEGER,
    "winN" INTEGER NOT NULL,
    "winMinUs" INTEGER,
    "winMeanUs" DOUBLE PRECISION,
    "winMaxUs" INTEGER,
    "winP95Us" INTEGER,

    CONSTRAINT "LinkRollup1m_pkey" PRIMARY KEY ("cluster","node","peer","link","bucket")
);

-- CreateTable
CREATE TABLE "LinkRollup1h" (
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "peer" TEXT NOT NULL,
    "link" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "downSamples" INTEGER NOT NULL,
    "rttCount" INTEGER NOT NULL,
    "rttLost" INTEGER NOT NULL,
    "rttMinUs" INTEGER,
    "rttMeanUs" DOUBLE PRECISION,
    "rttMaxUs" INTEGER,
    "rttP95Us" INTEGER,
    "knetN" INTEGER NOT NULL,
    "knetMinUs" INTEGER,
    "knetMeanUs" DOUBLE PRECISION,
    "knetMaxUs" INTEGER,
    "knetP95Us" INTEGER,
    "winN" INTEGER NOT NULL,
    "winMinUs" INTEGER,
    "winMeanUs" DOUBLE PRECISION,
    "winMaxUs" INTEGER,
    "winP95Us" INTEGER,

    CONSTRAINT "LinkRollup1h_pkey" PRIMARY KEY ("cluster","node","peer","link","bucket")
);

-- CreateTable
CREATE TABLE "RollupWatermark" (
    "resolution" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RollupWatermark_pkey" PRIMARY KEY ("resolution")
);

-- CreateIndex
CREATE INDEX "LinkRollup1m_bucket_idx" ON "LinkRollup1m"("bucket");

-- CreateIndex
CREATE INDEX "LinkRollup1h_bucket_idx" ON "LinkRollup1h"("bucket");

-- CreateIndex
CREATE INDEX "LinkRollup1h_cluster_bucket_idx" ON "LinkRollup1h"("cluster", "bucket");

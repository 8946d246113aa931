-- CreateTable
CREATE TABLE "LinkSample" (
    "id" SERIAL NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "peer" TEXT NOT NULL,
    "link" INTEGER NOT NULL,
    "enabled" BOOLEAN,
    "connected" BOOLEAN,
    "active" BOOLEAN,
    "mtu" INTEGER,
    "latencyAveUs" INTEGER,
    "latencyMinUs" INTEGER,
    "latencyMaxUs" INTEGER,
    "latencySamples" INTEGER,
    "rxPongPackets" BIGINT,
    "txDataPackets" BIGINT,
    "rxBytes" BIGINT,
    "txBytes" BIGINT,
    "downCount" INTEGER,

    CONSTRAINT "LinkSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodeSample" (
    "id" SERIAL NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "reachable" BOOLEAN NOT NULL,
    "corosyncUp" BOOLEAN,
    "quorate" BOOLEAN,
    "members" INTEGER,
    "totalVotes" INTEGER,
    "ringId" TEXT,
    "pollMs" INTEGER,
    "error" TEXT,

    CONSTRAINT "NodeSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT,
    "peer" TEXT,
    "link" INTEGER,
    "message" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "details" TEXT,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LinkSample_cluster_node_peer_link_ts_idx" ON "LinkSample"("cluster", "node", "peer", "link", "ts");

-- CreateIndex
CREATE INDEX "LinkSample_ts_idx" ON "LinkSample"("ts");

-- CreateIndex
CREATE INDEX "NodeSample_cluster_node_ts_idx" ON "NodeSample"("cluster", "node", "ts");

-- CreateIndex
CREATE INDEX "NodeSample_ts_idx" ON "NodeSample"("ts");

-- CreateIndex
CREATE INDEX "Event_cluster_startedAt_idx" ON "Event"("cluster", "startedAt");

-- CreateIndex
CREATE INDEX "Event_startedAt_idx" ON "Event"("startedAt");

-- CreateIndex
CREATE INDEX "Event_endedAt_idx" ON "Event"("endedAt");

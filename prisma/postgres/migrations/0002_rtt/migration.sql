-- AlterTable
ALTER TABLE "LinkSample" ADD COLUMN     "knetWindowUs" INTEGER,
ADD COLUMN     "rttAvgUs" INTEGER,
ADD COLUMN     "rttCount" INTEGER,
ADD COLUMN     "rttLost" INTEGER,
ADD COLUMN     "rttMaxUs" INTEGER,
ADD COLUMN     "rttMinUs" INTEGER;

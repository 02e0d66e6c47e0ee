-- AlterTable
ALTER TABLE "EngagementRequest" ADD COLUMN     "signalledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "KpiValueRequest" ADD COLUMN     "signalledAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ProviderReturnRequest" ADD COLUMN     "signalledAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "EngagementRequest_signalledAt_idx" ON "EngagementRequest"("signalledAt");

-- CreateIndex
CREATE INDEX "KpiValueRequest_signalledAt_idx" ON "KpiValueRequest"("signalledAt");

-- CreateIndex
CREATE INDEX "ProviderReturnRequest_signalledAt_idx" ON "ProviderReturnRequest"("signalledAt");

-- Answers given before this migration were signalled as they were recorded (or their signal is long lost and
-- their workflow has read them from the database since): none is for housekeeping to send again.
UPDATE "KpiValueRequest" SET "signalledAt" = "answeredAt" WHERE "answeredAt" IS NOT NULL;
UPDATE "ProviderReturnRequest" SET "signalledAt" = "answeredAt" WHERE "answeredAt" IS NOT NULL;
UPDATE "EngagementRequest" SET "signalledAt" = "answeredAt" WHERE "answeredAt" IS NOT NULL;

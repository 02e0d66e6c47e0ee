-- AlterTable
ALTER TABLE "Update" ADD COLUMN     "signalledAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Update_signalledAt_idx" ON "Update"("signalledAt");

-- Updates recorded before this migration were signalled as they were recorded (or their signal is long lost
-- and their period over): none is for housekeeping to send again.
UPDATE "Update" SET "signalledAt" = "submittedAt";

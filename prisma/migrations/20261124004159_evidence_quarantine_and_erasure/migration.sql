-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "erasureReason" TEXT,
ADD COLUMN     "quarantineReason" TEXT;

-- CreateIndex
CREATE INDEX "Evidence_actionId_createdAt_idx" ON "Evidence"("actionId", "createdAt");

-- CreateIndex
CREATE INDEX "Evidence_sha256_idx" ON "Evidence"("sha256");

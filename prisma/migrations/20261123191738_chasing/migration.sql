-- DropIndex
DROP INDEX "UpdateRequest_actionId_periodKey_key";

-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "closingNote" TEXT,
ADD COLUMN     "pausedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Strategy" ADD COLUMN     "chasePolicy" JSONB;

-- AlterTable
ALTER TABLE "UpdateRequest" ADD COLUMN     "chaseId" UUID;

-- CreateTable
CREATE TABLE "LeadChase" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "leadContactId" UUID NOT NULL,
    "periodKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeadChase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LeadChase_leadContactId_periodKey_key" ON "LeadChase"("leadContactId", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "UpdateRequest_actionId_periodKey_leadContactId_key" ON "UpdateRequest"("actionId", "periodKey", "leadContactId");

-- AddForeignKey
ALTER TABLE "UpdateRequest" ADD CONSTRAINT "UpdateRequest_chaseId_fkey" FOREIGN KEY ("chaseId") REFERENCES "LeadChase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadChase" ADD CONSTRAINT "LeadChase_leadContactId_fkey" FOREIGN KEY ("leadContactId") REFERENCES "Contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

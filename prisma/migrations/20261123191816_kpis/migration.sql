-- CreateEnum
CREATE TYPE "KpiRagRule" AS ENUM ('NONE', 'TOLERANCE', 'THRESHOLDS');

-- AlterTable
ALTER TABLE "Kpi" ADD COLUMN     "amberMax" DECIMAL(18,4),
ADD COLUMN     "amberMin" DECIMAL(18,4),
ADD COLUMN     "greenMax" DECIMAL(18,4),
ADD COLUMN     "greenMin" DECIMAL(18,4),
ADD COLUMN     "jumpTolerance" DECIMAL(9,4) NOT NULL DEFAULT 0.25,
ADD COLUMN     "ragRule" "KpiRagRule" NOT NULL DEFAULT 'NONE';

-- AlterTable
ALTER TABLE "KpiValue" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "conflict" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "seriesBreak" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "valueRequestId" UUID;

-- CreateTable
CREATE TABLE "KpiInput" (
    "derivedKpiId" UUID NOT NULL,
    "inputKpiId" UUID NOT NULL,

    CONSTRAINT "KpiInput_pkey" PRIMARY KEY ("derivedKpiId","inputKpiId")
);

-- CreateTable
CREATE TABLE "KpiOutcome" (
    "kpiId" UUID NOT NULL,
    "outcomeId" UUID NOT NULL,

    CONSTRAINT "KpiOutcome_pkey" PRIMARY KEY ("kpiId","outcomeId")
);

-- CreateTable
CREATE TABLE "ReferenceFigure" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReferenceFigure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiValueRequest" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "periodKey" TEXT NOT NULL,
    "dataOwnerContactId" UUID NOT NULL,
    "respondBy" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "tokenNonce" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "state" "UpdateRequestState" NOT NULL DEFAULT 'OPEN',
    "sentAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KpiValueRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KpiValueRequestItem" (
    "requestId" UUID NOT NULL,
    "kpiId" UUID NOT NULL,
    "periodKey" TEXT NOT NULL,

    CONSTRAINT "KpiValueRequestItem_pkey" PRIMARY KEY ("requestId","kpiId","periodKey")
);

-- CreateIndex
CREATE INDEX "KpiInput_inputKpiId_idx" ON "KpiInput"("inputKpiId");

-- CreateIndex
CREATE UNIQUE INDEX "ReferenceFigure_partnershipId_code_periodKey_key" ON "ReferenceFigure"("partnershipId", "code", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "KpiValueRequest_tokenHash_key" ON "KpiValueRequest"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "KpiValueRequest_partnershipId_periodKey_dataOwnerContactId_key" ON "KpiValueRequest"("partnershipId", "periodKey", "dataOwnerContactId");

-- AddForeignKey
ALTER TABLE "KpiInput" ADD CONSTRAINT "KpiInput_derivedKpiId_fkey" FOREIGN KEY ("derivedKpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiInput" ADD CONSTRAINT "KpiInput_inputKpiId_fkey" FOREIGN KEY ("inputKpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiOutcome" ADD CONSTRAINT "KpiOutcome_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiOutcome" ADD CONSTRAINT "KpiOutcome_outcomeId_fkey" FOREIGN KEY ("outcomeId") REFERENCES "Outcome"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiValue" ADD CONSTRAINT "KpiValue_valueRequestId_fkey" FOREIGN KEY ("valueRequestId") REFERENCES "KpiValueRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferenceFigure" ADD CONSTRAINT "ReferenceFigure_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiValueRequest" ADD CONSTRAINT "KpiValueRequest_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiValueRequest" ADD CONSTRAINT "KpiValueRequest_dataOwnerContactId_fkey" FOREIGN KEY ("dataOwnerContactId") REFERENCES "Contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiValueRequestItem" ADD CONSTRAINT "KpiValueRequestItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "KpiValueRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KpiValueRequestItem" ADD CONSTRAINT "KpiValueRequestItem_kpiId_fkey" FOREIGN KEY ("kpiId") REFERENCES "Kpi"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

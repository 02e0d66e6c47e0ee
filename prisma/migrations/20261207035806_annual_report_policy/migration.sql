-- CreateTable
CREATE TABLE "AnnualReportPolicy" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "suppressBelow" INTEGER NOT NULL,
    "replaceWith" TEXT,
    "updatedBy" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnnualReportPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AnnualReportPolicy_partnershipId_key" ON "AnnualReportPolicy"("partnershipId");

-- AddForeignKey
ALTER TABLE "AnnualReportPolicy" ADD CONSTRAINT "AnnualReportPolicy_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

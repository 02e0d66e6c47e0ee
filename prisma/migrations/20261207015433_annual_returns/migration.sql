-- CreateEnum
CREATE TYPE "AnnualReturnState" AS ENUM ('DRAFT');

-- CreateTable
CREATE TABLE "ReturnTemplateVersion" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "financialYear" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "loadedBy" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnTemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnualReturn" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "financialYear" TEXT NOT NULL,
    "templateVersionId" UUID NOT NULL,
    "state" "AnnualReturnState" NOT NULL DEFAULT 'DRAFT',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnnualReturn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnFigure" (
    "id" UUID NOT NULL,
    "returnId" UUID NOT NULL,
    "questionKey" TEXT NOT NULL,
    "cellKey" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "value" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnFigure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReturnTemplateVersion_partnershipId_financialYear_version_key" ON "ReturnTemplateVersion"("partnershipId", "financialYear", "version");

-- CreateIndex
CREATE UNIQUE INDEX "AnnualReturn_partnershipId_financialYear_key" ON "AnnualReturn"("partnershipId", "financialYear");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnFigure_returnId_questionKey_cellKey_revision_key" ON "ReturnFigure"("returnId", "questionKey", "cellKey", "revision");

-- AddForeignKey
ALTER TABLE "ReturnTemplateVersion" ADD CONSTRAINT "ReturnTemplateVersion_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnualReturn" ADD CONSTRAINT "AnnualReturn_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnualReturn" ADD CONSTRAINT "AnnualReturn_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "ReturnTemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnFigure" ADD CONSTRAINT "ReturnFigure_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "AnnualReturn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

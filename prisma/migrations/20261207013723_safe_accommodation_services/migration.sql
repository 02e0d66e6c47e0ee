-- CreateEnum
CREATE TYPE "CapacityUnit" AS ENUM ('BEDSPACES', 'UNITS');

-- CreateTable
CREATE TABLE "SafeAccommodationService" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "providerOrganisationId" UUID NOT NULL,
    "accommodationType" TEXT NOT NULL,
    "byAndFor" BOOLEAN NOT NULL DEFAULT false,
    "specialistGroups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "supportTypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "dataContactId" UUID,
    "contractStart" DATE,
    "contractEnd" DATE,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SafeAccommodationService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceCapacity" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "unit" "CapacityUnit" NOT NULL,
    "count" INTEGER NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "effectiveTo" DATE,

    CONSTRAINT "ServiceCapacity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceQualityStandard" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "standard" TEXT NOT NULL,
    "heldSince" DATE,
    "expiresOn" DATE,

    CONSTRAINT "ServiceQualityStandard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SafeAccommodationService_partnershipId_name_key" ON "SafeAccommodationService"("partnershipId", "name");

-- CreateIndex
CREATE INDEX "ServiceCapacity_serviceId_effectiveFrom_idx" ON "ServiceCapacity"("serviceId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceQualityStandard_serviceId_standard_key" ON "ServiceQualityStandard"("serviceId", "standard");

-- AddForeignKey
ALTER TABLE "SafeAccommodationService" ADD CONSTRAINT "SafeAccommodationService_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafeAccommodationService" ADD CONSTRAINT "SafeAccommodationService_providerOrganisationId_fkey" FOREIGN KEY ("providerOrganisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafeAccommodationService" ADD CONSTRAINT "SafeAccommodationService_dataContactId_fkey" FOREIGN KEY ("dataContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceCapacity" ADD CONSTRAINT "ServiceCapacity_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "SafeAccommodationService"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceQualityStandard" ADD CONSTRAINT "ServiceQualityStandard_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "SafeAccommodationService"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

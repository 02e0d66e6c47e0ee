-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "providerReturnRequestId" UUID;

-- AlterTable
ALTER TABLE "ReplyAddress" ADD COLUMN     "providerReturnRequestId" UUID;

-- AlterTable
ALTER TABLE "ReturnFigure" ADD COLUMN     "breakdown" JSONB;

-- CreateTable
CREATE TABLE "ProviderReturnRequest" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "returnId" UUID NOT NULL,
    "dataContactId" UUID NOT NULL,
    "serviceIds" UUID[],
    "asked" JSONB NOT NULL,
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

    CONSTRAINT "ProviderReturnRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderSubmission" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "channel" TEXT NOT NULL,
    "sent" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProviderSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProviderReturnRequest_tokenHash_key" ON "ProviderReturnRequest"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderReturnRequest_returnId_dataContactId_key" ON "ProviderReturnRequest"("returnId", "dataContactId");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderSubmission_requestId_revision_key" ON "ProviderSubmission"("requestId", "revision");

-- AddForeignKey
ALTER TABLE "ProviderReturnRequest" ADD CONSTRAINT "ProviderReturnRequest_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderReturnRequest" ADD CONSTRAINT "ProviderReturnRequest_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "AnnualReturn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderReturnRequest" ADD CONSTRAINT "ProviderReturnRequest_dataContactId_fkey" FOREIGN KEY ("dataContactId") REFERENCES "Contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderSubmission" ADD CONSTRAINT "ProviderSubmission_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ProviderReturnRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

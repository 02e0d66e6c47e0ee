-- CreateEnum
CREATE TYPE "InboundOutcome" AS ENUM ('RECORDED', 'NOT_UNDERSTOOD', 'UNKNOWN', 'CLOSED', 'IGNORED');

-- CreateTable
CREATE TABLE "ReplyAddress" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "keyHash" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "leadChaseId" UUID,
    "kpiValueRequestId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplyAddress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" UUID NOT NULL,
    "partnershipId" UUID,
    "messageId" TEXT NOT NULL,
    "receivedVia" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "outcome" "InboundOutcome" NOT NULL,
    "leadChaseId" UUID,
    "kpiValueRequestId" UUID,
    "matchedBy" TEXT,
    "fields" JSONB,
    "problems" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "recorded" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReplyAddress_keyHash_key" ON "ReplyAddress"("keyHash");

-- CreateIndex
CREATE INDEX "ReplyAddress_messageId_idx" ON "ReplyAddress"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_messageId_key" ON "InboundMessage"("messageId");

-- CreateIndex
CREATE INDEX "InboundMessage_partnershipId_outcome_receivedAt_idx" ON "InboundMessage"("partnershipId", "outcome", "receivedAt");

-- CreateEnum
CREATE TYPE "GateDecision" AS ENUM ('APPROVED', 'APPROVED_WITH_CONDITIONS', 'SENT_BACK', 'COMMENTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "StrategyReviewState" ADD VALUE 'RUNNING';
ALTER TYPE "StrategyReviewState" ADD VALUE 'APPROVED';
ALTER TYPE "StrategyReviewState" ADD VALUE 'PUBLISHED';

-- AlterTable
ALTER TABLE "ApprovalGate" ADD COLUMN     "stageId" UUID;

-- AlterTable
ALTER TABLE "ReplyAddress" ADD COLUMN     "engagementRequestId" UUID;

-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "engagementRequestId" UUID;

-- AlterTable
ALTER TABLE "ReviewStage" ADD COLUMN     "completedAt" TIMESTAMP(3),
ADD COLUMN     "startedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "StrategyReview" ADD COLUMN     "publicationId" UUID,
ADD COLUMN     "startedAt" TIMESTAMP(3),
ADD COLUMN     "startedBy" TEXT;

-- CreateTable
CREATE TABLE "EngagementRequest" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "activityId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "respondBy" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "tokenNonce" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "state" "UpdateRequestState" NOT NULL DEFAULT 'OPEN',
    "sentAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EngagementRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EngagementResponse" (
    "id" UUID NOT NULL,
    "activityId" UUID NOT NULL,
    "requestId" UUID,
    "answers" JSONB NOT NULL,
    "channel" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "messageId" TEXT,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EngagementResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GateRound" (
    "id" UUID NOT NULL,
    "gateId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "note" TEXT,
    "tokenNonce" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3),
    "decision" "GateDecision",
    "comments" TEXT,
    "conditions" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GateRound_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EngagementRequest_tokenHash_key" ON "EngagementRequest"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "EngagementRequest_activityId_contactId_key" ON "EngagementRequest"("activityId", "contactId");

-- CreateIndex
CREATE INDEX "EngagementResponse_activityId_idx" ON "EngagementResponse"("activityId");

-- CreateIndex
CREATE UNIQUE INDEX "GateRound_tokenHash_key" ON "GateRound"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "GateRound_gateId_round_key" ON "GateRound"("gateId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "StrategyReview_publicationId_key" ON "StrategyReview"("publicationId");

-- AddForeignKey
ALTER TABLE "StrategyReview" ADD CONSTRAINT "StrategyReview_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "StrategyPublication"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalGate" ADD CONSTRAINT "ApprovalGate_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "ReviewStage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementRequest" ADD CONSTRAINT "EngagementRequest_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "StrategyReview"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementRequest" ADD CONSTRAINT "EngagementRequest_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "EngagementActivity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementRequest" ADD CONSTRAINT "EngagementRequest_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementResponse" ADD CONSTRAINT "EngagementResponse_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "EngagementActivity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementResponse" ADD CONSTRAINT "EngagementResponse_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "EngagementRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GateRound" ADD CONSTRAINT "GateRound_gateId_fkey" FOREIGN KEY ("gateId") REFERENCES "ApprovalGate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "StrategyReviewState" AS ENUM ('PLANNING');

-- CreateEnum
CREATE TYPE "ApprovalGateKind" AS ENUM ('APPROVAL', 'FORMAL_COMMENT');

-- CreateTable
CREATE TABLE "StrategyReview" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "strategyId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "windowNumber" INTEGER NOT NULL,
    "windowStart" DATE NOT NULL,
    "windowEnd" DATE NOT NULL,
    "state" "StrategyReviewState" NOT NULL DEFAULT 'PLANNING',
    "createdBy" TEXT NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StrategyReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewStage" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "position" INTEGER NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EngagementActivity" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "ref" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "contactId" UUID,
    "members" TEXT,
    "aim" TEXT NOT NULL,
    "questions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "opensOn" DATE,
    "closesOn" DATE,
    "stageId" UUID,
    "position" INTEGER NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EngagementActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalGate" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "ref" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "approverContactId" UUID,
    "approves" TEXT NOT NULL,
    "kind" "ApprovalGateKind" NOT NULL DEFAULT 'APPROVAL',
    "position" INTEGER NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApprovalGate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatePrecondition" (
    "id" UUID NOT NULL,
    "gateId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "metAt" TIMESTAMP(3),
    "metBy" TEXT,
    "metNote" TEXT,

    CONSTRAINT "GatePrecondition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StrategyReview_strategyId_idx" ON "StrategyReview"("strategyId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewStage_reviewId_key_key" ON "ReviewStage"("reviewId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "EngagementActivity_reviewId_ref_key" ON "EngagementActivity"("reviewId", "ref");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalGate_reviewId_ref_key" ON "ApprovalGate"("reviewId", "ref");

-- CreateIndex
CREATE UNIQUE INDEX "GatePrecondition_gateId_name_key" ON "GatePrecondition"("gateId", "name");

-- AddForeignKey
ALTER TABLE "StrategyReview" ADD CONSTRAINT "StrategyReview_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategyReview" ADD CONSTRAINT "StrategyReview_strategyId_fkey" FOREIGN KEY ("strategyId") REFERENCES "Strategy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewStage" ADD CONSTRAINT "ReviewStage_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "StrategyReview"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementActivity" ADD CONSTRAINT "EngagementActivity_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "StrategyReview"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementActivity" ADD CONSTRAINT "EngagementActivity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementActivity" ADD CONSTRAINT "EngagementActivity_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "ReviewStage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalGate" ADD CONSTRAINT "ApprovalGate_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "StrategyReview"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalGate" ADD CONSTRAINT "ApprovalGate_approverContactId_fkey" FOREIGN KEY ("approverContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GatePrecondition" ADD CONSTRAINT "GatePrecondition_gateId_fkey" FOREIGN KEY ("gateId") REFERENCES "ApprovalGate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

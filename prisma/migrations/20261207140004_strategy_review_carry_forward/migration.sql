-- CreateEnum
CREATE TYPE "CarryForwardChoice" AS ENUM ('CARRY', 'CLOSE', 'DROP');

-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "carriedFromActionId" UUID;

-- AlterTable
ALTER TABLE "Kpi" ADD COLUMN     "seriesBreakFrom" DATE;

-- AlterTable
ALTER TABLE "StrategyReview" ADD COLUMN     "carriedForwardAt" TIMESTAMP(3),
ADD COLUMN     "newStrategyId" UUID;

-- CreateTable
CREATE TABLE "CarryForwardDecision" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "actionId" UUID NOT NULL,
    "choice" "CarryForwardChoice" NOT NULL,
    "newActionId" UUID,
    "note" TEXT,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CarryForwardDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CarryForwardDecision_newActionId_key" ON "CarryForwardDecision"("newActionId");

-- CreateIndex
CREATE UNIQUE INDEX "CarryForwardDecision_reviewId_actionId_key" ON "CarryForwardDecision"("reviewId", "actionId");

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_carriedFromActionId_fkey" FOREIGN KEY ("carriedFromActionId") REFERENCES "Action"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarryForwardDecision" ADD CONSTRAINT "CarryForwardDecision_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "StrategyReview"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarryForwardDecision" ADD CONSTRAINT "CarryForwardDecision_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
